"""Text the shipped fonts cannot display, reported at ``path:line`` before typst fails on it.

Typst (PDF/UA) refuses such text with an error deep in generated markup; the DOCX would show
empty boxes on machines without a suitable font. A character needs a glyph in some font of
``assets/fonts``; a character with combining marks needs one font that has them all (typst does
not split a cluster across fonts); U+0000 and U+FEFF are never allowed in PDF/UA text. The fonts'
coverage is precomputed in ``assets/fonts/coverage.json`` (``python -m ikon_report.project.glyphs``
rewrites it; a test checks that it is current).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from ikon_report import resources
from ikon_report.errors import Problem
from ikon_report.project import model as m

COVERAGE = "coverage.json"  # precomputed for the package fonts
DISALLOWED = frozenset("\x00\ufeff")


def coverage_of(folder: Path) -> dict[str, list[list[int]]]:
    """Per font file, the code point ranges ``[first, last]`` it maps to a glyph."""
    from fontTools.ttLib import TTFont

    out = {}
    for font in sorted(folder.glob("*.[ot]tf")):
        ranges: list[list[int]] = []
        for cp in sorted(TTFont(str(font), lazy=True).getBestCmap()):
            if ranges and cp == ranges[-1][1] + 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
        out[font.name] = ranges
    return out


Coverage = tuple[frozenset[str], ...]


@lru_cache(maxsize=8)
def fonts(extra: Path | None = None) -> Coverage:
    """Per font, the characters it can show: the package's fonts (precomputed coverage) and the
    fonts of a project's own ``assets/fonts`` folder ``extra``."""
    ranges = list(json.loads(resources.font_file(COVERAGE).read_text()).values())
    if extra is not None:
        ranges += coverage_of(extra).values()
    return tuple(frozenset(chr(cp) for first, last in r for cp in range(first, last + 1)) for r in ranges)


@lru_cache(maxsize=8)
def displayable(extra: Path | None = None) -> frozenset[str]:
    """Every character some font can display, plus the ones that need no glyph."""
    return frozenset(set().union(*fonts(extra)) - DISALLOWED | set("\t\n\r"))


@lru_cache(maxsize=8)
def _marks(extra: Path | None = None) -> frozenset[str]:
    return frozenset(c for c in displayable(extra) if unicodedata.category(c) in ("Mn", "Me"))


def first_undisplayable(text: str, extra: Path | None = None) -> str | None:
    """The first character (or character with its marks) of ``text`` no font can display."""
    ok, marks = displayable(extra), _marks(extra)
    chars = set(text)
    if chars <= ok and not chars & marks:
        return None
    for i, char in enumerate(text):
        if char not in ok:
            return char
        if char in marks or i + 1 == len(text) or text[i + 1] not in marks:
            continue
        end = i + 1
        while end < len(text) and text[end] in marks:
            end += 1
        cluster = set(text[i:end])
        if not any(cluster <= font for font in fonts(extra)):
            return text[i:end]
    return None


def _strings(model: BaseModel, owner: m.Strict | None) -> Iterator[tuple[m.Strict | None, str, int | None, str]]:
    """(the record that has a position, key, list index, text) for every text inside ``model``;
    texts inside mappings get a dotted key (``labels.gender.female``)."""
    for name in type(model).model_fields:
        yield from _texts(getattr(model, name, None), owner, name, None)  # failed records may lack fields


def _texts(value: object, owner: m.Strict | None, key: str,
           index: int | None) -> Iterator[tuple[m.Strict | None, str, int | None, str]]:
    if isinstance(value, str):
        yield owner, key, index, value
    elif isinstance(value, BaseModel):
        yield from _strings(value, value if isinstance(value, m.Strict) and value.src else owner)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _texts(item, owner, key, n if index is None else index)
    elif isinstance(value, dict):
        for sub, item in value.items():
            yield from _texts(item, owner, f"{key}.{sub}", index)


def _where(src: m.Src, key: str, index: int | None) -> tuple[str, int, str]:
    """(the key as the file names it, its line, its column) for a dotted ``key``: the longest part
    the record's position knows, with or without the model's field name (a label file's positions
    are its label keys: ``labels.gender.female`` → ``gender.female``)."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        for start in (0, 1):
            known = ".".join(parts[start:end])
            if known and (known in src.keys or known in src.items):
                return known, src.line_of(known, index), src.column_of(known)
    return parts[0], src.line_of(parts[0], index), src.column_of(parts[0])


Used = tuple[frozenset[str], set[str]]  # collections, and the characters their records use


class RecordsNeeded(Exception):
    """The services' records are needed, not only their facts (``validate.load_project``)."""


def glyph_problems(p: m.IkonProject, used: Used | None = None, services: list[Problem] | None = None
                   ) -> list[Problem]:
    """Texts no font can show. Only when some character of the project (or a combining mark) may
    need it are the texts walked one by one; ``used``: the characters of some collections, known
    already (the check cache keeps them per file), so that only the rest is read for them.
    ``services``: when ``p`` lacks the services' records, their problems with the package's fonts
    (``record_glyph_problems``; ``RecordsNeeded`` if the project has fonts of its own)."""
    if services is not None and (used is None or "services" not in used[0]):
        raise RecordsNeeded
    extra = resources.project_font_dir(Path(p.root)) if p.root else None
    known, skip = (set(), set()) if used is None else (used[1], set(used[0]))
    chars = known | set(p.model_dump_json(exclude=skip))
    if chars <= displayable(extra) and not chars & _marks(extra):
        return []
    if services is not None and extra is not None:
        raise RecordsNeeded
    return [*_problems(_strings(p, None), extra), *(services or [])]


def record_glyph_problems(rec: m.Strict, chars: set[str] | None = None) -> list[Problem]:
    """``glyph_problems`` of one record with a position, with the package's fonts (the same as
    where the whole project's walk meets it). ``chars``: every character of its texts (of its
    dump's text values, a superset of what the walk reads), when known: if all are displayable
    and none is a combining mark, nothing is walked."""
    if chars is not None and chars <= displayable(None) and not chars & _marks(None):
        return []
    return list(_problems(_strings(rec, rec if rec.src else None), None))


def _problems(strings: Iterator[tuple[m.Strict | None, str, int | None, str]], extra: Path | None
              ) -> Iterator[Problem]:
    for owner, key, index, text in strings:
        bad = first_undisplayable(text, extra) if key not in ("root", "path", "file") else None  # paths are not printed
        if bad is None:
            continue
        column = ""
        if isinstance(owner, m.Chapter):
            path, line = owner.path, owner.body_line + text[: text.index(bad)].count("\n") if key == "body" else 1
        elif owner is not None and owner.src is not None:
            path = owner.src.path
            key, line, column = _where(owner.src, key, index)
        else:
            path, line = "ikon.yaml", 1
        codes = " ".join(f"U+{ord(c):04X}" for c in bad)
        names = ", ".join(unicodedata.name(c, "unnamed character") for c in bad)
        rid = f"labels {owner.tag}" if isinstance(owner, m.LabelFile) else getattr(owner, "id", None)
        label = f"{rid}: " if rid else ""
        yield Problem(path, line, "error", f"{label}'{key}' contains '{bad}' ({codes}: {names}), which "
                      "no shipped font can display; remove it or add a font that has it to the "
                      "project's assets/fonts folder", column)


if __name__ == "__main__":
    resources.font_file(COVERAGE).write_text(json.dumps(coverage_of(resources.package_dir("fonts")),
                                                   separators=(",", ":")) + "\n")
