"""Leichte Sprache: the lint rules (each with a positive and a negative example), warnings at the
text's line, and the two editions on both example projects read back with real readers."""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from docx.oxml.ns import qn

from conftest import Example, libreoffice_convert, pdf_text, require_tool
from ikon_report.documents.registry import plan_editions
from ikon_report.errors import InvalidProject
from ikon_report.project import easy_lint as lint
from ikon_report.project.final import refuse_unfinished
from ikon_report.project.validate import load_project

RULES = [  # rule, text it flags, text it leaves alone
    (lint.long_sentences, "Sie können am Montag und am Dienstag und am Mittwoch und am Donnerstag und am Freitag "
                          "zum Kurs in der Schule kommen.", "Sie können am Montag zum Kurs kommen."),
    (lint.passive, "Der Antrag wird von der Stadt geprüft.", "Die Stadt prüft den Antrag."),
    (lint.negations, "Der Kurs kostet nichts.", "Der Kurs ist kostenlos."),
    (lint.subjunctive, "Sie könnten zum Kurs kommen.", "Sie können zum Kurs kommen."),
    (lint.genitive, "Das ist das Büro des Vereins.", "Das ist das Büro von dem Verein."),
    (lint.abbreviations, "Sie brauchen z. B. einen Pass.", "Sie brauchen zum Beispiel einen Pass."),
    (lint.abbreviations, "Der Kurs ist in der VHS.", "Der Kurs ist in der Volks-Hochschule."),
    (lint.ungrouped_numbers, "In Minden leben 12000 Menschen.", "In Minden leben 12.000 Menschen im Jahr 2026."),
    (lint.percent, "50 % der Plätze sind frei.", "Die Hälfte der Plätze ist frei."),
    (lint.long_compounds, "Gehen Sie zur Beratungsstelle.", "Gehen Sie zur Beratungs-Stelle oder Beratungs·stelle."),
]


@pytest.mark.parametrize(("rule", "flagged", "fine"), RULES, ids=[f"{r.__name__}-{n}" for n, (r, _, _) in
                                                                   enumerate(RULES)])
def test_each_rule_flags_its_example_and_leaves_the_easy_one(rule, flagged: str, fine: str) -> None:
    assert rule(flagged), (rule.__name__, flagged)
    assert rule(fine) == [], (rule.__name__, fine, rule(fine))


def test_postcodes_telephone_numbers_and_werden_as_future_are_not_flagged() -> None:
    assert lint.lint("Musterstraße 12, 32423 Minden. Rufen Sie an: 0571 123456.") == []
    assert lint.passive("Sie werden Deutsch lernen.") == []


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("build", ".venv", ".git", "tests", "ikon_report",
                                                            "bench", "docs", "examples", "*.egg-info"))
    return dst


def _check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(__file__).parents[1] / ".venv" / "bin" / "ikon-report"), "check", str(root)],
                          capture_output=True, text=True, check=False)


def test_a_booklet_without_review_says_so(tmp_path: Path) -> None:
    from conftest import EXAMPLES, build_project

    root = _copy(EXAMPLES["lindenfeld"], tmp_path / "p")
    settings = root / "ikon.yaml"
    text = settings.read_text(encoding="utf-8")
    review = "    review: {by: Prüf-Gruppe Leichte Sprache (Beispiel), date: 2024-11-12}\n"
    settings.write_text(text.replace(review, ""), encoding="utf-8")
    assert "easy.catalogue: no 'review' by Prüflesende" in _check(root).stderr
    proc = build_project(root, tmp_path / "out", "--format", "pdf")
    assert proc.returncode == 0, proc.stderr
    pdf = next((tmp_path / "out").glob("IKON-Leichte-Sprache-Angebote-*.pdf"))
    assert _squash("Die Prüfung durch Prüf-Leserinnen und Prüf-Leser fehlt noch.") in _squash(pdf_text(pdf))


def test_check_warns_at_the_line_of_the_text(example: Example, tmp_path: Path) -> None:
    root = _copy(example.root, tmp_path / "p")
    data = root / "data" / "leichte-sprache.yaml"
    lines = data.read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines) if line.strip().startswith("- ") and "text:" in lines[n - 1])
    lines[first] = lines[first].split("- ")[0] + "- Der Antrag wird geprüft, z. B. von 12000 Ämtern."
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = _check(root)
    assert proc.returncode == 0, proc.stderr
    at = f"data/leichte-sprache.yaml:{first + 1}: warning:"
    mine = [line for line in proc.stderr.splitlines() if line.startswith(at)]
    assert any("passive voice" in m for m in mine) and any("abbreviation 'z. B.'" in m for m in mine), mine
    assert any("12000 without grouping; write 12.000" in m for m in mine), mine


def test_unknown_service_is_an_error_at_its_line(tmp_path: Path) -> None:
    from conftest import EXAMPLES

    root = _copy(EXAMPLES["lindenfeld"], tmp_path / "p")
    data = root / "data" / "leichte-sprache.yaml"
    text = data.read_text(encoding="utf-8").replace("service: S-010", "service: S-999")
    data.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  - service: S-999") + 1
    proc = _check(root)
    assert proc.returncode == 1
    assert f"data/leichte-sprache.yaml:{line}: error: Leichte-Sprache text: unknown service 'S-999'" in proc.stderr


def test_editions_are_planned_only_when_the_data_has_the_texts(example: Example) -> None:
    project, _ = load_project(example.root)
    stems = [plan.stem for plan in plan_editions(project, final=False)]
    assert sum("Leichte-Sprache" in s for s in stems) == 2, stems
    project.easy = []
    assert not any("Leichte-Sprache" in plan.stem for plan in plan_editions(project, final=False))


def test_final_refuses_the_illustrative_and_the_unreviewed_texts(example: Example) -> None:
    project, _ = load_project(example.root)
    with pytest.raises(InvalidProject) as refused:
        refuse_unfinished(project)
    messages = [f"{p.path}:{p.line}: {p.message}" for p in refused.value.problems]
    assert any(m.startswith("data/leichte-sprache.yaml:") and "easy text" in m for m in messages), messages
    assert not list(lint.unreviewed(project))
    project.project.easy.catalogue.review = None
    unchecked = [f"{p.path}:{p.line}: {p.message}" for p in lint.unreviewed(project)]
    assert unchecked == [f"ikon.yaml:{project.project.easy.catalogue.src.line}: easy.catalogue has no review by "
                         "Prüflesende; add 'review: {by: …, date: …}' once they have checked the texts"]


def _squash(text: str) -> str:
    return re.sub(r"[\s-]+", "", text)


def _sizes(pdf: Path) -> collections.Counter:
    sizes: collections.Counter = collections.Counter()
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "Tf":
                    sizes[float(operands[1])] += 1
    return sizes


@pytest.mark.parametrize("kind", ["Leichte-Sprache-Angebote", "Leichte-Sprache"])
def test_pdf_is_a_leichte_sprache_booklet(example: Example, kind: str) -> None:
    pdf = example.one(f"IKON-{kind}-{example.city}-*.pdf")
    project, _ = load_project(example.root)
    easy = project.project.easy
    doc = easy.catalogue if kind.endswith("Angebote") else easy.summary
    text = _squash(pdf_text(pdf))  # lines may break after a hyphen the text has („Prüf-|Gruppe“)
    assert _squash(doc.title) in text and "LeichterSprache" in text
    assert _squash("Rechtlich gilt nur der Text in schwerer Sprache.") in text
    assert "[Beispiel]" in text  # the illustrative texts carry the mark
    if doc.review is not None:
        assert _squash(f"Prüf-Leser haben den Text geprüft: {doc.review.by}.") in text
    else:
        assert _squash("Die Prüfung durch Prüf-Leserinnen und Prüf-Leser fehlt noch.") in text
    texts = [t for t in project.easy if (t.service if kind.endswith("Angebote") else t.field)]
    for entry in texts:
        assert all(_squash(line) in text for line in entry.text), entry
    assert "- \n" not in pdf_text(pdf)  # no hyphenation: no line ends in a hyphen added by typst
    sizes = _sizes(pdf)
    assert sizes and min(sizes) >= 14, sizes  # every text of the booklet is at least 14 pt
    with pikepdf.open(pdf) as doc_pdf:
        assert str(doc_pdf.Root.Lang) == "de-DE" and "/StructTreeRoot" in doc_pdf.Root
        assert doc_pdf.open_metadata().get("dc:title") == doc.title
        alts = {str(node.get("/Alt")) for node in doc_pdf.objects if isinstance(node, pikepdf.Dictionary)
                and node.get("/S") == "/Figure" and node.get("/Alt") is not None}
    assert {t.pictogram.alt for t in texts if t.pictogram} <= alts
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSans" in fonts and "NotoSerif" not in fonts


@pytest.mark.parametrize("kind", ["Leichte-Sprache-Angebote", "Leichte-Sprache"])
def test_docx_styles_are_large_ragged_and_unhyphenated(example: Example, kind: str) -> None:
    docx = Document(str(example.one(f"IKON-{kind}-{example.city}-*.docx")))
    styles = docx.styles.element
    sizes = [int(sz.get(qn("w:val"))) for sz in styles.iter(qn("w:sz"))]
    assert sizes and min(sizes) >= 28  # half-points: 14 pt
    body_sizes = [int(sz.get(qn("w:val"))) for sz in docx.element.body.iter(qn("w:sz"))]
    assert not body_sizes or min(body_sizes) >= 28
    assert docx.settings.element.find(qn("w:autoHyphenation")) is None
    normal = docx.styles["Normal"].element.find(qn("w:pPr"))
    assert normal.find(qn("w:suppressAutoHyphens")) is not None
    assert not [jc for jc in styles.iter(qn("w:jc")) if jc.get(qn("w:val")) == "both"]
    paragraphs = [p for p in docx.paragraphs if p.style is not None and p.style.name == "Leichte Sprache"]
    project, _ = load_project(example.root)
    lines = {line for t in project.easy for line in t.text}
    assert lines & {p.text for p in paragraphs}  # one statement per paragraph
    assert docx.core_properties.language == "de-DE"


def _pages(pdf: Path) -> list[str]:
    """The text of each page (poppler, pages split at form feeds)."""
    text = subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8", "-layout", str(pdf), "-"],
                          capture_output=True, check=True, text=True).stdout
    return text.split("\f")


def _contents_lines(project_root: Path, kind: str) -> list[str]:
    """What the booklet's „Inhalt“ lists: its part, each text's title, the two closing sections."""
    project, _ = load_project(project_root)
    texts = [t for t in project.easy if (t.service if kind.endswith("Angebote") else t.field)]
    order = [s.id for s in project.services] if kind.endswith("Angebote") else [f.id for f in project.fields]
    texts.sort(key=lambda t: order.index(str(t.service or t.field)))
    part = "Die Angebote" if kind.endswith("Angebote") else "Das plant die Stadt"
    return [part, *(t.title for t in texts), "Wer hat den Text geprüft?", "Wer hat das Heft gemacht?"]


def _toc_pages(page_texts: list[str], titles: list[str]) -> dict[str, int]:
    """Each title's page number as the „Inhalt“ page states it (dot leaders in PDF, none in Word)."""
    contents = next(t for t in page_texts if re.search(r"^\s*Inhalt\s*$", t, re.M))
    found = {}
    for title in titles:
        match = re.search(re.escape(title) + r"[ .]*Seite (\d+)", contents)
        assert match, (title, contents)
        found[title] = int(match[1])
    return found


@pytest.mark.parametrize("kind", ["Leichte-Sprache-Angebote", "Leichte-Sprache"])
def test_booklets_have_a_short_table_of_contents(example: Example, kind: str, tmp_path: Path) -> None:
    """„Inhalt“ on its own page in PDF and DOCX: every part with the page it starts on, in large type."""
    titles = _contents_lines(example.root, kind)
    pdf = example.one(f"IKON-{kind}-{example.city}-*.pdf")
    pages = _pages(pdf)
    in_pdf = _toc_pages(pages, titles)
    for title, page in in_pdf.items():
        assert _squash(title) in _squash(pages[page - 1].split("Inhalt")[-1]), (title, page)  # heading there
    docx_file = example.one(f"IKON-{kind}-{example.city}-*.docx")
    docx = Document(str(docx_file))
    body = docx.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    fields = [t.text.split()[1] for t in body.iter(qn("w:instrText")) if t.text and "PAGEREF" in t.text]
    assert len(fields) == len(titles) and set(fields) <= bookmarks  # every line points at its heading
    heading = next(p for p in docx.paragraphs if p.text == "Inhalt")
    assert heading.style is not None and heading.style.name == "Heading 1"
    lines = [p for p in docx.paragraphs if any(p.text.startswith(t + " Seite") for t in titles)]
    assert len(lines) == len(titles) and all(p.style is not None and p.style.name == "Leichte Sprache"
                                             for p in lines)  # large type: the statements' style (14 pt)
    stored = {p.text.rsplit(" Seite", 1)[0]: int(p.text.rsplit("\xa0", 1)[1]) for p in lines}
    assert stored == in_pdf  # what Word shows before it updates the fields: the PDF's pages
    if kind.endswith("Angebote"):  # LibreOffice, a real Word client, fills in the page fields
        converted = _pages(libreoffice_convert(docx_file, "pdf", tmp_path))
        for title, page in _toc_pages(converted, titles).items():
            assert _squash(title) in _squash(converted[page - 1].split("Inhalt")[-1]), (title, page)
