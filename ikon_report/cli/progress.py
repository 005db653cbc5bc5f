"""What a build shows while it runs: on a terminal a line per stage and a bar over the outputs
(with the time each took); nothing when piped or with ``-q``; per-stage timings with ``-v``.

``build()`` calls the object with the name of each stage it starts, ``outputs(n)`` once it knows
how many files it will write, and ``wrote(path)`` after each (from worker threads too).
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # rich is imported only when a bar is shown
    from rich.progress import Progress as Bar
    from rich.progress import TaskID


class Progress:
    def __init__(self, quiet: bool, verbose: bool, *, tty: bool | None = None) -> None:
        tty = sys.stderr.isatty() if tty is None else tty
        self.quiet = quiet
        self.lines = not quiet and (verbose or tty)
        self.verbose = verbose
        self.start = self.last = time.perf_counter()
        self.stage = ""
        self._lock = threading.Lock()
        self._bar: Bar | None = None
        self._task: TaskID | None = None
        if not quiet and tty:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("files"), TimeElapsedColumn(), console=Console(stderr=True), transient=True)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close(ok=exc_type is None)

    def _echo(self, text: str) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.console.print(text, markup=False, highlight=False)
        else:
            click.echo(text, err=True)

    def __call__(self, stage: str) -> None:
        with self._lock:
            now = time.perf_counter()
            if self.verbose and self.stage:
                self._echo(f"  {self.stage}: {now - self.last:.2f} s")
            self.stage, self.last = stage, now
            if self.lines:
                self._echo(f"· {stage}")
            if self._bar is not None and self._task is not None:
                self._bar.update(self._task, description=stage)

    def notice(self, text: str) -> None:
        """A message to show even without a terminal or ``-v`` (e.g. waiting for another build)."""
        if not self.quiet:
            with self._lock:
                self._echo(text)

    def outputs(self, total: int) -> None:
        """The number of files this build will write (0: all up to date)."""
        if self._bar is not None and total:
            self._bar.start()
            self._task = self._bar.add_task(self.stage, total=total)

    def wrote(self, path: Path) -> None:
        with self._lock:
            if self._task is not None or self.verbose:
                self._echo(f"  ✓ {path.name} ({time.perf_counter() - self.start:.2f} s)")
            if self._bar is not None and self._task is not None:
                self._bar.advance(self._task)

    def close(self, ok: bool = True) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = self._task = None
        if ok and self.verbose:
            self("done")
            click.echo(f"  total: {time.perf_counter() - self.start:.2f} s", err=True)
