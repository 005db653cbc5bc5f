"""Word details of every example's DOCX, read back with real readers: embedded fonts (OOXML
obfuscation undone with each ``w:fontKey``), core properties in Word's namespace, footer page
numbers formatted like their line, table accessibility kept by LibreOffice, fact sheets kept
with their heading, and the table of contents' page numbers (those of the PDF)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from lxml import etree

from conftest import Example, libreoffice_convert, require_tool
from ikon_report.render.docx_fonts import obfuscate

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def _embedded(docx: Path) -> dict[tuple[str, str], TTFont]:
    """(family, face) → the font program, de-obfuscated with its key as Word does."""
    with zipfile.ZipFile(docx) as z:
        table = etree.fromstring(z.read("word/fontTable.xml"))
        rels = etree.fromstring(z.read("word/_rels/fontTable.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        types = z.read("[Content_Types].xml").decode()
        settings = z.read("word/settings.xml").decode()
        assert "embedTrueTypeFonts" in settings and "embedSystemFonts" not in settings
        out = {}
        for font in table.iter(f"{{{W}}}font"):
            for embed in font:
                if not embed.tag.startswith(f"{{{W}}}embed"):
                    continue
                target = "word/" + targets[embed.get(f"{{{R}}}id")]
                assert target.endswith(".odttf") and f"/{target}" in types or "odttf" in types
                key = uuid.UUID(embed.get(f"{{{W}}}fontKey").strip("{}"))
                data = obfuscate(z.read(target), key)
                assert z.read(target)[:32] != data[:32], "obfuscated"
                out[(font.get(f"{{{W}}}name"), embed.tag.split("}")[1][5:])] = TTFont(io.BytesIO(data))
    return out


def test_fonts_are_embedded_and_cover_the_text(example: Example):
    for docx in (example.concept_docx, example.catalogue_docx):
        fonts = _embedded(docx)
        families = {family for family, _ in fonts}
        assert {"Noto Sans", "Noto Serif"} <= families, families
        assert {("Noto Serif", "Regular"), ("Noto Serif", "Bold"), ("Noto Sans", "Bold")} <= set(fonts)
        for (family, face), font in fonts.items():
            assert font["name"].getDebugName(1) == family
            assert ("Bold" in face) == bool(font["head"].macStyle & 1), (family, face)
        text = "".join(t.text or "" for t in Document(str(docx)).element.body.iter(qn("w:t")))
        latin = set(text) & set(map(chr, range(0x20, 0x250)))
        serif = set(map(chr, fonts[("Noto Serif", "Regular")].getBestCmap()))
        assert latin - serif == set(), sorted(latin - serif)
        assert docx.stat().st_size < 1_500_000  # subset: the whole families would be 7 MB


def test_core_properties_read_back_in_word_namespace(example: Example):
    """Read in a fresh process: python-docx as Word's namespace defines the properties."""
    docx = example.concept_docx
    with zipfile.ZipFile(docx) as z:
        core = etree.fromstring(z.read("docProps/core.xml"))
    assert {c.tag for c in core if "custom-properties" in c.tag} == set()
    (keywords,) = [c.text for c in core.iter(f"{{{CORE}}}keywords")]
    assert example.city in keywords and "Integrationskonzept" in keywords
    script = ("import docx, json, sys; p = docx.Document(sys.argv[1]).core_properties; "
              "print(json.dumps([p.keywords, p.revision, p.last_modified_by, p.title]))")
    out = subprocess.run([sys.executable, "-c", script, str(docx)], capture_output=True, text=True, check=True)
    read, revision, editor, title = json.loads(out.stdout)
    assert read == keywords
    assert revision == 1 and editor and title


def test_footer_page_numbers_like_their_line(example: Example, tmp_path: Path):
    """„Seite 7 von 55“: the numbers (fields) are as tall as the words around them."""
    pdf = libreoffice_convert(example.concept_docx, "pdf", tmp_path)
    xhtml = subprocess.run([require_tool("pdftotext"), "-f", "5", "-l", "5", "-bbox", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    words = [(w.text, float(w.get("yMax")) - float(w.get("yMin")))
             for w in etree.fromstring(xhtml.encode()).iter("{http://www.w3.org/1999/xhtml}word")]
    at = next(i for i, (text, _) in enumerate(words) if text == "Seite" and i + 3 < len(words)
              and words[i + 2][0] == "von")
    heights = [h for _, h in words[at:at + 4]]
    assert words[at + 1][0] == "5" and words[at + 3][0].isdigit(), words[at:at + 4]
    assert max(heights) - min(heights) < 0.2, words[at:at + 4]


def _look(tbl: etree._Element) -> tuple[bool, bool, str | None, str | None]:
    pr = tbl.find(f"{{{W}}}tblPr")
    look = pr.find(f"{{{W}}}tblLook")
    header = tbl.find(f"{{{W}}}tr/{{{W}}}trPr/{{{W}}}tblHeader") is not None
    caption, description = (pr.find(f"{{{W}}}{t}") for t in ("tblCaption", "tblDescription"))
    return (header, look is not None and look.get(f"{{{W}}}firstRow") in ("1", "true"),
            caption.get(f"{{{W}}}val") if caption is not None else None,
            description.get(f"{{{W}}}val") if description is not None else None)


def test_tables_flag_header_and_carry_caption(example: Example, tmp_path: Path):
    """Header row flagged twice, caption and description from the caption (or the heading above).
    LibreOffice keeps the header flags through a round trip; LibreOffice 7.4 (Debian 12) neither
    reads nor writes table captions and descriptions, so only python-docx can check those."""
    doc = Document(str(example.concept_docx))
    looks = [_look(t._tbl) for t in doc.tables]
    assert looks and all(header == flagged for header, flagged, _, _ in looks), looks
    assert all(caption and description and description.startswith(caption) for _, _, caption, description in looks)
    assert any(caption.startswith("Tabelle ") for _, _, caption, _ in looks)
    for tbl in (t._tbl for t in doc.tables):
        rows = tbl.findall(f"{{{W}}}tr")
        if _look(tbl)[0] and len(rows) > 1:  # the header row goes with the first row
            assert all(p.find(f"{{{W}}}pPr/{{{W}}}keepNext") is not None for p in rows[0].iter(f"{{{W}}}p"))
    copy = libreoffice_convert(example.concept_docx, "docx:MS Word 2007 XML", tmp_path / "lo")
    kept = [_look(t._tbl) for t in Document(str(copy)).tables]
    assert [(h, f) for h, f, _, _ in kept] == [(h, f) for h, f, _, _ in looks]


def test_fact_sheets_stay_with_their_heading(example: Example):
    doc = Document(str(example.catalogue_docx))
    sheets = [t._tbl for t in doc.tables if t.style.name == "Key Value Table"]
    assert sheets
    for tbl in sheets:
        rows = tbl.findall(f"{{{W}}}tr")
        assert all(r.find(f"{{{W}}}trPr/{{{W}}}cantSplit") is not None for r in rows)
        for row in rows[:-1]:
            assert all(p.find(f"{{{W}}}pPr/{{{W}}}keepNext") is not None for p in row.iter(f"{{{W}}}p"))
        before = tbl.getprevious()
        while before is not None and before.find(f"{{{W}}}pPr/{{{W}}}pStyle[@{{{W}}}val='Heading3']") is None:
            assert before.find(f"{{{W}}}pPr/{{{W}}}keepNext") is not None, "".join(before.itertext())
            before = before.getprevious()
        assert before is not None


def test_toc_shows_the_pdf_page_numbers(example: Example):
    """Every entry ends in a PAGEREF field whose result is the page typst gave the target."""
    layout = json.loads((example.out / ".cache" / "work" / example.concept_docx.stem / "concept.layout.json")
                        .read_text(encoding="utf-8"))
    pages = {label: page for label, page in layout["pages"]}
    doc = Document(str(example.concept_docx))
    entries = [p for p in doc.paragraphs if p.style.name in ("toc 1", "toc 2", "table of figures")]
    assert len(entries) > 20
    for entry in entries:
        link = entry._p.find(qn("w:hyperlink"))
        instr = "".join(t.text for t in link.iter(qn("w:instrText")))
        assert instr.split() == ["PAGEREF", link.get(qn("w:anchor")), "\\h"]
        assert entry.text.split("\t")[-1] == str(pages[link.get(qn("w:anchor"))]), entry.text
    settings = zipfile.ZipFile(example.concept_docx).read("word/settings.xml").decode()
    assert "updateFields" not in settings  # no prompt when the document opens


def test_shipped_font_subsets_match_the_fonts():
    """``fonts/docx-embed.zip`` was made from exactly the package's fonts, with the embedded blocks."""
    import hashlib

    from ikon_report import resources
    from ikon_report.render.font_subset import PREBUILT, _subset, embed_set

    folder = resources.package_dir("fonts")
    with zipfile.ZipFile(folder / PREBUILT) as z:
        manifest = json.loads(z.read("manifest.json"))
        assert {"NotoSans-Regular.ttf", "NotoSerif-BoldItalic.ttf", "NotoNaskhArabic-Bold.ttf"} <= set(manifest)
        for name, digest in manifest.items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
            cmap = set(map(chr, TTFont(io.BytesIO(z.read(name))).getBestCmap()))
            if cmap != set(embed_set(folder / name)):  # the layout closure kept more mapped glyphs
                assert z.read(name) == _subset(folder / name, embed_set(folder / name)), name  # (NotoSansMath)


def _template_margins(name: str) -> tuple[float, float, float, float]:
    """(top, right, bottom, left) in cm of a typst template's body pages, read from its source."""
    import re

    from ikon_report import resources

    source = resources.template(name).read_text(encoding="utf-8")
    named = dict(re.findall(r"#let (page-margin-\w+) = ([\d.]+)cm", source))
    found = re.search(r"#set page\(\s*paper: \"a4\",\s*margin: \(([^)]*)\)", source)
    assert found, name
    sides = {k.strip(): v.strip() for k, v in (part.split(":") for part in found.group(1).split(","))}
    cm = {k: float(named[v] if v in named else v.removesuffix("cm")) for k, v in sides.items()}
    return cm["top"], cm["right"], cm["bottom"], cm["left"]


def test_docx_pages_have_the_margins_of_their_typst_template(example: Example):
    """Word and LibreOffice set the text on the area the PDF sets it on (the catalogue's margins
    differ from the concept's)."""
    for docx, template in ((example.concept_docx, "concept.typ"), (example.catalogue_docx, "catalogue.typ")):
        sections = Document(str(docx)).sections
        portrait = [s for s in sections if s.page_width < s.page_height]
        assert portrait, docx.name
        for section in portrait:
            got = tuple(round(m.cm, 2) for m in (section.top_margin, section.right_margin, section.bottom_margin,
                                                 section.left_margin))
            assert got == _template_margins(template), (docx.name, got)


def test_legend_takes_its_chapters_page_break_and_lists_keep_their_tail():
    """The legend before a chapter that starts a page moves to that page (never alone on one);
    the last four items of a list keep together (a list never ends alone atop a page)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from ikon_report import resources
    from ikon_report.render.docx_layout import keep_list_tails, legend_with_its_chapter

    doc = Document(str(resources.template("reference.docx")))
    body = doc.element.body
    legend = doc.add_paragraph("„[Beispiel]“ kennzeichnet …", style="Legende")._p
    heading = doc.add_paragraph("1 Vorwort", style="Heading 1")._p
    items = []
    for n in range(6):
        item = doc.add_paragraph(f"Punkt {n}")._p
        item.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/>'
                                               '<w:numId w:val="1"/></w:numPr>'))
        items.append(item)
    doc.add_paragraph("Danach")
    legend_with_its_chapter(doc)
    keep_list_tails(doc)

    def flag(p: etree._Element, tag: str) -> str | None:
        found = p.find(f"{{{W}}}pPr/{{{W}}}{tag}")
        return None if found is None else found.get(f"{{{W}}}val", "1")
    assert (flag(legend, "pageBreakBefore"), flag(heading, "pageBreakBefore")) == ("1", "0")
    assert [flag(p, "keepNext") for p in items] == [None, None, "1", "1", "1", None]
    assert body.index(legend) < body.index(heading)
