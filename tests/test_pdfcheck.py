"""The PDF checker finds what it claims to find: missing glyphs (also inside form XObjects) and
fonts that are not embedded. Without this, `zero .notdef` in other tests would prove nothing."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from pdfcheck import glyphs, notdef_glyphs, shown_text, unembedded_fonts


def typst_pdf(tmp_path: Path, source: str, *, ua: bool = True) -> Path:
    """Compile ``source`` with the project's fonts only, as the build does (PDF/UA-1 with ``ua``).

    PDF/UA mode refuses text that no font can show, so the PDF with missing glyphs is compiled
    without it: what typst gives then is what a build without the standard would silently print.
    """

    from ikon_report import resources
    from ikon_report.tools import Typst

    (tmp_path / "main.typ").write_text(source, encoding="utf-8")
    out = tmp_path / "out.pdf"
    compiler = Typst(resources.font_dirs())
    if ua:
        out.write_bytes(compiler.pdf(tmp_path / "main.typ", 0))
    else:
        import typst

        plain = typst.Compiler(root=str(tmp_path), font_paths=compiler.fonts, ignore_system_fonts=True)
        out.write_bytes(plain.compile(input=str(tmp_path / "main.typ"), format="pdf"))
    return out


@pytest.fixture(scope="module")
def missing(tmp_path_factory) -> Path:
    """A tagged PDF/UA page with two characters no shipped font has (CJK), among covered ones."""
    tmp = tmp_path_factory.mktemp("notdef")
    return typst_pdf(tmp, '#set document(title: "t")\n#set text(lang: "de", font: "Noto Sans")\n'
                          "A漢B ሰላም مرحبا #box[x 字]\n", ua=False)


def test_counts_notdef_glyphs(missing):
    found = notdef_glyphs(missing)
    assert len(found) == 2, found
    assert {g.gid for g in found} == {0} and {g.page for g in found} == {1}
    text = shown_text(missing)
    for covered in ("A", "B", "ሰላም", "x"):
        assert covered in text, text


def test_clean_pdf_has_none(tmp_path):
    pdf = typst_pdf(tmp_path, '#set document(title: "t")\n#set text(lang: "de")\nÄrger & Öl: ሰላም, مرحبا بكم, Привіт\n')
    assert notdef_glyphs(pdf) == []
    assert len(list(glyphs(pdf))) > 20
    assert unembedded_fonts(pdf) == []


def test_finds_notdef_inside_form_xobjects(missing, tmp_path):
    """Content drawn through a form XObject (``Do``) is walked too."""
    wrapped = pikepdf.new()
    with pikepdf.open(missing) as src:
        wrapped.add_blank_page(page_size=(595, 842))
        wrapped.pages[0].add_overlay(wrapped.copy_foreign(src.pages[0].as_form_xobject()))
    out = tmp_path / "wrapped.pdf"
    wrapped.save(out)
    with pikepdf.open(out) as pdf:
        assert b" Do" in pdf.pages[0].obj.Contents.read_bytes() or any(
            b" Do" in c.read_bytes() for c in pdf.pages[0].obj.Contents)
        assert "/Font" not in pdf.pages[0].obj.Resources  # the text is only inside the form
    assert len(notdef_glyphs(out)) == 2


def test_finds_unembedded_fonts_and_simple_font_notdef(tmp_path):
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
        Encoding=pikepdf.Dictionary(Type=pikepdf.Name.Encoding,
                                    Differences=pikepdf.Array([65, pikepdf.Name("/A"), pikepdf.Name("/.notdef")]))))
    page = pdf.add_blank_page(page_size=(595, 842))
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (AB) Tj ET")
    out = tmp_path / "simple.pdf"
    pdf.save(out)
    assert unembedded_fonts(out) == ["Helvetica"]
    assert [(g.code, g.notdef) for g in glyphs(out)] == [(65, False), (66, True)]
