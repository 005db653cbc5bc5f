"""How long ``ikon-report watch`` takes from an edit to the new PDF in the output folder.

The watcher runs as users run it (default debounce); each edit is timed from the moment the file is
written until a PDF in the output folder has been replaced (the build's output set lands at once),
then the watcher's report of the finished build is awaited before the next edit.
"""

from __future__ import annotations

import queue
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

TIMEOUT = 300.0


def _pdfs(out: Path) -> dict[str, tuple[int, int]]:
    stats = {}
    for pdf in out.glob("*.pdf"):
        try:
            st = pdf.stat()
        except OSError:
            continue
        stats[pdf.name] = (st.st_ino, st.st_mtime_ns)
    return stats


class _Watcher:
    def __init__(self, cli: list[str], project: Path, out: Path) -> None:
        self.proc = subprocess.Popen([*cli, "watch", str(project), "--out", str(out)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, start: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                if self.lines.get(timeout=1).startswith(start):
                    return
            except queue.Empty:
                if self.proc.poll() is not None:
                    raise SystemExit("watch ended early") from None
        raise SystemExit(f"watch: no line starting with {start!r} within {TIMEOUT:g} s")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def latencies(cli: list[str], project: Path, out: Path, edits: dict[str, Callable[[int], None]],
              times: int) -> dict[str, list[float]]:
    """Seconds from each edit to a replaced PDF, ``times`` edits of each kind in ``edits``."""
    watcher = _Watcher(cli, project, out)
    result: dict[str, list[float]] = {kind: [] for kind in edits}
    try:
        watcher.wait_for("watching")
        for n in range(times):
            for kind, edit in edits.items():
                before = _pdfs(out)
                start = time.perf_counter()
                edit(n)
                deadline = start + TIMEOUT
                while _pdfs(out) == before:
                    if time.perf_counter() > deadline:
                        raise SystemExit(f"watch: no PDF replaced {TIMEOUT:g} s after a {kind} edit")
                    time.sleep(0.005)
                result[kind].append(time.perf_counter() - start)
                watcher.wait_for("up to date")  # the build has finished; the next edit starts a new one
                time.sleep(0.2)
    finally:
        watcher.stop()
    return result


def append_paragraph(chapter: Path) -> Callable[[int], None]:
    def edit(n: int) -> None:
        with chapter.open("a", encoding="utf-8") as f:
            f.write(f"\nEin Absatz aus der Messung von watch, Nummer {n}.\n")
    return edit
