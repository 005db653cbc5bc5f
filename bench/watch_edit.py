"""How long ``watch`` takes from an edit to the new PDF: a chapter edit and a measure edit.

On a copy of a project (default: Minden), ``watch``'s own rebuild (``cli.watch.rebuild``: the
incremental ``build()`` with a typst compiler kept warm in this process) runs after each edit;
the time is from the edit until the build has put the new concept PDF into the output folder (all
of a build's files land together, at its end). The debounce ``watch`` waits before it starts
(400 ms by default, ``--debounce``) is not included; ``watch_latency.py`` (``make bench``) times the
real ``watch`` process with it. CPU seconds (this process and pandoc) are printed beside the wall
time, as the machine is shared. Prints the median of ``--runs``
edits of each kind, with ``uptime``'s load, and, with ``--profile``, the functions the chapter
rebuilds spent most time in.

    python bench/watch_edit.py [PROJECT] [--runs 10] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import edit_measure  # noqa: E402

from ikon_report.build import build  # noqa: E402
from ikon_report.render.pdf import make_compiler  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


class Clock:
    """A build's ``report``: notes whether (and when) the concept's PDF was staged."""

    def __init__(self) -> None:
        self.pdf_at = 0.0

    def __call__(self, _stage: str) -> None:
        pass

    def wrote(self, path: Path) -> None:
        if path.suffix == ".pdf" and "Angebotskatalog" not in path.name and self.pdf_at == 0.0:
            self.pdf_at = time.perf_counter()


def copy(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True)
    shutil.copy2(src / "ikon.yaml", dst / "ikon.yaml")
    for name in ("data", "chapters", "assets", "i18n", "templates"):
        if (src / name).is_dir():
            shutil.copytree(src / name, dst / name)
    return dst


def edit_chapter(project: Path, n: int) -> None:
    """Append a sentence to the first chapter (a new paragraph)."""
    chapter = sorted((project / "chapters").glob("*.md"))[0]
    with chapter.open("a", encoding="utf-8") as fh:
        fh.write(f"\n\nEin neuer Satz Nummer {n} für die Messung.\n")


def cpu() -> float:
    """CPU seconds of this process (all threads: typst compiles in one) and its finished children (pandoc)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(project: Path, out: Path, compiler: object, edit: object, n: int) -> tuple[float, float]:
    """(wall seconds from the edit to the concept's PDF, CPU seconds of the whole rebuild)."""
    clock = Clock()
    start, used = time.perf_counter(), cpu()
    edit(project, n)  # type: ignore[operator]
    build(project, out, report=clock, compiler=compiler)  # type: ignore[arg-type]
    if not clock.pdf_at:
        raise SystemExit("the concept's PDF was not rewritten")
    return time.perf_counter() - start, cpu() - used


def summary(what: str, runs: list[tuple[float, float]], target: float) -> str:
    wall = [w for w, _ in runs]
    return (f"{what} → PDF: median {statistics.median(wall):.3f} s of {len(runs)} (min {min(wall):.3f}, max "
            f"{max(wall):.3f}; CPU of the rebuild, median {statistics.median(c for _, c in runs):.3f} s); "
            f"target ≤ {target} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, nargs="?", default=ROOT)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ikon-watch-bench-") as tmp:
        project = copy(args.project.resolve(), Path(tmp) / "p")
        out = Path(tmp) / "out"
        compiler = make_compiler(project_root=project)
        build(project, out, compiler=compiler)  # the first build of watch
        profile = cProfile.Profile() if args.profile else None
        chapter = []
        for n in range(args.runs):
            if profile:
                profile.enable()
            chapter.append(timed(project, out, compiler, edit_chapter, n))
            if profile:
                profile.disable()
        measure = [timed(project, out, compiler, edit_measure, n) for n in range(args.runs)]
    load = os.getloadavg()
    print(summary("chapter edit", chapter, 0.4))
    print(summary("measure edit", measure, 0.8))
    print(f"load average: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} on {os.cpu_count()} CPUs")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
