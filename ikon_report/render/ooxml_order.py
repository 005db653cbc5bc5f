"""The schema's order of a paragraph's properties (``w:pPr``, ECMA-376 §17.3.1.26): Word refuses a
document whose properties stand out of order, so an added property goes before its successors."""

from __future__ import annotations

PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
             "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
             "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
             "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
             "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
             "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def ppr_after(tag: str) -> tuple[str, ...]:
    """The paragraph properties that follow ``tag`` (what ``insert_element_before`` needs)."""
    return PPR_ORDER[PPR_ORDER.index(tag) + 1:]
