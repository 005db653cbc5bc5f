"""Every document kind of each example (concept, catalogue in several scripts, committee paper,
monitoring report, changes, each event's documentation), as a reader sees it: the typst PDFs, and
LibreOffice's rendering of every DOCX on this machine, which has no Noto fonts installed (only DejaVu).

- no blank page and no page with fewer than four lines of body text but the last (pagecheck),
  in the typst PDFs and in LibreOffice's;
- LibreOffice shows the PDF's faces: ``pdffonts`` lists only Noto (and LibreOffice's bullet font
  OpenSymbol), with no missing glyph, and paginates within 10 % of the typst PDF (a document of
  fewer than ten pages: within one page);
- every word of every DOCX table cell comes out whole (or hyphenated) in LibreOffice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import Example, catalogue_editions, libreoffice_convert_all, require_tool, run_cli
from pagecheck import broken_words, near_empty_pages, page_count, pdf_fonts, text_words
from pdfcheck import notdef_glyphs

SCRIPTS = (("ar", "fa", "ckb", "ps", "prs"), ("ti",), ("uk", "ru"))  # one catalogue edition per script
ALLOWED_FONTS = re.compile(r"^(Noto[A-Za-z0-9]*-[A-Za-z]+|OpenSymbol)$")
PARTS = ("ikon.yaml", "data", "chapters", "assets", "templates", "i18n")


@dataclass(frozen=True)
class Documents:
    """Every document of one example: DOCX and PDF side by side, LibreOffice's PDFs in ``lo``."""

    example: Example
    out: Path
    lo: Path

    def pairs(self) -> list[tuple[Path, Path, Path]]:
        """(DOCX, typst PDF, LibreOffice PDF) of every document."""
        return [(d, d.with_suffix(".pdf"), self.lo / f"{d.stem}.pdf") for d in sorted(self.out.glob("*.docx"))]


def _ok(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _older_version(root: Path, target: Path) -> Path:
    """A copy of the project with one measure renamed: what ``diff`` compares against."""
    target.mkdir(parents=True)
    for part in PARTS:
        if (root / part).is_dir():
            shutil.copytree(root / part, target / part)
        elif (root / part).is_file():
            shutil.copy(root / part, target / part)
    measures = target / "data" / "measures.yaml"
    data = yaml.safe_load(measures.read_text(encoding="utf-8"))
    first = data["measures"][0]
    text = measures.read_text(encoding="utf-8")
    measures.write_text(text.replace(first["title"], first["title"] + " (Entwurf)", 1), encoding="utf-8")
    return target


def _languages(root: Path) -> list[str]:
    spoken = yaml.safe_load((root / "ikon.yaml").read_text(encoding="utf-8")).get("languages", [])
    return [next(code for code in group if code in spoken) for group in SCRIPTS if set(group) & set(spoken)]


def _report_year(root: Path) -> int:
    updates = yaml.safe_load((root / "data" / "monitoring.yaml").read_text(encoding="utf-8"))["updates"]
    return max(int(u["year"]) for u in updates)


_MADE: dict[str, Documents] = {}


def _copy_documents(src: Path, out: Path, pattern: str = "*") -> None:
    for built in [*src.glob(f"{pattern}.docx"), *src.glob(f"{pattern}.pdf")]:
        shutil.copy(built, out / built.name)


@pytest.fixture(scope="session")
def documents(example: Example, made, tmp_path_factory) -> Documents:
    """All document kinds of ``example`` in one folder, each DOCX converted by LibreOffice. The
    documents other tests read too come from the session's shared outputs (``made``, the catalogue
    editions, LibreOffice conversions cached by content)."""
    if example.name in _MADE:
        return _MADE[example.name]
    out = tmp_path_factory.mktemp(f"{example.name}-all")
    _copy_documents(example.out, out)
    root = str(example.root)
    _copy_documents(made("paper", root), out)
    _copy_documents(made("monitoring", root, "--year", str(_report_year(example.root))), out)
    for lang in _languages(example.root):
        _copy_documents(catalogue_editions(example.root, tmp_path_factory), out, f"IKON-Angebotskatalog-*-{lang}")
    old = _older_version(example.root, tmp_path_factory.mktemp(f"{example.name}-old") / "project")
    _ok(run_cli("diff", root, str(old), root, "--out", str(out), "--format", "docx", "--format", "pdf"))
    libreoffice_convert_all(sorted(out.glob("*.docx")), "pdf", out / "lo")
    _MADE[example.name] = Documents(example, out, out / "lo")
    return _MADE[example.name]


def test_every_kind_is_there(documents: Documents):
    names = [d.name for d, _, _ in documents.pairs()]
    for kind in ("IKON-Angebotskatalog-", "IKON-Beschlussvorlage-", "IKON-Monitoringbericht-", "IKON-Änderungen-",
                 f"IKON-{documents.example.city}-"):
        assert any(n.startswith(kind) for n in names), (kind, names)
    assert len([n for n in names if n.startswith("IKON-Angebotskatalog-")]) == 1 + len(_languages(
        documents.example.root))
    from ikon_report.project.validate import load_project

    events = load_project(documents.example.root)[0].events  # each event's documentation: checked too
    assert events and len([n for n in names if n.startswith("IKON-Dokumentation-")]) == len(events), names
    for docx, pdf, lo in documents.pairs():
        assert pdf.exists() and lo.exists(), docx


def test_no_holes_in_typst_pdfs(documents: Documents):
    holes = {pdf.name: near_empty_pages(pdf) for _, pdf, _ in documents.pairs()}
    assert {k: v for k, v in holes.items() if v} == {}


def test_no_holes_in_libreoffice(documents: Documents):
    holes = {lo.name: near_empty_pages(lo) for _, _, lo in documents.pairs()}
    assert {k: v for k, v in holes.items() if v} == {}


def test_libreoffice_shows_the_embedded_noto_faces(documents: Documents):
    """No Noto is installed here: every Noto face LibreOffice uses comes from the DOCX itself."""
    installed = subprocess.run(["fc-list"], capture_output=True, text=True, check=True).stdout
    assert "Noto" not in installed, "the test needs a machine without Noto fonts"
    for _, pdf, lo in documents.pairs():
        fonts = pdf_fonts(lo)
        assert [f for f in fonts if not ALLOWED_FONTS.match(f)] == [], (lo.name, fonts)
        families = {f.split("-")[0] for f in fonts} - {"OpenSymbol"}
        assert families == {f.split("-")[0] for f in pdf_fonts(pdf)}, (lo.name, fonts)  # the PDF's faces
        assert notdef_glyphs(lo) == [], lo.name


def test_libreoffice_paginates_like_the_pdf(documents: Documents):
    counts = {docx.stem: (page_count(pdf), page_count(lo)) for docx, pdf, lo in documents.pairs()}
    off = {stem: (typst, office) for stem, (typst, office) in counts.items()
           if abs(office - typst) > max(1.0, 0.1 * typst)}
    assert off == {}, counts


def test_table_words_whole_in_libreoffice(documents: Documents):
    broken = {docx.name: found for docx, _, lo in documents.pairs() if (found := broken_words(docx, lo))}
    assert broken == {}


def test_titles_break_between_words_in_libreoffice(documents: Documents):
    """Issue 11.12: titles and headings are not hyphenated („der Stadt Min-|den“ on the cover): every word
    of each document's cover title comes out whole on LibreOffice's first page."""
    from docx import Document

    broken, checked = {}, 0
    for docx, _, lo in documents.pairs():
        titles = [p.text for p in Document(str(docx)).paragraphs if p.style is not None and p.style.name == "Title"]
        page = set(text_words(subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8", "-f", "1", "-l", "1", str(lo),
                                              "-"], capture_output=True, check=True, text=True).stdout))
        missing = [w for t in titles for w in text_words(t) if w not in page and w[::-1] not in page]
        checked += bool(titles)
        if missing:
            broken[docx.name] = missing
    assert broken == {} and checked >= 3, (broken, checked)  # the concept, the catalogue, the event documents
