"""Issue 3: the concept behaves like a committee document in Word and PDF, and both agree."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from project_helpers import finished_copy

from conftest import EXAMPLES, ROOT, Example, build_project, docx_text, libreoffice_convert, pdf_text


def squash(text: str) -> str:
    """Text without whitespace and hyphens (line breaks and hyphenation fall anywhere)."""
    return re.sub(r"[\s\u00ad\u2010-]+", "", text)


FRONT_MATTER = {"Inhaltsverzeichnis", "Abbildungsverzeichnis", "Tabellenverzeichnis"}


def docx_headings(path: Path) -> list[tuple[int, str]]:
    doc = Document(str(path))
    out = []
    for p in doc.paragraphs:
        m = re.fullmatch(r"Heading (\d)", p.style.name)
        if m and p.text.strip() not in FRONT_MATTER:
            out.append((int(m.group(1)), p.text.strip()))
    return out


def pdf_outline(path: Path) -> list[tuple[int, str]]:
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        out: list[tuple[int, str]] = []

        def walk(items, level):
            for item in items:
                out.append((level, item.title.strip()))
                walk(item.children, level + 1)

        walk(outline.root, 1)
    return out


def struct_counts(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    with pikepdf.open(path) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        seen = set()
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
                continue
            if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen and node.objgen != (0, 0):
                continue
            seen.add(node.objgen)
            if "/S" in node:
                name = str(node.S)[1:]
                counts[name] = counts.get(name, 0) + 1
            if "/K" in node:
                stack.append(node.K)
    return counts


def has_watermark(page_text: str) -> bool:
    """The rotated „ENTWURF“ comes out of pdftotext as single letters on lines of their own."""
    letters = Counter(line.strip() for line in page_text.splitlines() if len(line.strip()) == 1)
    return "ENTWURF" in page_text or not Counter("ENTWURF") - letters


def measure_titles(root: Path) -> list[str]:
    data = yaml.safe_load((root / "data" / "measures.yaml").read_text(encoding="utf-8"))
    return [m["title"] for m in data["measures"]]


@pytest.fixture
def concept_docx(example: Example) -> Path:
    return example.concept_docx


@pytest.fixture
def concept_pdf(example: Example) -> Path:
    return example.concept_pdf


def test_docx_and_pdf_have_the_same_headings_in_the_same_order(concept_docx, concept_pdf):
    docx = [t for level, t in docx_headings(concept_docx) if level <= 3]
    pdf = [t for level, t in pdf_outline(concept_pdf) if level <= 3]
    assert len(docx) > 40
    assert docx == pdf


def test_headings_are_numbered_1_1_1_and_appendix_lettered(concept_docx):
    headings = docx_headings(concept_docx)
    numbered = [t for level, t in headings if level == 1]
    assert numbered[0].startswith("1 ")
    assert any(re.match(r"\d+\.\d+ ", t) for level, t in headings if level == 2)
    assert any(re.match(r"\d+\.\d+\.\d+ ", t) for level, t in headings if level == 3)
    assert any(t.startswith("A ") for t in numbered), "the conference appendix is lettered"


def test_same_number_of_tables_figures_and_profiles(example, concept_docx, concept_pdf):
    doc = Document(str(concept_docx))
    counts = struct_counts(concept_pdf)
    assert len(doc.tables) == counts.get("Table"), counts
    drawings = list(doc.element.body.iter(qn("wp:docPr")))
    assert len(drawings) == counts.get("Figure"), counts
    titles = measure_titles(example.root)
    docx_h = [t for _, t in docx_headings(concept_docx)]
    pdf_h = [t for _, t in pdf_outline(concept_pdf)]
    for title in titles:  # a heading of an illustrative measure ends with its mark
        assert sum(h.removesuffix(" [Beispiel]").endswith(" " + title) for h in docx_h) == 1, title
        assert sum(h.removesuffix(" [Beispiel]").endswith(" " + title) for h in pdf_h) == 1, title


def test_captions_are_numbered_in_both(concept_docx, concept_pdf):
    text = docx_text(concept_docx)
    pdf = pdf_text(concept_pdf)
    for label in ("Abbildung 1:", "Abbildung 2:", "Tabelle 1:", "Tabelle 8:"):
        assert label in text
        assert label in pdf


def test_docx_toc_is_filled_and_hyperlinked_to_bookmarks(concept_docx):
    doc = Document(str(concept_docx))
    body = doc.element.body
    instr = "".join(t.text for t in body.iter(qn("w:instrText")))
    assert "TOC \\o" in instr
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    toc = [p for p in doc.paragraphs if p.style.name in ("toc 1", "toc 2")]
    assert len(toc) > 20
    for p in toc:
        links = p._p.findall(qn("w:hyperlink"))
        assert links, p.text
        assert links[0].get(qn("w:anchor")) in bookmarks
    first = [p.text for p in doc.paragraphs if p.style.name == "toc 1"][0]
    title, _, page = first.partition("\t")  # the entry, a dotted tab, its page in the PDF
    assert title == docx_headings(concept_docx)[0][1]
    assert page.isdigit(), first


def test_docx_uses_named_styles_and_sets_properties(concept_docx):
    doc = Document(str(concept_docx))
    names = {p.style.name for p in doc.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3", "Body Text", "Image Caption", "Table Caption"} <= names
    assert {t.style.name for t in doc.tables} == {"Table", "Key Value Table"}  # fact sheets have their own
    props = doc.core_properties
    assert props.title.startswith("Integrationskonzept")
    assert props.language == "de-DE"
    assert props.author
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "de-DE"
    for pic in doc.element.body.iter(qn("wp:docPr")):
        assert pic.get("descr"), "every image has alt text"


def test_header_rows_repeat_and_rows_do_not_split(concept_docx):
    doc = Document(str(concept_docx))
    for table in doc.tables:
        rows = table._tbl.findall(qn("w:tr"))
        assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
    headed = [t for t in doc.tables if t._tbl.find(f".//{qn('w:tblHeader')}") is not None]
    assert len(headed) >= 10


def test_landscape_section_keeps_header_footer_and_page_numbers(concept_docx, concept_pdf):
    doc = Document(str(concept_docx))
    landscape = [s for s in doc.sections if s.orientation == 1]
    assert landscape, "the measures overview is on landscape pages"
    for s in landscape:
        refs = {r.get(qn("w:type")) for r in s._sectPr.findall(qn("w:footerReference"))}
        assert "default" in refs
        assert "Seite" in s.footer.paragraphs[0].text
    with pikepdf.open(concept_pdf) as pdf:
        wide = [i for i, page in enumerate(pdf.pages) if page.mediabox[2] > page.mediabox[3]]
    assert wide
    pages = pdf_text(concept_pdf).split("\f")
    assert re.search(r"Seite \d+ von \d+", pages[wide[0]])


def test_footer_and_header_in_both_formats(concept_docx, concept_pdf):
    doc = Document(str(concept_docx))
    footer = doc.sections[-1].footer
    assert "Version" in footer.paragraphs[0].text and "Seite" in footer.paragraphs[0].text
    instr = "".join(t.text for t in footer._element.iter(qn("w:instrText")))
    assert "PAGE" in instr and "NUMPAGES" in instr
    pages = pdf_text(concept_pdf).split("\f")
    total = len([p for p in pages if p.strip()])
    assert f"Seite 3 von {total}" in pages[2]
    assert "Version" in pages[2] and "IKON" in pages[2]


def test_cross_references_link_to_profiles(minden_docx, minden_pdf):
    doc = Document(str(minden_docx))
    anchors = [h.get(qn("w:anchor")) for h in doc.element.body.iter(qn("w:hyperlink"))]
    assert "M-BIL-02" in anchors
    text = docx_text(minden_docx)
    assert re.search(r"Maßnahme M-BIL-02 \(Abschnitt \d+\.\d+\.\d+\) „", text)
    with pikepdf.open(minden_pdf) as pdf:
        links = [a for page in pdf.pages for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link"]
    assert len(links) > 30


def test_draft_has_watermark_and_illustrative_notes(example, concept_docx, concept_pdf):
    doc = Document(str(concept_docx))
    header_xml = "".join(s.header._element.xml for s in doc.sections)
    assert 'string="ENTWURF"' in header_xml
    for page in pdf_text(concept_pdf).split("\f")[:-1]:
        assert has_watermark(page)
    assert "[Beispiel]" in docx_text(concept_docx)
    assert "Entwurf" in concept_docx.name and example.city in concept_docx.name


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_final_refuses_illustrative_example(tmp_path, name):
    proc = build_project(EXAMPLES[name], tmp_path / "out", "--final")
    assert proc.returncode == 1
    assert "is illustrative example content" in proc.stderr
    assert re.search(r"^data/measures\.yaml:\d+: error: measure M-", proc.stderr, re.M)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


def test_final_edition_of_a_finished_project(tmp_path):
    project = finished_copy(ROOT, tmp_path / "p")
    photos = (project / "data" / "events.yaml").read_text(encoding="utf-8")
    assert not re.search(r"^\s*illustrative:", photos, re.M)
    proc = build_project(project, tmp_path / "out", "--final")
    assert proc.returncode == 0, proc.stderr
    docx = next((tmp_path / "out").glob("*-Endfassung.docx"))
    pdf = next((tmp_path / "out").glob("*-Endfassung.pdf"))
    doc = Document(str(docx))
    assert "ENTWURF" not in "".join(s.header._element.xml for s in doc.sections)
    assert not any(has_watermark(page) for page in pdf_text(pdf).split("\f"))
    assert "[Beispiel]" not in docx_text(docx) + pdf_text(pdf)
    assert "Endfassung" in pdf_text(pdf)


def test_libreoffice_reads_the_docx(concept_docx, tmp_path):
    out = libreoffice_convert(concept_docx, "pdf", tmp_path)
    text = squash(pdf_text(out))  # pdftotext drops the hyphen of „Migrations-“ at a line end
    for _, heading in docx_headings(concept_docx):
        assert squash(heading) in text, heading


@pytest.mark.parametrize("ident", ["tab-measures", "sec-coverage", "sec-monitoring"])
def test_generated_sections_exist(concept_docx, ident):
    doc = Document(str(concept_docx))
    names = {b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))}
    assert ident in names
