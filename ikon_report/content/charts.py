"""Charts with matplotlib: colour-blind-safe palette, hatching, German numbers, deterministic PNGs."""

from __future__ import annotations

import errno
import hashlib
import importlib.util
import io
import json
import os
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ikon_report import german, resources
from ikon_report.output import write_atomic, writing

if TYPE_CHECKING:  # matplotlib is imported when the first chart is drawn (it is slow to import)
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

# Okabe–Ito: safe for the common colour-vision deficiencies; hatches carry meaning too.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "--"]
FONT = "NotoSans-Regular.ttf"


def _setup(chart_dir: Path) -> ModuleType:
    """Import matplotlib lazily (it is slow to import) and set the house style; returns pyplot.

    Its font cache goes into the build's cache folder, not the user's home (a build writes
    nothing outside its output folder). The folder is made here: a folder that cannot be made is
    an ``OutputError`` naming it, never matplotlib's warning about a temporary cache."""
    config = Path(os.environ.setdefault("MPLCONFIGDIR", str(chart_dir.parent / "matplotlib")))
    with writing(config, "nothing was written"):
        config.mkdir(parents=True, exist_ok=True)
        if not os.access(config, os.W_OK):  # what matplotlib checks before it warns
            code = errno.EROFS if os.statvfs(config).f_flag & os.ST_RDONLY else errno.EACCES
            raise OSError(code, os.strerror(code), str(config))
    _seed_font_list(config)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(resources.font_file(FONT)))
    plt.rcParams["font.family"] = "Noto Sans"
    plt.rcParams.update({"font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
                         "svg.hashsalt": "ikon", "figure.dpi": 150,
                         "text.parse_math": False})  # "$x$" in a label is text, never mathtext
    return plt


@cache
def _seed_font_list(config: Path) -> None:
    """Give matplotlib an empty font list before it is imported, so that it neither runs ``fc-list``
    nor reads the system's font folders (a build reads only the project and the package; the charts
    use the package's Noto Sans alone, so they come out the same on every machine).

    matplotlib keeps its list in ``fontlist-v<FontManager.__version__>.json``; that version is read
    from its source without importing it. If it cannot be found, matplotlib scans as usual (a test
    checks that it does not)."""
    spec = importlib.util.find_spec("matplotlib.font_manager")
    source = Path(spec.origin).read_text(encoding="utf-8") if spec and spec.origin else ""
    found = re.search(r"^    __version__ = ['\"]([\w.]+)['\"]$", source, re.M)
    if not found:
        return
    listing = config / f"fontlist-v{found.group(1)}.json"
    if not listing.exists():
        write_atomic(listing, json.dumps({
            "_version": found.group(1), "_FontManager__default_weight": "normal", "default_size": None,
            "defaultFamily": {"ttf": "Noto Sans", "afm": "Helvetica"}, "afmlist": [], "ttflist": [],
            "__class__": "FontManager"}).encode())


def _save(plt: ModuleType, fig: Figure, out: Path) -> Path:
    """Write the chart atomically (a killed build never leaves half a PNG in the cache)."""
    fig.tight_layout()
    fig.set_layout_engine(None)  # the placeholder engine tight_layout leaves would make savefig lay out again
    data = io.BytesIO()
    fig.savefig(data, format="png", metadata={"Software": None})
    plt.close(fig)
    return write_atomic(out, data.getvalue())


def _german_axis(axis: Axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _: german.number(v)))


def _file(chart_dir: Path, spec: dict) -> Path:
    key = hashlib.sha256(json.dumps(spec, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    return chart_dir / f"chart-{key}.png"


def bar_chart(chart_dir: Path, title: str, labels: list[str], series: Mapping[str, Sequence[int | float | str]],
              unit: str, bar_inches: float = 0.42) -> Path:
    """Grouped horizontal bars (``bar_inches``: height per bar); text values are suppressed cells, drawn as a
    label only."""
    spec: dict[str, object] = {"kind": "bar", "title": title, "labels": labels, "series": series, "unit": unit,
                               "style": 2}  # a new look gets new files (charts are cached by their spec)
    if bar_inches != 0.42:  # older charts keep their file names
        spec["bar"] = bar_inches
    out = _file(chart_dir, spec)
    if out.exists():
        return out
    plt = _setup(chart_dir)
    n = len(series)
    height = 0.8 / max(n, 1)
    fig, ax = plt.subplots(figsize=(6.3, 0.5 + bar_inches * len(labels) * max(n, 1) + 0.4))
    for i, (name, values) in enumerate(series.items()):
        ys = [len(labels) - 1 - j + (n - 1 - i - (n - 1) / 2) * height for j in range(len(labels))]
        shown = [v if isinstance(v, int | float) else 0 for v in values]
        bars = ax.barh(ys, shown, height=height * 0.92, label=name, color=PALETTE[i % 7],
                       hatch=HATCHES[i % 7], edgecolor="white", linewidth=0.5)
        for bar, value in zip(bars, values, strict=True):
            text = german.number(value) if isinstance(value, int | float) else value
            ax.annotate(text, (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=8)
    ax.margins(x=0.1)  # room for the value after the longest bar
    ax.set_yticks(range(len(labels)), list(reversed(labels)))
    _german_axis(ax.xaxis)
    ax.set_xlabel(unit)
    if n > 1:
        ax.legend(frameon=False, fontsize=8, loc="lower left", bbox_to_anchor=(0, 1.0))  # above the bars
    return _save(plt, fig, out)


def line_chart(chart_dir: Path, title: str, years: list[int], values: list[float], baseline: float,
               target: float, unit: str) -> Path:
    """A value series with baseline and target as labelled dashed lines."""
    spec = {"kind": "line", "title": title, "years": years, "values": values, "b": baseline, "t": target,
            "unit": unit}
    out = _file(chart_dir, spec)
    if out.exists():
        return out
    plt = _setup(chart_dir)
    fig, ax = plt.subplots(figsize=(6.3, 2.6))
    ax.plot(years, values, marker="o", color=PALETTE[0], label="Ist-Wert")
    ax.axhline(baseline, color=PALETTE[1], linestyle="--", label=f"Ausgangswert ({german.number(baseline)})")
    ax.axhline(target, color=PALETTE[2], linestyle=":", label=f"Zielwert ({german.number(target)})")
    for x, y in zip(years, values, strict=True):
        ax.annotate(german.number(y), (x, y), textcoords="offset points", xytext=(0, 6), ha="center",
                    fontsize=8)
    ax.set_xticks(years, [str(y) for y in years])
    _german_axis(ax.yaxis)
    ax.set_ylabel(unit)
    ax.legend(frameon=False, fontsize=8, loc="best")
    return _save(plt, fig, out)
