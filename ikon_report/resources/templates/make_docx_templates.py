"""Regenerate ``reference.docx`` (pandoc styles) and ``frame.docx`` (docxtpl cover/header/footer).

Run from the repository root: ``.venv/bin/python ikon_report/resources/templates/make_docx_templates.py``
(it writes the package's templates folder, found through ``ikon_report.resources`` like every other
lookup; run it from a source checkout, where that folder is the source tree).
Both files are committed; edit them in Word if you like, keeping the style names and the
``{{ … }}`` placeholders. This script documents what they contain.
"""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

import pypandoc
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import CharacterStyle, ParagraphStyle
from docx.text.paragraph import Paragraph
from lxml import etree

from ikon_report.render.ooxml_order import ppr_after
from ikon_report.resources import package_dir

HERE = package_dir("templates")
ACCENT = RGBColor(0x00, 0x5A, 0x8C)
GREY = RGBColor(0x55, 0x55, 0x55)
INK = RGBColor(0x33, 0x33, 0x33)
SANS, SERIF, ARABIC = "Noto Sans", "Noto Serif", "Noto Naskh Arabic"
LINE = 246  # line spacing in 240ths of Noto's own line: typst's pitch (see _defaults)


def _no_hyphenation(style: ParagraphStyle) -> None:
    """``w:suppressAutoHyphens`` in the style's paragraph properties, at its place in the schema's order."""
    ppr = style.element.get_or_add_pPr()
    if ppr.find(qn("w:suppressAutoHyphens")) is None:
        ppr.insert_element_before(parse_xml(f"<w:suppressAutoHyphens {nsdecls('w')}/>"),
                                  *ppr_after("w:suppressAutoHyphens"))


def _rpr(style: CharacterStyle, font: str | None = None, size: float | None = None, bold: bool | None = None,
         italic: bool | None = None, color: RGBColor | None = None) -> None:
    """Run properties for Western and complex script alike (``w:b``/``w:bCs``, ``w:sz``/``w:szCs``):
    LibreOffice sets Arabic and Ethiopic with the complex-script values."""
    if font:
        style.font.name = font
        fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
        fonts.set(qn("w:eastAsia"), font)
        fonts.set(qn("w:cs"), ARABIC)
    if size is not None:
        style.font.size = Pt(size)
        sz = style.element.rPr.find(qn("w:sz"))
        for old in style.element.rPr.findall(qn("w:szCs")):
            old.getparent().remove(old)
        sz.addnext(parse_xml(f'<w:szCs {nsdecls("w")} w:val="{sz.get(qn("w:val"))}"/>'))
    if bold is not None:
        style.font.bold = style.font.cs_bold = bold
    if italic is not None:
        style.font.italic = style.font.cs_italic = italic
    if color is not None:
        style.font.color.rgb = color


def _without_theme_fonts(doc: DocxDocument) -> None:
    """No style asks for the theme's fonts (Aptos, Calibri …): theme attributes override ``w:ascii``.
    A linked character style (``Heading 1 Char``) takes the faces of its paragraph style."""
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in [a for a in fonts.attrib if a.lower().endswith("theme")]:
            del fonts.attrib[attr]
    by_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))}
    for style in by_id.values():
        link = style.find(qn("w:link"))
        if style.get(qn("w:type")) != "character" or link is None or link.get(qn("w:val")) not in by_id:
            continue
        source = by_id[link.get(qn("w:val"))].find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        rpr = style.find(qn("w:rPr"))
        if rpr is None:
            continue
        for old in rpr.findall(qn("w:rFonts")):
            rpr.remove(old)
        if source is not None:
            rpr.insert(0, copy.deepcopy(source))


def _theme_fonts(doc: DocxDocument) -> None:
    """The theme's heading and body fonts are the document's (Word offers them as „+Headings“/„+Body“)."""
    theme = doc.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for kind, face in (("majorFont", SANS), ("minorFont", SERIF)):
        for latin in root.iterfind(f".//a:{kind}/a:latin", ns):
            latin.set("typeface", face)
            if "panose" in latin.attrib:
                del latin.attrib["panose"]
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # a plain Part


def _defaults(doc: DocxDocument) -> None:
    """Document-wide defaults: Noto Serif 10.5 pt (Noto Naskh Arabic for complex script), German,
    line pitch as typst sets it (concept.typ: cap height + 0.68 em leading = 1.394 em; Noto's own
    line is 1.362 em, so 246/240), no paragraph spacing."""
    styles = doc.styles.element.find(qn("w:docDefaults"))
    rpr = styles.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:rFonts", "w:lang", "w:sz", "w:szCs"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    rpr.append(parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{SERIF}" w:hAnsi="{SERIF}" w:eastAsia="{SERIF}" '
                         f'w:cs="{ARABIC}"/>'))
    rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="21"/>'))
    rpr.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="21"/>'))
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="de-DE" w:eastAsia="de-DE" w:bidi="ar-SA"/>'))
    ppr = styles.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for old in ppr.findall(qn("w:spacing")):
        ppr.remove(old)
    ppr.append(parse_xml(f'<w:spacing {nsdecls("w")} w:before="0" w:after="0" w:line="{LINE}" w:lineRule="auto"/>'))


def _page(section: Section) -> None:
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.3)
    section.top_margin, section.bottom_margin = Cm(2.8), Cm(2.5)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.2)


def _para_style(doc: DocxDocument, name: str, base: str = "Normal") -> ParagraphStyle:
    styles = doc.styles
    if name in [s.name for s in styles]:
        style = styles[name]
    else:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
    if not isinstance(style, ParagraphStyle):
        raise TypeError(f"{name!r} is not a paragraph style")
    return style


def _spacing(style: ParagraphStyle, before: float, after: float, line: float | None = None) -> None:
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line is not None:
        fmt.line_spacing = line


# Table cells: Noto Sans 9 pt, 5 pt × 4 pt insets as concept.typ; paragraph styles in cells set no
# font or size, so these apply in Word and LibreOffice alike. A typst line box is only cap-height
# tall, Word's is the font's whole line (1.362 em), so the cell's top and bottom margins are
# typst's inset less half the difference: 4 pt − 0.324 × 9 pt ≈ 1.1 pt (22 twips).
CELL_TEXT = (f'<w:pPr><w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="auto"/>'
             '<w:jc w:val="left"/></w:pPr>\n'
             f'  <w:rPr><w:rFonts w:ascii="{SANS}" w:hAnsi="{SANS}" w:eastAsia="{SANS}" w:cs="{ARABIC}"/>'
             '<w:sz w:val="18"/>\n    <w:szCs w:val="18"/></w:rPr>')
CELL_MARGINS = """<w:tblCellMar><w:top w:w="22" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>
    <w:bottom w:w="22" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>"""
TABLE_STYLE = f"""<w:style {nsdecls("w")} w:type="table" w:styleId="Table">
  <w:name w:val="Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>
  {CELL_TEXT}
  <w:tblPr>{CELL_MARGINS}
    <w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="7F7F7F"/>
      <w:bottom w:val="single" w:sz="8" w:space="0" w:color="7F7F7F"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/></w:tblBorders></w:tblPr>
  <w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E7F0"/></w:tcPr></w:tblStylePr>
</w:style>"""


# Fact sheets (pandoc_ast.keyvalue): no header row, a hairline under every row, as the typst
# templates' ikon-keyvalue.
KEYVALUE_STYLE = f"""<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="KeyValueTable">
  <w:name w:val="Key Value Table"/><w:basedOn w:val="Table"/><w:uiPriority w:val="59"/><w:qFormat/>
  {CELL_TEXT}
  <w:tblPr>{CELL_MARGINS}
    <w:tblBorders><w:top w:val="nil"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/></w:tblBorders></w:tblPr>
</w:style>"""


def make_reference(path: Path) -> None:
    raw = HERE / "_pandoc-default.docx"
    with raw.open("wb") as fh:
        subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                       stdout=fh, check=True)
    doc = Document(str(raw))
    raw.unlink()
    _defaults(doc)
    _without_theme_fonts(doc)
    _theme_fonts(doc)
    styles = doc.styles
    for name in ("Normal", "Body Text", "First Paragraph", "Compact", "Block Text"):
        rpr = styles[name].element.rPr
        if rpr is not None:  # the document defaults apply (and the table style inside tables)
            for tag in ("w:rFonts", "w:sz", "w:szCs"):
                for old in rpr.findall(qn(tag)):
                    rpr.remove(old)
    body = styles["Body Text"]  # typst: 1.1 em between paragraphs, i.e. 0.42 em more than a line
    _spacing(body, 0, 4.4)
    body.paragraph_format.widow_control = True
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.element.get_or_add_pPr().find(qn("w:spacing")).set(qn("w:line"), str(LINE))
    compact = styles["Compact"]  # table cells and tight lists: lines at the body's pitch, no gaps
    _spacing(compact, 0, 0)
    compact.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    # Headings as concept.typ: sizes 18/13.5/11.5 pt, space above/below from its block spacing
    # (1.6 em/0.9 em) less what Word's line boxes already add.
    # Levels 4–6 (workshop result sections I., I.I below „A.1.1 Workshop …“) smaller and in dark
    # grey, so they read as part of the section above, not as headings of the same rank.
    sizes = {1: (18, 0, 13.5), 2: (13.5, 9.3, 4.4), 3: (11.5, 6.8, 3.3), 4: (10.5, 6, 3), 5: (10, 6, 3),
             6: (10, 6, 3)}
    for level, (size, before, after) in sizes.items():
        h = styles[f"Heading {level}"]
        _rpr(h, SANS, size, bold=True, italic=False, color=ACCENT if level <= 3 else INK)
        _spacing(h, before, after, 1.0)
        h.paragraph_format.keep_with_next = True
        h.paragraph_format.keep_together = True
        h.paragraph_format.page_break_before = level == 1
    for name in ("Title", "Subtitle"):
        _rpr(styles[name], SANS, color=ACCENT)
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for name in ("Title", "Subtitle", *(f"Heading {level}" for level in range(1, 7))):
        _no_hyphenation(styles[name])  # „Stadt Min-|den“ on the cover: titles and headings break between words
    _rpr(styles["Title"], size=26, bold=True)
    _rpr(styles["Subtitle"], size=14, bold=False)
    subtitle_num = styles["Subtitle"].element.pPr.find(qn("w:numPr"))
    if subtitle_num is not None:
        subtitle_num.getparent().remove(subtitle_num)
    for name in ("Image Caption", "Table Caption"):
        style = styles[name]
        _rpr(style, SANS, 9, italic=False, color=GREY)
        _spacing(style, 3, 8, 1.0)
    styles["Table Caption"].paragraph_format.keep_with_next = True
    styles["Captioned Figure"].paragraph_format.keep_with_next = True
    _rpr(styles["Verbatim Char"], SANS, 9.5)  # no monospaced face is shipped
    note = _para_style(doc, "Hinweis", "Body Text")
    _rpr(note, SANS, 9)
    _spacing(note, 4, 8)
    note.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    note.element.get_or_add_pPr().append(parse_xml(
        f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="FFF4D6"/>'))
    note.element.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:left w:val="single" w:sz="24" w:space="6" w:color="B07D00"/></w:pBdr>'))
    legend = _para_style(doc, "Legende", "Body Text")  # the one-line legend of the illustrative mark
    _rpr(legend, SANS, 8.5, color=GREY)
    legend.paragraph_format.space_before = Pt(12)
    meta = _para_style(doc, "Angebotszeile", "Body Text")  # a service's provider line (catalogue.typ: show emph)
    _rpr(meta, SANS, 8.5, italic=False, color=RGBColor(0x4D, 0x4D, 0x4D))
    meta.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _spacing(meta, 0, 0)  # a profile's paragraphs: par(spacing: 0.6em), less than the leading
    mark = styles.add_style("Beispielmarke", WD_STYLE_TYPE.CHARACTER)  # „[Beispiel]“ after an invented item
    _rpr(mark, SANS, 7.5, bold=False, italic=False, color=GREY)
    for level in (1, 2):
        toc = _para_style(doc, f"toc {level}", "Normal")
        toc.style_id = f"TOC{level}"  # Word's built-in id for these names
        _rpr(toc, SANS, 10 if level == 1 else 9.5, bold=level == 1)
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.tab_stops.add_tab_stop(Cm(16.2), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        _spacing(toc, 6 if level == 1 else 1, 1)
    fig_toc = _para_style(doc, "table of figures", "Normal")
    fig_toc.style_id = "TableofFigures"
    _rpr(fig_toc, SANS, 9.5)
    _spacing(fig_toc, 1, 1)
    fig_toc.paragraph_format.tab_stops.add_tab_stop(Cm(16.2), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    _rpr(_para_style(doc, "TOC Heading", "Heading 1"), SANS)
    for name, style_id in (("header", "Header"), ("footer", "Footer")):  # running header and footer
        style = _para_style(doc, name, "Normal")
        style.style_id = style_id
        _rpr(style, SANS, 8, color=GREY)
        style.paragraph_format.tab_stops.add_tab_stop(Cm(16.2), WD_TAB_ALIGNMENT.RIGHT)
    old = styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='Table']")
    if old is not None:
        styles.element.remove(old)
    styles.element.append(parse_xml(TABLE_STYLE))
    styles.element.append(parse_xml(KEYVALUE_STYLE))
    _page(doc.sections[0])
    doc.core_properties.language = "de-DE"
    doc.save(str(path))


def _field(paragraph: Paragraph, instr: str, cached: str) -> None:
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>'))
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:instrText {nsdecls("w")} xml:space="preserve"> {instr} </w:instrText>'))
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>'))
    paragraph.add_run(cached)
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>'))


def _small(paragraph: Paragraph, text: str) -> None:
    paragraph.add_run(text)  # formatted by the paragraph's style (header/footer), fields included


def make_frame(reference: Path, path: Path) -> None:
    doc = Document(str(reference))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.style = doc.styles["header"]
    _small(header, "{{ short_title }} · {{ city }}\t{{ doctype }}")
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["footer"]
    _small(footer, "{{ labels.version }} {{ version }} · {{ status }} · {{ date }}\t{{ labels.page }} ")
    _field(footer, "PAGE", "1")
    _small(footer, " {{ labels.page_of }} ")
    _field(footer, "NUMPAGES", "1")
    logo = doc.add_paragraph("{{ logo }}")
    logo.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for _ in range(6):
        doc.add_paragraph()
    doc.add_paragraph("{%p if kicker %}")  # the city, unless the title names it
    city = doc.add_paragraph("{{ kicker }}", style="Subtitle")
    city.paragraph_format.space_after = Pt(4)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ cover_title }}", style="Title")
    doc.add_paragraph("{%p if subtitle %}")
    doc.add_paragraph("{{ subtitle }}", style="Subtitle")
    doc.add_paragraph("{%p endif %}")
    for _ in range(4):
        doc.add_paragraph()
    # Labels come from the edition's language (German by default, see render/docx.py DOCX_LABELS).
    for label, value in (("{{ labels.client }}", "{{ client }}"), ("{{ labels.contractor }}", "{{ contractor }}"),
                         ("{{ labels.period }}", "{{ period }}"),
                         ("{{ labels.edition }}", "{{ labels.version }} {{ version }} · {{ status }} · {{ date }}")):
        if "period" in value:
            doc.add_paragraph("{%p if period %}")
        p = doc.add_paragraph(style="Compact")
        run = p.add_run(label + ": ")
        run.font.name, run.font.color.rgb = SANS, GREY
        p.add_run(value).font.name = SANS
        if "period" in value:
            doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if distribution %}")
    note = doc.add_paragraph(style="Compact")
    note.paragraph_format.space_before = Pt(12)
    note_run = note.add_run("{{ distribution }}")
    note_run.font.name, note_run.bold = SANS, True
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if imprint %}")
    br = doc.add_paragraph()
    br.add_run().add_break(WD_BREAK.PAGE)
    heading = doc.add_paragraph("{{ labels.imprint }}", style="Subtitle")
    heading.paragraph_format.space_before = Pt(200)
    doc.add_paragraph("{%p for line in imprint %}")
    doc.add_paragraph("{{ line }}", style="Compact")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")
    settings = doc.settings.element
    if settings.find(qn("w:autoHyphenation")) is None:
        hyphen = parse_xml(f'<w:autoHyphenation {nsdecls("w")}/>')
        tab = settings.find(qn("w:defaultTabStop"))
        if tab is not None:
            tab.addnext(hyphen)
        else:
            settings.insert(0, hyphen)
    doc.save(str(path))


if __name__ == "__main__":
    make_reference(HERE / "reference.docx")
    make_frame(HERE / "reference.docx", HERE / "frame.docx")
    print("wrote templates/reference.docx and templates/frame.docx")
