"""The Minden example built once (fixture `minden`) and read back with real readers:
python-docx for the DOCX, pikepdf / qpdf / pdftotext for the PDF. Expected values come from the
project data (validated in-process), so the tests follow the data rather than copies of it."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import ROOT, docx_text, pdf_text, require_tool
from ikon_report.project.crosscheck import SMALL_CELL
from ikon_report.project.validate import load_project
from pdfcheck import notdef_glyphs, unembedded_fonts

HEADING = re.compile(r"Heading [1-9]")


@pytest.fixture(scope="module")
def project():
    model, _ = load_project(ROOT)
    return model


@pytest.fixture(scope="module")
def doc(minden_docx):
    return Document(str(minden_docx))


def squash(text: str) -> str:
    """Text for comparing across line breaks: no whitespace, no (soft or hyphenation) hyphens.

    pdftotext breaks lines where the layout does and keeps the hyphen of a hyphenated word at the
    line end, so both sides drop all whitespace and all hyphens before a substring test.
    """
    return re.sub(r"[\s\u00ad\u2010-]+", "", text)


def tables_by_caption(doc) -> dict[str, list[list[str]]]:
    """Each table's rows of cell texts, keyed by the caption paragraph right before it."""
    out: dict[str, list[list[str]]] = {}
    caption = ""
    tables = iter(doc.tables)
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:p"):
            text = "".join(t.text or "" for t in element.iter(qn("w:t"))).strip()
            caption = text or caption
        elif element.tag == qn("w:tbl"):
            table = next(tables)
            out[caption] = [[cell.text.strip() for cell in row.cells] for row in table.rows]
    return out


# --- DOCX -------------------------------------------------------------------------------------------


def test_docx_headings_are_named_heading_styles(doc):
    headings = [p for p in doc.paragraphs if HEADING.fullmatch(p.style.name)]
    assert len(headings) > 20
    levels = {p.style.name for p in headings}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= levels
    for name in levels:
        style = doc.styles[name]
        assert style.style_id == name.replace(" ", "")  # the built-in ids Word's navigation/TOC use
        outline = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        assert outline is not None and int(outline.get(qn("w:val"))) == int(name[-1]) - 1


def test_docx_has_every_field_and_measure_as_heading(doc, project):
    headings = [p.text.strip() for p in doc.paragraphs if HEADING.fullmatch(p.style.name)]
    for f in project.fields:
        assert any(f.name in h for h in headings), f"field {f.id} {f.name!r} has no heading"
    for x in project.measures:
        assert any(h.endswith(x.title) for h in headings), f"measure {x.id} {x.title!r} has no heading"
    assert len(project.fields) == 4 and len(project.measures) >= 12


def test_docx_cover_and_core_properties(doc, project):
    title = project.project.title
    cover = [p for p in doc.paragraphs[:15] if p.text.strip()]
    assert any(p.text.strip() == title and p.style.name == "Title" for p in cover), [p.text for p in cover]
    text = "\n".join(p.text for p in doc.paragraphs[:40])
    for part in (project.project.city, project.project.contractor, project.project.version):
        assert part in text
    assert doc.core_properties.title == title
    assert doc.core_properties.language == "de-DE"


def test_docx_survey_figures_in_their_tables(doc, project):
    tables = tables_by_caption(doc)
    samples = {s.id: s for s in project.samples}
    assert samples["U-QUAL"].total == 23 and samples["U-QUANT"].total == 44
    for sample in samples.values():
        caption = next((c for c in tables if sample.title in c and "Stichprobe" in c), None)
        assert caption, f"no table for sample {sample.id}: {list(tables)}"
        rows = tables[caption]
        for breakdown in sample.breakdowns:
            for cell in breakdown.cells:
                row = next((r for r in rows if cell.label in r), None)
                if row is None:  # a breakdown may be shown only as a chart (its alt text has the numbers)
                    continue
                shown = row[-1]
                assert shown == str(cell.count) if cell.count >= SMALL_CELL else shown != str(cell.count), row
    flat = {caption: {tuple(r) for r in rows} for caption, rows in tables.items()}
    qual = next(v for c, v in flat.items() if samples["U-QUAL"].title in c)
    quant = next(v for c, v in flat.items() if samples["U-QUANT"].title in c)
    assert ("Geschlecht", "Frauen", "15") in qual and ("Geschlecht", "Männer", "8") in qual
    assert ("Geschlecht", "Frauen", "23") in quant and ("Geschlecht", "Männer", "21") in quant
    assert ("Migrationshintergrund", "mit Migrationshintergrund", "33") in quant
    quant_text = samples["U-QUANT"].description
    assert "44" in quant_text and quant_text in docx_text_of(doc), "the 44 questionnaires are not described"


def test_docx_small_cross_table_cells_are_suppressed(doc, project):
    tables = tables_by_caption(doc)
    cross = next(t for s in project.samples for t in s.cross)
    rows = next(rows for caption, rows in tables.items() if cross.title in caption)
    numbers = {cell for row in rows[1:] for cell in row[1:]}
    small = {str(c) for r in cross.counts for c in r if c < SMALL_CELL}
    assert small and not (small & numbers), rows


def test_docx_every_image_has_alt_text(minden_docx):
    with zipfile.ZipFile(minden_docx) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d+|footer\d+)\.xml", n)]
        found = 0
        for name in parts:
            for tag in re.findall(r"<wp:docPr\b[^>]*>", z.read(name).decode("utf-8")):
                found += 1
                descr = re.search(r'\bdescr="([^"]*)"', tag)
                assert descr and descr.group(1).strip(), f"{name}: image without alt text: {tag}"
    assert found >= 8  # logo, charts, workshop and plenum photos


def docx_text_of(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_docx_text_via_shared_reader(minden_docx, project):
    text = docx_text(minden_docx)
    assert project.project.title in text and "Ibis Institut" in text


# --- PDF --------------------------------------------------------------------------------------------


def test_pdf_is_tagged_german_pdf_ua(minden_pdf, project):
    with pikepdf.open(minden_pdf) as pdf:
        assert str(pdf.Root.Lang).startswith("de")
        assert "/StructTreeRoot" in pdf.Root and len(pdf.Root.StructTreeRoot.get("/K", [])) > 0
        assert bool(pdf.Root.MarkInfo.Marked)
        meta = pdf.open_metadata()
        assert meta.get("pdfuaid:part") == "1"
        assert meta.get("dc:title") == project.project.title
        assert pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is True


def test_pdf_fonts_embedded_and_no_missing_glyphs(minden_pdf):
    assert unembedded_fonts(minden_pdf) == []
    missing = notdef_glyphs(minden_pdf)
    assert missing == [], "\n".join(map(str, missing[:20]))


def test_pdf_passes_qpdf_check(minden_pdf):
    qpdf = require_tool("qpdf")
    proc = subprocess.run([qpdf, "--check", str(minden_pdf)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No syntax or stream encoding errors found" in proc.stdout


def test_pdf_text_has_titles(minden_pdf, project):
    text = squash(pdf_text(minden_pdf))
    wanted = [project.project.title, project.project.contractor, *(f.name for f in project.fields),
              *(x.title for x in project.measures), *(c.title for c in project.chapters)]
    missing = [w for w in wanted if squash(w) not in text]
    assert missing == []


def test_pdf_has_bookmarks_for_chapters_and_fields(minden_pdf, project):
    with pikepdf.open(minden_pdf) as pdf, pdf.open_outline() as outline:
        titles: list[str] = []

        def walk(items):
            for item in items:
                titles.append(item.title)
                walk(item.children)

        walk(outline.root)
    assert len(titles) > 20
    for name in [c.title for c in project.chapters] + [f.name for f in project.fields]:
        assert any(name in t for t in titles), f"no bookmark for {name!r}"


def test_outputs_are_named_after_city_version_status(minden, project):
    names = {p.name for p in Path(minden).iterdir()}
    stem = f"IKON-{project.project.city}-v{project.project.version}-Entwurf"
    assert {f"{stem}.docx", f"{stem}.pdf"} <= names
