"""The page checks find what they claim to find: blank and near-empty pages (not counting the
running header, footer and watermark), and words a reader breaks without a hyphen."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm

from conftest import libreoffice_convert
from pagecheck import body_lines, broken_words, near_empty_pages, page_count, table_words
from test_pdfcheck import typst_pdf

FRAME = ('#set document(title: "t")\n#set text(lang: "de", font: "Noto Serif")\n'
         '#set page(header: [Kopfzeile · Stadt], footer: context [Seite #counter(page).display()],\n'
         '  background: rotate(-40deg, text(size: 80pt, fill: luma(90%))[ENTWURF]))\n')


def test_finds_blank_and_near_empty_pages(tmp_path: Path):
    lines = "\n\n".join(f"Zeile {n} mit etwas Text." for n in range(12))
    source = FRAME + f"{lines}\n#pagebreak()\n#pagebreak()\nNur eine Zeile.\n#pagebreak()\n{lines}\n#pagebreak()\nEnde."
    pdf = typst_pdf(tmp_path, source)
    assert page_count(pdf) == 5
    holes = near_empty_pages(pdf)
    assert [n for n, _ in holes] == [2, 3], holes  # the last page may be short
    assert holes[1][1] == ["Nur eine Zeile."]  # header, footer and watermark letters not counted
    assert len(body_lines(pdf)[0]) == 12


def test_full_pages_are_no_holes(tmp_path: Path):
    lines = "\n\n".join(f"Absatz {n}." for n in range(5))
    pdf = typst_pdf(tmp_path, FRAME + f"{lines}\n#pagebreak()\n{lines}\n")
    assert near_empty_pages(pdf) == []


def test_finds_words_broken_without_hyphen(tmp_path: Path):
    """A column narrower than its words (an English document: no German hyphenation; a code no
    pattern splits): LibreOffice breaks them inside; the check must see that, and accept the
    wide column."""
    for name, width in (("narrow", 1.2), ("wide", 6.0)):
        doc = Document()
        table = doc.add_table(rows=2, cols=2)
        table.autofit = False
        table._tbl.tblPr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
        for row, text in zip(table.rows, ("X2020202020202020", "Priorität"), strict=True):
            row.cells[0].text, row.cells[1].text = text, "Mo–Fr"
            row.cells[0].width = Cm(width)
        for col, w in zip(table.columns, (width, 4.0), strict=True):
            col.width = Cm(w)
        docx = tmp_path / f"{name}.docx"
        doc.save(str(docx))
        assert table_words(docx) == {"X2020202020202020", "Priorität", "Mo–Fr"}
        pdf = libreoffice_convert(docx, "pdf", tmp_path)
        found = broken_words(docx, pdf)
        assert found == ([] if name == "wide" else ["Priorität", "X2020202020202020"]), (name, found)


def test_a_break_at_a_words_own_hyphen_is_whole(tmp_path: Path):
    """„Aufenthalts- oder …“ broken after „Aufenthalts-“ (poppler may join the lines into
    „Aufenthaltsoder“) is no broken word; the same column breaking a longer word is."""
    for name, text in (("hyphen", "Aufenthalts- oder Bleibe"), ("inside", "Aufenthaltsgenehmigung oder Bleibe")):
        doc = Document()
        doc.core_properties.language = "en-US"  # no hyphenation patterns: a break inside has no hyphen
        table = doc.add_table(rows=2, cols=1)
        table.autofit = False
        table._tbl.tblPr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
        table.rows[0].cells[0].text = text
        table.rows[1].cells[0].text = "Berufs- und Bleibe"
        table.columns[0].width = Cm(3.4)
        for row in table.rows:
            row.cells[0].width = Cm(3.4)
        docx = tmp_path / f"{name}.docx"
        doc.save(str(docx))
        pdf = libreoffice_convert(docx, "pdf", tmp_path)
        lines = [line.strip() for line in body_lines(pdf)[0]]
        if name == "hyphen":  # the line breaks at the hyphen (poppler may join the two lines)
            assert lines[0] == "Aufenthalts-" or lines[0].startswith("Aufenthaltsoder"), lines
        else:  # the column breaks the word inside
            assert not lines[0].startswith("Aufenthaltsgenehmigung"), lines
        assert broken_words(docx, pdf) == ([] if name == "hyphen" else ["Aufenthaltsgenehmigung"]), (name, lines)


def test_a_font_change_inside_a_word_is_no_break(tmp_path: Path):
    """Tigrinya hours („09:00–12:00ን“: digits in Noto Sans, the suffix in Noto Sans Ethiopic) come out
    of LibreOffice's PDF as „12:00 ን“ on one line; that is whole, a line break there is not."""
    doc = Document()
    table = doc.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "ሓሙ: 09:00–12:00ን"
    docx = tmp_path / "ti.docx"
    doc.save(str(docx))
    assert "09:00–12:00ን" in table_words(docx)
    for name, between, expected in (("space", " ", []), ("break", " \\ ", ["09:00–12:00ን"])):
        (tmp_path / name).mkdir()
        pdf = typst_pdf(tmp_path / name, FRAME.replace('"de"', '"ti"')
                        + '#set text(font: ("Noto Sans", "Noto Sans Ethiopic"))\n' + f"ሓሙ: 09:00–12:00{between}ን\n")
        assert broken_words(docx, pdf) == expected, name
