"""Why typst's time grows faster than the page count: the catalogue's typst source at 1×, 2×, 4× a
volume's size, compiled in a fresh process as built and with one feature switched off at a time.

    python bench/typst_growth.py [--sizes 375,750,1500] [--variants all|as-built,no-links,…] [--keep DIR]

Each size is a generated project (``generate.py``: two fields, every service in both, so the catalogue
has a volume's shape: each profile once, the other field listing it by number and page) built as one
catalogue; the variants are textual edits of the same ``.typ`` file. Prints seconds, peak MB and pages
per size and variant, and each variant's growth (CPU time at the largest size / at the smallest: CPU time
of all typst threads varies less than wall time on a shared machine).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from run import run  # noqa: E402

from ikon_report import resources  # noqa: E402

CHILD = """
import os, sys, time, typst
fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[sys.argv[2]])
compiler = typst.Compiler(root=os.path.dirname(sys.argv[1]), font_paths=fonts, ignore_system_fonts=True)
start, cpu = time.perf_counter(), time.process_time()
extra = {"pdf_standards": "ua-1"} if sys.argv[3] == "ua" else {}
pdf = compiler.compile(input=sys.argv[1], format="pdf", timestamp=0, **extra)
print(time.perf_counter() - start, time.process_time() - cpu)
open(sys.argv[1] + ".pdf", "wb").write(pdf)
"""
FIGURE = re.compile(r"#figure\(\n  align\(center\)\[(#table\(.*?\n  \))\]\n  , kind: table\n  \)", re.S)
BODY_START = "#heading(level: 1, outlined: false, numbering: none)"  # the table of contents' heading


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(src: str) -> str:
        if old not in src:
            raise SystemExit(f"variant edit not applicable: {old!r} not in the source")
        return src.replace(old, new)
    return edit


def _before_body(rule: str) -> Callable[[str], str]:
    return _replace(BODY_START, rule + "\n" + BODY_START)


def _chain(*edits: Callable[[str], str]) -> Callable[[str], str]:
    def edit(src: str) -> str:
        for one in edits:
            src = one(src)
        return src
    return edit


NO_PAGEREF = _replace("context [#h(0.3em)#prefix~#counter(page).at(target).first()]", "[#h(0.3em)#prefix~00]")
NO_LINKS = _before_body("#show link: it => it.body")
NO_OUTLINE = _replace("#outline(title: none, depth: 2, indent: 1.2em)", "")
NO_RUNNING = _before_body("#set page(header: none, footer: none)")
VARIANTS: dict[str, tuple[Callable[[str], str], bool]] = {  # name: (edit of the source, PDF/UA-1)
    "as-built": (lambda s: s, True),
    "no-ua": (lambda s: s, False),
    "no-pageref": (NO_PAGEREF, True),
    "no-links": (NO_LINKS, True),
    "no-outline": (NO_OUTLINE, True),
    "no-running-context": (NO_RUNNING, True),
    "no-figures": (lambda s: FIGURE.sub(r"\1", s), True),
    "breakable-profiles": (_replace("block(breakable: false, width: 100%", "block(breakable: true, width: 100%"),
                           True),
    "no-sticky": (_replace("#show heading: set block(sticky: true)", ""), True),
    "no-widow-costs": (_replace("costs: (widow: 100%, orphan: 100%)", "costs: (widow: 0%, orphan: 0%)"), True),
    "no-introspection": (_chain(NO_PAGEREF, NO_LINKS, NO_OUTLINE, NO_RUNNING), True),
}


class _Keep:
    """A stand-in compiler for ``publish``: keeps the typst source (and its staged files), compiles nothing."""

    def pdf(self, main: Path, timestamp: int) -> bytes:
        return b""


def catalogue_source(services: int, folder: Path) -> Path:
    """Generate a project with ``services`` services and write its catalogue's typst source."""
    from ikon_report.documents.catalogue.edition import catalogue_edition
    from ikon_report.project.validate import load_project
    from ikon_report.render.publish import publish

    sizes = {"fields": 2, "services": services, "measures": 4, "indicators": 2, "chapters": 1, "challenges": 4,
             "findings": 1}
    project_dir = generate(folder / "project", sizes=sizes, settings={"catalogue_volumes_above": 10**6})
    project, _ = load_project(project_dir)
    edition = catalogue_edition(project, final=False)
    publish(project, edition, folder / "out", ("pdf",), final=False, compiler=_Keep())  # type: ignore[arg-type]
    return folder / "out" / ".cache" / "work" / edition.stem / "concept.typ"


def compile_once(source: Path, ua: bool) -> tuple[float, float, float]:
    """Wall and CPU seconds (all threads) of the compile call in a fresh process, its peak MB."""
    child = run([sys.executable, "-c", CHILD, str(source), str(resources.package_dir("fonts")), "ua" if ua else "-"])
    wall, cpu = child.stdout.split()
    return float(wall), float(cpu), child.peak_mb


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
    return int(next((line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")), "0"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="375,750,1500", help="services per catalogue (1×, 2×, 4×)")
    parser.add_argument("--variants", default="all", help=f"comma-separated of: {', '.join(VARIANTS)}")
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temp folder)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    names = list(VARIANTS) if args.variants == "all" else args.variants.split(",")
    work = args.keep or Path(tempfile.mkdtemp(prefix="ikon-typst-growth-"))
    try:
        sources = {n: catalogue_source(n, work / f"size-{n}") for n in sizes}
        print("| variant | " + " | ".join(f"{n} services: wall s · CPU s · MB · pages" for n in sizes) + " | growth |")
        print("|---|" + "---:|" * (len(sizes) + 1))
        for name in names:
            edit, ua = VARIANTS[name]
            cells, times = [], []
            for source in sources.values():
                variant = source.with_name(f"{name}.typ")
                variant.write_text(edit(source.read_text(encoding="utf-8")), encoding="utf-8")
                wall, cpu, peak = compile_once(variant, ua)
                pages = pdf_pages(variant.with_name(variant.name + ".pdf"))
                times.append(cpu)
                cells.append(f"{wall:.1f} · {cpu:.1f} · {peak:.0f} · {pages}")
            growth = times[-1] / times[0] if times[0] else float("nan")
            print(f"| {name} | " + " | ".join(cells) + f" | {growth:.2f}× |", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
