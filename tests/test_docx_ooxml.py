"""OOXML with values in it is built as elements (render/docx_toc.py ``_w``), never as text: the filled
table of contents and the watermark keep any text verbatim and stay well-formed."""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from ikon_report.content.numbering import Numbered
from ikon_report.render.docx_frame import watermark as _watermark
from ikon_report.render.docx_toc import _field_block, toc_blocks

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HOSTILE = "Ziele & <Wege> \"zitiert\" 'so' {{ x }} </w:t>"


def _paragraphs(raw: str) -> list[etree._Element]:
    """Raw OpenXML as pandoc puts it into the body (the namespace is declared by the document)."""
    return list(etree.fromstring(f'<w:body xmlns:w="{W}">{raw}</w:body>'))


def _numbered() -> Numbered:
    return Numbered(headings=[(1, "1", HOSTILE, "sec-a"), (2, "1.1", "Unter", "sec-b"), (3, "1.1.1", "tief", "sec-c")],
                    figures=[(f"Abbildung 1: {HOSTILE}", "fig-1")])


def test_toc_entries_keep_their_text_and_targets_and_form_one_field():
    blocks = toc_blocks(_numbered())
    raw = [b["c"][1] for b in blocks if b["t"] == "RawBlock"]
    assert len(raw) == 2  # contents and figures; no list of tables without tables
    toc = _paragraphs(raw[0])
    assert 'xmlns:w' not in raw[0]  # declared once by the document, not on every paragraph
    assert [p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) for p in toc] == ["TOC1", "TOC2"]
    links = [p.find(qn("w:hyperlink")) for p in toc]
    assert [link.get(qn("w:anchor")) for link in links] == ["sec-a", "sec-b"]
    assert links[0].find(f".//{qn('w:t')}").text == f"1 {HOSTILE}"
    outer = [c.get(qn("w:fldCharType")) for p in toc for r in p.findall(qn("w:r")) for c in r.iter(qn("w:fldChar"))]
    assert outer == ["begin", "separate", "end"]  # one TOC field over the entries; it ends in the last one
    for link in links:  # each entry's page number is a PAGEREF field of its own
        assert [c.get(qn("w:fldCharType")) for c in link.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
    assert toc[0].find(f".//{qn('w:instrText')}").text == ' TOC \\o "1-2" \\h \\z \\u '
    assert _paragraphs(raw[1])[0].find(f"{qn('w:hyperlink')}//{qn('w:t')}").text == f"Abbildung 1: {HOSTILE}"


def test_right_to_left_entries_and_an_empty_field():
    toc = _paragraphs(toc_blocks(_numbered(), rtl=True)[1]["c"][1])
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in toc)
    empty = _paragraphs(_field_block("TOC", []))  # a field without entries still begins and ends
    assert [c.get(qn("w:fldCharType")) for p in empty for c in p.iter(qn("w:fldChar"))] == [
        "begin", "separate", "end"]
    assert "".join(empty[0].itertext()).endswith("–")


def test_watermark_text_is_an_attribute_value_verbatim():
    doc = Document()
    _watermark(doc, HOSTILE)
    header = doc.sections[0].header._element
    strings = [t.get("string") for t in header.iter(qn("v:textpath")) if t.get("string") is not None]
    assert strings == [HOSTILE]
