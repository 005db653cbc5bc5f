"""Memory of a process tree while it runs: the largest single process and the sum over the tree.

``ru_maxrss`` (from ``wait4``) only knows the largest single descendant; a build that compiles two
volumes at once needs the sum too. ``TreeSampler`` reads ``/proc`` every ``interval`` seconds.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _tree_rss_kb(root: int) -> tuple[int, int, str]:
    """(sum, largest) resident KB of ``root`` and its descendants now, and the largest one's command."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
        except (OSError, ValueError):
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * PAGE_KB
    total = largest = 0
    todo, which = [root], root
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        if rss.get(pid, 0) > largest:
            largest, which = rss[pid], pid
        todo += children.get(pid, [])
    try:
        command = Path(f"/proc/{which}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:120]
    except OSError:
        command = "?"
    return total, largest, command


class TreeSampler:
    """``with TreeSampler(pid) as s: …`` then ``s.peak_total_mb`` and ``s.peak_single_mb``."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval = pid, interval
        self.peak_total_mb = self.peak_single_mb = 0.0
        self.largest_command = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            total, largest, command = _tree_rss_kb(self.pid)
            self.peak_total_mb = max(self.peak_total_mb, total / 1024)
            if largest / 1024 > self.peak_single_mb:
                self.peak_single_mb, self.largest_command = largest / 1024, command

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        self._thread.join()


def main() -> None:
    """``python bench/memory.py CMD …``: run CMD; print its wall time and both peaks."""
    import subprocess
    import sys
    import time

    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[1:])
    with TreeSampler(proc.pid) as tree:
        _, status, usage = os.wait4(proc.pid, 0)
    print(f"{time.perf_counter() - start:.1f} s wall, largest process {usage.ru_maxrss / 1024:.0f} MB, "
          f"tree {tree.peak_total_mb:.0f} MB at once, exit {os.waitstatus_to_exitcode(status)}; largest: "
          f"{tree.largest_command}", file=sys.stderr)


if __name__ == "__main__":
    main()
