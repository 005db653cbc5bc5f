"""The whole check's answer, kept by the digest of every input: a check with nothing changed
answers from it without reading a single YAML file or importing the model.

``OUT/.cache/check/result.json`` holds the problems of the last check that found no error, with
the digest of what it read: ``ikon.yaml``, every file below ``data/``, ``chapters/``, ``i18n/``,
``templates/`` and ``assets/`` (with the target of each link), the images the project named
wherever they lie, the project folder's path, and the salt of the check cache (tool version,
package code, library versions). Like ``build``'s no-change path (``uptodate.py``) the bytes are
hashed, timestamps are not trusted; the digest is taken before reading, so an edit made while
checking is never mistaken for what the answer shows. A check that found an error keeps no answer
(its next run reads through the per-file cache, where a fix is found at once). A missing, damaged
or foreign answer is a miss, never an error; one that cannot be written is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path

from ikon_report import __version__, resources
from ikon_report.errors import Problem
from ikon_report.output import TMP_PREFIX
from ikon_report.output_set import CHECK_CACHE

FOLDER = CHECK_CACHE  # beside the per-file entries (check_cache.py)
NAME = "result.json"
FORMAT = 1
LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "pypandoc-binary", "langcodes", "babel")
FOLDERS = ("data", "chapters", "i18n", "templates", "assets")  # read whole (a superset of what check reads)


@cache
def salt() -> str:
    """What every cached answer depends on besides the project: tool version, package code, library versions."""
    h = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    for name in LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=none\0".encode())
    for file in resources.code_files():
        if file.suffix in (".py", ".yaml", ".json", ".lua"):
            h.update(file.read_bytes())
    return h.hexdigest()


def _listing(root: Path) -> list[Path]:
    files = [root / "ikon.yaml"]
    for folder in FOLDERS:
        if (root / folder).is_dir():
            files += sorted(root / folder / name for name in _walk(root / folder))
    return files


def _walk(folder: Path) -> list[str]:
    """Every entry below ``folder`` (links listed, not followed), relative to it."""
    out = []
    for top, dirs, names in os.walk(folder):
        rel = os.path.relpath(top, folder)
        out += [os.path.join(rel, name) for name in [*dirs, *names]]
    return out


def _hash(h: hashlib._Hash, files: list[Path]) -> str:
    for file in files:
        h.update(f"\0{file}\0".encode())
        try:
            if file.is_symlink():
                h.update(f"link:{os.readlink(file)}\0".encode())
            h.update(file.read_bytes() if file.is_file() else b"\0other")
        except OSError:
            h.update(b"\0missing")
    return h.hexdigest()


def sources_digest(root: Path) -> str:
    """The digest of the project's files and the tool (not yet of the images it names)."""
    root = root.resolve()
    return _hash(hashlib.sha256(f"{FORMAT}\0{salt()}\0{root}".encode()), _listing(root))


def _combined(sources: str, root: Path, images: list[str]) -> str:
    return _hash(hashlib.sha256(sources.encode()), [root.resolve() / name for name in images])


def answer(folder: Path | None, root: Path, sources: str) -> list[Problem] | None:
    """The problems of the last check if nothing it read has changed since, else None."""
    if folder is None:
        return None
    try:
        entry = json.loads((folder / NAME).read_text(encoding="utf-8"))
        images = [str(name) for name in entry["images"]]
        if entry["format"] != FORMAT or _combined(sources, root, images) != entry["digest"]:
            return None
        return [Problem(str(p), int(line), "warning", str(message), str(column))
                for p, line, message, column in entry["warnings"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep(folder: Path | None, root: Path, sources: str, images: list[str], warnings: list[Problem]) -> None:
    """Remember a check that found no error (``sources``: the digest taken before it read anything)."""
    if folder is None or any(w.severity != "warning" for w in warnings):
        return
    entry = {"format": FORMAT, "digest": _combined(sources, root, images), "images": images,
             "warnings": [[w.path, w.line, w.message, w.column] for w in warnings]}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".json", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, ensure_ascii=False)
            os.replace(tmp, folder / NAME)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
