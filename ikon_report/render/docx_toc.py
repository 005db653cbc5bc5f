"""The DOCX table of contents, list of figures and list of tables: real Word fields (updatable
with F9, no „update fields?“ prompt on opening) whose results are already filled in. Each entry
links to its target and ends in a dotted tab and a ``PAGEREF`` field; ``fill_page_numbers``
writes the page typst gave the same target into that field's result (DOCX and PDF paginate
alike: same faces, same spacing), or removes the field where no page is known."""

from __future__ import annotations

from lxml import etree

from ikon_report import pandoc_ast as a
from ikon_report.content.numbering import Numbered
from ikon_report.render.docx_frame import DOCX_LABELS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PAGEREF = " PAGEREF {} \\h "
TAIL = 4  # a list's last entries that keep together (a page holds at least four lines)


def _w(tag: str, parent: etree._Element | None = None, text: str | None = None, **attrs: str) -> etree._Element:
    node = etree.Element(f"{{{W}}}{tag}", nsmap={"w": W}) if parent is None else etree.SubElement(
        parent, f"{{{W}}}{tag}")
    for key, value in attrs.items():
        node.set(f"{{{W}}}{key}", value)
    if text is not None:
        node.text = text
        if text != text.strip():
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return node


def _field_runs(parent: etree._Element, instr: str, result: str | None) -> None:
    """``begin``, the instruction, ``separate`` (and a result run) as runs of ``parent``;
    ``end`` follows unless ``result`` is None (a field spanning paragraphs ends later)."""
    _w("fldChar", _w("r", parent), fldCharType="begin")
    _w("instrText", _w("r", parent), text=f" {instr.strip()} ")
    _w("fldChar", _w("r", parent), fldCharType="separate")
    if result is not None:
        _w("t", _w("r", parent), text=result)
        _w("fldChar", _w("r", parent), fldCharType="end")


def _entry(style: str, anchor: str, label: str, rtl: bool) -> etree._Element:
    para = _w("p")
    ppr = _w("pPr", para)
    _w("pStyle", ppr, val=style)
    if rtl:
        _w("bidi", ppr)
    link = _w("hyperlink", para, anchor=anchor, history="1")
    _w("t", _w("r", link), text=label)
    _w("tab", _w("r", link))
    _field_runs(link, PAGEREF.format(anchor), "")
    return para


def _field_block(instr: str, entries: list[etree._Element]) -> str:
    """A real Word field (updatable with F9) whose cached result is already filled in."""
    if not entries:
        empty = _w("p")
        _w("t", _w("r", empty), text="–")
        entries = [empty]
    for entry in entries[-TAIL:-1]:  # the last lines move together: never one alone on a page
        style = entry.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        if style is not None:
            style.addnext(etree.Element(f"{{{W}}}keepNext"))
    first = entries[0]
    head = _w("p")
    _field_runs(head, instr, None)
    ppr = first.find(f"{{{W}}}pPr")
    at = 1 if ppr is not None else 0
    for n, run in enumerate(list(head)):
        first.insert(at + n, run)
    _w("fldChar", _w("r", entries[-1]), fldCharType="end")  # no paragraph of its own: it could be a page
    return _raw_ooxml(entries)


def _raw_ooxml(paragraphs: list[etree._Element]) -> str:
    """``paragraphs`` as raw OpenXML for pandoc: serialized inside a ``w:body``, which declares the
    namespace once (as the document does), and taken out of it again."""
    box = _w("body")
    box.extend(paragraphs)
    xml = etree.tostring(box, encoding="unicode")
    return xml[xml.index(">") + 1:xml.rindex("<")]


def toc_blocks(numbered: Numbered, title: str = DOCX_LABELS["toc"], rtl: bool = False,
               labels: dict[str, str] | None = None) -> list[a.Node]:
    """Filled table of contents, list of figures and list of tables, hyperlinked to their targets."""
    names = {**DOCX_LABELS, **(labels or {})}  # list titles in the edition's language
    toc = [_entry(f"TOC{level}", ident, f"{num} {text}", rtl)
           for level, num, text, ident in numbered.headings if level <= 2 and ident]
    figures = [_entry("TableofFigures", ident, caption, rtl) for caption, ident in numbered.figures if ident]
    tables = [_entry("TableofFigures", ident, caption, rtl) for caption, ident in numbered.tables if ident]
    blocks = [a.header(1, title, classes=["unnumbered"]),
              a.raw_block("openxml", _field_block('TOC \\o "1-2" \\h \\z \\u', toc))]
    if figures:
        blocks += [a.header(2, names["figures"], classes=["unnumbered"]),
                   a.raw_block("openxml", _field_block('TOC \\h \\z \\c "Abbildung"', figures))]
    if tables:
        blocks += [a.header(2, names["tables"], classes=["unnumbered"]),
                   a.raw_block("openxml", _field_block('TOC \\h \\z \\c "Tabelle"', tables))]
    return blocks


def fill_page_numbers(body: etree._Element, pages: dict[str, int] | None) -> int:
    """Write each entry's page (``pages``: bookmark → page) into its ``PAGEREF`` result; entries
    without a known page lose the tab and the field. Returns how many pages were written."""
    written = 0
    for instr in list(body.iter(f"{{{W}}}instrText")):
        words = (instr.text or "").split()
        if len(words) < 2 or words[0] != "PAGEREF":
            continue
        run = instr.getparent()
        link = run.getparent() if run is not None else None
        if run is None or link is None:
            continue
        runs = list(link)
        start = runs.index(run) - 1
        page = (pages or {}).get(words[1])
        if page is not None:
            result = runs[start + 3].find(f"{{{W}}}t")
            if result is not None:
                result.text = str(page)
                written += 1
            continue
        for dropped in runs[start - 1:start + 5]:  # the tab and the five field runs
            link.remove(dropped)
    return written
