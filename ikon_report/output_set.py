"""A build's outputs change together or not at all, and one build at a time writes a folder.

``output_set(folder)`` locks the folder (``flock`` on ``.cache/lock``; a second build into the
same folder waits for the first, saying so), repairs what an interrupted build left, and yields an
``OutputSet``. Every file of the build is staged there as a complete, fsynced temp file beside its
target; nothing visible changes until ``commit()``, which writes a journal (``.cache/commit.json``:
which temp becomes which file), renames all temps over their targets and deletes the journal.

Repair, before the next build reads anything: a journal on disk means a commit was interrupted
between its renames; the journal is only written once every temp is complete, so the remaining
renames are done (roll forward). Temps without a journal belong to a build that never reached its
commit; they are deleted and the previous set stays (roll back). A failed build (an error, a full
disk) deletes its own temps at once.

An import that writes several of a project's data files (``translations import``, ``services
import``, ``migrate``) uses the same set on the project folder (``write_data``: lock and journal in
``.ikon-cache/``); reading the project (``project/sources.py``) first finishes an interrupted one.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ikon_report.errors import ToolError
from ikon_report.output import TMP_PREFIX, explain, fsync_folder, remove_stale_temps, write_atomic, write_temp, writing

CACHE = Path(".cache")  # a build's own folder in its output folder (a project's data: DATA_CACHE)
DATA_CACHE = Path(".ikon-cache")  # in a project folder, for imports that write several data files together
JOURNAL = CACHE / "commit.json"
LOCK = CACHE / "lock"
CHECK_CACHE = CACHE / "check"  # project/check_cache.py
UNCHANGED = "the previous outputs are unchanged"
DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}  # what only a write can raise


class OutputSet:
    """Files staged for one commit into ``folder`` (thread-safe: DOCX and PDF render in threads)."""

    def __init__(self, folder: Path, cache: Path = CACHE) -> None:
        self.folder = folder
        self.journal = cache / JOURNAL.name
        self._staged: dict[Path, Path] = {}  # target → its complete temp file
        self._lock = threading.Lock()

    def write(self, target: Path, data: bytes) -> Path:
        """Stage ``data`` for ``target`` (inside the folder); visible only after ``commit()``."""
        if not target.is_relative_to(self.folder):
            raise ValueError(f"{target} is outside the output folder {self.folder}")
        with writing(target, UNCHANGED):
            tmp = write_temp(target, data)
        with self._lock:
            old = self._staged.pop(target, None)
            self._staged[target] = tmp
        if old is not None:
            old.unlink(missing_ok=True)
        return target

    def commit(self) -> list[Path]:
        """Replace every target by its staged file, as one step that survives a kill."""
        with self._lock:
            staged, self._staged = self._staged, {}
        if not staged:
            return []
        renames = [[tmp.relative_to(self.folder).as_posix(), target.relative_to(self.folder).as_posix()]
                   for target, tmp in staged.items()]
        try:
            write_atomic(self.folder / self.journal, json.dumps({"renames": renames}, indent=1).encode(), UNCHANGED)
        except BaseException:
            _discard(staged.values())
            raise
        with writing(self.folder, "the next build finishes replacing them"):
            _apply(self.folder, renames, self.journal)
        return list(staged)

    def discard(self) -> None:
        """Delete what was staged and not committed (a failed build)."""
        with self._lock:
            staged, self._staged = self._staged, {}
        _discard(staged.values())


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def output_set(folder: Path, on_wait: Callable[[str], None] = _to_stderr, cache: Path = CACHE,
               temps_in: tuple[Path, ...] = ()) -> Iterator[OutputSet]:
    """Lock ``folder`` for one build, repair an interrupted one, and yield the set to stage into.

    ``on_wait`` is told when another process holds the folder (then this one waits for it).
    Uncommitted files are discarded when the block ends (by an error, or without ``commit()``);
    a folder this call created is removed again if the block failed before writing anything.
    The lock is not re-entrant: code running inside the block must write into the set it got.
    ``cache`` is the folder (inside ``folder``) of the lock and the journal; ``temps_in`` are more
    folders where an interrupted set may have left temp files (a project's ``data/``)."""
    new = not folder.exists()
    fd = _lock(folder, on_wait, cache / LOCK.name)
    finished = False
    try:
        with writing(folder, "nothing was written"):
            recover(folder, cache)
            remove_stale_temps(folder)
            for extra in temps_in:
                remove_stale_temps(extra)
        outputs = OutputSet(folder, cache)
        try:
            yield outputs
            finished = True
        except OSError as exc:  # any write of the build (caches, intermediate files) on a full disk
            if exc.errno not in DISK_ERRORS:
                raise
            raise explain(exc, Path(exc.filename) if isinstance(exc.filename, str) else folder, UNCHANGED) from exc
        except ToolError as exc:  # pandoc could not write its output: say so, not pandoc's trace
            code = next((c for c in DISK_ERRORS if os.strerror(c) in str(exc)), None)
            if code is None:
                raise
            raise explain(OSError(code, os.strerror(code)), folder, UNCHANGED) from exc
        finally:
            outputs.discard()
            if new and not finished:
                _remove_if_untouched(folder, cache)
    finally:
        os.close(fd)  # releases the lock


def _lock(folder: Path, on_wait: Callable[[str], None], lock: Path = LOCK) -> int:
    """An open descriptor of ``folder``'s lock file, locked; says once if it has to wait."""
    announced = False
    while True:
        with writing(folder, "nothing was written"):
            (folder / lock).parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / lock, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not announced:
                    holder = os.pread(fd, 32, 0).decode("ascii", "replace").partition("\n")[0].strip()
                    who = f" (process {holder})" if holder.isdigit() else ""
                    on_wait(f"another build is writing into {folder}{who}; waiting until it has finished")
                    announced = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_file(fd, folder / lock):
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the build we waited for removed the folder it had made: lock the new one


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


def _remove_if_untouched(folder: Path, cache: Path = CACHE) -> None:
    """Remove a folder this build created if it holds nothing but the lock and the check cache
    (an invalid project)."""
    inner = folder / cache
    with suppress(OSError):
        if {p.name for p in folder.iterdir()} <= {inner.name} and \
                {p.name for p in inner.iterdir()} <= {LOCK.name, CHECK_CACHE.name}:
            shutil.rmtree(inner / CHECK_CACHE.name, ignore_errors=True)
            (inner / LOCK.name).unlink()
            inner.rmdir()
            folder.rmdir()


def recover(folder: Path, cache: Path = CACHE) -> bool:
    """Finish a commit a killed build left half done; True if there was one."""
    journal = folder / cache / JOURNAL.name
    try:
        renames = json.loads(journal.read_text(encoding="utf-8"))["renames"]
    except FileNotFoundError:
        return False
    except (ValueError, KeyError, TypeError):  # never written partially (atomic); not ours: ignore it
        journal.unlink()
        return False
    _apply(folder, [pair for pair in renames if _ours(folder, pair)], cache / JOURNAL.name)
    return True


def _ours(folder: Path, pair: object) -> bool:
    """A journal entry as a commit writes it: a temp of ours and a target, both inside ``folder``."""
    if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
        return False
    tmp, target = (Path(os.path.normpath(folder / p)) for p in pair)
    return tmp.name.startswith(TMP_PREFIX) and all(p.is_relative_to(folder) and p != folder for p in (tmp, target))


def _apply(folder: Path, renames: list[list[str]], journal: Path = JOURNAL) -> None:
    """Rename each temp that is still there over its target, make it durable, drop the journal."""
    parents = set()
    for tmp, target in renames:
        if (folder / tmp).exists():
            os.replace(folder / tmp, folder / target)
        parents.add((folder / target).parent)
    for parent in sorted(parents):
        fsync_folder(parent)
    (folder / journal).unlink(missing_ok=True)
    fsync_folder((folder / journal).parent)


def _discard(temps: Iterable[Path]) -> None:
    for tmp in temps:
        tmp.unlink(missing_ok=True)


DATA_FOLDERS = ("data", "i18n")  # where a project's data files (and an interrupted import's temps) are


@contextmanager
def data_set(root: Path) -> Iterator[OutputSet]:
    """The set of a project's data files that one import changes together (lock and journal in
    ``root/.ikon-cache``; an interrupted import is finished or rolled back first)."""
    with output_set(root, cache=DATA_CACHE, temps_in=tuple(root / name for name in DATA_FOLDERS)) as staged:
        yield staged


def write_data(root: Path, files: dict[Path, bytes]) -> list[Path]:
    """Replace the project's data ``files`` together: all of them or none (a kill between two renames
    is finished by the next command that reads the project)."""
    with data_set(root) as staged:
        for path, data in files.items():
            staged.write(path, data)
        return staged.commit()


def finish_interrupted(root: Path) -> bool:
    """Complete an import a kill interrupted between its renames; True if there was one."""
    if not (root / DATA_CACHE / JOURNAL.name).exists():
        return False
    with data_set(root):
        return True
