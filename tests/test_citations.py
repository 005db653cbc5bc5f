"""Chapters cite entries of the sources list with pandoc's citation syntax (``[@Q-DOKU]``), resolved
in the AST: a short reference „(Ibis Institut 2019a)“ linked to the entry in the sources list, in the
PDF (typst link to the entry's label) and the DOCX (hyperlink to its bookmark); an unknown id is an
error at its line in check and build alike."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from project_helpers import copy_example

from conftest import EXAMPLES, Example, build_project, docx_text, pdf_text, run_cli
from ikon_report import pandoc_ast as a
from ikon_report.content.citations import resolve_citations, short_references
from ikon_report.project.model import SourceEntry
from ikon_report.project.validate import load_project
from ikon_report.tools import MARKDOWN, pandoc

SOURCES = [SourceEntry(id="Q-DOKU", title="Dokumentation", author="Ibis Institut", year=2019),
           SourceEntry(id="Q-MATERIAL", title="Materialanalyse", author="Ibis Institut", year=2019),
           SourceEntry(id="Q-AMT", title="Bericht", publisher="Amt für Statistik", date="2024-07-15"),
           SourceEntry(id="Q-OHNE", title="Ohne Jahr")]


def resolved(markdown: str, linked: bool = True) -> tuple[str, list[str]]:
    """The paragraph's text after resolving, and the targets of its links."""
    blocks = json.loads(pandoc(["-f", MARKDOWN, "-t", "json"], markdown).decode())["blocks"]
    resolve_citations(blocks, SOURCES, linked)
    targets: list[str] = []

    def links(node: object) -> None:
        if isinstance(node, dict):
            if a.is_a(node, "Link"):
                targets.append(a.target(node))
            links(node.get("c"))
        elif isinstance(node, list):
            for item in node:
                links(item)

    links(blocks)
    return a.stringify(a.inlines_of(blocks[0])), targets


@pytest.mark.parametrize(("markdown", "text", "targets"), [
    ("Belegt [@Q-DOKU].", "Belegt (Ibis Institut 2019a).", ["#Q-DOKU"]),
    ("Belegt [vgl. @Q-DOKU, S. 4; @Q-MATERIAL].", "Belegt (vgl. Ibis Institut 2019a, S. 4; Ibis Institut 2019b).",
     ["#Q-DOKU", "#Q-MATERIAL"]),
    ("Laut @Q-DOKU [S. 4] gilt das.", "Laut Ibis Institut (2019a, S. 4) gilt das.", ["#Q-DOKU"]),
    ("Laut @Q-AMT gilt das.", "Laut Amt für Statistik (2024) gilt das.", ["#Q-AMT"]),
    ("Schon [-@Q-MATERIAL] gesagt.", "Schon (2019b) gesagt.", ["#Q-MATERIAL"]),
    ("Siehe [@Q-OHNE].", "Siehe (Ohne Jahr).", ["#Q-OHNE"]),
    ("Text & <b>{{ x }}</b> [@Q-DOKU]", "Text & <b>{{ x }}</b> (Ibis Institut 2019a)", ["#Q-DOKU"]),
])
def test_citation_forms(markdown, text, targets):
    assert resolved(markdown) == (text, targets)


def test_records_in_a_citation_stay_references_and_without_the_list_nothing_links():
    blocks = json.loads(pandoc(["-f", MARKDOWN, "-t", "json"], "A [@Q-DOKU; @M-ZT-01].").decode())["blocks"]
    resolve_citations(blocks, SOURCES, linked=True)
    inlines = a.inlines_of(blocks[0])
    assert [c["citationId"] for n in inlines if a.is_a(n, "Cite") for c in a.citations(n)] == ["M-ZT-01"]
    assert "(Ibis Institut 2019a)" in a.stringify(inlines)
    assert resolved("B [@Q-DOKU].", linked=False) == ("B (Ibis Institut 2019a).", [])


def test_alike_entries_get_letters_in_the_order_of_the_list():
    assert short_references(SOURCES) == {"Q-DOKU": ("Ibis Institut", "2019a"), "Q-MATERIAL": ("Ibis Institut", "2019b"),
                                         "Q-AMT": ("Amt für Statistik", "2024"), "Q-OHNE": ("Ohne Jahr", "")}


def cited(root: Path) -> dict[str, tuple[str, ...]]:
    """Source id → how its citations in the chapters show (in brackets: „Ibis Institut 2019a“; in
    running text: „Ibis Institut (2019a“)."""
    model = load_project(root)[0]
    short = short_references(model.sources)
    ids = {m for ch in model.chapters for m in re.findall(r"@(Q-[A-Z]+)", ch.body)}
    assert ids, "the example cites no source"
    return {i: (f"{short[i][0]} {short[i][1]}", f"{short[i][0]} ({short[i][1]}") for i in ids}


def link_pages(pdf: Path) -> dict[int, list[int]]:
    """Page (1-based) of each internal link → the pages its destinations are on."""
    with pikepdf.open(pdf) as doc:
        index = {page.obj.objgen: n for n, page in enumerate(doc.pages, 1)}
        out: dict[int, list[int]] = {}
        for n, page in enumerate(doc.pages, 1):
            for annot in page.obj.get("/Annots", []):
                dest = annot.get("/Dest")
                if isinstance(dest, pikepdf.Array) and len(dest):
                    out.setdefault(n, []).append(index.get(dest[0].objgen, 0))
        return out


def test_examples_cite_their_sources_with_links_in_pdf_and_docx(example: Example):
    """Minden and Lindenfeld: every cited source shows its short reference in the concept, in the
    DOCX as a hyperlink to the entry's bookmark, in the PDF as a link to the sources list's page."""
    shown = cited(example.root)
    docx, pdf = example.concept_docx, example.concept_pdf
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode("utf-8")
    words = " ".join(docx_text(docx).split())
    pages = pdf_text(pdf).replace("\u00ad\n", "").split("\f")  # a word hyphenated at a line's end is one word
    flat_pages = [" ".join(p.split()) for p in pages]
    listed = next(n for n, p in enumerate(flat_pages, 1) if "Quellenverzeichnis" in p and all(i in p for i in shown))
    links = link_pages(pdf)
    for ident, forms in shown.items():
        assert any(form in words for form in forms), (ident, forms)
        assert re.search(rf'<w:hyperlink w:anchor="{ident}"', body) and f'w:name="{ident}"' in body, ident
        citing = [n for n, p in enumerate(flat_pages, 1) if any(form in p for form in forms) and n != listed]
        assert any(listed in links.get(n, []) for n in citing), (ident, citing, listed)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_an_unknown_source_is_an_error_at_its_line_in_check_and_build(tmp_path, name):
    root = copy_example(EXAMPLES[name], tmp_path / name)
    model = load_project(root)[0]
    chapter = root / model.chapters[1].path
    known = model.sources[0].id
    lines = chapter.read_text(encoding="utf-8").splitlines()
    lines.append(f"\nEine Quelle mit Tippfehler [@{known}X].")
    chapter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    at = len(lines) + 1
    expected = (f"{model.chapters[1].path}:{at}: error: unknown source '{known}X' (did you mean '{known}'?); "
                f"a citation [@ID] names an entry of the sources list (data/sources.yaml)")
    for proc in (run_cli("check", str(root)), build_project(root, tmp_path / "out")):
        assert proc.returncode == 1 and expected in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
