"""Catalogue editions as users get them: the full one from `build`, filtered and translated ones
from `ikon-report catalogue`, checked in the real DOCX and PDF files."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from catalogue_helpers import minden_model, small_project

from conftest import LINDENFELD, ROOT, Example, catalogue_editions, docx_text, pdf_text, run_cli
from ikon_report import i18n
from ikon_report.content.labels import Labels, label_tables
from ikon_report.documents.catalogue.filters import Filter, select
from ikon_report.project.validate import load_project
from pdfcheck import notdef_glyphs, shown_text, unembedded_fonts

MINDEN_LANGS = [t for t in load_project(ROOT)[0].project.languages if t != "de"]


def cli(*args: str) -> subprocess.CompletedProcess:
    return run_cli(*args)


def one(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, (pattern, [p.name for p in folder.iterdir()])
    return found[0]


def flat(text: str) -> str:
    """Text without spacing and invisible direction/joining marks (pdftotext adds and drops them)."""
    return re.sub(r"[\s\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069]", "", text)


@pytest.fixture(scope="module")
def filtered(tmp_path_factory) -> Path:
    """A filtered German edition."""
    out = tmp_path_factory.mktemp("filtered")
    proc = cli("catalogue", str(ROOT), "--gender", "female", "--language", "ar", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Path:
    """Every translated full edition of Minden's catalogue (``--lang all``, shared by the session)."""
    return catalogue_editions(ROOT, tmp_path_factory)


def test_build_writes_the_full_catalogue(example: Example):
    pdf = one(example.out, f"IKON-Angebotskatalog-{example.city}-*.pdf")
    docx = one(example.out, f"IKON-Angebotskatalog-{example.city}-*.docx")
    one(example.out, f"IKON-Angebotskatalog-{example.city}-*.html")
    pdf_words, docx_words = flat(pdf_text(pdf)), flat(docx_text(docx))
    services = load_project(example.root)[0].services
    assert len(services) >= 30
    for s in services:
        assert flat(s.title) in pdf_words and flat(s.title) in docx_words, s.id
    for heading in ("Angebote nach Zielgruppe", "Angebote nach Sprache", "Zielgruppen im Überblick"):
        assert flat(heading) in pdf_words and flat(heading) in docx_words
    assert notdef_glyphs(pdf) == []
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang).split("-")[0] == "de"
        assert "/StructTreeRoot" in doc.Root
        pages = len(doc.pages)
    texts = pdf_text(pdf).split("\f")
    assert all(f"Seite {n} von {pages}" in texts[n - 1] for n in range(2, pages + 1))


def minden_services():
    return minden_model().services


def test_filtered_edition_contains_exactly_the_matching_services(filtered):
    pdf = one(filtered, "*-Auswahl-female_ar.pdf")
    docx = one(filtered, "*-Auswahl-female_ar.docx")
    chosen = {s.id for s in select(minden_model(), Filter(gender=("female",), language=("ar",)))}
    assert 0 < len(chosen) < len(minden_services())
    pdf_words, docx_words = flat(pdf_text(pdf)), flat(docx_text(docx))
    for s in minden_services():
        expected = s.id in chosen
        assert (flat(f"· {s.id}") in pdf_words) is expected, s.id
        assert (flat(f"· {s.id}") in docx_words) is expected, s.id
    assert flat(f"Diese Ausgabe enthält {len(chosen)} von {len(minden_services())} Angeboten") in pdf_words
    assert flat("Auswahl: Frauen; Sprachen: Arabisch") in pdf_words


def test_a_filter_matching_nothing_says_so_and_writes_nothing(tmp_path):
    proc = cli("catalogue", str(ROOT), "--gender", "male", "--age", "3", "--language", "ti", "--field", "WOH",
               "--district", "Innenstadt", "--out", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert "no service matches" in proc.stderr and "nothing was written" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.*"))


def test_unknown_filter_values_are_usage_errors(tmp_path):
    proc = cli("catalogue", str(ROOT), "--field", "Wohnung", "--out", str(tmp_path))
    assert proc.returncode == 1 and "--field 'Wohnung'" in proc.stderr and "known: ZT" in proc.stderr


def shows(pdf: Path) -> Callable[[str], bool]:
    """A test whether the PDF shows a phrase. Right-to-left runs are stored in visual order, where
    pdftotext garbles combining marks: those are checked word by word, reversed, without marks."""
    logical = flat(pdf_text(pdf))
    visual = no_marks(shown_text(pdf)).replace(" ", "")
    return lambda phrase: flat(phrase) in logical or all(no_marks(word)[::-1] in visual for word in phrase.split())


def no_marks(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Mn" and c not in "\u200c\u200d")


@pytest.mark.parametrize("lang", MINDEN_LANGS)
def test_translated_editions_have_no_missing_glyphs_and_their_language(editions, lang):
    pdf = one(editions, f"*-{lang}.pdf")
    assert notdef_glyphs(pdf) == []
    lb = Labels(lang)
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang).split("-")[0] == lb.locale.split("-")[0]
    seen = shows(pdf)  # the PDF's text read once, then each phrase looked up
    assert seen(lb("toc")) and seen(lb("index_heading"))
    translated = next(s for s in minden_services() if lang in s.translations)
    untranslated = next(s for s in minden_services() if lang not in s.translations)
    assert seen(translated.translations[lang].title)
    assert seen(untranslated.title) and seen(lb("fallback"))


@pytest.fixture(scope="module")
def lindenfeld_editions(tmp_path_factory) -> Path:
    """Lindenfeld's catalogue in every configured language (``--lang all``, as ``make catalogue``)."""
    return catalogue_editions(LINDENFELD, tmp_path_factory)


def lindenfeld_languages() -> list[str]:
    return [lang for lang in load_project(LINDENFELD)[0].project.languages if lang != "de"]


EVERY_LANGUAGE = ("de", "en", "ar", "fa", "prs", "ps", "ckb", "kmr", "uk", "ru", "tr", "ti", "sq", "so")


def docx_headings(docx: Path) -> list[str]:
    import docx as python_docx

    return [p.text for p in python_docx.Document(str(docx)).paragraphs if p.style.name.startswith("Heading")]


def test_lindenfeld_editions_complete_in_every_language(lindenfeld_editions):
    """Every configured language (Dari, Pashto, Sorani, Kurmanji, Albanian and Somali included) gets a
    PDF and a DOCX in its language: its labels, its field and category names, its service titles,
    its /Lang; no missing glyph, every font embedded (pikepdf), the DOCX read by python-docx."""
    model = load_project(LINDENFELD)[0]
    assert set(EVERY_LANGUAGE) <= {"de", *lindenfeld_languages()}
    for lang in lindenfeld_languages():
        lb = Labels(lang, model)
        pdf = one(lindenfeld_editions, f"*-{lang}.pdf")
        docx = one(lindenfeld_editions, f"*-{lang}.docx")
        assert notdef_glyphs(pdf) == [], lang
        assert unembedded_fonts(pdf) == [], lang
        with pikepdf.open(pdf) as doc:
            assert str(doc.Root.Lang) == lb.locale, lang
        seen, docx_words = shows(pdf), flat(docx_text(docx))
        headings = {flat(h) for h in docx_headings(docx)}
        for label in (lb("toc"), lb("index_heading"), lb("intro_heading"), lb("index_languages")):
            assert seen(label) and flat(label) in docx_words, (lang, label)
        for f in model.fields:
            name = f.translations[lang].name
            assert name != f.name and seen(name), (lang, f.id)
            assert any(flat(name) in h for h in headings), (lang, f.id, "docx")
        for category in {s.category for s in model.services}:
            assert lb.category(category) != category and seen(lb.category(category)), (lang, category)
            assert flat(lb.category(category)) in docx_words, (lang, category, "docx")
        translated = [s for s in model.services if lang in s.translations]
        assert len(translated) >= 12, lang
        for s in translated:
            assert seen(s.translations[lang].title), (lang, s.id)
            assert flat(s.translations[lang].title) in docx_words, (lang, s.id, "docx")


NUMERIC_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")


def test_translated_editions_write_dates_in_their_language(lindenfeld_editions, editions):
    """The cover's date and each service's last check in the edition's language (CLDR's long
    format), in the PDF and the DOCX, right to left included; no numeric date anywhere."""
    model = load_project(LINDENFELD)[0]
    cases = [(lang, model, lindenfeld_editions) for lang in lindenfeld_languages()]
    cases += [(lang, minden_model(), editions) for lang in MINDEN_LANGS]
    for lang, project, folder in cases:
        lb = Labels(lang, project)
        pdf = one(folder, f"*-{lang}.pdf")
        seen, pdf_words = shows(pdf), pdf_text(pdf)
        lines = [flat(line) for line in pdf_words.splitlines()]  # right to left: numbers and words reordered
        dates = {lb.date(project.project.date), *(lb.date(s.last_checked) for s in project.services)}
        assert all(seen(d) or any(all(w in line for w in d.split()) for line in lines) for d in dates), (lang, dates)
        assert not NUMERIC_DATE.search(pdf_words), (lang, NUMERIC_DATE.findall(pdf_words)[:3])
        if project is model:
            docx_words = docx_text(one(folder, f"*-{lang}.docx"))
            assert all(flat(d) in flat(docx_words) for d in dates), (lang, "docx")
            assert not NUMERIC_DATE.search(docx_words), (lang, "docx")


def line_ends(pdf: Path, opening: str) -> list[float]:
    """The right ends (pt) of the lines of the paragraph starting with ``opening`` but its last line,
    as pdftotext -bbox-layout reads them."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                            check=True).stdout
    for block in layout.split("<block ")[1:]:
        if " ".join(re.findall(r">([^<]+)</word>", block)).startswith(opening):
            return [float(x) for x in re.findall(r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', block)][:-1]
    raise AssertionError(f"no paragraph starts with {opening!r} in {pdf.name}")


def test_editions_without_hyphenation_are_ragged_right(lindenfeld_editions, editions):
    """Somali and Kurmanji (``kmr``: typst has no hyphenation for them) are set ragged right in the
    typst source and in the PDF (the lines of the notes on use end apart); English, Albanian,
    Turkish and Ukrainian stay justified (their lines end together), Arabic too (typst source)."""
    model = load_project(LINDENFELD)[0]
    cases = [(lindenfeld_editions, lang, model) for lang in ("so", "kmr", "en", "sq", "ar")]
    cases += [(editions, lang, minden_model()) for lang in ("en", "tr", "uk")]
    for folder, lang, project in cases:
        pdf = one(folder, f"*-{lang}.pdf")
        source = (folder / ".cache" / "work" / pdf.stem / "concept.typ").read_text(encoding="utf-8")
        ragged = lang in ("so", "kmr")
        assert ("#set par(justify: false, leading" in source) is ragged, lang
        assert ("#set par(justify: true, leading" in source) is not ragged, lang
        if lang == "ar":
            continue
        paragraphs = [line_ends(pdf, " ".join(text.split("{")[0].split()[:3]))
                      for text in i18n.merged(label_tables(lang, project))["intro"][:2]]
        spreads = [max(ends) - min(ends) for ends in paragraphs if len(ends) >= 2]
        assert spreads, (lang, paragraphs)
        assert (max(spreads) > 8) if ragged else (max(spreads) < 3), (lang, paragraphs)


def test_lindenfeld_right_to_left_and_names_from_cldr(lindenfeld_editions):
    """Direction follows CLDR: Dari, Pashto and Sorani run right to left like Arabic (Word
    ``w:bidi``), Kurmanji, Albanian and Somali left to right; the cover names the fields."""
    model = load_project(LINDENFELD)[0]
    for lang in ("ar", "fa", "prs", "ps", "ckb", "kmr", "sq", "so"):
        docx = one(lindenfeld_editions, f"*-{lang}.docx")
        with zipfile.ZipFile(docx) as z:
            body = z.read("word/document.xml").decode("utf-8")
        assert ("<w:bidi/>" in body) == (lang in ("ar", "fa", "prs", "ps", "ckb")), lang
        cover = flat(docx_text(docx).split(Labels(lang, model)("toc"))[0])
        assert all(flat(f.translations[lang].name) in cover for f in model.fields), lang


def heading_positions(pdf: Path, number: str) -> list[tuple[float, float, list[float]]]:
    """(xMin, xMax, xMin of the other words on that line) of each word ``number`` (e.g. ``1.1``)."""
    bbox = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    out = []
    for page in bbox.split("<page ")[1:]:
        words = [(float(a), float(b), float(c), w) for a, b, c, w in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>', page)]
        out += [(x0, x1, [o[0] for o in words if o[1] == y and o[3] != number])
                for x0, y, x1, w in words if w == number]
    return out


def test_arabic_pdf_is_laid_out_right_to_left(editions, minden):
    right_margin = 595.3 - 2.3 / 2.54 * 72  # A4 width minus the right margin, in pt
    arabic = heading_positions(one(editions, "*-ar.pdf"), "1.1")  # in the contents and as a heading
    assert any(abs(x1 - right_margin) < 2 for _, x1, _ in arabic)
    assert all(x0 > 595.3 / 2 and others and max(others) < x0 for x0, _, others in arabic)  # text left of it
    german = heading_positions(one(minden, "IKON-Angebotskatalog-*.pdf"), "1.1")
    assert german and all(min(others) > x1 for x0, x1, others in german)


def test_arabic_docx_is_right_to_left_with_arabic_frame(editions):
    docx = one(editions, "*-ar.docx")
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode()
        footers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    assert body.count("<w:bidi/>") > 50
    assert "الجهة المكلِّفة" in body and "المحتويات" in body and "صفحة" in footers
    assert "Auftraggeberin" not in body and "Inhaltsverzeichnis" not in body
    assert 'w:val="ar-SY"' in body or "ar-SY" in z_styles(docx)


def z_styles(docx: Path) -> str:
    with zipfile.ZipFile(docx) as z:
        return z.read("word/styles.xml").decode() + z.read("docProps/core.xml").decode()


def test_markup_in_data_is_printed_as_text(tmp_path):
    project = small_project(tmp_path / "p", """\
        services:
          - id: S-1
            title: "<b>Fett</b> & *Stern* #set text(red)"
            provider: "Träger </w:t> & Co"
            fields: [ZT]
            category: Beratung
            description: "$x$ [Link](http://example.org) <script>alert(1)</script> \\\\ @S-1"
            district: Innenstadt
            address: Weg 1
            contact: "Tel. 0571 1, a@example.org"
            last_checked: 2020-01-01
        """)
    proc = cli("catalogue", str(project), "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    for path, read in ((one(tmp_path / "out", "*.pdf"), pdf_text), (one(tmp_path / "out", "*.docx"), docx_text)):
        text = flat(read(path))
        assert flat("<b>Fett</b> & *Stern* #set text(red)") in text, path.suffix
        assert flat("Träger </w:t> & Co") in text and flat("<script>alert(1)</script>") in text, path.suffix
        assert flat("$x$ [Link](http://example.org)") in text, path.suffix


def test_commands_load_as_module_and_show_help():
    import sys

    for args in (["catalogue", "--help"], ["services", "import", "--help"]):
        proc = subprocess.run([sys.executable, "-m", "ikon_report.cli", *args], capture_output=True, text=True,
                              check=False, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        assert "Usage:" in proc.stdout
