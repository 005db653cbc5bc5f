"""Atomic writes (a temp file in the target folder, fsynced, then renamed over the target) and
what a failed write tells the user: the path, the cause and what to do (``OutputError``)."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ikon_report.errors import IkonError

TMP_PREFIX = ".ikon-tmp-"

_ADVICE = {
    errno.ENOSPC: "the disk is full; free some space and run again",
    errno.EDQUOT: "the disk quota is used up; free some space and run again",
    errno.EROFS: "the folder is on a read-only file system; choose a writable folder (e.g. with --out)",
    errno.EACCES: "permission denied; make the folder writable for you or choose another one",
    errno.EPERM: "not permitted; make the folder writable for you or choose another one",
    errno.ENOENT: "the folder does not exist and cannot be created there; choose another location",
    errno.ENOTDIR: "a file stands where a folder is needed; choose another location",
    errno.EISDIR: "a folder stands where the file should be written; choose another name",
    errno.ENAMETOOLONG: "the file name is too long for this file system; choose a shorter name or folder",
}


class OutputError(IkonError):
    """A file could not be written; the message names the path, the cause and what to do."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.errno = code  # the OSError errno behind it, if any


def explain(exc: OSError, path: Path, unchanged: str = "nothing was replaced") -> OutputError:
    """``exc`` (raised while writing ``path``) as a message for the user.

    The path named is ``path`` (what the user asked for), not the temp file the error may name."""
    advice = _ADVICE.get(exc.errno or 0, "check the folder and run again")
    reason = f"{exc.strerror or exc} (Errno {exc.errno})" if exc.errno else str(exc)
    return OutputError(f"{path}: cannot write: {reason}: {advice}; {unchanged}", exc.errno)


@contextmanager
def writing(path: Path, unchanged: str = "nothing was replaced") -> Iterator[None]:
    """Turn an ``OSError`` raised inside the block into an ``OutputError`` about ``path``."""
    try:
        yield
    except OSError as exc:
        raise explain(exc, path, unchanged) from exc


def write_temp(path: Path, data: bytes) -> Path:
    """``data`` in a fsynced temp file beside ``path`` (same folder: the rename is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=path.suffix, dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~UMASK)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: bytes, unchanged: str = "nothing was replaced") -> Path:
    """Write ``data`` to ``path`` so readers see the old file or the new one, never a partial one.

    Raises ``OutputError`` (naming ``path``; ``unchanged`` says what stays as it was) on failure."""
    with writing(path, unchanged):
        tmp = write_temp(path, data)
        try:
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return path


def fsync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path) -> None:
    """Remove temp files a killed earlier build may have left (in the folder and its ``.cache``)."""
    if folder.is_dir():
        for tmp in [*folder.glob(TMP_PREFIX + "*"), *(folder / ".cache").rglob(TMP_PREFIX + "*")]:
            tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


UMASK = _umask()  # read once: setting it to read it is not thread-safe (DOCX and PDF render in threads)
