"""The fast no-change path: one digest of every file a build reads, checked before parsing.

A build records in ``OUT/.cache/state.json`` (key ``INPUTS``) the digest of its sources
(``ikon.yaml``, everything below ``data/``, ``chapters/`` and ``i18n/``), of the images the project named,
of the templates and the package code, with the outputs it owns and its warnings. The next build
with the same options recomputes the digest (hashing bytes, not trusting timestamps) and, if it
matches and every output exists, stops there: no YAML, no validation, no heavy imports. Any
difference falls through to the normal build, which still skips editions per fingerprint.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from ikon_report import __version__, resources
from ikon_report.errors import Problem
from ikon_report.project.revisions import revision_id, version_folder

INPUTS = "_inputs"


def source_files(root: Path) -> list[Path]:
    """Every file the sources stage may read (a superset: all files below data/, chapters/ and i18n/)."""
    files = [root / "ikon.yaml"]
    for folder in ("data", "chapters", "i18n"):
        if (root / folder).is_dir():
            files += sorted(p for p in (root / folder).rglob("*") if p.is_file())
    return files


def _hash(h: hashlib._Hash, files: list[Path]) -> str:
    for file in files:
        h.update(f"\0{file}\0".encode())
        try:
            h.update(file.read_bytes())
        except OSError:
            h.update(b"\0missing")
    return h.hexdigest()


def sources_digest(root: Path, options: str) -> str:
    """Hash of the options, the sources, the templates and the code; taken before reading."""
    return _hash(hashlib.sha256(f"{__version__}\0{options}\0{code_digest(root)}".encode()), source_files(root))


def code_digest(root: Path) -> str:
    """Hash of the package's files and the project's template and font overrides. Each file's
    digest is read once per (path, size, modification time) in a process: ``watch`` builds twice a
    rebuild, and the package is ~10 MB (its fonts); the project's sources are always read."""
    h = hashlib.sha256()
    for file in resources.code_files() + resources.project_overrides(root):
        h.update(f"\0{file}\0".encode())
        try:
            stat = file.stat()
            h.update(_file_digest(str(file), stat.st_size, stat.st_mtime_ns))
        except OSError:
            h.update(b"\0missing")
    return h.hexdigest()


@lru_cache(maxsize=1024)
def _file_digest(file: str, _size: int, _mtime_ns: int) -> bytes:
    return hashlib.sha256(Path(file).read_bytes()).digest()


def _combined(sources: str, root: Path, images: list[str]) -> str:
    return _hash(hashlib.sha256(sources.encode()), [root / name for name in images])


def unchanged(state: dict, root: Path, out: Path, sources: str) -> list[Path] | None:
    """The outputs of the last build if nothing it read has changed since, else None."""
    last = state.get(INPUTS)
    if not isinstance(last, dict) or not last.get("targets") or last.get("final"):
        return None  # a final build always checks everything again (reviews, markers)
    if last.get("changes_since") and dependency_digest(last["changes_since"], root) != last.get("dependency"):
        return None
    targets = [out / name for name in last["targets"]]
    if not all(t.is_file() for t in targets) or _combined(sources, root, last.get("images", [])) != last.get("digest"):
        return None
    return targets


def warnings_of(state: dict) -> list[Problem]:
    return [Problem(*w) for w in state.get(INPUTS, {}).get("warnings", [])]


def record(state: dict, sources: str, root: Path, images: list[str], targets: list[Path],
           warnings: list[Problem], *, final: bool = False, changes_since: str | None = None) -> None:
    """Remember a finished build: ``sources`` was taken before reading, so an edit made while
    building is never mistaken for the state the outputs show."""
    state[INPUTS] = {"digest": _combined(sources, root, images), "images": images,
                     "targets": sorted(t.name for t in targets),
                     "warnings": [[w.path, w.line, w.severity, w.message] for w in warnings],
                     "final": final, "changes_since": changes_since,
                     "dependency": dependency_digest(changes_since, root) if changes_since else ""}


def dependency_digest(spec: str, root: Path) -> str:
    """The version ``changes_since`` names, cheaply: its folder's files, or a git revision's commit."""
    folder = version_folder(spec, root)
    if folder is not None:
        return _hash(hashlib.sha256(), source_files(folder.resolve()))
    return revision_id(spec, root) or f"unresolved:{spec}"
