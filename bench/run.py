"""``make bench``: build times against the pandoc/typst floor, memory, rebuilds and ``check``.

For the Minden example and synthetic projects (``bench/generate.py``: Köln size and 2×) it
measures, as medians of several runs of the real CLI in child processes:

- the cold build of all outputs, and when each output was ready (``build -v``);
- the floor: the bare pandoc and typst calls on the intermediate files that build left in
  ``OUT/.cache/work/`` (``*.pandoc.json`` with ``*.pandoc-args.json``, ``*.typ``), same run;
- peak memory (``ru_maxrss`` of the build and its children, from ``wait4``);
- a rebuild with nothing changed, a rebuild after editing one measure (and what it rewrote);
- ``ikon-report check``.

It writes ``bench/results.md`` with the machine description.  ``--quick``: one run each, Minden
and Köln size only; ``--per-format`` adds cold builds of DOCX and PDF alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402
from memory import TreeSampler  # noqa: E402
from report import write_results  # noqa: E402
from watch_latency import append_paragraph, latencies  # noqa: E402

from ikon_report import resources  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ENTRY = Path(sys.executable).parent / "ikon-report"
CLI = [str(ENTRY)] if ENTRY.exists() else [sys.executable, "-m", "ikon_report.cli"]
MINDEN_FILES = ("ikon.yaml", "data", "chapters", "assets")
TYPST_CHILD = """
import os, sys, time, typst
fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[sys.argv[2]])
compiler = typst.Compiler(root=os.path.dirname(sys.argv[1]), font_paths=fonts, ignore_system_fonts=True)
start = time.perf_counter()
compiler.compile(input=sys.argv[1], format="pdf", pdf_standards="ua-1", timestamp=0)
print(time.perf_counter() - start)
"""
STAGE = re.compile(r"^  ([^✓].*): (\d+\.\d+) s$", re.M)
READY = re.compile(r"^  ✓ (.+) \((\d+\.\d+) s\)$", re.M)
WROTE = re.compile(r"^wrote (.+)$", re.M)


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the largest single process (ru_maxrss)
    stdout: str
    stderr: str
    tree_mb: float = 0.0  # the largest sum over the process tree at one moment (sampled)
    cpu: float = 0.0  # user + system seconds of the process and the children it waited for (wait4)


@dataclass
class Result:
    name: str
    size: str
    outputs: list[str] = field(default_factory=list)
    cold: list[float] = field(default_factory=list)
    cold_cpu: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    tree_mb: float = 0.0  # the build's whole process tree at its fullest
    pairs: list[tuple[float, float]] = field(default_factory=list)  # (cold build, floor) whole processes, paired
    per_format: dict[str, list[float]] = field(default_factory=dict)
    ready: dict[str, list[float]] = field(default_factory=dict)
    floor: dict[str, list[float]] = field(default_factory=dict)
    floor_peak_mb: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    nochange: list[float] = field(default_factory=list)
    edit: list[float] = field(default_factory=list)
    edit_rebuilt: list[str] = field(default_factory=list)
    edit_expected: list[str] = field(default_factory=list)
    check: list[float] = field(default_factory=list)  # warm: the same files checked before
    check_cpu: list[float] = field(default_factory=list)
    check_edited: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # kind → (wall, CPU)
    watch: dict[str, list[float]] = field(default_factory=dict)  # "chapter"/"measure": edit → PDF replaced

    def floor_total(self) -> float:
        return sum(med(v) for v in self.floor.values())

    def ratio(self) -> float:
        """Median of the paired ratios build/floor (each pair measured back to back)."""
        return med([b / f for b, f in self.pairs]) if self.pairs else med(self.cold) / self.floor_total()


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def run(cmd: list[str], stdin: Path | None = None) -> Run:
    """Run a child process: wall time, the peak RSS of its largest process (``wait4``) and of the
    whole tree at once (sampled from ``/proc``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            (stdin.open("rb") if stdin else open(os.devnull, "rb")) as data:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=data)
        with TreeSampler(proc.pid) as tree:
            _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{stderr}")
    return Run(seconds, usage.ru_maxrss / 1024, stdout, stderr, max(tree.peak_total_mb, tree.peak_single_mb),
               usage.ru_utime + usage.ru_stime)


def build(project: Path, out: Path, *args: str) -> Run:
    return run([*CLI, "build", str(project), "--out", str(out), *args])


def cold(project: Path, out: Path, *args: str) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    return build(project, out, *args)


def outputs(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.is_file() and not p.name.startswith("."))


def floor(out: Path) -> tuple[dict[str, float], float]:
    """Seconds per format of the bare tool calls on the build's intermediate files, each a whole process
    (pandoc; python with typst compiling in a fresh process); their peak MB."""
    times: dict[str, float] = {}
    peak = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for args_file in sorted(out.glob(".cache/work/*/*.pandoc-args.json")):
            args = json.loads(args_file.read_text(encoding="utf-8"))
            if "-o" in args:
                args[args.index("-o") + 1] = str(Path(tmp) / "out")
            to = args[args.index("-t") + 1] if "-t" in args else "?"
            fmt = {"docx": "docx", "typst": "pdf"}.get(to, to)
            stdin = args_file.with_name(args_file.name.replace(".pandoc-args.json", ".pandoc.json"))
            child = run([pandoc_path(), *args], stdin=stdin)
            times[fmt] = times.get(fmt, 0.0) + child.seconds
            peak = max(peak, child.peak_mb)
        for typ in sorted(out.glob(".cache/work/*/*.typ")):
            child = run([sys.executable, "-c", TYPST_CHILD, str(typ), str(resources.package_dir("fonts"))])
            times["pdf"] = times.get("pdf", 0.0) + child.seconds  # the whole process, as the build's
            peak = max(peak, child.peak_mb)
    return times, peak


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def _edit_title(project: Path, collection: str, prefix: str, n: int) -> None:
    """Change the title of the first record (id starting with ``prefix``) of the first ``collection`` file."""
    for file in sorted((project / "data").rglob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        match = re.search(rf"(?m)^(\s*-\s+id:\s*{prefix}[^\n]*\n(?:[ \t]+[^\n]*\n)*?[ \t]+title:[ \t]*)([^\n]+)$",
                          text)
        if f"{collection}:" in text and match:
            value, mark = match.group(2), f" (Änderung {n})"
            value = value[:-1] + mark + value[-1] if value[0] in "'\"" else value + mark
            file.write_text(text[: match.start(2)] + value + text[match.end(2):], encoding="utf-8")
            return
    raise SystemExit(f"no {collection} title found in {project}/data")


def edit_measure(project: Path, n: int) -> None:
    """Change the title of the first measure in the first measures file."""
    _edit_title(project, "measures", "M", n)


def edit_service(project: Path, n: int) -> None:
    """Change the first service's title in the first services file."""
    _edit_title(project, "services", "S", n)


def edit_chapter(project: Path, n: int) -> None:
    """Append a paragraph to the first chapter."""
    chapter = sorted((project / "chapters").glob("*.md"))[0]
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\nEin neuer Absatz ({n}).\n", encoding="utf-8")


CHECK_EDITS = {"measures file": edit_measure, "services file": edit_service, "chapter": edit_chapter}


EXPECTED = """
import sys
from pathlib import Path
from ikon_report.build import FORMATS
from ikon_report.documents.registry import plan_editions
from ikon_report.project.validate import load_project
project, _ = load_project(Path(sys.argv[1]))
for plan in plan_editions(project, False):
    if {"*", "measures"} & set(plan.depends_on):
        print(*[f"{plan.stem}.{fmt}" for fmt in FORMATS], *getattr(plan, "extra_files", ()), sep="\\n")
"""


def expected_after_measure_edit(project: Path) -> list[str]:
    """Outputs whose plan depends on measures (or on everything), as ``build`` plans them."""
    return sorted(run([sys.executable, "-c", EXPECTED, str(project)]).stdout.split())


RUNS = {"minden": (3, 3), "koeln": (1, 1), "koeln2x": (1, 0)}  # (builds, floor runs paired with them) per size
WATCH_EDITS = 10  # per kind of edit, Minden only
CHECK_EDIT_SIZES = ("minden", "koeln")  # the check target is the Köln size's; 2× would only add half an hour


def bench(name: str, size: str, project: Path, work: Path, runs: int, floor_runs: int, per_format: bool,
          cold_only: bool = False) -> Result:
    res = Result(name, size)
    out = work / f"out-{name}"
    print(f"[{name}] cold builds ×{runs}, floor ×{floor_runs} (paired)", flush=True)
    for i in range(runs):
        r = cold(project, out, "-v")
        res.cold.append(r.seconds)
        res.cold_cpu.append(r.cpu)
        res.peak_mb = max(res.peak_mb, r.peak_mb)
        res.tree_mb = max(res.tree_mb, r.tree_mb)
        res.stages = {k: float(v) for k, v in STAGE.findall(r.stderr)}
        for name_, seconds in READY.findall(r.stderr):
            res.ready.setdefault(name_, []).append(float(seconds))
        if i < floor_runs:
            times, peak = floor(out)
            for fmt, seconds in times.items():
                res.floor.setdefault(fmt, []).append(seconds)
            res.floor_peak_mb = max(res.floor_peak_mb, peak)
            res.pairs.append((r.seconds, sum(times.values())))
    res.outputs = outputs(out)
    if cold_only:
        return res
    print(f"[{name}] no-change rebuilds, check", flush=True)
    for _ in range(max(runs, 5)):
        r = build(project, out)
        assert "up to date" in r.stderr and "wrote" not in r.stderr, r.stderr
        res.nochange.append(r.seconds)
    run([*CLI, "check", str(project)])  # warms whatever check caches
    for _ in range(max(runs, 3)):
        r = run([*CLI, "check", str(project)])
        res.check.append(r.seconds)
        res.check_cpu.append(r.cpu)
    if name in CHECK_EDIT_SIZES:
        for kind, edit in CHECK_EDITS.items():
            for n in range(max(runs, 3)):
                edit(project, 100 + n)
                r = run([*CLI, "check", str(project)])
                res.check_edited.setdefault(kind, []).append((r.seconds, r.cpu))
        build(project, out)  # the outputs catch up with those edits before the measure edit is timed
    print(f"[{name}] one-measure edits ×{runs}", flush=True)
    res.edit_expected = [o for o in expected_after_measure_edit(project) if o in res.outputs]
    for n in range(runs):
        edit_measure(project, n)
        r = build(project, out)
        res.edit.append(r.seconds)
        res.edit_rebuilt = sorted(Path(p).name for p in WROTE.findall(r.stderr))
    if name == "minden":
        print(f"[{name}] watch: {WATCH_EDITS} chapter and {WATCH_EDITS} measure edits", flush=True)
        chapter = sorted((project / "chapters").glob("*.md"))[0]
        res.watch = latencies(CLI, project, work / f"watch-{name}", {
            "chapter": append_paragraph(chapter), "measure": lambda n: edit_measure(project, 200 + n)}, WATCH_EDITS)
    if per_format:
        print(f"[{name}] per-format cold builds", flush=True)
        for fmt in ("docx", "pdf"):
            for _ in range(runs):
                r = cold(project, work / f"fmt-{name}", "-q", "--format", fmt)
                res.per_format.setdefault(fmt, []).append(r.seconds)
        shutil.rmtree(work / f"fmt-{name}", ignore_errors=True)
    return res


def make_project(size: str, project: Path) -> str:
    """Copy Minden or generate a synthetic project; returns its label."""
    shutil.rmtree(project, ignore_errors=True)
    if size == "minden":
        project.mkdir(parents=True)
        for name in MINDEN_FILES:
            (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, project / name)
        return "Minden (example)"
    generate(project, {"koeln": 1.0, "koeln2x": 2.0}[size])
    return {"koeln": "Köln size (1×)", "koeln2x": "Köln size (2×)"}[size]


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark ikon-report; writes bench/results.md.")
    parser.add_argument("--quick", action="store_true", help="one run per measurement, sizes minden,koeln")
    parser.add_argument("--runs", type=int, default=0, help="builds per measurement (default: RUNS by size)")
    parser.add_argument("--sizes", default="", help="comma-separated: minden,koeln,koeln2x (default: all)")
    parser.add_argument("--per-format", action="store_true", help="also time cold builds of DOCX and PDF alone")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--cold-only", action="store_true",
                        help="cold builds only (time, CPU, memory; no floor, rebuilds, check, watch): the 2x "
                        "scaling figure, e.g. --sizes koeln,koeln2x --cold-only --out bench/scaling.md")
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temp folder)")
    args = parser.parse_args()
    sizes = args.sizes.split(",") if args.sizes else ["minden", "koeln"] if args.quick else list(RUNS)
    work = args.keep or Path(tempfile.mkdtemp(prefix="ikon-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    uptime = [f"at the start: {_uptime()}"]
    results = []
    try:
        for size in sizes:
            runs, floor_runs = (1, 1) if args.quick else (args.runs, args.runs) if args.runs else RUNS[size]
            floor_runs = 0 if args.cold_only else floor_runs
            label = make_project(size, work / f"project-{size}")
            results.append(bench(size, label, work / f"project-{size}", work, runs, floor_runs, args.per_format,
                                 args.cold_only))
            uptime.append(f"after {size}: {_uptime()}")
            write_results(results, args.out, total=time.perf_counter() - started, quick=args.quick,
                          when=dt.datetime.now(), uptime=uptime)  # after each size: a partial run still reports
            print(f"[{size}] done after {time.perf_counter() - started:.0f} s; {uptime[-1]}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(args.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
