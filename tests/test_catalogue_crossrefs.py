"""The catalogue in print: each service's profile appears once (under its first field); its other
fields and the indexes name it by number and page, and that page holds the profile — read in the
PDF with pdftotext, in the DOCX with python-docx and in LibreOffice's own layout of it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from conftest import Example, libreoffice_convert, require_tool
from ikon_report.content.labels import Labels
from ikon_report.project.validate import load_project


def pages_of(pdf: Path) -> list[str]:
    """Each page's text (pdftotext's layout mode: an index line stays one line)."""
    exe = require_tool("pdftotext")
    text = subprocess.run([exe, "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout
    return [re.sub(r"·\s+", "·", page).replace("\u2011", "-") for page in text.split("\f")]


def profile_pages(pages: list[str], ids: list[str]) -> dict[str, list[int]]:
    """For each id, the pages holding its profile (the provider line ends ``· category · ID``)."""
    return {i: [n for n, page in enumerate(pages, 1) for _ in re.finditer(rf"·{re.escape(i)}(?![\w-])", page)]
            for i in ids}


def references(pages: list[str], ids: list[str], prefix: str) -> list[tuple[str, int]]:
    """Every ``ID title … S. 14`` of the indexes and cross-reference lists: (id, page given)."""
    alt = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    pattern = re.compile(rf"(?<![·\w-])({alt})(?![\w-])((?:(?!(?<![\w-])(?:{alt})(?![\w-])).){{0,400}}?)"
                         rf"(?<!\w){re.escape(prefix)}\s?(\d+)", re.S)
    return [(m.group(1), int(m.group(3))) for page in pages for m in pattern.finditer(page)]


def check_print(pdf: Path, root: Path) -> None:
    project = load_project(root)[0]
    ids = [s.id for s in project.services]
    pages = pages_of(pdf)
    where = profile_pages(pages, ids)
    assert {i: len(p) for i, p in where.items()} == dict.fromkeys(ids, 1), pdf
    refs = references(pages, ids, Labels("de", project)("page_short"))
    wrong = [(i, page, where[i][0]) for i, page in refs if page != where[i][0]]
    assert not wrong, (pdf, wrong)
    cross = sum(len(s.fields) - 1 for s in project.services)
    assert len(refs) >= cross + len(ids), (len(refs), cross)  # field cross-references plus at least one index line
    multi = {s.id for s in project.services if len(s.fields) > 1}
    assert multi <= {i for i, _ in refs}


def test_pdf_profiles_once_and_references_give_their_pages(example: Example) -> None:
    check_print(example.catalogue_pdf, example.root)


def test_docx_profiles_once_with_page_fields_that_libreoffice_fills_correctly(example: Example,
                                                                               tmp_path: Path) -> None:
    project = load_project(example.root)[0]
    ids = [s.id for s in project.services]
    body = Document(str(example.catalogue_docx)).element.body
    texts = [Paragraph(p, None).text for p in body.iter(qn("w:p"))]  # w:noBreakHyphen read as "-"
    profiles = {i: sum(1 for t in texts if re.search(rf"·\s*{re.escape(i)}$", t)) for i in ids}
    assert profiles == dict.fromkeys(ids, 1)
    fields = [t.text.split()[1] for t in body.iter(qn("w:instrText")) if t.text and "PAGEREF" in t.text]
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert set(fields) <= bookmarks and {s.id for s in project.services if len(s.fields) > 1} <= set(fields)
    check_print(libreoffice_convert(example.catalogue_docx, "pdf", tmp_path), example.root)
