"""Each example project (Minden and Lindenfeld, fixture `example`) built once and read back with
real readers: python-docx for the DOCX, pikepdf / qpdf / pdftotext for the PDF. Expected values
come from the project data (validated in-process), so the tests follow the data rather than
copies of it."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import EXAMPLES, Example, docx_text, pdf_text, require_tool, run_cli
from ikon_report.project.validate import load_project
from ikon_report.project.vocabulary import SMALL_CELL
from pdfcheck import notdef_glyphs, unembedded_fonts

HEADING = re.compile(r"Heading [1-9]")


@pytest.fixture(scope="module")
def project(example: Example):
    model, _ = load_project(example.root)
    return model


@pytest.fixture(scope="module")
def doc(example: Example):
    return Document(str(example.concept_docx))


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
        assert any(h.removesuffix(" [Beispiel]").endswith(x.title) for h in headings), f"measure {x.id} has no heading"
    assert len(project.fields) >= 4 and len(project.measures) >= 12


def test_docx_cover_and_core_properties(doc, project):
    title = project.project.title
    cover = [p for p in doc.paragraphs[:15] if p.text.strip()]
    # the cover title's spaces may be no-break spaces (german.display_title: no lone word on a line)
    assert any(p.text.strip().replace("\xa0", " ") == title and p.style.name == "Title" for p in cover), \
        [p.text for p in cover]
    text = "\n".join(p.text for p in doc.paragraphs[:40])
    for part in (project.project.city, project.project.contractor, project.project.version):
        assert part in text
    assert doc.core_properties.title == title
    assert doc.core_properties.language == "de-DE"


def test_docx_survey_figures_in_their_tables(doc, project):
    tables = tables_by_caption(doc)
    samples = {s.id: s for s in project.samples}
    assert samples
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


def test_docx_minden_survey_figures(minden_docx):
    doc = Document(str(minden_docx))
    samples = {s.id: s for s in load_project(EXAMPLES["minden"])[0].samples}
    assert samples["U-QUAL"].total == 23 and samples["U-QUANT"].total == 44
    tables = tables_by_caption(doc)
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


def test_docx_every_image_has_alt_text(example: Example, project):
    with zipfile.ZipFile(example.concept_docx) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d+|footer\d+)\.xml", n)]
        found = 0
        for name in parts:
            for tag in re.findall(r"<wp:docPr\b[^>]*>", z.read(name).decode("utf-8")):
                found += 1
                descr = re.search(r'\bdescr="([^"]*)"', tag)
                assert descr and descr.group(1).strip(), f"{name}: image without alt text: {tag}"
    assert found >= 1 + len(project.samples)  # the logo and the survey charts (photos: event documents)


def docx_text_of(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_docx_text_via_shared_reader(example: Example, project):
    text = docx_text(example.concept_docx).replace("\xa0", " ")  # the cover title is set with no-break spaces
    assert project.project.title in text and project.project.contractor in text


# --- PDF --------------------------------------------------------------------------------------------


def test_pdf_is_tagged_german_pdf_ua(example: Example, project):
    with pikepdf.open(example.concept_pdf) as pdf:
        assert str(pdf.Root.Lang).startswith("de")
        assert "/StructTreeRoot" in pdf.Root and len(pdf.Root.StructTreeRoot.get("/K", [])) > 0
        assert bool(pdf.Root.MarkInfo.Marked)
        meta = pdf.open_metadata()
        assert meta.get("pdfuaid:part") == "1"
        assert meta.get("dc:title") == project.project.title
        assert pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is True


@pytest.mark.parametrize("kind", ["concept", "catalogue"])
def test_pdf_fonts_embedded_and_no_missing_glyphs(example: Example, kind: str):
    pdf = getattr(example, f"{kind}_pdf")
    assert unembedded_fonts(pdf) == []
    missing = notdef_glyphs(pdf)
    assert missing == [], "\n".join(map(str, missing[:20]))


@pytest.mark.parametrize("kind", ["concept", "catalogue"])
def test_pdf_passes_qpdf_check(example: Example, kind: str):
    qpdf = require_tool("qpdf")
    pdf = getattr(example, f"{kind}_pdf")
    proc = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No syntax or stream encoding errors found" in proc.stdout


def test_pdf_text_has_titles(example: Example, project):
    text = squash(pdf_text(example.concept_pdf))
    wanted = [project.project.title, project.project.contractor, *(f.name for f in project.fields),
              *(x.title for x in project.measures), *(c.title for c in project.chapters)]
    missing = [w for w in wanted if squash(w) not in text]
    assert missing == []


def test_pdf_has_bookmarks_for_chapters_and_fields(example: Example, project):
    with pikepdf.open(example.concept_pdf) as pdf, pdf.open_outline() as outline:
        titles: list[str] = []

        def walk(items):
            for item in items:
                titles.append(item.title)
                walk(item.children)

        walk(outline.root)
    assert len(titles) > 20
    for name in [c.title for c in project.chapters] + [f.name for f in project.fields]:
        assert any(name in t for t in titles), f"no bookmark for {name!r}"


def test_outputs_are_named_after_city_version_status(example: Example, project):
    names = {p.name for p in Path(example.out).iterdir()}
    stem = f"IKON-{project.project.city}-v{project.project.version}-Entwurf"
    assert {f"{stem}.docx", f"{stem}.pdf"} <= names


def test_no_text_of_the_other_example_reaches_the_outputs(example: Example):
    """Nothing in code names a city: Lindenfeld's outputs never say „Minden“ and vice versa."""
    others = [name.capitalize() for name in EXAMPLES if name != example.name]
    outputs = sorted(p for p in example.out.iterdir() if p.suffix in (".pdf", ".docx", ".html"))
    assert len(outputs) >= 5  # concept and catalogue (DOCX, PDF), web edition
    for path in outputs:
        text = {".pdf": pdf_text, ".docx": docx_text}.get(path.suffix, lambda p: p.read_text("utf-8"))(path)
        assert example.city in text, path.name
        for other in others:
            assert other not in text, f"{path.name} names {other}"


def test_lindenfeld_is_shaped_differently_from_minden():
    """The second example exercises what Minden does not: six fields, many languages, other ids."""
    minden, lindenfeld = (load_project(EXAMPLES[name])[0] for name in ("minden", "lindenfeld"))
    assert len(lindenfeld.fields) == 6 and len(minden.fields) == 4
    assert not {f.id for f in lindenfeld.fields} & {f.id for f in minden.fields}
    langs = lindenfeld.project.languages
    assert len(langs) >= 12 and len({"fa", "prs", "ps", "ckb"} & set(langs)) >= 2
    assert len(lindenfeld.services) >= 30
    translated = {lang for s in lindenfeld.services for lang in s.translations}
    assert set(langs) - {"de"} <= translated


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_examples_check_without_warnings(name: str):
    proc = run_cli("check", str(EXAMPLES[name]))
    assert proc.returncode == 0 and "0 warning(s)" in proc.stdout + proc.stderr, proc.stdout + proc.stderr
