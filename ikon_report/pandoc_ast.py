"""Build pandoc AST (JSON) nodes from Python, so data text is always a ``Str``, never markup.

Only chapter bodies are parsed as Markdown (by pandoc, raw HTML/TeX disabled); everything
coming from YAML goes through ``text()`` and friends and cannot turn into markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypedDict

API_VERSION = [1, 23, 1]
Node = dict
Attr = list


class Citation(TypedDict):
    """One key of a ``Cite`` (pandoc-types 1.23)."""

    citationId: str
    citationPrefix: list[Node]
    citationSuffix: list[Node]
    citationMode: Node
    citationNoteNum: int
    citationHash: int


_WS = re.compile(r"([^\S\u00a0\u2007\u202f]+)")  # no-break spaces stay inside a word
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def attr(ident: str = "", classes: Sequence[str] = (), **kv: str) -> Attr:
    return [ident, list(classes), [[k.replace("_", "-"), v] for k, v in kv.items()]]


def text(value: object) -> list[Node]:
    """Inlines for a plain string: words as ``Str``, whitespace as ``Space``/``SoftBreak``."""
    out: list[Node] = []
    for part in _WS.split(_BAD_CHARS.sub("", str(value))):
        if not part:
            continue
        if part.isspace():
            out.append({"t": "Space"})
        else:
            out.append({"t": "Str", "c": part})
    return out


def lines(value: object) -> list[Node]:
    """Inlines for a text whose line breaks are kept (an address, opening hours): a ``LineBreak``
    at each newline, other whitespace as in ``text``."""
    out: list[Node] = []
    for n, line in enumerate(re.split(r"\r\n|[\n\r\u2028]", str(value))):
        out += [line_break()] if n else []
        out += text(line.strip())
    return out


def strong(inlines: list[Node] | str) -> Node:
    return {"t": "Strong", "c": _inl(inlines)}


def emph(inlines: list[Node] | str) -> Node:
    return {"t": "Emph", "c": _inl(inlines)}


def quoted(inlines: list[Node] | str) -> Node:
    """German quotation marks „…“ as literal characters (same in DOCX and PDF)."""
    return {"t": "Span", "c": [attr(), [{"t": "Str", "c": "„"}, *_inl(inlines), {"t": "Str", "c": "“"}]]}


def span(inlines: list[Node] | str, ident: str = "", classes: Sequence[str] = (), **kv: str) -> Node:
    return {"t": "Span", "c": [attr(ident, classes, **kv), _inl(inlines)]}


def link(inlines: list[Node] | str, target: str, title: str = "") -> Node:
    return {"t": "Link", "c": [attr(), _inl(inlines), [target, title]]}


def image(path: str, alt: str, width: str | None = None) -> Node:
    kv = {"width": width} if width else {}
    return {"t": "Image", "c": [attr(**kv), text(alt), [path, ""]]}


def line_break() -> Node:
    return {"t": "LineBreak"}


def _inl(value: list[Node] | str) -> list[Node]:
    return text(value) if isinstance(value, str) else value


def para(inlines: list[Node] | str) -> Node:
    return {"t": "Para", "c": _inl(inlines)}


def plain(inlines: list[Node] | str) -> Node:
    return {"t": "Plain", "c": _inl(inlines)}


def paras(value: str) -> list[Node]:
    """Paragraphs for a multi-paragraph data string (blank lines separate them)."""
    return [para(chunk) for chunk in re.split(r"\n\s*\n", value.strip()) if chunk.strip()]


def header(level: int, inlines: list[Node] | str, ident: str = "", classes: Sequence[str] = ()) -> Node:
    return {"t": "Header", "c": [level, attr(ident, classes), _inl(inlines)]}


def div(blocks: list[Node], ident: str = "", classes: Sequence[str] = (), **kv: str) -> Node:
    return {"t": "Div", "c": [attr(ident, classes, **kv), blocks]}


def bullets(items: Iterable[list[Node] | str | Node]) -> Node:
    return {"t": "BulletList", "c": [[_item(i)] for i in items]}


def numbered(items: Iterable[list[Node] | str | Node]) -> Node:
    return {"t": "OrderedList", "c": [[1, {"t": "Decimal"}, {"t": "Period"}], [[_item(i)] for i in items]]}


def _item(value: list[Node] | str | Node) -> Node:
    if isinstance(value, dict):
        return value if value.get("t") in BLOCK_TYPES else plain([value])
    return plain(value)


def raw_block(fmt: str, content: str) -> Node:
    return {"t": "RawBlock", "c": [fmt, content]}


def figure(ident: str, caption: list[Node] | str, body: list[Node], classes: Sequence[str] = ()) -> Node:
    return {"t": "Figure", "c": [attr(ident, classes), [None, [plain(caption)]], body]}


Cell = list[Node] | str | Node


def table(
    head: Sequence[Cell],
    rows: Sequence[Sequence[Cell]],
    *,
    caption: list[Node] | str | None = None,
    ident: str = "",
    widths: Sequence[float] | None = None,
    align: Sequence[str] | None = None,
    classes: Sequence[str] = (),
    foot: Cell | None = None,
    style: str | None = None,
) -> Node:
    """A pandoc table; ``align`` items are 'l', 'r', 'c'; an empty ``head`` means no header row;
    ``foot`` is one cell across all columns below the body (typst repeats it on every page);
    ``style`` names the DOCX table style (default: the reference document's „Table“)."""
    n = len(head) if head else len(rows[0]) if rows else 1
    aligns = {"l": "AlignLeft", "r": "AlignRight", "c": "AlignCenter"}
    colspecs = [
        [{"t": aligns[(align or "l" * n)[i]]},
         {"t": "ColWidth", "c": widths[i]} if widths else {"t": "ColWidthDefault"}]
        for i in range(n)
    ]
    cap = [None, [plain(caption)]] if caption else [None, []]
    head_rows = [_row(head)] if head else []
    foot_rows = [] if foot is None else [[attr(), [[*_cell(foot)[:3], n, _cell(foot)[4]]]]]
    attrs = attr(ident, classes, **({"custom_style": style} if style else {}))
    return {"t": "Table", "c": [attrs, cap, colspecs, [attr(), head_rows],
                                [[attr(), 0, [], [_row(r) for r in rows]]], [attr(), foot_rows]]}


def _row(cells: Sequence[Cell]) -> list:
    return [attr(), [_cell(c) for c in cells]]


def _cell(value: Cell) -> list:
    if isinstance(value, dict):
        blocks = [value] if value.get("t") in BLOCK_TYPES else [plain([value])]
    elif isinstance(value, list) and value and value[0].get("t") in BLOCK_TYPES:
        blocks = value
    else:
        blocks = [plain(value)] if value else []
    return [attr(), {"t": "AlignDefault"}, 1, 1, blocks]


BLOCK_TYPES = {"Para", "Plain", "BulletList", "OrderedList", "Div", "Table", "Header", "RawBlock", "Figure",
               "BlockQuote"}


PORTRAIT_END = '<w:p><w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr></w:p>'
LANDSCAPE_END = ('<w:p><w:pPr><w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr>'
                 "</w:pPr></w:p>")
PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def landscape(blocks: list[Node]) -> Node:
    """Blocks on landscape pages: a typst ``page(flipped: true)``, a DOCX section of its own
    (the DOCX renderer completes the section properties with header, footer and margins)."""
    return div([raw_block("openxml", PORTRAIT_END), *blocks, raw_block("openxml", LANDSCAPE_END)],
               classes=["landscape"])


def page_break() -> Node:
    """Start a new page (weakly in typst: no empty page if one just started)."""
    return div([raw_block("openxml", PAGE_BREAK)], classes=["pagebreak"])


KEYVALUE_STYLE = "Key Value Table"  # its DOCX table style (templates/reference.docx)


def keyvalue(rows: Sequence[tuple[str, Cell]], widths: Sequence[float] = (0.25, 0.75)) -> Node:
    """A fact-sheet block: bold keys on the left, values on the right, no header row."""
    body = [[[strong(key)], value] for key, value in rows]
    return div([table([], body, widths=widths, style=KEYVALUE_STYLE)], classes=["keyvalue"])


def record_id(ident: str, *, anchor: bool = False, link: bool = False) -> Node:
    """A record id that never breaks at its hyphens; optionally the link target or a link to it."""
    node = span(ident, ident if anchor else "", classes=["id"])
    return {"t": "Link", "c": [attr(), [node], ["#" + ident, ""]]} if link else node


def cite(ident: str) -> Node:
    """A reference to a record, chapter or section, as pandoc reads ``[@ident]``."""
    citation: Citation = {"citationId": ident, "citationPrefix": [], "citationSuffix": [],
                          "citationMode": {"t": "NormalCitation"}, "citationNoteNum": 0, "citationHash": 0}
    return {"t": "Cite", "c": [[citation], []]}


def document(blocks: list[Node], meta: dict[str, str] | None = None) -> Node:
    """A whole pandoc document; ``meta`` values become plain-text metadata."""
    return {
        "pandoc-api-version": API_VERSION,
        "meta": {k: {"t": "MetaInlines", "c": text(v)} for k, v in (meta or {}).items()},
        "blocks": blocks,
    }


def stringify(nodes: object) -> str:
    """Plain text of inlines/blocks (for captions, TOC entries, alt text and tests); iterative, so
    any depth of nesting is fine."""
    out: list[str] = []
    stack = [nodes]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if node.get("t") == "Str":
                out.append(node["c"])
            elif node.get("t") in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif "c" in node:
                stack.append(node["c"])
    return "".join(out)


# ---- reading and changing nodes: where pandoc's JSON keeps each part, in one place ----------------

_ATTR_AT = {"Header": 1, "Div": 0, "Span": 0, "Table": 0, "Figure": 0, "Image": 0, "Link": 0, "Code": 0,
            "CodeBlock": 0}
ATTRIBUTED = tuple(_ATTR_AT)  # the kinds of element that have an id, classes and attributes
_CAPTIONED = ("Table", "Figure")


def kind(node: Node) -> str:
    """The node's type: ``Header``, ``Para``, ``Str`` …"""
    return str(node["t"])


def is_a(node: object, *kinds: str) -> bool:
    return isinstance(node, dict) and node.get("t") in kinds


def has_attr(node: object) -> bool:
    return isinstance(node, dict) and node.get("t") in _ATTR_AT


def attr_of(node: Node) -> Attr:
    """``[id, classes, key-value pairs]`` of a node that has attributes."""
    return node["c"][_ATTR_AT[kind(node)]]


def ident(node: Node) -> str:
    return str(attr_of(node)[0])


def classes(node: Node) -> list[str]:
    """The node's classes (the list itself: appending adds a class)."""
    return attr_of(node)[1]


def level(header: Node) -> int:
    return int(header["c"][0])


def set_level(header: Node, value: int) -> None:
    header["c"][0] = value


_INLINES_AT = {"Header": 2, "Span": 1, "Link": 1, "Image": 1, "Quoted": 1}


def inlines_of(node: Node) -> list[Node]:
    """The inlines of a ``Header``, ``Span``, ``Link`` or ``Image`` (its text), or the content of a
    ``Para``, ``Plain``, ``Emph`` … (the list itself: extending it adds inlines)."""
    at = _INLINES_AT.get(kind(node))
    return node["c"] if at is None else node["c"][at]


def quote_kind(quoted: Node) -> str:
    """``DoubleQuote`` or ``SingleQuote``."""
    return str(quoted["c"][0]["t"])


def set_header_inlines(header: Node, inlines: list[Node]) -> None:
    header["c"][2] = inlines


def div_blocks(div: Node) -> list[Node]:
    return div["c"][1]


def target(node: Node) -> str:
    """The URL or path of an ``Image`` or ``Link``."""
    return str(node["c"][2][0])


def set_target(node: Node, value: str) -> None:
    node["c"][2][0] = value


def literal(node: Node) -> str:
    """The text of a ``Str``, or the content of ``Code``, ``CodeBlock``, ``Math``, ``RawInline`` …"""
    return node["c"] if kind(node) == "Str" else str(node["c"][-1])


def citations(node: Node) -> list[Citation]:
    """The keys of a ``Cite``, in order."""
    return node["c"][0]


def caption(node: Node) -> list[Node] | None:
    """The caption text of a ``Table`` or ``Figure`` (``None`` without a caption)."""
    blocks = node["c"][1][1] if kind(node) in _CAPTIONED else []
    return inlines_of(blocks[0]) if blocks else None


def set_caption(node: Node, inlines: list[Node]) -> None:
    node["c"][1][1][0]["c"] = inlines


def walk(node: object) -> Iterator[Node]:
    """Every node below (and including) ``node`` in document order, at any depth."""
    if isinstance(node, list):
        for item in node:
            yield from walk(item)
    elif isinstance(node, dict):
        if "t" in node:
            yield node
        for value in node.values():
            if isinstance(value, list | dict):
                yield from walk(value)


def replace_cites(node: Any, inlines: Callable[[Node], list[Node]]) -> Any:
    """``node`` (changed in place) with every ``Cite`` replaced by the inlines ``inlines(cite)`` returns."""
    if isinstance(node, list):
        out: list[Any] = []
        for item in node:
            if isinstance(item, dict) and is_a(item, "Cite"):
                out.extend(inlines(item))
            else:
                out.append(replace_cites(item, inlines))
        return out
    if isinstance(node, dict) and "c" in node:
        node["c"] = replace_cites(node["c"], inlines)
    return node


def replace_text(node: Any, old: str, new: str) -> Any:
    """``node`` with ``old`` replaced by ``new`` in every string (text, code, targets, attributes)."""
    if isinstance(node, str):
        return node.replace(old, new)
    if isinstance(node, list):
        return [replace_text(item, old, new) for item in node]
    if isinstance(node, dict):
        return {key: replace_text(value, old, new) for key, value in node.items()}
    return node
