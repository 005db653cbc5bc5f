"""How long ``ikon-report watch`` takes from an edit to the new PDF: a chapter edit and a measure edit.

The real ``watch`` process runs on a copy of a project (default: Minden) as users run it. Each edit
is timed until a PDF in the output folder has been replaced (the PDFs land as one set before the
DOCX, ``cli/watch.py``); the figure compared with the target starts when ``watch`` says
``changed:`` (after its debounce), the time from writing the file is printed beside it. The
watcher's ``done:`` line (both steps finished) is awaited before the next edit. As the machine is
shared, the CPU seconds of the watch process and its children (pandoc) per rebuild are printed
too, with ``uptime``'s load. ``bench/run.py`` (``make bench``) calls ``latencies``.

    python bench/watch_latency.py [PROJECT] [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

TIMEOUT = 300.0
TARGETS = {"chapter": 0.4, "measure": 0.8}  # seconds from the rebuild's start to the PDF (issue 14)
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Timings:
    """Per edit: seconds from ``changed:`` to the PDF, from the write to the PDF, CPU of the rebuild."""

    after_debounce: list[float] = field(default_factory=list)
    after_write: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def _pdfs(out: Path) -> dict[str, tuple[int, int]]:
    stats = {}
    for pdf in out.glob("*.pdf"):
        try:
            st = pdf.stat()
        except OSError:
            continue
        stats[pdf.name] = (st.st_ino, st.st_mtime_ns)
    return stats


def _cpu(pid: int) -> float:
    """CPU seconds of process ``pid`` and its waited-for children (Linux ``/proc``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime stime cutime cstime


class _Watcher:
    def __init__(self, cli: list[str], project: Path, out: Path) -> None:
        self.proc = subprocess.Popen([*cli, "watch", str(project), "--out", str(out)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.put((time.perf_counter(), line.rstrip("\n")))

    def wait_for(self, needle: str) -> float:
        """When the first line containing ``needle`` arrived."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                at, line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    raise SystemExit("watch ended early") from None
                continue
            if needle in line:
                return at
        raise SystemExit(f"watch: no line with {needle!r} within {TIMEOUT:g} s")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def measure(cli: list[str], project: Path, out: Path, edits: dict[str, Callable[[int], None]],
            times: int) -> dict[str, Timings]:
    """``times`` edits of each kind in ``edits``, timed against the real watcher."""
    watcher = _Watcher(cli, project, out)
    result = {kind: Timings() for kind in edits}
    try:
        watcher.wait_for("watching")
        for n in range(times):
            for kind, edit in edits.items():
                before, used = _pdfs(out), _cpu(watcher.proc.pid)
                start = time.perf_counter()
                edit(n)
                deadline = start + TIMEOUT
                while _pdfs(out) == before:
                    if time.perf_counter() > deadline:
                        raise SystemExit(f"watch: no PDF replaced {TIMEOUT:g} s after a {kind} edit")
                    time.sleep(0.005)
                landed = time.perf_counter()
                began = watcher.wait_for("changed:")
                watcher.wait_for(" done: ")  # both steps finished; the next edit starts a new rebuild
                result[kind].after_debounce.append(landed - began)
                result[kind].after_write.append(landed - start)
                result[kind].cpu.append(_cpu(watcher.proc.pid) - used)
                time.sleep(0.2)
    finally:
        watcher.stop()
    return result


def latencies(cli: list[str], project: Path, out: Path, edits: dict[str, Callable[[int], None]],
              times: int) -> dict[str, list[float]]:
    """Seconds from each rebuild's start (after the debounce) to a replaced PDF, per kind of edit."""
    return {kind: t.after_debounce for kind, t in measure(cli, project, out, edits, times).items()}


def append_paragraph(chapter: Path) -> Callable[[int], None]:
    def edit(n: int) -> None:
        with chapter.open("a", encoding="utf-8") as f:
            f.write(f"\nEin Absatz aus der Messung von watch, Nummer {n}.\n")
    return edit


def summary(kind: str, t: Timings) -> str:
    return (f"{kind} edit → PDF: median {statistics.median(t.after_debounce):.3f} s of {len(t.after_debounce)} "
            f"(min {min(t.after_debounce):.3f}, max {max(t.after_debounce):.3f}); target ≤ {TARGETS[kind]} s; "
            f"from the write {statistics.median(t.after_write):.3f} s; CPU of the rebuild (both steps) "
            f"{statistics.median(t.cpu):.2f} s")


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import CLI, edit_measure

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, nargs="?", default=ROOT)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ikon-watch-bench-") as tmp:
        project = Path(tmp) / "p"
        project.mkdir()
        shutil.copy2(args.project / "ikon.yaml", project / "ikon.yaml")
        for name in ("data", "chapters", "assets", "i18n", "templates"):
            if (args.project / name).is_dir():
                shutil.copytree(args.project / name, project / name)
        chapter = sorted((project / "chapters").glob("*.md"))[0]
        load = os.getloadavg()
        found = measure(CLI, project, Path(tmp) / "out", {
            "chapter": append_paragraph(chapter), "measure": lambda n: edit_measure(project, n)}, args.runs)
    for kind, timings in found.items():
        print(summary(kind, timings))
    end = os.getloadavg()
    print(f"load average (1 min) {load[0]:.2f} → {end[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
