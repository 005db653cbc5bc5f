"""DOCX layout of Leichte-Sprache editions: the shared styles made large, ragged right, unhyphenated.

Applied to the finished document (frame and body joined), so every style and every run of the
header and footer follows it: Noto Sans of at least 14 pt (headings 24 and 18 pt), 1.5 line
spacing with space after each statement, left-aligned, automatic hyphenation off (document
setting and ``w:suppressAutoHyphens`` in every paragraph style).
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from ikon_report.render.ooxml_order import ppr_after

MIN_HALF_POINTS = 28  # 14 pt
HEADINGS = {"Heading1": 48, "Heading2": 36, "Heading3": 32, "Title": 48}
SANS = "Noto Sans"


def easy_layout(doc: DocxDocument) -> None:
    """Restyle ``doc`` in place for Leichte Sprache."""
    styles = doc.styles.element
    _defaults(styles)
    for style in styles.iter(qn("w:style")):
        _style(style)
    parts = [doc.element.body, *(x._element for s in doc.sections for x in (s.header, s.footer, s.first_page_header,
                                                                             s.first_page_footer))]
    for part in parts:
        for node in part.iter(qn("w:sz"), qn("w:szCs")):
            if int(node.get(qn("w:val"), "0")) < MIN_HALF_POINTS:
                node.set(qn("w:val"), str(MIN_HALF_POINTS))
        for jc in part.iter(qn("w:jc")):
            if jc.get(qn("w:val")) in ("both", "distribute"):
                jc.set(qn("w:val"), "left")
    settings = doc.settings.element
    for hyphenation in settings.findall(qn("w:autoHyphenation")):
        settings.remove(hyphenation)


def _child(parent: etree._Element, tag: str, before: tuple[str, ...] = ()) -> etree._Element:
    found = parent.find(qn(tag))
    if found is None:
        found = parse_xml(f"<{tag} {nsdecls('w')}/>")
        anchor = next((parent.find(qn(t)) for t in before if parent.find(qn(t)) is not None), None)
        if anchor is not None:
            anchor.addprevious(found)
        else:
            parent.append(found)
    return found


def _defaults(styles: etree._Element) -> None:
    defaults = _child(styles, "w:docDefaults")
    rpr = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    fonts = _child(rpr, "w:rFonts")
    for key in ("ascii", "hAnsi", "eastAsia"):
        fonts.set(qn(f"w:{key}"), SANS)
    for tag in ("w:sz", "w:szCs"):
        _child(rpr, tag).set(qn("w:val"), str(MIN_HALF_POINTS))
    ppr = _child(_child(defaults, "w:pPrDefault"), "w:pPr")
    _child(ppr, "w:suppressAutoHyphens", ("w:spacing", "w:ind", "w:jc"))




def _style(style: etree._Element) -> None:
    """Sizes of at least 14 pt (headings larger), Noto Sans, ragged right, no hyphenation."""
    ident = style.get(qn("w:styleId"), "")
    rpr = style.find(qn("w:rPr"))
    if rpr is not None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            for key in ("ascii", "hAnsi", "eastAsia"):
                fonts.set(qn(f"w:{key}"), SANS)
        for tag in ("w:sz", "w:szCs"):
            size = rpr.find(qn(tag))
            if size is not None and int(size.get(qn("w:val"), "0")) < MIN_HALF_POINTS:
                size.set(qn("w:val"), str(MIN_HALF_POINTS))
    if ident in HEADINGS:
        rpr = _child(style, "w:rPr")
        for tag in ("w:sz", "w:szCs"):
            _child(rpr, tag).set(qn("w:val"), str(HEADINGS[ident]))
    if style.get(qn("w:type")) != "paragraph":
        return
    ppr = style.find(qn("w:pPr"))
    if ppr is None:
        ppr = parse_xml(f"<w:pPr {nsdecls('w')}/>")
        anchor = style.find(qn("w:rPr"))
        if anchor is not None:
            anchor.addprevious(ppr)
        else:
            style.append(ppr)
    _child(ppr, "w:suppressAutoHyphens", ppr_after("w:suppressAutoHyphens"))
    for page_break in ppr.findall(qn("w:pageBreakBefore")):  # pages break where the document says
        ppr.remove(page_break)
    jc = ppr.find(qn("w:jc"))
    if jc is not None and jc.get(qn("w:val")) in ("both", "distribute"):
        jc.set(qn("w:val"), "left")
    if ident in ("Normal", "BodyText", "FirstParagraph", "Compact", "LeichteSprache"):
        spacing = _child(ppr, "w:spacing", ppr_after("w:spacing"))
        spacing.set(qn("w:line"), "360")
        spacing.set(qn("w:lineRule"), "auto")
        spacing.set(qn("w:after"), "200")
