"""Regenerate ``reference.docx`` (pandoc styles) and ``frame.docx`` (docxtpl cover/header/footer).

Run from the repository root: ``.venv/bin/python ikon_report/resources/templates/make_docx_templates.py``
(it writes the package's templates folder, found through ``ikon_report.resources`` like every other
lookup; run it from a source checkout, where that folder is the source tree).
Both files are committed; edit them in Word if you like, keeping the style names and the
``{{ … }}`` placeholders. This script documents what they contain.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypandoc
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from ikon_report.resources import package_dir

HERE = package_dir("templates")
ACCENT = RGBColor(0x00, 0x5A, 0x8C)
GREY = RGBColor(0x55, 0x55, 0x55)
INK = RGBColor(0x33, 0x33, 0x33)
SANS, SERIF, ARABIC = "Noto Sans", "Noto Serif", "Noto Naskh Arabic"


def _fonts(style: ParagraphStyle, name: str) -> None:
    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    fonts.set(qn("w:cs"), ARABIC)
    fonts.set(qn("w:eastAsia"), name)


def _defaults(doc: DocxDocument) -> None:
    """Document-wide defaults: Noto Serif 10.5 pt, German language, Arabic face for complex script."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:rFonts", "w:lang", "w:sz", "w:szCs"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    rpr.append(parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{SERIF}" w:hAnsi="{SERIF}" w:eastAsia="{SERIF}" '
                         f'w:cs="{ARABIC}"/>'))
    rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="21"/>'))
    rpr.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="21"/>'))
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="de-DE" w:eastAsia="de-DE" w:bidi="ar-SA"/>'))


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


TABLE_STYLE = f"""<w:style {nsdecls("w")} w:type="table" w:styleId="Table">
  <w:name w:val="Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>
  <w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:rFonts w:ascii="{SANS}" w:hAnsi="{SANS}" w:cs="{ARABIC}"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr>
  <w:tblPr><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/>
    <w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>
    <w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="7F7F7F"/>
      <w:bottom w:val="single" w:sz="8" w:space="0" w:color="7F7F7F"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/></w:tblBorders></w:tblPr>
  <w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9E7F0"/></w:tcPr></w:tblStylePr>
</w:style>"""


def make_reference(path: Path) -> None:
    raw = HERE / "_pandoc-default.docx"
    with raw.open("wb") as fh:
        subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                       stdout=fh, check=True)
    doc = Document(str(raw))
    raw.unlink()
    _defaults(doc)
    styles = doc.styles
    for name in ("Normal", "Body Text", "First Paragraph", "Compact", "Block Text"):
        if name in [s.name for s in styles]:
            _fonts(styles[name], SERIF)
    compact = styles["Compact"]  # table cells and tight lists
    compact.paragraph_format.space_before = Pt(1)
    compact.paragraph_format.space_after = Pt(1)
    compact.paragraph_format.line_spacing = 1.0
    body = styles["Body Text"]
    body.paragraph_format.space_after = Pt(6)
    body.paragraph_format.line_spacing = 1.15
    body.paragraph_format.widow_control = True
    body.font.size = Pt(10.5)
    sizes = {1: 18, 2: 13.5, 3: 11.5, 4: 10.5, 5: 10, 6: 10}
    for level, size in sizes.items():
        h = styles[f"Heading {level}"]
        _fonts(h, SANS)
        # levels 4–6 (e.g. workshop result sections I., I.I below „A.1.1 Workshop …“) in dark grey, so
        # they read as part of the section above, not as headings of the same rank
        h.font.size, h.font.bold, h.font.color.rgb = Pt(size), True, ACCENT if level <= 3 else INK
        h.font.italic = False
        h.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        h.paragraph_format.space_after = Pt(6)
        h.paragraph_format.keep_with_next = True
        h.paragraph_format.page_break_before = level == 1
    for name in ("Title", "Subtitle"):
        _fonts(styles[name], SANS)
        styles[name].font.color.rgb = ACCENT
    styles["Title"].font.size = Pt(26)
    styles["Subtitle"].font.size = Pt(14)
    for name in ("Image Caption", "Table Caption"):
        style = styles[name]
        _fonts(style, SANS)
        style.font.size, style.font.italic = Pt(9), False
        style.font.color.rgb = GREY
    styles["Table Caption"].paragraph_format.keep_with_next = True
    styles["Captioned Figure"].paragraph_format.keep_with_next = True
    note = _para_style(doc, "Hinweis", "Body Text")
    _fonts(note, SANS)
    note.font.size = Pt(9)
    note.element.get_or_add_pPr().append(parse_xml(
        f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="FFF4D6"/>'))
    note.element.get_or_add_pPr().append(parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:left w:val="single" w:sz="24" w:space="6" w:color="B07D00"/></w:pBdr>'))
    legend = _para_style(doc, "Legende", "Body Text")  # the one-line legend of the illustrative mark
    _fonts(legend, SANS)
    legend.font.size, legend.font.color.rgb = Pt(8.5), GREY
    legend.paragraph_format.space_before = Pt(12)
    mark = styles.add_style("Beispielmarke", WD_STYLE_TYPE.CHARACTER)  # „[Beispiel]“ after an invented item
    mark.font.size, mark.font.color.rgb, mark.font.bold, mark.font.italic = Pt(7.5), GREY, False, False
    mark.font.name = SANS
    for level in (1, 2):
        toc = _para_style(doc, f"toc {level}", "Normal")
        toc.style_id = f"TOC{level}"  # Word's built-in id for these names
        _fonts(toc, SANS)
        toc.font.size = Pt(10 if level == 1 else 9.5)
        toc.font.bold = level == 1
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_before = Pt(6 if level == 1 else 1)
        toc.paragraph_format.space_after = Pt(1)
    fig_toc = _para_style(doc, "table of figures", "Normal")
    fig_toc.style_id = "TableofFigures"
    _fonts(fig_toc, SANS)
    fig_toc.font.size = Pt(9.5)
    _fonts(_para_style(doc, "TOC Heading", "Heading 1"), SANS)
    old = styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='Table']")
    if old is not None:
        styles.element.remove(old)
    styles.element.append(parse_xml(TABLE_STYLE))
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
    run = paragraph.add_run(text)
    run.font.size, run.font.name, run.font.color.rgb = Pt(8), SANS, GREY


def make_frame(reference: Path, path: Path) -> None:
    doc = Document(str(reference))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.paragraph_format.tab_stops.add_tab_stop(Cm(16.2), 2)  # right
    _small(header, "{{ short_title }} · {{ city }}\t{{ doctype }}")
    footer = section.footer.paragraphs[0]
    footer.paragraph_format.tab_stops.add_tab_stop(Cm(16.2), 2)
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
