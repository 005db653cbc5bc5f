"""Page layout of the composed DOCX: landscape sections, rows that never split, list bullets,
page breaks as typst makes them, and what must not stand alone atop a page (a list's last items,
the illustrative legend)."""

from __future__ import annotations

import copy

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from ikon_report import pandoc_ast as a
from ikon_report.content.illustrative import LEGEND_STYLE
from ikon_report.render.ooxml_order import ppr_after
from ikon_report.render.run_fonts import SLOTS, StyleFonts


def keep_rows_together(doc: DocxDocument) -> None:
    """Table rows never split across pages (header rows repeat: pandoc marks them)."""
    for tr in doc.element.body.iter(qn("w:tr")):
        trpr = tr.find(qn("w:trPr"))
        if trpr is None:
            trpr = parse_xml(f"<w:trPr {nsdecls('w')}/>")
            tr.insert(0, trpr)
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.insert(0, parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))


def complete_sections(doc: DocxDocument) -> None:
    """Landscape sections (paragraph-level ``sectPr`` from ``pandoc_ast.landscape``) get the
    document's header, footer and margins; only the first section keeps the blank cover header."""
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    inner = [p for p in body.iter(qn("w:sectPr")) if p is not final]
    if final is None or not inner:
        return
    for n, sect in enumerate(inner):
        size = sect.find(qn("w:pgSz"))
        complete = copy.deepcopy(final)  # keeps the schema order of the children
        complete.replace(complete.find(qn("w:pgSz")), copy.deepcopy(size))
        if size.get(qn("w:orient")) == "landscape":
            margins = complete.find(qn("w:pgMar"))
            complete.replace(margins, _rotated_margins(margins))
        if n > 0:
            for title in complete.findall(qn("w:titlePg")):
                complete.remove(title)
        sect.getparent().replace(sect, complete)
    for title in final.findall(qn("w:titlePg")):
        final.remove(title)


def first_heading_on_first_page(doc: DocxDocument) -> None:
    """Without a cover, the first heading stays on the document's first page (headings of level 1
    otherwise start a page)."""
    first = next((p for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"), None)
    if first is not None:
        first.paragraph_format.page_break_before = False


def end_with_last_section(doc: DocxDocument) -> None:
    """A document that ends with a section of its own (a landscape table last) ends there: its
    closing paragraph would otherwise be followed by an empty page of the body's final section."""
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    last = final.getprevious() if final is not None else None
    while last is not None and last.tag in (qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
        last = last.getprevious()
    inner = last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if last is not None and last.tag == qn("w:p") else None
    if last is None or inner is None or "".join(last.itertext()).strip():
        return
    body.remove(last)
    body.replace(final, inner)


def single_spaced_images(doc: DocxDocument) -> None:
    """A paragraph that holds an inline picture is single-spaced: LibreOffice clips a picture to
    the line height under proportional line spacing (a logo in a table cell lost its top half)."""
    for paragraph in doc.element.body.iter(qn("w:p")):
        if paragraph.find(f".//{qn('w:drawing')}") is None:
            continue
        ppr = paragraph.get_or_add_pPr()
        spacing = ppr.find(qn("w:spacing"))
        if spacing is None:
            spacing = parse_xml(f"<w:spacing {nsdecls('w')}/>")
            ppr.insert_element_before(spacing, *_AFTER_SPACING)
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")


# What follows w:spacing in a paragraph's properties (the schema's order).
_AFTER_SPACING = ppr_after("w:spacing")


def _rotated_margins(margins: etree._Element) -> etree._Element:
    out = copy.deepcopy(margins)
    top, right, bottom, left = (margins.get(qn(f"w:{k}"), "0") for k in ("top", "right", "bottom", "left"))
    out.set(qn("w:top"), left)
    out.set(qn("w:bottom"), right)
    out.set(qn("w:left"), bottom)
    out.set(qn("w:right"), top)
    return out


BULLETS = ("•", "–")  # the typst templates' list markers, level by level


def bullets(doc: DocxDocument) -> None:
    """List bullets as the PDF draws them, in the body face in every script slot (pandoc's
    Symbol, Courier New and Wingdings bullets show as other fonts' glyphs on a PC without them,
    and Noto Naskh Arabic, the complex-script face, has no bullet)."""
    try:
        numbering = doc.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return
    face = StyleFonts(doc).style_font("Normal", "w:ascii")
    if face is None:
        return
    for level in numbering.iter(qn("w:lvl")):
        fmt = level.find(qn("w:numFmt"))
        if fmt is None or fmt.get(qn("w:val")) != "bullet":
            continue
        text = level.find(qn("w:lvlText"))
        if text is not None:
            text.set(qn("w:val"), BULLETS[int(level.get(qn("w:ilvl"), "0")) % len(BULLETS)])
        rpr = level.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is not None:
            for attr in list(fonts.attrib):
                del fonts.attrib[attr]
            for slot in SLOTS:
                fonts.set(qn(slot), face)


def _is_page_break(paragraph: etree._Element) -> bool:
    """A paragraph that holds nothing but a page break (``pandoc_ast.page_break``)."""
    runs = paragraph.findall(qn("w:r"))
    return (len(runs) == 1 and [c.tag for c in runs[0]] == [qn("w:br")]
            and runs[0][0].get(qn("w:type")) == "page" and paragraph.find(f".//{qn('w:t')}") is None)


def _ends_section(node: etree._Element) -> bool:
    return node.tag == qn("w:p") and node.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None


def _set_page_break_before(paragraph: etree._Element, on: bool) -> None:
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = paragraph.makeelement(qn("w:pPr"))
        paragraph.insert(0, ppr)
    for old in ppr.findall(qn("w:pageBreakBefore")):
        ppr.remove(old)
    flag = ppr.makeelement(qn("w:pageBreakBefore"))
    if not on:
        flag.set(qn("w:val"), "0")
    after = [c for c in ppr if c.tag in (qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines"))]
    if after:
        after[-1].addnext(flag)
    else:
        ppr.insert(0, flag)


def page_breaks(doc: DocxDocument) -> None:
    """Page breaks as typst's weak ``pagebreak``: a break paragraph becomes „page break before“ on
    the paragraph it precedes (no empty line atop the new page), and none follows a section
    break, which starts a page already (no blank page after a landscape section)."""
    body = doc.element.body
    for paragraph in list(body.iter(qn("w:p"))):
        if paragraph.getparent() is not body or not _is_page_break(paragraph):
            continue
        before, after = paragraph.getprevious(), paragraph.getnext()
        if after is not None and after.tag == qn("w:p") and not _ends_section(after):
            _set_page_break_before(after, before is None or not _ends_section(before))
            body.remove(paragraph)
        elif before is not None and _ends_section(before):
            body.remove(paragraph)


def run_in(doc: DocxDocument, labels: set[str]) -> int:
    """Chapters (Heading 1) that typst set on the page before (``labels``: their bookmarks) get no
    page break in the DOCX either; returns how many."""
    changed = 0
    for start in doc.element.body.iter(qn("w:bookmarkStart")):
        if start.get(qn("w:name")) not in labels:
            continue
        paragraph = start.getparent()
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") if paragraph is not None else None
        if paragraph is not None and style is not None and style.get(qn("w:val")) == "Heading1":
            _set_page_break_before(paragraph, False)
            changed += 1
    return changed


NB_HYPHEN = "\ue011"  # a private-use stand-in: data can never hold it (no font shows it, glyphs.py)


def nonbreaking_ids(node: object) -> object:
    """Hyphens of id spans as ``NB_HYPHEN`` (a copy where something changed: the PDF renders the
    same blocks at the same time); ``no_break_hyphens`` turns them into Word's own element."""
    if isinstance(node, list):
        new = [nonbreaking_ids(item) for item in node]
        return new if any(x is not y for x, y in zip(new, node, strict=True)) else node
    if not isinstance(node, dict) or "c" not in node:
        return node
    if a.is_a(node, "Span") and "id" in a.classes(node):
        inlines = [{**i, "c": i["c"].replace("-", NB_HYPHEN)} if a.is_a(i, "Str") else i for i in a.inlines_of(node)]
        return {**node, "c": [a.attr_of(node), inlines]}
    content = nonbreaking_ids(node["c"])
    return node if content is node["c"] else {**node, "c": content}


def no_break_hyphens(doc: DocxDocument) -> None:
    """``NB_HYPHEN`` becomes ``w:noBreakHyphen``: Word and LibreOffice never break there, and
    python-docx reads a plain hyphen."""
    for t in list(doc.element.body.iter(qn("w:t"))):
        if t.text is None or NB_HYPHEN not in t.text:
            continue
        parts = t.text.split(NB_HYPHEN)
        at = t
        t.text = parts[0]
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        for part in parts[1:]:
            hyphen = t.makeelement(qn("w:noBreakHyphen"))
            at.addnext(hyphen)
            at = hyphen
            if part:
                piece = t.makeelement(qn("w:t"))
                piece.text = part
                piece.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                at.addnext(piece)
                at = piece


def _style_id(paragraph: etree._Element) -> str | None:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def _breaks_page(doc: DocxDocument, paragraph: etree._Element) -> bool:
    """Whether the paragraph starts a new page: its own „page break before“, else its style's."""
    own = paragraph.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}")
    if own is None:
        style_id = _style_id(paragraph)
        styles = [s for s in doc.styles.element.iter(qn("w:style")) if s.get(qn("w:styleId")) == style_id]
        own = styles[0].find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") if styles else None
    return own is not None and own.get(qn("w:val"), "1") not in ("0", "false", "off")


def legend_with_its_chapter(doc: DocxDocument) -> None:
    """The illustrative legend right before a chapter that starts a new page takes that page
    break: it stands atop the chapter's first page, never alone on a page of its own (after a
    full table of contents)."""
    for paragraph in doc.element.body.iterchildren(qn("w:p")):
        after = paragraph.getnext()
        if (_style_id(paragraph) == LEGEND_STYLE and after is not None and after.tag == qn("w:p")
                and _style_id(after) == "Heading1" and _breaks_page(doc, after)):
            _set_page_break_before(paragraph, True)
            _set_page_break_before(after, False)


LIST_TAIL = 4  # a list's last items stay together: never fewer than a page's four lines alone


def keep_list_tails(doc: DocxDocument) -> None:
    """The last ``LIST_TAIL`` items of every list (all of a shorter one, with its heading, which
    keeps with next) go to a page together: a list never ends alone atop a page."""
    run: list[etree._Element] = []
    for node in [*doc.element.body.iterchildren(), None]:
        if node is not None and node.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None:
            run.append(node)
            continue
        for item in run[-LIST_TAIL:-1]:
            ppr = item.find(qn("w:pPr"))  # there: it holds the numPr
            if ppr is not None and ppr.find(qn("w:keepNext")) is None:
                keep = ppr.makeelement(qn("w:keepNext"))
                style = ppr.find(qn("w:pStyle"))
                if style is not None:
                    style.addnext(keep)
                else:
                    ppr.insert(0, keep)
        run = []


def chapter_tails(doc: DocxDocument) -> None:
    """The last two paragraphs before a chapter that starts a new page go to a page together and
    whole (keep with next, keep lines): a chapter never ends in a line or two atop a page."""
    for heading in list(doc.element.body.iterchildren(qn("w:p"))):
        if _style_id(heading) != "Heading1" or not _breaks_page(doc, heading):
            continue
        last = heading.getprevious()
        before = last.getprevious() if last is not None else None
        if last is None or last.tag != qn("w:p") or last.find(f".//{qn('w:sectPr')}") is not None:
            continue
        for node, tag in ((last, "w:keepLines"), (before, "w:keepNext")):
            if node is None or node.tag != qn("w:p"):
                continue
            ppr = node.find(qn("w:pPr"))
            if ppr is None:
                ppr = node.makeelement(qn("w:pPr"))
                node.insert(0, ppr)
            if ppr.find(qn(tag)) is None:  # schema order: pStyle, keepNext, keepLines
                flag = ppr.makeelement(qn(tag))
                anchor = [c for c in ppr if c.tag in (qn("w:pStyle"), qn("w:keepNext"))]
                if anchor and (tag == "w:keepLines" or anchor[0].tag == qn("w:pStyle")):
                    anchor[-1 if tag == "w:keepLines" else 0].addnext(flag)
                else:
                    ppr.insert(0, flag)
