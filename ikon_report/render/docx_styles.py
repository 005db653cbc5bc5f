"""Type sizes, spacing and page margins of the DOCX per typst template, so Word and LibreOffice
paginate like the PDF. ``reference.docx`` and ``frame.docx`` carry concept.typ's values; a
template listed here gets its own (the numbers mirror the ``#set`` rules of that template; a
test compares the margins with the template)."""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from ikon_report.render.docx_fonts import element

NOTO_LINE = 1.362  # Noto Sans/Serif's own line height (ascender + descender) in em
CAP = 0.714  # their cap height in em: typst's line box starts there


@dataclass(frozen=True)
class Typography:
    """What a typst template sets: body and table sizes (pt), leading and paragraph spacing (em),
    vertical cell insets of tables and fact sheets (pt), heading sizes and the space above and
    below them (pt)."""

    body: float
    table: float
    leading: float
    spacing: float
    table_inset: float
    keyvalue_inset: float
    headings: tuple[tuple[float, float, float], ...]  # (size, before, after) for levels 1–3
    margins: tuple[float, float, float, float]  # the body pages' (top, right, bottom, left), cm

    @property
    def line(self) -> int:
        """Word's line spacing (240ths of the font's own line) for typst's baseline pitch."""
        return round(240 * (CAP + self.leading) / NOTO_LINE)

    def cell_margin(self, inset: float, box: float = CAP) -> int:
        """Word's top/bottom cell margin (twips) for a typst inset: typst's line box is ``box``
        (cap height; 1.2 em in right-to-left tables, catalogue.typ), Word's the font's whole line."""
        return max(0, round(20 * (inset - (NOTO_LINE - box) * self.table / 2)))

    @property
    def after(self) -> float:
        """Space after a body paragraph: typst's paragraph spacing beyond the leading."""
        return (self.spacing - self.leading) * self.body


TYPOGRAPHY = {
    "catalogue.typ": Typography(body=10, table=8.5, leading=0.65, spacing=0.9, table_inset=4, keyvalue_inset=2.6,
                                headings=((18, 0, 8), (13, 8, 3), (11, 5, 1)), margins=(2.6, 2.3, 2.4, 2.3)),
}


def page_margins(doc: DocxDocument, template: str) -> None:
    """The page margins of ``template`` in the document's (last) section, before the landscape
    sections copy it (``docx_layout.complete_sections``); nothing for concept.typ's own."""
    typo = TYPOGRAPHY.get(template)
    margins = doc.element.body.find(f"{qn('w:sectPr')}/{qn('w:pgMar')}")
    if typo is None or margins is None:
        return
    for side, cm in zip(("top", "right", "bottom", "left"), typo.margins, strict=True):
        margins.set(qn(f"w:{side}"), str(Cm(cm).twips))


def _rpr_size(style: etree._Element, size: float) -> None:
    rpr = style.find(qn("w:rPr"))
    if rpr is None:
        return
    for tag in ("w:sz", "w:szCs"):
        node = rpr.find(qn(tag))
        if node is not None:
            node.set(qn("w:val"), str(round(size * 2)))


def _spacing(node: etree._Element, **values: str) -> None:
    for key, value in values.items():
        node.set(qn(f"w:{key}"), value)


RTL_TABLE_BOX = 1.2  # catalogue.typ: top-edge 0.9 em, bottom-edge -0.3 em in right-to-left tables


def apply_typography(doc: DocxDocument, template: str, rtl: bool = False) -> None:
    """Set the styles to ``template``'s sizes and spacing (nothing for concept.typ's own)."""
    typo = TYPOGRAPHY.get(template)
    if typo is None:
        return
    root = doc.styles.element
    defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
    if defaults is not None:
        _rpr_size(defaults, typo.body)
    for spacing in root.iter(qn("w:spacing")):
        if spacing.get(qn("w:line")) and spacing.get(qn("w:lineRule")) == "auto" and spacing.get(qn("w:line")) != "240":
            spacing.set(qn("w:line"), str(typo.line))
    styles = {s.get(qn("w:styleId")): s for s in root.iter(qn("w:style"))}
    for style_id in ("Table", "KeyValueTable"):
        if style_id in styles:
            _rpr_size(styles[style_id], typo.table)
    body = styles.get("BodyText")
    ppr = body.find(qn("w:pPr")) if body is not None else None
    spacing = ppr.find(qn("w:spacing")) if ppr is not None else None
    if spacing is not None:
        _spacing(spacing, after=str(round(typo.after * 20)))
    for style_id, inset in (("Table", typo.table_inset), ("KeyValueTable", typo.keyvalue_inset)):
        style = styles.get(style_id)
        margins = style.find(f"{qn('w:tblPr')}/{qn('w:tblCellMar')}") if style is not None else None
        if margins is None:
            continue
        for side in ("w:top", "w:bottom"):
            cell = margins.find(qn(side))
            if cell is None:
                cell = element(side, margins)
            cell.set(qn("w:w"), str(typo.cell_margin(inset, RTL_TABLE_BOX if rtl else CAP)))
            cell.set(qn("w:type"), "dxa")
    for level, (size, before, after) in enumerate(typo.headings, 1):
        heading = styles.get(f"Heading{level}")
        if heading is None:
            continue
        _rpr_size(heading, size)
        found = heading.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        if found is not None:
            _spacing(found, before=str(round(before * 20)), after=str(round(after * 20)))


UPRIGHT = ("Angebotszeile",)  # paragraph styles that set emphasis upright (catalogue.typ's profiles)


def upright_emphasis(doc: DocxDocument) -> None:
    """Emphasis in ``UPRIGHT`` paragraphs is set by the style, not in italics (pandoc writes
    emphasis as direct formatting, which a style cannot undo)."""
    for style in doc.element.body.iter(qn("w:pStyle")):
        if style.get(qn("w:val")) not in UPRIGHT:
            continue
        paragraph = style.getparent().getparent()
        for rpr in paragraph.iter(qn("w:rPr")):
            for flag in rpr.findall(qn("w:i")) + rpr.findall(qn("w:iCs")):
                rpr.remove(flag)
