"""Word bookmarks that survive other writers: each one a range inside a single paragraph.

pandoc bookmarks a whole section (start before the heading, end after the section) and, inside
tables, pairs starts and ends with mismatched ids. Word copes; LibreOffice drops such bookmarks
when it saves a reviewed copy (e.g. every indicator after a table). Review collection needs every
id to come back, so each bookmark is rewritten to start at the beginning of the paragraph it
names and end at that paragraph's end, with unique ids. Links to ``#id`` still land there.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

START, END, P, PPR = qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:p"), qn("w:pPr")


def normalise_bookmarks(body: etree._Element) -> None:
    """Rewrite the bookmarks below ``body`` (an lxml element) as described above."""
    for end in list(body.iter(END)):
        _detach(end)
    for n, start in enumerate(list(body.iter(START))):
        start.set(qn("w:id"), str(n))
        para = next((a for a in start.iterancestors(P)), None)
        if para is None:
            para = _following_paragraph(start)
            if para is None:
                _detach(start)
                continue
            index = 1 if len(para) and para[0].tag == PPR else 0
            while index < len(para) and para[index].tag == START:
                index += 1
            para.insert(index, start)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(n))
        para.append(end)


def _detach(elem: etree._Element) -> None:
    parent = elem.getparent()
    if parent is not None:
        parent.remove(elem)


def _following_paragraph(elem: etree._Element) -> etree._Element | None:
    for sibling in elem.itersiblings():
        if sibling.tag == P:
            return sibling
        inner = next(sibling.iter(P), None)
        if inner is not None:
            return inner
    return None
