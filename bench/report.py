"""The benchmark's Markdown report: machine, measurements, targets met or missed (and by how much)."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"ratio": 1.25, "nochange": 0.3, "koeln_build": 20.0, "koeln_peak_mb": 1024.0, "scale_2x": 2.2,
           "koeln_check": 1.0, "watch_chapter": 0.4, "watch_measure": 0.8}


def _first_line(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.splitlines()[0].strip()
    except (OSError, IndexError):
        return "?"


def machine(uptime: list[str]) -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    mem = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    from run import pandoc_path

    commit = _first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True, check=False).stdout.strip() != ""
    return [
        f"- CPU: {cpu}; {os.cpu_count()} logical CPUs, {len(os.sched_getaffinity(0))} usable",
        f"- memory: {mem:,} MB".replace(",", " "),
        f"- OS: {platform.platform()}; Python {platform.python_version()}",
        f"- tools: {_first_line([pandoc_path(), '--version'])}; typst (Python) "
        f"{importlib.metadata.version('typst')}",
        f"- code: commit {commit}{' + uncommitted changes' if dirty else ''}",
        *[f"- `uptime` {line}" for line in uptime],
    ]


def _s(x: float) -> str:
    return f"{x:.2f}"


def _gap(value: float, target: float, unit: str = " s") -> str:
    if value <= target:
        return f"met ({value:.2f}{unit} ≤ {target:g}{unit})"
    return f"**missed** by {value - target:.2f}{unit} (+{(value / target - 1) * 100:.0f} %)"


def targets(results: list) -> list[str]:
    from run import med

    by = {r.name: r for r in results}
    rows = []
    if "minden" in by and by["minden"].pairs:
        m = by["minden"]
        rows.append(f"| Minden cold build ≤ {TARGETS['ratio']}× the floor (median of {len(m.pairs)} paired "
                    f"whole-process runs) | {m.ratio():.2f}× | {_gap(m.ratio(), TARGETS['ratio'], '×')} |")
    for r in (r for r in results if r.nochange):
        rows.append(f"| no-change rebuild ≤ {TARGETS['nochange']} s, {r.size} | {_s(med(r.nochange))} s | "
                    f"{_gap(med(r.nochange), TARGETS['nochange'])} |")
    for r in (r for r in results if r.edit):
        ok = r.edit_rebuilt == r.edit_expected
        rows.append(f"| one-measure edit rebuilds only what depends on it, {r.size} | "
                    f"{len(r.edit_rebuilt)} of {len(r.outputs)} outputs | {'met' if ok else '**missed**'} |")
    if "koeln" in by:
        k = by["koeln"]
        rows.append(f"| Köln size full build ≤ {TARGETS['koeln_build']:g} s | {_s(med(k.cold))} s "
                    f"(CPU {_s(med(k.cold_cpu))} s) | "
                    f"{_gap(med(k.cold), TARGETS['koeln_build'])} |")
        for what, mb in (("largest single process", k.peak_mb), ("whole process tree at once", k.tree_mb)):
            rows.append(f"| Köln size peak memory ≤ {TARGETS['koeln_peak_mb']:g} MB ({what}) | {mb:.0f} MB | "
                        f"{_gap(mb, TARGETS['koeln_peak_mb'], ' MB')} |")
        checks = [("warm, nothing changed", k.check, k.check_cpu)] if k.check else []
        checks += [(f"after editing one {kind}", [w for w, _ in pairs], [c for _, c in pairs])
                   for kind, pairs in k.check_edited.items()]
        for what, wall, cpu in checks:
            rows.append(f"| `check` of the Köln size ≤ {TARGETS['koeln_check']:g} s, {what} | {_s(med(wall))} s "
                        f"(CPU {_s(med(cpu))} s) | {_gap(med(wall), TARGETS['koeln_check'])} |")
        if "koeln2x" in by:
            factor = med(by["koeln2x"].cold) / med(k.cold)
            cpu = med(by["koeln2x"].cold_cpu) / med(k.cold_cpu)
            rows.append(f"| 2× data ≤ {TARGETS['scale_2x']}× time | {factor:.2f}× "
                        f"({_s(med(by['koeln2x'].cold))} s vs {_s(med(k.cold))} s; CPU {cpu:.2f}×) | "
                        f"{_gap(factor, TARGETS['scale_2x'], '×')} |")
    for r in results:
        for kind in r.watch:
            target = TARGETS[f"watch_{kind}"]
            seconds = r.watch[kind]
            rows.append(f"| `watch`, {r.size}: a {kind} edit in the PDF ≤ {target:g} s (median of {len(seconds)}) "
                        f"| {_s(med(seconds))} s | {_gap(med(seconds), target)} |")
    return ["| target | measured | status |", "|---|---|---|", *rows]


def _ready(results: list) -> list[str]:
    """When each output was ready in a cold full build (median seconds from the start)."""
    from run import med

    lines = ["| project | output | ready after |", "|---|---|---:|"]
    for r in results:
        for name, seconds in sorted(r.ready.items(), key=lambda item: med(item[1])):
            lines.append(f"| {r.size} | {name} | {_s(med(seconds))} |")
    return lines


def write_results(results: list, path: Path, *, total: float, quick: bool, when: dt.datetime,
                  uptime: list[str]) -> str:
    from run import med

    runs = ", ".join(f"{r.size}: {len(r.cold)} build(s), {len(next(iter(r.floor.values()), []))} floor run(s)"
                     for r in results)
    per_format = any(r.per_format for r in results)
    lines = [
        "# Benchmark results", "",
        f"Written by `make bench` (`bench/run.py{' --quick' if quick else ''}`) on {when:%Y-%m-%d %H:%M}, "
        f"{total / 60:.1f} min in all. Medians of the runs ({runs}). Times are wall-clock seconds of the "
        "real CLI in a child process; peak memory is `ru_maxrss` of the build and its children (the largest "
        "single process) and the sum over the build's process tree at its fullest (sampled from /proc every "
        "0.1 s). The floor is the bare pandoc and typst calls on the intermediate files the build left in "
        "`OUT/.cache/work/`, each a whole process (typst: python compiling in a fresh process), timed one "
        "after the other right after each cold build (paired runs: the ratio is the median of the pairs' "
        "ratios). The build may beat the floor: it overlaps DOCX, PDF and editions. `check` warm: after one "
        "`check` of the same files; after an edit: one measure's title, one service's title or a chapter's text "
        "changed before each run; CPU: user + system seconds of the process and its children (`wait4`). `watch`: "
        "from writing the file to the new PDF in the output folder (default debounce).", "",
        "## Machine", "", *machine(uptime), "",
        "## Cold builds against the floor", "",
        "| project | outputs | full build | " + ("DOCX only | PDF only | " if per_format else "")
        + "floor DOCX | floor PDF | floor total | build/floor | peak MB build (largest process) | "
        "peak MB build (tree) | peak MB floor |",
        "|---|---:|---:|" + ("---:|---:|" if per_format else "") + "---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        fl = {k: med(v) for k, v in r.floor.items()}
        alone = f"{_s(med(r.per_format.get('docx', [])))} | {_s(med(r.per_format.get('pdf', [])))} | " \
            if per_format else ""
        lines.append(f"| {r.size} | {len(r.outputs)} | {_s(med(r.cold))} | {alone}{_s(fl.get('docx', 0))} | "
                     f"{_s(fl.get('pdf', 0))} | {_s(r.floor_total())} | {f'{r.ratio():.2f}' if r.floor else '–'} | "
                     f"{r.peak_mb:.0f} | {r.tree_mb:.0f} | {r.floor_peak_mb:.0f} |")
    lines += ["", "## When each output was ready in the cold build", "", *_ready(results),
              "", "## Rebuilds and check", "",
              "| project | no-change rebuild | one-measure edit | rewritten by the edit | `check` warm | "
              "`check` after editing a measures file · services file · chapter (wall / CPU s) |",
              "|---|---:|---:|---|---:|---|"]
    for r in (r for r in results if r.nochange):
        edited = " · ".join(f"{_s(med([w for w, _ in v]))} / {_s(med([c for _, c in v]))}"
                            for v in r.check_edited.values())
        lines.append(f"| {r.size} | {_s(med(r.nochange))} | {_s(med(r.edit))} | "
                     f"{', '.join(r.edit_rebuilt) or '–'} | {_s(med(r.check))} | {edited} |")
    lines += ["", "## Stages of one cold build (`build -v`)", ""]
    for r in results:
        lines.append(f"- {r.size}: " + " · ".join(f"{k} {_s(v)} s" for k, v in r.stages.items()))
    lines += ["", "## Targets (2-core machine)", "", *targets(results)]
    notes = ROOT / "bench" / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return text
