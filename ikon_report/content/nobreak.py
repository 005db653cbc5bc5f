"""What never breaks across lines: record ids (``M-BIL-02``) and German dates (``31. Dezember 2019``).

One pass over a document's blocks before rendering (both formats): a known id standing as text
becomes an id span (typst sets it in a ``box``, the DOCX writer uses Word's non-breaking hyphen),
and a date becomes a ``nobreak`` span with no-break spaces (typst: a ``box``, never hyphenated).
The id's characters stay ASCII, so search and copy still find ``M-BIL-02``.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ikon_report import german
from ikon_report import pandoc_ast as a

NBSP = "\u00a0"
DAY = re.compile(r"^(\(?)(\d{1,2}\.)$")
MONTH = set(german.MONTHS)
YEAR = re.compile(r"^\d{4}\W*$")
EDGE = re.compile(r"^(\W*?)([A-Za-z][A-Za-z0-9_-]*[A-Za-z0-9])(\W*)$")


def bind(blocks: list[a.Node], ids: Collection[str]) -> list[a.Node]:
    """``blocks`` with ids and dates bound (in place; running it twice changes nothing)."""
    hyphenated = frozenset(i for i in ids if "-" in i)
    _walk(blocks, hyphenated)
    return blocks


def _walk(node: object, ids: frozenset[str]) -> None:
    if isinstance(node, list):
        if node and isinstance(node[0], dict) and "t" in node[0]:
            _inlines(node, ids)
        for item in node:
            _walk(item, ids)
    elif isinstance(node, dict):
        if a.is_a(node, "Span") and {"id", "nobreak"} & set(a.classes(node)):
            return  # already bound
        content = node.get("c")
        if isinstance(content, list):
            _walk(content, ids)


def _inlines(items: list, ids: frozenset[str]) -> None:
    """Dates joined with no-break spaces, ids wrapped, in one list of inlines."""
    i = 0
    while i < len(items):
        node = items[i]
        if isinstance(node, dict) and node.get("t") == "Str":
            if DAY.match(node["c"]) and _space(items, i + 1) and _word(_str(items, i + 2)) in MONTH:
                end = i + 4 if _space(items, i + 3) and YEAR.match(_str(items, i + 4) or "") else i + 2
                date = NBSP.join(items[k]["c"] for k in range(i, end + 1, 2))
                items[i:end + 1] = [a.span(date, classes=["nobreak"])]
            elif ids and (m := EDGE.match(node["c"])) and m.group(2) in ids:
                before, ident, after = m.groups()
                items[i:i + 1] = [*([{"t": "Str", "c": before}] if before else []), a.record_id(ident),
                                  *([{"t": "Str", "c": after}] if after else [])]
                i += bool(before) + bool(after)
        i += 1


def _word(text: str | None) -> str:
    return (text or "").rstrip(",.;:)")


def _str(items: list, i: int) -> str | None:
    node = items[i] if i < len(items) else None
    return node["c"] if isinstance(node, dict) and node.get("t") == "Str" else None


def _space(items: list, i: int) -> bool:
    return i < len(items) and isinstance(items[i], dict) and items[i].get("t") == "Space"
