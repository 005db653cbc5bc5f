"""Build pandoc AST (JSON) nodes from Python, so data text is always a ``Str``, never markup.

Only chapter bodies are parsed as Markdown (by pandoc, raw HTML/TeX disabled); everything
coming from YAML goes through ``text()`` and friends and cannot turn into markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

API_VERSION = [1, 23, 1]
Node = dict
Attr = list

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
) -> Node:
    """A pandoc table; ``align`` items are 'l', 'r', 'c'; an empty ``head`` means no header row;
    ``foot`` is one cell across all columns below the body (typst repeats it on every page)."""
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
    return {"t": "Table", "c": [attr(ident, classes), cap, colspecs, [attr(), head_rows],
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


def keyvalue(rows: Sequence[tuple[str, Cell]]) -> Node:
    """A fact-sheet block: bold keys on the left, values on the right, no header row."""
    body = [[[strong(key)], value] for key, value in rows]
    return div([table([], body, widths=[0.25, 0.75])], classes=["keyvalue"])


def record_id(ident: str, *, anchor: bool = False, link: bool = False) -> Node:
    """A record id that never breaks at its hyphens; optionally the link target or a link to it."""
    node = span(ident, ident if anchor else "", classes=["id"])
    return {"t": "Link", "c": [attr(), [node], ["#" + ident, ""]]} if link else node


def document(blocks: list[Node], meta: dict[str, str] | None = None) -> Node:
    """A whole pandoc document; ``meta`` values become plain-text metadata."""
    return {
        "pandoc-api-version": API_VERSION,
        "meta": {k: {"t": "MetaInlines", "c": text(v)} for k, v in (meta or {}).items()},
        "blocks": blocks,
    }


def stringify(nodes: object) -> str:
    """Plain text of inlines/blocks (for captions, TOC entries and tests)."""
    out: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            t = node.get("t")
            if t == "Str":
                out.append(node["c"])
            elif t in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif "c" in node:
                walk(node["c"])

    walk(nodes)
    return "".join(out)
