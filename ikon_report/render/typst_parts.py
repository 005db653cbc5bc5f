"""pandoc's typst markup per section, kept by content hash: a rebuild converts only what changed.

A document's blocks are cut before each level-1 heading (a chapter, a measure profile section …).
Every section not in the cache is prepared for typst (``escaping.for_typst``) and converted in *one*
pandoc call with the template, a separator paragraph before each section and one after the last;
the output between separators is each section's markup, what is outside them the document's frame
(template, cover, metadata). pandoc's typst writer and the Lua filter are local to a block (labels,
references, numbering and footnotes are typst's work at compile time, over the whole document), so
the sections put back between the frame are the markup of the whole document converted at once
(tests/test_watch.py compares them with a cold build's for every document of both example projects).
Used where a typst compiler is kept warm in the process (``watch``, ``preview``); a one-shot
``build`` converts each document whole.

The cache lives in the edition's staging folder (``OUT/.cache/work/STEM/parts``); entries this
conversion did not use are removed, so it holds one document's sections.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from ikon_report import __version__
from ikon_report import pandoc_ast as a
from ikon_report.escaping import for_typst
from ikon_report.tools import pandoc, pandoc_path

SEPARATOR = "ikontypstpartseparator7c3e91"  # no text of a document has it (else: converted whole)


def sections(blocks: list[a.Node]) -> list[list[a.Node]]:
    """``blocks`` cut before each level-1 heading (what comes before the first is a section too)."""
    cuts = [0] + [i for i, b in enumerate(blocks) if i and a.is_a(b, "Header") and a.level(b) == 1] + [len(blocks)]
    return [blocks[start:end] for start, end in zip(cuts, cuts[1:], strict=False) if end > start]


Entry = tuple[str, str]  # a section's markup and its prepared blocks as JSON (a frame: head and tail)


class TypstParts:
    """Typst markup of sections (and frames) in ``folder``, keyed by a hash of their input and
    of the code that converts them; ``convert`` gives a document's markup."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def convert(self, blocks: list[a.Node], meta: dict, args: list[str], keep: Path | None = None) -> str:
        """The typst markup of the document ``blocks`` with (prepared) metadata ``meta``, as
        ``pandoc args`` would write it; ``keep`` as for ``tools.pandoc`` (the whole document)."""
        salt = _salt(args)
        frame_key = _hash(salt, json.dumps([args, meta], sort_keys=True))
        parts = sections(blocks)
        keys = [_hash(salt, json.dumps(part, ensure_ascii=False, check_circular=False)) for part in parts]
        found = {key: self._read(key) for key in {*keys, frame_key}}
        missing = [i for i, key in enumerate(keys) if found[key] is None]
        if missing or found[frame_key] is None:
            prepared = {i: json.dumps(for_typst(parts[i])) for i in missing}
            marker = json.dumps({"t": "Para", "c": [{"t": "Str", "c": SEPARATOR}]})
            body = [f"{marker},{prepared[i][1:-1]}" for i in missing] + [marker]
            out = pandoc(args, _document(meta, body)).decode("utf-8")
            pieces = out.split(SEPARATOR)
            if len(pieces) != len(missing) + 2 or not all(piece.startswith("\n\n") for piece in pieces[1:-1]):
                return self._whole(parts, meta, args, keep)  # a text holds the separator: no reuse
            found[frame_key] = self._write(frame_key, (pieces[0], pieces[-1]))
            for i, piece in zip(missing, pieces[1:-1], strict=True):
                found[keys[i]] = self._write(keys[i], (piece[2:], prepared[i]))
        self._prune({*keys, frame_key})
        (head, tail), entries = found[frame_key] or ("", ""), [found[key] or ("", "[]") for key in keys]
        if keep is not None:
            _keep(keep, _document(meta, [prepared_json[1:-1] for _, prepared_json in entries]), args)
        # pandoc ends the body without the blank line that follows each block in it
        return head + "".join(markup for markup, _ in entries).rstrip("\n") + tail

    def _whole(self, parts: list[list[a.Node]], meta: dict, args: list[str], keep: Path | None) -> str:
        doc = {"pandoc-api-version": a.API_VERSION, "meta": meta,
               "blocks": for_typst([block for part in parts for block in part])}
        return pandoc(args, json.dumps(doc), keep=keep).decode("utf-8")

    def _read(self, key: str) -> Entry | None:
        """An entry (markup, prepared blocks' JSON), or None if absent or damaged."""
        try:
            entry = json.loads((self.folder / key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        ok = isinstance(entry, list) and len(entry) == 2 and all(isinstance(x, str) for x in entry)
        return (entry[0], entry[1]) if ok else None

    def _write(self, key: str, entry: Entry) -> Entry:
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.folder / f".{key}.tmp"
        temp.write_text(json.dumps(entry), encoding="utf-8")
        temp.replace(self.folder / key)  # a reader sees a whole entry or none
        return entry

    def _prune(self, used: set[str]) -> None:
        for entry in self.folder.iterdir() if self.folder.is_dir() else ():
            if entry.name not in used:
                entry.unlink(missing_ok=True)


def _document(meta: dict, blocks: list[str]) -> str:
    """A pandoc document's JSON with ``blocks`` given as JSON texts of block sequences."""
    return (json.dumps({"pandoc-api-version": a.API_VERSION, "meta": meta})[:-1]
            + ', "blocks": [' + ",".join(blocks) + "]}")


def _keep(keep: Path, data: str, args: list[str]) -> None:
    """What ``tools.pandoc`` keeps for inspection and the benchmark's floor: the whole document."""
    keep.parent.mkdir(parents=True, exist_ok=True)
    Path(f"{keep}.pandoc.json").write_text(data, encoding="utf-8")
    Path(f"{keep}.pandoc-args.json").write_text(json.dumps(args, ensure_ascii=False), encoding="utf-8")


def _hash(*texts: str) -> str:
    h = hashlib.sha256()
    for text in texts:
        h.update(text.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:40]


def _salt(args: list[str]) -> str:
    """What else decides the markup: the Lua filter and template named in ``args``, the preparing
    code (escaping, the AST helpers, this module) and the pandoc binary."""
    files = [arg for arg in args if arg.endswith((".lua", ".typ"))]
    import ikon_report.escaping

    files += [ikon_report.escaping.__file__, a.__file__, __file__]
    binary = Path(pandoc_path())
    stat = binary.stat()
    return _hash(__version__, f"{binary}:{stat.st_size}:{stat.st_mtime_ns}", *(_digest(*_stat(f)) for f in files))


def _stat(file: str) -> tuple[str, int, int]:
    stat = Path(file).stat()
    return file, stat.st_size, stat.st_mtime_ns


@lru_cache(maxsize=64)
def _digest(file: str, _size: int, _mtime: int) -> str:
    """A file's digest, read once per (path, size, modification time)."""
    return hashlib.sha256(Path(file).read_bytes()).hexdigest()
