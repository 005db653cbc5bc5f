"""The one mark of illustrative content — invented example items — where the item stands.

Every document uses the same mark, „[Beispiel]“ (in a translated catalogue edition the word of
its language), set small after the item's text: a record's title, a table cell, a caption, a
point, a number. A document that shows a mark starts with a one-line legend. Final builds
refuse illustrative items (``project/final.py``), so final documents show neither.
"""

from __future__ import annotations

from collections.abc import Sequence

from ikon_report import pandoc_ast as a
from ikon_report.project.model import Item, Note

MARK_CLASS = "illustrative-mark"  # typst: ikon-mark, DOCX: character style „Beispielmarke“
LEGEND_CLASS = "illustrative-legend"  # typst: ikon-legend, DOCX: paragraph style LEGEND_STYLE
LEGEND_STYLE = "Legende"
WORD = "Beispiel"
LEGEND = "„[Beispiel]“ kennzeichnet erfundene Beispielinhalte; sie werden vor der Endfassung ersetzt."


def mark(word: str = WORD) -> a.Node:
    """The mark itself: a bracketed word, as text (searchable, read by screen readers)."""
    return a.span(f"[{word}]", classes=[MARK_CLASS], custom_style="Beispielmarke")


def marked(inlines: Sequence[a.Node] | str, item: Item | None, key: str | None = None,
           word: str = WORD) -> list[a.Node]:
    """``inlines`` followed by the mark when ``item`` is illustrative (``key`` None) or when the
    value of its ``key`` is; a wholly illustrative item is marked once, not at each value."""
    nodes = a.text(inlines) if isinstance(inlines, str) else list(inlines)
    if item is not None and item.is_illustrative(key):
        nodes += [{"t": "Space"}, mark(word)]
    return nodes


def invented(item: Item, key: str | None = None) -> bool:
    """The item is illustrative as a whole, or the value of ``key`` is."""
    return item.is_illustrative() or (key is not None and item.is_illustrative(key))


def mark_if(inlines: Sequence[a.Node] | str, flag: bool, word: str = WORD) -> list[a.Node]:
    """``inlines`` with the mark when ``flag``: for values derived from illustrative items (sums)."""
    nodes = a.text(inlines) if isinstance(inlines, str) else list(inlines)
    return [*nodes, {"t": "Space"}, mark(word)] if flag else nodes


def marked_paras(text: str, item: Item, key: str | None = None, word: str = WORD) -> list[a.Node]:
    """Paragraphs of a multi-paragraph text, the mark at the end of the last one."""
    paras = a.paras(text)
    if paras and item.is_illustrative(key):
        a.inlines_of(paras[-1]).extend([{"t": "Space"}, mark(word)])
    return paras


def marked_points(points: Sequence[Note], word: str = WORD) -> list[list[a.Node]]:
    """List items (``Note`` points) with their marks."""
    return [marked(p.text, p, word=word) for p in points]


def mark_passages(node: object, word: str = WORD) -> None:
    """Chapter Markdown marks passages ``[…]{.illustrative}`` and blocks ``::: illustrative``:
    each gets the mark at its end (in place)."""
    if isinstance(node, list):
        for item in node:
            mark_passages(item, word)
        return
    if not isinstance(node, dict) or "c" not in node:
        return
    mark_passages(node["c"], word)
    if a.is_a(node, "Span") and "illustrative" in a.classes(node):
        a.inlines_of(node).extend([{"t": "Space"}, mark(word)])
    elif a.is_a(node, "Div") and "illustrative" in a.classes(node):
        last = next((b for b in reversed(a.div_blocks(node)) if a.is_a(b, "Para", "Plain")), None)
        if last is None:
            a.div_blocks(node).append(a.para([mark(word)]))
        else:
            a.inlines_of(last).extend([{"t": "Space"}, mark(word)])


def has_mark(node: object) -> bool:
    """Whether any mark stands in ``node`` (blocks, inlines)."""
    if isinstance(node, list):
        return any(has_mark(item) for item in node)
    if not isinstance(node, dict):
        return False
    if a.is_a(node, "Span") and MARK_CLASS in a.classes(node):
        return True
    content = node.get("c")
    return isinstance(content, list) and has_mark(content)


def legend_block(legend: str = LEGEND) -> a.Node:
    """The one-line legend of the mark."""
    return a.div([a.para(legend)], classes=[LEGEND_CLASS], custom_style=LEGEND_STYLE)


def with_legend(blocks: list[a.Node], legend: str = LEGEND) -> list[a.Node]:
    """``blocks`` with the legend in front if any mark stands in them, unless the document placed
    the legend itself (a committee paper: below its form)."""
    if not has_mark(blocks) or any(a.is_a(b, "Div") and LEGEND_CLASS in a.classes(b) for b in blocks):
        return blocks
    return [legend_block(legend), *blocks]
