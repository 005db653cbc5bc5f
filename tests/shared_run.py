"""Outputs made once per test run and shared by every pytest-xdist worker of that run.

``once(name, make)`` is the folder that ``make(folder)`` filled: the first process of the run to
ask makes it while holding a file lock (``fcntl.flock``); the others wait for the lock and then read
the same folder. The folders lie in the run's own temporary folder (under xdist the workers' base
temps share a parent, as the xdist docs describe; without workers the base temp itself), so no run
ever reads another run's outputs. A ``make`` that fails leaves no mark: the next process retries.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", … in an xdist worker; "" without workers
_RUN: list[Path] = []


def start_run(factory: pytest.TempPathFactory) -> Path:
    """Fix this process's run folder (made if missing) from pytest's temporary folders."""
    if not _RUN:
        base = factory.getbasetemp()
        folder = (base.parent if WORKER else base) / "shared"
        folder.mkdir(exist_ok=True)
        _RUN.append(folder)
    return _RUN[0]


def run_folder() -> Path:
    """The folder every process of this test run shares (``start_run`` fixed it at session start)."""
    assert _RUN, "start_run() has not been called (tests/conftest.py does it for every session)"
    return _RUN[0]


def lock(path: Path, wait: bool = True) -> int | None:
    """An open descriptor holding an exclusive lock on ``path`` (made if missing); with
    ``wait=False`` None at once when another process holds it."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock on ``path`` for the block (waiting for another process that holds it)."""
    fd = lock(path)
    assert fd is not None
    try:
        yield
    finally:
        os.close(fd)


def once(name: str, make: Callable[[Path], None], meanwhile: dict[str, Callable[[Path], None]] | None = None) -> Path:
    """The folder ``run_folder()/name`` as ``make`` filled it, made once in this test run.

    While another process makes it, this one makes what of ``meanwhile`` (name → make) no process
    has made or is making, rather than wait idle (the other examples). A failure there is left for
    the test that asks for that output: it retries and shows the error."""
    folder = run_folder() / name
    fd = lock(folder.with_name(f"{name}.lock"), wait=False)
    if fd is None:
        for other, make_other in (meanwhile or {}).items():
            held = lock(run_folder() / f"{other}.lock", wait=False)
            if held is not None:
                try:
                    with suppress(Exception):  # shown where that output is asked for
                        _make(other, make_other)
                finally:
                    os.close(held)
        fd = lock(folder.with_name(f"{name}.lock"))
    try:
        _make(name, make)
    finally:
        os.close(fd)
    return folder


def _make(name: str, make: Callable[[Path], None]) -> None:
    """Fill ``run_folder()/name`` unless done (the caller holds its lock); mark it done."""
    folder = run_folder() / name
    if not folder.with_name(f"{name}.done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        make(folder)
        folder.with_name(f"{name}.done").touch()
