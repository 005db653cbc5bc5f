"""The check cache: what ``check`` made of one file on its own, kept by the file's content hash.

An entry lives in ``OUT/.cache/check/`` (the output folder's caches, beside the build's) as
``<path digest>-<key>.pickle``; its key is the SHA-256 of the file's bytes, its project-relative
path (messages name it) and a salt: the tool's version, a digest of the package's code (the model
and its validation), and the versions of Python, pydantic, PyYAML and the bundled pandoc. A data
file's entry holds its syntax and shape problems and every record as validated (or the problems
that stopped it); a second entry holds the same without the services' records, only their facts
(``slim``, ``service_facts.py``: what ``check`` reads); the chapters' entry holds pandoc's blocks,
another the positioned parse of each body (by its digest). Cross-checks are never cached: they run
over the whole project every time (``check_result.py`` keeps the whole answer when nothing changed
at all).

The cache never changes a result: an entry is used only if its header names the same salt and key
and its payload matches the checksum stored with it, so a corrupt, truncated or foreign-version
entry is a miss (never an error), and any failure to write one is ignored. Entries are written to
a temp file and renamed (readers see a whole entry or none; no fsync: a lost entry is a miss). A
new entry for a file replaces that file's older ones. Entries are pickles: the cache folder is the
project's own output folder, read by nobody else.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from ikon_report import languages
from ikon_report.output import TMP_PREFIX
from ikon_report.output_set import CHECK_CACHE
from ikon_report.project import limits, positions
from ikon_report.project.check_result import salt
from ikon_report.project.sources import DataFile, DataReader, RawItem, read_data_file

FOLDER = CHECK_CACHE
MAGIC = b"ikon-check-cache 1\n"


class CheckCache:
    """Entries by content hash in ``folder`` (None: a cache that keeps nothing)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    @classmethod
    def of(cls, out: Path | None) -> CheckCache:
        """The cache of the output folder ``out`` (None: no cache)."""
        return cls(None if out is None else out / FOLDER)

    def key(self, kind: str, rel: str, data: bytes) -> str:
        return hashlib.sha256(f"{salt()}\0{kind}\0{rel}\0".encode() + data).hexdigest()

    def _file(self, rel: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{_prefix(rel)}-{key}.pickle"

    def get(self, rel: str, key: str) -> object | None:
        """The value stored under ``key`` for ``rel``, or None (absent, unreadable, not ours)."""
        if self.folder is None:
            return None
        try:
            blob = self._file(rel, key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        value = _decode(blob, key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, rel: str, key: str, value: object) -> None:
        """Store ``value`` for ``rel`` under ``key`` (atomically), replacing ``rel``'s older entries.
        Nothing is raised: a cache that cannot be written is a cache that misses."""
        if self.folder is None:
            return
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            blob = b"".join([MAGIC, salt().encode(), b"\n", key.encode(), b"\n",
                             hashlib.sha256(payload).hexdigest().encode(), b"\n", payload])
            self.folder.mkdir(parents=True, exist_ok=True)
            target = self._file(rel, key)
            fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".pickle", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(blob)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            for old in self.folder.glob(f"{_prefix(rel)}-*.pickle"):
                if old != target:
                    old.unlink(missing_ok=True)
        except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return


def _prefix(rel: str) -> str:
    return hashlib.sha256(rel.encode()).hexdigest()[:16]


def _decode(blob: bytes, key: str) -> object | None:
    """The payload of an entry if its header and checksum are right, else None."""
    header = MAGIC + salt().encode() + b"\n" + key.encode() + b"\n"
    if not blob.startswith(header):
        return None
    digest, newline, payload = blob[len(header):].partition(b"\n")
    if not newline or hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    try:
        return pickle.loads(payload)  # noqa: S301 - our own output folder (see the module docstring)
    except Exception:  # noqa: BLE001 - whatever a damaged entry raises, it is a miss
        return None


def cached_reader(store: CheckCache, check_items: Callable[[DataFile], None], facts: bool = False) -> DataReader:
    """A data file reader (``load_sources``) that reuses what an unchanged file gave: its problems
    and its records as ``check_items`` validated them (``RawItem.checked``). With ``facts`` the
    services' records are left out (``slim``; kept in an entry of their own, read before the whole)."""
    def read(file: Path, rel: str) -> DataFile:
        try:
            data = file.read_bytes() if file.stat().st_size <= limits.YAML_FILE_BYTES else None
        except OSError:
            data = None
        if data is None:  # too large or unreadable: read as without a cache, for the same message
            return read_data_file(file, rel)
        if facts:
            slim_key = store.key("facts", rel, data)
            kept = store.get(rel + FACTS, slim_key)
            if isinstance(kept, DataFile) and kept.rel == rel:
                return kept
        key = store.key("data", rel, data)
        part = store.get(rel, key)
        if not (isinstance(part, DataFile) and part.rel == rel):
            part = read_data_file(file, rel, data)
            check_items(part)
            store.put(rel, key, part)
        if facts:
            part = slim(part)
            store.put(rel + FACTS, slim_key, part)
        return part

    return read


FACTS = "\0facts"  # an entry's name for the slim part of a data file (``slim``)


def slim(part: DataFile) -> DataFile:
    """``part`` without its services' records: each keeps its problems and facts (``check_items``)."""
    services = part.collections.get("services")
    if not services:
        return part
    items = [item if item.checked is None else RawItem(item.path, item.line, None, (None, *item.checked[1:]))
             for item in services]
    return replace(part, collections={**part.collections, "services": items})


@contextmanager
def language_answers(store: CheckCache) -> Iterator[None]:
    """``languages.problem``'s answers kept by the cache: when every tag is known, the IANA registry
    (langcodes, slow to import) is not loaded at all."""
    key = store.key("languages", "languages", b"")
    known = store.get("languages", key)
    if isinstance(known, dict):
        languages.learn(known)
    yield
    if languages.answers() != known:
        store.put("languages", key, languages.answers())


@contextmanager
def chapter_parses(store: CheckCache, bodies: list[str]) -> Iterator[None]:
    """The chapters' positioned parses (``positions.parse``) kept by the cache, by each body's digest:
    after an edit of a data file or of one chapter, the other chapters are not parsed again."""
    key = store.key("parses", "chapter-parses", b"")
    kept = store.get("chapter-parses", key)
    if isinstance(kept, dict):
        positions.learn(kept)
    yield
    now = positions.known(bodies)
    if now != kept:
        store.put("chapter-parses", key, now)
