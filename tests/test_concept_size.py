"""A large concept stays readable and bounded: above ``measure_profiles_annex_above`` measures the
profiles stand in an annex document of their own (DOCX and PDF), the concept keeps the overview; a
field with more measures than a matrix can show gets its coverage as a list. A generated project and a
copy of Lindenfeld with the limit set low, Minden and Lindenfeld as they are; read back with
pdftotext and python-docx."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from project_helpers import large_project

from conftest import body_text, docx_text, run_cli
from ikon_report.content.fields import COVERAGE_MATRIX_COLUMNS, LANDSCAPE_PT, MIN_LABEL_SHARE, _id_column, matrix_fits
from ikon_report.project.model import IkonProject
from ikon_report.project.validate import load_project

LIST_HEADER = ["Herausforderung", "Priorität", "Aufgegriffen durch"]


@pytest.fixture(scope="module", params=["generated", "lindenfeld"])
def large(request) -> tuple[IkonProject, Path]:
    """A generated project and Lindenfeld with the limit set low, each built once per test run
    (``large_project``; the catalogue volumes' tests read the same builds)."""
    root, out = large_project(request.param)
    return load_project(root)[0], out


def one(out: Path, pattern: str) -> Path:
    found = sorted(out.glob(pattern))
    assert len(found) == 1, (pattern, [p.name for p in out.iterdir()])
    return found[0]


def flat(text: str) -> str:
    """Text without spaces, line breaks and hyphens: a phrase hyphenated at a line's end still matches."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def test_the_profiles_stand_in_the_annex_and_the_concept_keeps_the_overview(large) -> None:
    project, out = large
    concept_pdf = one(out, f"IKON-{project.project.city}-*.pdf")
    annex_pdf, annex_docx = one(out, "IKON-Maßnahmenprofile-*.pdf"), one(out, "IKON-Maßnahmenprofile-*.docx")
    concept, annex, annex_word = flat(body_text(concept_pdf)), flat(body_text(annex_pdf)), flat(docx_text(annex_docx))
    assert "Anlagenband" in annex_word and "Anlagenband" in annex
    assert flat(f"„{annex_pdf.name}“") in concept  # the concept names the annex's file
    for x in project.measures:
        assert flat(x.id) in concept, x.id  # the overview row
        for text in (annex, annex_word):
            assert flat(x.title)[:40] in text, x.id
            for step in x.first_steps:
                assert flat(step)[:40] in text, (x.id, step)
        for step in x.first_steps:  # the fact sheets are no longer in the concept
            assert flat(step)[:40] not in concept, (x.id, step)
    assert annex.count("ErsteSchritte") == sum(1 for x in project.measures if x.first_steps)
    assert concept.count("ErsteSchritte") == 1  # only where the overview says what a profile holds


def test_the_annex_names_what_it_cites_from_the_concept(large) -> None:
    project, out = large
    annex = flat(body_text(one(out, "IKON-Maßnahmenprofile-*.pdf")))
    for x in project.measures:
        for cid in x.challenges:
            text = next(c.text for c in project.challenges if c.id == cid)
            assert flat(f"Herausforderung {cid} „{text}")[:50] in annex, (x.id, cid)


def expected_coverage(project: IkonProject, field: str) -> tuple[list[str], dict[str, set[str]]]:
    challenges = [c for c in project.challenges if c.field == field]
    cols = [x for x in project.measures if x.field == field] + \
        [x for x in project.measures if x.field != field and any(c.id in x.challenges for c in challenges)]
    return [x.id for x in cols], {c.id: {x.id for x in cols if c.id in x.challenges} for c in challenges}


def test_coverage_is_a_list_where_a_matrix_would_not_fit_and_a_matrix_elsewhere(large) -> None:
    project, out = large
    doc = Document(str(one(out, f"IKON-{project.project.city}-*.docx")))
    tables = [t for t in doc.tables if t.rows[0].cells[0].text == "Herausforderung"]
    fields = [f for f in sorted(project.fields, key=lambda f: f.order)
              if any(c.field == f.id for c in project.challenges)]
    assert len(tables) == len(fields)
    for field, table in zip(fields, tables, strict=True):
        cols, taken = expected_coverage(project, field.id)
        header = [c.text for c in table.rows[0].cells]
        if matrix_fits(cols):
            assert header == ["Herausforderung", *cols], field.id
            continue
        assert len(cols) > COVERAGE_MATRIX_COLUMNS or not matrix_fits(cols)
        assert header == LIST_HEADER, field.id
        rows = {row.cells[0].text.split(" ")[0]: row.cells[2].text for row in table.rows[1:]}
        assert set(rows) == set(taken), field.id
        for cid, measures in taken.items():
            assert (set(rows[cid].split(", ")) if measures else {rows[cid]}) == (measures or {"–"}), cid
    lists = sum(1 for t in tables if [c.text for c in t.rows[0].cells] == LIST_HEADER)
    assert lists == (len(fields) if project.project.city == "Großstadt" else 0)


def test_no_column_of_the_concept_gets_a_negative_width(large) -> None:
    _, out = large
    typ = next((out / ".cache" / "work").glob("IKON-*/concept.typ")).read_text(encoding="utf-8")
    assert "columns: (" in typ
    assert not re.search(r"columns: \([^)]*-\d", typ)


@pytest.mark.parametrize("ident", ["M-1", "M-BIL-01", "M-F01-0208", "MASSNAHME-ARBEITSMARKT-2024-001"])
def test_a_matrix_is_only_chosen_when_every_column_fits(ident: str) -> None:
    fitting = 0
    for n in range(1, 60):
        cols = [f"{ident}{k}" for k in range(n)]
        if matrix_fits(cols):
            fitting = n
            assert n <= COVERAGE_MATRIX_COLUMNS
            assert 1 - n * _id_column(cols, LANDSCAPE_PT) >= MIN_LABEL_SHARE
    assert fitting == 0 or matrix_fits([f"{ident}{k}" for k in range(fitting)])


def test_minden_and_lindenfeld_keep_the_profiles_in_the_concept(example) -> None:
    project = load_project(example.root)[0]
    assert len(project.measures) <= project.project.measure_profiles_annex_above
    assert not list(example.out.glob("IKON-Maßnahmenprofile-*"))
    concept = flat(body_text(example.concept_pdf))
    assert concept.count("ErsteSchritte") == sum(1 for x in project.measures if x.first_steps)
    assert "Anlagenband" not in concept


def test_the_committee_paper_lists_the_annex_among_its_attachments(large) -> None:
    project, out = large
    annex = one(out, "IKON-Maßnahmenprofile-*.pdf")
    papers = [p for p in out.glob("*.pdf") if project.project.paper and project.project.paper.type in p.name]
    assert len(papers) == (1 if project.project.paper else 0)
    for paper in papers:
        text = flat(body_text(paper))
        assert flat(annex.name) in text[text.rindex("Anlagen"):]


def test_a_comment_in_the_annex_is_collected_with_its_measure(large, tmp_path: Path) -> None:
    """City staff review the annex in Word like the concept: a comment on a profile's text reaches the
    register with that measure's id and source line."""
    project, out = large
    annex = Document(str(one(out, "IKON-Maßnahmenprofile-*.docx")))
    measure = project.measures[-1]
    paragraphs = [p for p in annex.paragraphs if p.text.strip()]
    heading = next(i for i, p in enumerate(paragraphs) if p.style.name.startswith("Heading")
                   and measure.title in p.text)
    body = next(p for p in paragraphs[heading + 1:] if not p.style.name.startswith("Heading") and p.runs)
    annex.add_comment(body.runs, text="Bitte Zuständigkeit prüfen", author="Erika Muster")
    reviewed = tmp_path / "reviewed.docx"
    annex.save(str(reviewed))
    root = tmp_path / "project"
    shutil.copytree(project.root, root, ignore=shutil.ignore_patterns("build", ".cache"))
    proc = run_cli("review", "collect", str(root), str(reviewed))
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(root / "reviews" / "register.xlsx").active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    [item] = [dict(zip(header, row, strict=True)) for row in rows]
    assert (item["kind"], item["id"], item["record_type"]) == ("comment", measure.id, "measure")
    assert item["source"].startswith("data/") and item["text"] == "Bitte Zuständigkeit prüfen"
