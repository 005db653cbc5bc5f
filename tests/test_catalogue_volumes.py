"""Above ``catalogue_volumes_above`` services the print catalogue comes in volumes by field (DOCX
and PDF each) and the web edition stays complete: a generated project and a copy of Lindenfeld,
each with the limit set low, read back with pdftotext and python-docx."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from project_helpers import large_project
from test_catalogue_crossrefs import pages_of, profile_pages, references

from ikon_report.content.labels import Labels
from ikon_report.project.validate import load_project


@pytest.fixture(scope="module", params=["generated", "lindenfeld"])
def volumes_built(request) -> tuple[Path, Path]:
    """A generated project and Lindenfeld with the limit set low, each built once per test run
    (``large_project``; the concept size tests read the same builds)."""
    return large_project(request.param)


def volume_number(path: Path) -> int:
    found = re.search(r"-Band-(\d+)-", path.name)
    assert found, path.name
    return int(found.group(1))


def test_one_docx_and_pdf_per_field_and_the_complete_web_edition(volumes_built: tuple[Path, Path]) -> None:
    root, out = volumes_built
    project = load_project(root)[0]
    firsts = {s.fields[0] for s in project.services}
    pdfs = sorted(out.glob("*Angebotskatalog*.pdf"), key=volume_number)
    docxs = sorted(out.glob("*Angebotskatalog*.docx"), key=volume_number)
    assert [volume_number(p) for p in pdfs] == [volume_number(p) for p in docxs] == list(range(1, len(firsts) + 1))
    webs = list(out.glob("*Angebotskatalog*.html"))
    assert len(webs) == 1
    html = webs[0].read_text(encoding="utf-8")
    assert all(s.id in html for s in project.services)
    order = [f.id for f in sorted(project.fields, key=lambda f: f.order) if f.id in firsts]
    lb = Labels("de", project)
    for n, pdf in enumerate(pdfs, 1):
        cover = pages_of(pdf)[0]
        field = next(f for f in project.fields if f.id == order[n - 1])
        assert re.sub(r"\s+", " ", lb("volume", number=n, total=len(order), field=lb.field(field))) \
            in re.sub(r"\s+", " ", cover), pdf.name


def test_each_profile_once_in_the_set_in_its_first_fields_volume_with_right_pages(
        volumes_built: tuple[Path, Path]) -> None:
    root, out = volumes_built
    project = load_project(root)[0]
    ids = [s.id for s in project.services]
    lb = Labels("de", project)
    pdfs = sorted(out.glob("*Angebotskatalog*.pdf"), key=volume_number)
    order = [f.id for f in sorted(project.fields, key=lambda f: f.order) if f.id in {s.fields[0] for s in
                                                                                      project.services}]
    seen: dict[str, int] = {}
    for pdf in pdfs:
        n = volume_number(pdf)
        pages = pages_of(pdf)
        where = {i: p for i, p in profile_pages(pages, ids).items() if p}
        assert all(len(p) == 1 for p in where.values()), pdf.name
        assert {s.id for s in project.services if s.fields[0] == order[n - 1]} == set(where), pdf.name
        for i in where:
            assert i not in seen, (i, seen.get(i), n)
            seen[i] = n
        refs = references(pages, list(where), lb("page_short"))
        assert refs and all(page == where[i][0] for i, page in refs), (pdf.name, refs)
        text = "\n".join(pages)
        for s in project.services:  # in this volume's field, profile in another: number and volume
            if order[n - 1] in s.fields and s.fields[0] != order[n - 1]:
                home = order.index(s.fields[0]) + 1
                assert re.search(rf"{re.escape(s.id)}\b[^\n]*{lb('in_volume', number=home)}", text), (pdf.name, s.id)
    assert sorted(seen) == sorted(ids)
    for docx in sorted(out.glob("*Angebotskatalog*.docx"), key=volume_number):
        texts = [p.text for p in Document(str(docx)).paragraphs]
        home = order[volume_number(docx) - 1]
        mine = [s.id for s in project.services if s.fields[0] == home]
        assert all(sum(1 for t in texts if re.search(rf"·\s*{re.escape(i)}$", t)) == 1 for i in mine), docx.name
        others = [i for i in ids if i not in mine]
        assert not any(re.search(rf"·\s*{re.escape(i)}$", t) for t in texts for i in others), docx.name
