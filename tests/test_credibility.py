"""Issue 11: documents a committee trusts — one test per numbered item of the content's share
(2, 4, 5, 10, 11, 12, 13), each reading the real outputs (python-docx, pdftotext)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from project_helpers import finished_copy

from conftest import ROOT, build_project, catalogue_editions, docx_text, pdf_text, require_tool, run_cli

MARK = "[Beispiel]"
LEGEND_START = "„[Beispiel]“ kennzeichnet"


def layout_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """pdftotext with the page layout kept (lines as set on the page)."""
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run([require_tool("pdftotext"), "-layout", "-enc", "UTF-8", *pages, str(pdf), "-"],
                          capture_output=True, check=True, text=True).stdout


def illustrative_keys(root: Path = ROOT) -> int:
    """How many items a project's data and chapters mark illustrative (counted in the sources)."""
    files = [root / "ikon.yaml", *(root / "data").rglob("*.yaml")]
    keys = sum(len(re.findall(r"^\s*illustrative:", f.read_text(encoding="utf-8"), re.M)) for f in files)
    passages = sum(1 for f in (root / "chapters").glob("*.md") for line in f.read_text(encoding="utf-8").splitlines()
                   if "{.illustrative}" in line)  # one message per line
    return keys + passages


# --- 2 invented content is marked where it stands, and --final refuses all of it ---------------------


def test_2_one_mark_where_the_item_stands(minden_docx, minden_pdf):
    for text in (docx_text(minden_docx), pdf_text(minden_pdf)):
        for stacked in ("(Beispielbild)", "(Platzhalterbild)", "Beispieldaten", "illustratives Beispiel"):
            assert stacked not in text, stacked
        assert text.count(LEGEND_START) == 1
        assert text.count(MARK) > 100
    pdf = pdf_text(minden_pdf)
    assert pdf.index(LEGEND_START) < pdf.index("Ein Konzept für alle Mindener*innen\n"), "legend before chapter 1"
    kickoff = Document(str(next(minden_docx.parent.glob("IKON-Dokumentation-Auftaktkonferenz-Minden-*.docx"))))
    captions = [p.text for p in kickoff.paragraphs if p.style.name == "Image Caption"]
    photos = [c for c in captions if "Workshop" in c or "Plenum" in c]  # photos: in the event's own document
    assert len(photos) == 6 and all(c.endswith(MARK) and c.count(MARK) == 1 for c in photos), photos
    doc = Document(str(minden_docx))
    challenges = yaml.safe_load((ROOT / "data" / "challenges.yaml").read_text(encoding="utf-8"))["challenges"]
    rows = {row.cells[0].text: [c.text for c in row.cells] for t in doc.tables for row in t.rows}
    for c in challenges:
        row = rows[c["id"]]
        if c.get("illustrative") is True:
            assert row[1].endswith(MARK) and MARK not in row[2] + row[3], row  # once per item, at its text
        elif c.get("illustrative"):
            assert MARK not in row[1] and row[2].endswith(MARK), row  # only the invented priority
    marks = [r for p in doc.paragraphs for r in p.runs if r.text == MARK]
    assert marks and all(r.style.name == "Beispielmarke" for r in marks)
    assert "Die folgenden Leitsätze wurden mit der Steuerungsgruppe abgestimmt. [Beispiel]" in docx_text(minden_docx)


def test_2_every_example_refuses_all_its_illustrative_items_and_marks_them(example, tmp_path):
    proc = build_project(example.root, tmp_path / "out", "--final")
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert proc.returncode == 1 and len(errors) == illustrative_keys(example.root), "\n".join(errors)
    for text in (pdf_text(example.concept_pdf), docx_text(example.catalogue_docx)):
        assert text.count(MARK) > 10 and text.count(LEGEND_START) == 1


def test_2_final_refuses_every_illustrative_item(tmp_path):
    proc = build_project(ROOT, tmp_path / "out", "--final")
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert len(errors) == illustrative_keys(), "\n".join(errors)
    photos = [e for e in errors if e.startswith("data/events.yaml") and "image 'assets/images/" in e]
    assert len(photos) == 6, errors
    for where in ("chapters/04-leitbild.md:", "data/challenges.yaml:", "data/fields.yaml:", "data/monitoring.yaml:",
                  "ikon.yaml:"):
        assert any(e.startswith(where) for e in errors), where
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))
    for command in (["paper", str(ROOT)], ["monitoring", str(ROOT), "--year", "2021"]):
        proc = run_cli(*command, "--final", "--out", str(tmp_path / "follow"))
        assert proc.returncode == 1 and "illustrative example" in proc.stderr, proc.stderr


def test_2_any_item_can_be_marked_workshop_points_and_photos_included(tmp_path):
    project = finished_copy(ROOT, tmp_path / "p")
    conference = project / "data" / "events.yaml"
    text = conference.read_text(encoding="utf-8")
    point = "Lange Wartezeiten in der Migrationsberatung"
    indent = next(line for line in text.splitlines() if line.strip() == f"- {point}").index("-")
    text = text.replace(f"- {point}\n", f"- text: {point}\n{' ' * (indent + 2)}illustrative: true\n", 1)
    caption = "caption: Begrüßung im Plenum\n"
    at = next(line for line in text.splitlines() if line.strip() == caption.strip()).index("c")
    text = text.replace(caption, f"{caption}{' ' * at}illustrative: true\n", 1)
    conference.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    point_line = next(n for n, line in enumerate(lines, 1) if line.strip() == f"- text: {point}") + 1
    proc = build_project(project, tmp_path / "final", "--final")
    assert proc.returncode == 1
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2, errors
    assert any(e.startswith(f"data/events.yaml:{point_line}: error: point '{point}' in WS-ZT") for e in errors)
    assert any("image 'assets/images/plenum-begruessung.png'" in e for e in errors), errors
    proc = build_project(project, tmp_path / "draft")
    assert proc.returncode == 0, proc.stderr
    docx = next((tmp_path / "draft").glob("IKON-Minden-*.docx"))  # the point in the appendix's short form
    text = docx_text(docx)
    assert f"{point} {MARK}" in text and text.count(LEGEND_START) == 1
    marks = [r for p in Document(str(docx)).paragraphs for r in p.runs if r.style.name == "Beispielmarke"]
    assert len(marks) == 1, [r.text for r in marks]
    kickoff = next((tmp_path / "draft").glob("IKON-Dokumentation-Auftaktkonferenz-*.docx"))  # point and photo
    text = docx_text(kickoff)
    assert f"{point} {MARK}" in text and f"Begrüßung im Plenum {MARK}" in text and text.count(LEGEND_START) == 1
    marks = [r for p in Document(str(kickoff)).paragraphs for r in p.runs if r.style.name == "Beispielmarke"]
    assert len(marks) == 2, [r.text for r in marks]


# --- 4 a provider is a name ----------------------------------------------------------------------------


def test_4_no_database_leftovers(minden, minden_docx, minden_pdf):
    catalogue = next(minden.glob("IKON-Angebotskatalog-*.pdf"))
    for text in (docx_text(minden_docx), pdf_text(minden_pdf), pdf_text(catalogue)):
        for leftover in ("(generisch)", "(Beispiel)", "eines freien Trägers", "eines Wohlfahrtsverbands"):
            assert leftover not in text, leftover
    text = docx_text(minden_docx)
    assert "Jobcenter" in text and "Volkshochschule" in text


# --- 5 codes with names; ids and dates never break ------------------------------------------------------


def known_ids(root: Path = ROOT) -> set[str]:
    ids = set()
    for file in (root / "data").rglob("*.yaml"):
        ids |= set(re.findall(r"^\s*- id: ([A-Z][A-Za-z0-9-]+)$", file.read_text(encoding="utf-8"), re.M))
    return {i for i in ids if "-" in i}


def test_5_coverage_matrix_names_its_codes(minden_docx):
    measures = {m["id"]: m["title"] for m in
                yaml.safe_load((ROOT / "data" / "measures.yaml").read_text(encoding="utf-8"))["measures"]}
    challenges = {c["id"]: c["text"] for c in
                  yaml.safe_load((ROOT / "data" / "challenges.yaml").read_text(encoding="utf-8"))["challenges"]}
    doc = Document(str(minden_docx))
    matrices = [t for t in doc.tables if t.rows[0].cells[0].text == "Herausforderung"]
    assert len(matrices) == 4
    for table in matrices:
        columns = [c.text for c in table.rows[0].cells[1:]]
        legend = table.rows[-1].cells[0].text
        assert legend.startswith("Maßnahmen:")
        for ident in columns:
            assert f"{ident} {measures[ident]}" in legend, ident  # the title beside the code, in the same table
        for row in table.rows[1:-1]:
            ident = row.cells[0].text.split(" ")[0]
            assert row.cells[0].text.startswith(f"{ident} {challenges[ident][:30]}"), row.cells[0].text


def broken_ids(pdf: Path, ids: set[str]) -> list[tuple[str, str]]:
    """Line pairs where an id starts at the end of one line and ends on the next."""
    lines = layout_text(pdf).splitlines()
    return [(line, after) for line, after in zip(lines, lines[1:], strict=False)
            if any((tail := (line.split() or [""])[-1]).endswith(i[:i.index("-") + 1])
                   and (tail + (after.split() or [""])[0]).endswith(i) for i in ids)]


def test_5_ids_never_break_in_any_example(example):
    ids = known_ids(example.root)
    for pdf in (example.concept_pdf, example.catalogue_pdf):
        assert not broken_ids(pdf, ids), pdf.name


def test_5_ids_never_break_and_stay_searchable(minden_docx, minden_pdf):
    ids = known_ids()
    assert not broken_ids(minden_pdf, ids)
    text = pdf_text(minden_pdf)
    for ident in ("M-BIL-02", "C-ZT-08", "I-ARB-01"):
        assert ident in text  # ASCII hyphens: search and copy find the id
    body = Document(str(minden_docx)).element.body
    pieces = [t.text or "" for t in body.iter(qn("w:t"))]
    assert not [p for p in pieces if any(i in p for i in ids)], "an id with breakable hyphens in the DOCX"
    assert len(list(body.iter(qn("w:noBreakHyphen")))) > 100
    assert "M-BIL-02" in docx_text(minden_docx)  # readers see a plain hyphen


def test_5_german_dates_never_split(minden_docx, minden_pdf):
    months = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
    lines = layout_text(minden_pdf).splitlines()
    for line, after in zip(lines, lines[1:], strict=False):
        assert not (re.search(r"\b\d{1,2}\.$", line.rstrip()) and re.match(rf"\s*({months})\b", after)), line
        assert not re.search(rf"\b\d{{1,2}}\.\s+({months[:3]}|De)[a-zä]*­?$", line.rstrip()), line
    text = docx_text(minden_docx)
    assert "31.\u00a0Dezember" in text and "20.\u00a0Mai\u00a02019" in text
    assert "31. Dezember" in pdf_text(minden_pdf).replace("\u00a0", " ")


# --- 10 labels translated correctly ----------------------------------------------------------------------


SLIDE_ERRORS = ("oluşma", "oturmak", "geçim", "жить")


def test_10_field_names_correct_in_concept_and_catalogue(minden, minden_docx, minden_pdf, tmp_path_factory):
    for text in (docx_text(minden_docx), pdf_text(minden_pdf)):
        for wrong in SLIDE_ERRORS:
            assert not re.search(rf"\b{wrong}\b", text), wrong
        for right in ("Eğitim ve dil", "Konut", "Birlikte yaşam ve katılım", "Жильё", "Образование и язык"):
            assert right in text, right
    for lang, right in (("tr", ("Eğitim ve dil", "Konut")), ("ru", ("Жильё",))):
        editions = catalogue_editions(ROOT, tmp_path_factory)  # `catalogue --lang all`, once per session
        text = pdf_text(next(editions.glob(f"IKON-Angebotskatalog-*-{lang}.pdf")))
        assert all(r in text for r in right) and not any(re.search(rf"\b{w}\b", text) for w in SLIDE_ERRORS)
    web = next(minden.glob("*.html")).read_text(encoding="utf-8")
    assert not any(w in web for w in SLIDE_ERRORS)


# --- 11 prose, not pasted slide bullets ------------------------------------------------------------------


def body_paragraphs(docx: Path) -> list[str]:
    return [p.text for p in Document(str(docx)).paragraphs
            if p.style.name in ("Body Text", "First Paragraph") and p.text.strip()]


def test_11_chapters_read_as_prose(minden_docx, minden_pdf):
    text = docx_text(minden_docx).rsplit("\nA Dokumentation", 1)[0]  # the appendix documents the slides verbatim
    for shorthand in ("ins. Frauen", "z.T.", "MSOs schwach", "inkl.", "Stakeholder", "Input für den Prozess",
                      "Qualitative Befragung, insgesamt", "Erste Empfehlungen/ Maßnahmenansätze", "ggf."):
        assert shorthand not in text, shorthand
    sentences = [s for p in body_paragraphs(minden_docx) for s in re.split(r"(?<=[.!?])\s+", p)
                 if len(s.split()) >= 8]
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert not repeated, repeated
    doc = Document(str(minden_docx))
    paragraphs = doc.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.endswith("Zwischenergebnisse der Bestandsaufnahme")
                 and p.style.name.startswith("Heading"))
    end = next(i for i, p in enumerate(paragraphs) if i > start and p.style.name == "Heading 1")
    findings = paragraphs[start:end]
    assert not [p.text for p in findings if p.style.name in ("Compact",) and p.text], "bullets in the findings"
    assert sum(len(p.text.split()) for p in findings if p.style.name in ("Body Text", "First Paragraph")) > 300
    assert "Mindener*innen" in text


# --- 12 cover and front matter -----------------------------------------------------------------------------


def test_12_cover_title_and_consistent_facts(minden, minden_docx, minden_pdf, made):
    cover = layout_text(minden_pdf, 1, 1).replace("\u00a0", " ")
    assert cover.count("Minden") <= 2, cover  # title and client; the logo is a picture
    title = next(line.strip() for line in cover.splitlines() if "Integrationskonzept" in line)
    assert title in ("Integrationskonzept der Stadt Minden", "Integrationskonzept"), title
    assert "der Stadt Minden" in cover and not re.search(r"der Stadt\s*\n\s*Minden", cover)
    doc = Document(str(minden_docx))
    texts = [p.text for p in doc.paragraphs]
    cover_docx = texts[:texts.index("Impressum")]
    assert "Integrationskonzept der\u00a0Stadt\u00a0Minden" in cover_docx
    assert sum(t.count("Minden") for t in cover_docx) <= 2, cover_docx
    paper = made("paper", str(ROOT))  # the committee paper, made once per session
    texts = [docx_text(minden_docx), pdf_text(minden_pdf), docx_text(next(paper.glob("*.docx")))]
    for text in texts:
        assert "rund 200" not in text and "mehr als 200" not in text
        assert not re.search(r"\d\s*Euro\b|\bEUR\b", text)
    assert "über 200" in texts[0] and "€" in texts[0]


# --- 13 the catalogue in print ---------------------------------------------------------------------------------


GERMAN_LABELS = ("Inhaltsverzeichnis", "Abbildungsverzeichnis", "Tabellenverzeichnis", "Auftraggeberin", "Erstellt von",
                 "Fassung", "Impressum", "Hinweise zur Nutzung", "Verzeichnisse", "Angebote nach Sprache", "Seite ")
PAGE = re.compile(r"(?:\b[sS]\.|ص)\s*(\d+)|(\d+)\s*ص")  # „s. 14“, „S. 14“; right to left „14 ص“ as laid out


PAGE_AT_END = re.compile(rf"(?:{PAGE.pattern})\s*$|^\s*(?:{PAGE.pattern})")  # LTR: at the end; RTL: at the start


def index_ref(line: str) -> tuple[str, int] | None:
    """(service id, page) of an index line (the page after the dot leaders, which are drawn, not text), in
    either direction."""
    ident, page = re.search(r"S-\d+", line), PAGE_AT_END.search(line)
    if not (ident and page):
        return None
    number = next(group for group in page.groups() if group)
    return ident.group(), int(number)


def edition(tmp_path_factory, lang: str) -> tuple[Path, Path]:
    """PDF and DOCX of Minden's catalogue in ``lang`` (from `catalogue --lang all`, once per session)."""
    editions = catalogue_editions(ROOT, tmp_path_factory)
    suffix = "" if lang == "de" else f"-{lang}"
    return (next(editions.glob(f"IKON-Angebotskatalog-*Entwurf{suffix}.pdf")),
            next(editions.glob(f"IKON-Angebotskatalog-*Entwurf{suffix}.docx")))


@pytest.mark.parametrize("lang", ["tr", "ar"])
def test_13_catalogue_editions_in_their_language_with_page_numbers(tmp_path_factory, lang):
    from ikon_report.content.labels import Labels, language_name, sort_key

    pdf, docx = edition(tmp_path_factory, lang)
    lb = Labels(lang)
    for text in (pdf_text(pdf), docx_text(docx)):
        label_text = text.split(lb("imprint"))[0] + text.split(lb("toc"), 1)[-1]  # the imprint is German project text
        assert not [w for w in GERMAN_LABELS if w in label_text], [w for w in GERMAN_LABELS if w in label_text]
        assert lb("index_languages") in text and lb("toc") in text
    assert f"{lb('edition')} {lb('version')}" not in pdf_text(pdf)  # „Sürüm Sürüm 0.9“ once
    count, wrong = wrong_index_pages(pdf)  # the page an index line gives is the page of the entry
    assert count > 50 and not wrong, wrong
    # the language index: own names, in the edition's alphabetical order, entries by number
    services = yaml.safe_load((ROOT / "data" / "services.yaml").read_text(encoding="utf-8"))["services"]
    codes = sorted({c for s in services for c in s.get("languages", []) if c != "de"},
                   key=lambda c: sort_key(language_name(c, lang)))
    index = layout_text(pdf).split(lb("index_languages"))[-1]
    found = [c for c in codes if language_name(c, c) in index]
    assert found == codes
    positions = [index.index(language_name(c, lang)) for c in codes]
    assert positions == sorted(positions), codes
    groups: list[list[int]] = []
    for line in index.splitlines():
        if re.search(r"[()]\d+[()]", line) and "S-" not in line and "/" not in line:
            groups.append([])  # a group heading: „Türkçe (21)“
        elif groups and (m := re.search(r"S-(\d+) ", line)):
            groups[-1].append(int(m.group(1)))
    assert len(groups) == len(codes) and all(g == sorted(g) and g for g in groups), groups


def wrong_index_pages(pdf: Path) -> tuple[int, list[tuple[str, int]]]:
    """(number of index lines, those whose page is not the page the entry stands on)."""
    pages = [re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", page) for page in layout_text(pdf).split("\f")]
    entry_page: dict[str, int] = {}
    for n, page in enumerate(pages, 1):
        for line in page.splitlines():  # an entry's provider line: „Anbieter · Art · S-001“
            if "·" in line and (m := re.search(r"S-\d+", line)) and not index_ref(line):
                entry_page.setdefault(m.group(), n)
    refs = [ref for page in pages for line in page.splitlines() if (ref := index_ref(line))]
    return len(refs), [r for r in refs if entry_page.get(r[0]) != r[1]]


def test_13_index_pages_are_right_in_every_example(example):
    count, wrong = wrong_index_pages(example.catalogue_pdf)
    assert count > 20 and not wrong, wrong


def test_13_german_edition_names_languages_by_their_own_names(minden):
    pdf = next(minden.glob("IKON-Angebotskatalog-*Entwurf.pdf"))
    index = pdf_text(pdf).split("Angebote nach Sprache")[-1]
    for own, german in (("العربية", "Arabisch"), ("Українська", "Ukrainisch"), ("Русский", "Russisch")):
        line = next(line for line in index.splitlines() if re.search(rf"\b{german} \(\d+\)", line))
        assert own in line, line  # the language's own name beside the German one
