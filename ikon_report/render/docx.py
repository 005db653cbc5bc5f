"""DOCX: pandoc renders the body with named styles; docxtpl fills the frame (cover, header,
footer); docxcompose joins them. The table of contents is written already filled."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, RGBColor
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from ikon_report import pandoc_ast as a
from ikon_report import resources
from ikon_report.content.numbering import Numbered
from ikon_report.render.bookmarks import normalise_bookmarks
from ikon_report.render.compose import FastComposer
from ikon_report.render.pageref import page_fields
from ikon_report.tools import pandoc


@dataclass
class DocxMeta:
    """Everything the frame template shows, as plain text (docxtpl escapes it)."""

    title: str
    subtitle: str
    city: str
    cover_title: str
    kicker: str  # the city above the cover title, or "" when the title names it
    short_title: str
    doctype: str
    client: str
    contractor: str
    version: str
    status: str
    date: str
    author: str
    language: str
    imprint: list[str]
    period: str  # the concept's period on the cover, or ""
    distribution: str  # distribution or confidentiality note on the cover, or ""
    logo: Path | None
    logo_alt: str
    draft: bool
    stamp: dt.datetime
    rtl: bool = False
    cover: bool = True  # False: the frame gives only header and footer (the document makes its first page)
    accent: str = "#005a8c"
    labels: dict[str, str] = field(default_factory=dict)  # frame texts in the edition's language
    project_root: Path | None = None  # whose templates/ may override the package's
    compact: bool = False  # chapters do not start a new page
    layout: str = "standard"  # "easy": Leichte Sprache (render/easy_docx.py)

    def label(self, key: str) -> str:
        return self.labels.get(key, DOCX_LABELS[key])


DOCX_LABELS = {"client": "Auftraggeberin", "contractor": "Erstellt von", "edition": "Fassung", "version": "Version",
               "page": "Seite", "page_of": "von", "imprint": "Impressum", "period": "Laufzeit",
               "toc": "Inhaltsverzeichnis",
               "figures": "Abbildungsverzeichnis", "tables": "Tabellenverzeichnis", "watermark": "ENTWURF"}


def _w(tag: str, parent: etree._Element | None = None, text: str | None = None, **attrs: str) -> etree._Element:
    """The element ``w:tag`` (appended to ``parent``) with ``text`` and ``w:`` attributes (``space``
    is ``xml:space``): OOXML is built as elements, never as text, and lxml escapes every value."""
    el = OxmlElement(f"w:{tag}") if parent is None else etree.SubElement(parent, qn(f"w:{tag}"))
    for key, value in attrs.items():
        el.set(XML_SPACE if key == "space" else qn(f"w:{key}"), value)
    if text is not None:
        el.text = text
    return el


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _toc_entry(style: str, anchor: str, label: str, rtl: bool = False) -> etree._Element:
    par = _w("p")
    ppr = _w("pStyle", _w("pPr", par), val=style).getparent()
    if rtl:
        _w("bidi", ppr)
    _w("t", _w("r", _w("hyperlink", par, anchor=anchor, history="1")), label, space="preserve")
    return par


def _field_char(parent: etree._Element, kind: str) -> None:
    _w("fldChar", _w("r", parent), fldCharType=kind)


def _field_block(instr: str, entries: list[etree._Element]) -> str:
    """A real Word field (updatable with F9) whose cached result is already filled in, as raw OpenXML."""
    if not entries:
        entries = [_w("p")]
        _w("t", _w("r", entries[0]), "–")
    first = entries[0]
    begin = _w("p")  # holds the field's first runs until they move into the first entry
    _field_char(begin, "begin")
    _w("instrText", _w("r", begin), f" {instr} ", space="preserve")
    _field_char(begin, "separate")
    at = 1 if first.find(qn("w:pPr")) is not None else 0
    for n, run in enumerate(list(begin)):
        first.insert(at + n, run)
    end = _w("p")
    _field_char(end, "end")
    return _raw_ooxml([*entries, end])


def _raw_ooxml(paragraphs: list[etree._Element]) -> str:
    """``paragraphs`` as raw OpenXML for pandoc: serialized inside a ``w:body``, which declares the
    namespace once (as the document does), and taken out of it again."""
    box = _w("body")
    box.extend(paragraphs)
    xml = etree.tostring(box, encoding="unicode")
    return xml[xml.index(">") + 1:xml.rindex("<")]


def toc_blocks(numbered: Numbered, title: str = DOCX_LABELS["toc"], rtl: bool = False,
               labels: dict[str, str] | None = None) -> list[a.Node]:
    """Filled table of contents, list of figures and list of tables, hyperlinked to their targets."""
    names = {**DOCX_LABELS, **(labels or {})}  # list titles in the edition's language
    toc = [_toc_entry(f"TOC{level}", ident, f"{num} {title}", rtl)
           for level, num, title, ident in numbered.headings if level <= 2 and ident]
    figures = [_toc_entry("TableofFigures", ident, caption) for caption, ident in numbered.figures if ident]
    tables = [_toc_entry("TableofFigures", ident, caption) for caption, ident in numbered.tables if ident]
    blocks = [a.header(1, title, classes=["unnumbered"]),
              a.raw_block("openxml", _field_block('TOC \\o "1-2" \\h \\z \\u', toc))]
    if figures:
        blocks += [a.header(2, names["figures"], classes=["unnumbered"]),
                   a.raw_block("openxml", _field_block('TOC \\h \\z \\c "Abbildung"', figures))]
    if tables:
        blocks += [a.header(2, names["tables"], classes=["unnumbered"]),
                   a.raw_block("openxml", _field_block('TOC \\h \\z \\c "Tabelle"', tables))]
    return blocks


def render_docx(blocks: list[a.Node], numbered: Numbered | None, meta: DocxMeta, work: Path) -> bytes:
    """The finished DOCX as bytes."""
    work.mkdir(parents=True, exist_ok=True)
    body_file = work / "body.docx"
    front = toc_blocks(numbered, meta.label("toc"), meta.rtl, meta.labels) if numbered else []
    content = cast(list[a.Node], page_fields(_nonbreaking_ids(blocks)))
    ast = a.document(front + content, {"lang": meta.language})  # no title: the frame has the cover
    if meta.rtl:
        ast["meta"]["dir"] = {"t": "MetaInlines", "c": a.text("rtl")}
    pandoc(["-f", "json", "-t", "docx", "--reference-doc", str(resources.template("reference.docx", meta.project_root)),
            "--resource-path", str(work), "-o", str(body_file)], json.dumps(ast), keep=work / "body")
    body = Document(str(body_file))
    _no_break_hyphens(body)
    _keep_rows_together(body)
    frame = _frame(meta)
    composer = FastComposer(frame)
    composer.append(body)
    doc = composer.doc
    _complete_sections(doc)
    _end_with_last_section(doc)
    if not meta.cover:
        _first_heading_on_first_page(doc)
    if meta.draft:
        _watermark(doc, meta.label("watermark"))
    _accent(doc, meta.accent)
    if meta.compact:
        doc.styles["Heading 1"].paragraph_format.page_break_before = False
    if meta.layout == "easy":
        from ikon_report.render.easy_docx import easy_layout

        easy_layout(doc)
    _properties(doc, meta)
    _stable_ids(doc)
    normalise_bookmarks(doc.element.body)
    out = io.BytesIO()
    doc.save(out)
    return reproducible_zip(out.getvalue())


NB_HYPHEN = "\ue011"  # a private-use stand-in: data can never hold it (no font shows it, glyphs.py)


def _nonbreaking_ids(node: object) -> object:
    """Hyphens of id spans as ``NB_HYPHEN`` (a copy where something changed: the PDF renders the
    same blocks at the same time); ``_no_break_hyphens`` turns them into Word's own element."""
    if isinstance(node, list):
        new = [_nonbreaking_ids(item) for item in node]
        return new if any(x is not y for x, y in zip(new, node, strict=True)) else node
    if not isinstance(node, dict) or "c" not in node:
        return node
    if a.is_a(node, "Span") and "id" in a.classes(node):
        inlines = [{**i, "c": i["c"].replace("-", NB_HYPHEN)} if a.is_a(i, "Str") else i for i in a.inlines_of(node)]
        return {**node, "c": [a.attr_of(node), inlines]}
    content = _nonbreaking_ids(node["c"])
    return node if content is node["c"] else {**node, "c": content}


def _no_break_hyphens(doc: DocxDocument) -> None:
    """``NB_HYPHEN`` becomes ``w:noBreakHyphen``: Word and LibreOffice never break there, and
    python-docx reads a plain hyphen."""
    for t in list(doc.element.body.iter(qn("w:t"))):
        if t.text is None or NB_HYPHEN not in t.text:
            continue
        parts = t.text.split(NB_HYPHEN)
        at = t
        t.text = parts[0]
        t.set(XML_SPACE, "preserve")
        for part in parts[1:]:
            hyphen = _w("noBreakHyphen")
            at.addnext(hyphen)
            at = hyphen
            if part:
                piece = _w("t", None, part, space="preserve")
                at.addnext(piece)
                at = piece


def _stable_ids(doc: DocxDocument) -> None:
    """No build-specific values inside: pandoc puts the image path into ``pic:cNvPr/@descr``
    (use the alt text instead) and docxcompose draws random list ``nsid`` values."""
    for inline in doc.element.body.iter(qn("wp:inline")):
        alt = inline.find(qn("wp:docPr")).get("descr", "")
        for pic in inline.iter(qn("pic:cNvPr")):
            pic.set("descr", alt)
    numbering = doc.part.numbering_part.element
    for abstract in numbering.iter(qn("w:abstractNum")):
        nsid = abstract.find(qn("w:nsid"))
        if nsid is not None:
            key = abstract.get(qn("w:abstractNumId")).encode()
            nsid.set(qn("w:val"), f"{zlib.crc32(key):08X}")


def reproducible_zip(data: bytes) -> bytes:
    """The same DOCX bytes for the same content: fixed member timestamps, stable order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + sorted(n for n in names if n not in first):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def _frame(meta: DocxMeta) -> DocxDocument:
    tpl = DocxTemplate(str(resources.template("frame.docx", meta.project_root)))
    logo = InlineImage(tpl, str(meta.logo), width=Cm(5.5)) if meta.logo else ""
    skip = ("logo", "draft", "stamp", "rtl", "accent", "cover", "compact", "layout")
    context = {k: v for k, v in vars(meta).items() if k not in skip}
    context["logo"] = logo
    context["labels"] = {**DOCX_LABELS, **meta.labels}
    tpl.render(context, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    buf.seek(0)
    doc = Document(buf)
    if not meta.cover:  # keep the section (header, footer, margins), drop cover and imprint
        for child in list(doc.element.body):
            if child.tag != qn("w:sectPr"):
                doc.element.body.remove(child)
    for pic in doc.element.body.iter(qn("wp:docPr")):
        pic.set("descr", meta.logo_alt)
    if meta.rtl:
        _right_to_left([doc.element.body, *(x._element for s in doc.sections for x in (s.header, s.footer))],
                       keep=set(meta.imprint))
    return doc


_AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
               "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _right_to_left(parts: list, keep: set[str]) -> None:
    """Right-to-left paragraphs in the frame (cover, header, footer) of an Arabic or Farsi edition;
    paragraphs whose text is in ``keep`` (the German imprint) stay left-to-right."""
    for part in parts:
        for par in part.iter(qn("w:p")):
            if "".join(par.itertext()) in keep:
                continue
            ppr = par.get_or_add_pPr()
            if ppr.find(qn("w:bidi")) is None:
                ppr.insert_element_before(_w("bidi"), *_AFTER_BIDI)


def _keep_rows_together(doc: DocxDocument) -> None:
    """Table rows never split across pages (header rows repeat: pandoc marks them)."""
    for tr in doc.element.body.iter(qn("w:tr")):
        trpr = tr.find(qn("w:trPr"))
        if trpr is None:
            trpr = _w("trPr")
            tr.insert(0, trpr)
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.insert(0, _w("cantSplit"))


def _first_heading_on_first_page(doc: DocxDocument) -> None:
    """Without a cover, the first heading stays on the document's first page (headings of level 1
    otherwise start a page)."""
    first = next((p for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"), None)
    if first is not None:
        first.paragraph_format.page_break_before = False


def _complete_sections(doc: DocxDocument) -> None:
    """Landscape sections (paragraph-level ``sectPr`` from ``pandoc_ast.landscape``) get the
    document's header, footer and margins; only the first section keeps the blank cover header."""
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    inner = [p for p in body.iter(qn("w:sectPr")) if p is not final]
    if final is None or not inner:
        return
    for n, sect in enumerate(inner):
        size = sect.find(qn("w:pgSz"))
        complete = copy.deepcopy(final)  # keeps the schema order of the children
        complete.replace(complete.find(qn("w:pgSz")), copy.deepcopy(size))
        if size.get(qn("w:orient")) == "landscape":
            margins = complete.find(qn("w:pgMar"))
            complete.replace(margins, _rotated_margins(margins))
        if n > 0:
            for title in complete.findall(qn("w:titlePg")):
                complete.remove(title)
        sect.getparent().replace(sect, complete)
    for title in final.findall(qn("w:titlePg")):
        final.remove(title)


def _end_with_last_section(doc: DocxDocument) -> None:
    """A document that ends with a section of its own (a landscape table last) ends there: its
    closing paragraph would otherwise be followed by an empty page of the body's final section."""
    body = doc.element.body
    final = body.find(qn("w:sectPr"))
    last = final.getprevious() if final is not None else None
    while last is not None and last.tag in (qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
        last = last.getprevious()
    inner = last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") if last is not None and last.tag == qn("w:p") else None
    if last is None or inner is None or "".join(last.itertext()).strip():
        return
    body.remove(last)
    body.replace(final, inner)


def _rotated_margins(margins: etree._Element) -> etree._Element:
    out = copy.deepcopy(margins)
    top, right, bottom, left = (margins.get(qn(f"w:{k}"), "0") for k in ("top", "right", "bottom", "left"))
    out.set(qn("w:top"), left)
    out.set(qn("w:bottom"), right)
    out.set(qn("w:left"), bottom)
    out.set(qn("w:right"), top)
    return out


def _accent(doc: DocxDocument, accent: str) -> None:
    """The project's accent colour on headings, title and table header shading."""
    rgb = RGBColor.from_string(accent.lstrip("#").upper())
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle", "TOC Heading"):
        try:
            doc.styles[name].font.color.rgb = rgb
        except KeyError:
            continue
    light = "".join(f"{int(c + (255 - c) * 0.85):02X}" for c in rgb)
    for shd in doc.styles.element.iter(qn("w:shd")):
        if shd.getparent().getparent().tag == qn("w:tblStylePr"):
            shd.set(qn("w:fill"), light)


WATERMARK = (
    '<w:r {ns}><w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
    'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
    '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
    '<v:shape id="PowerPlusWaterMarkObject" o:spid="_x0000_s2049" type="#_x0000_t136" '
    'style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:110pt;rotation:315;'
    'z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;'
    'mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f" '
    'fillcolor="#d9d9d9" stroked="f"><v:fill opacity=".5"/>'
    '<v:textpath style="font-family:&quot;Noto Sans&quot;;font-size:1pt" string=""/>'
    "</v:shape></w:pict></w:r>"
)


def _watermark(doc: DocxDocument, text: str = DOCX_LABELS["watermark"]) -> None:
    """The Word-style „ENTWURF“ watermark in every header part (cover page included)."""
    ns = nsdecls("w", "v", "o")
    seen: set[int] = set()
    for n, section in enumerate(doc.sections):
        for header in [section.header] + ([section.first_page_header] if n == 0 else []):
            header.is_linked_to_previous = False
            if id(header.part) in seen:
                continue
            seen.add(id(header.part))
            paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            mark = parse_xml(WATERMARK.format(ns=ns))
            for textpath in mark.iter(qn("v:textpath")):
                if textpath.get("string") is not None:  # the shape's text (the shapetype has none)
                    textpath.set("string", text)
            paragraph._p.append(mark)


def _properties(doc: DocxDocument, meta: DocxMeta) -> None:
    """Document properties; Word allows at most 255 characters each (the cover shows it all)."""

    def short(text: str) -> str:
        return text if len(text) <= 255 else text[:254] + "…"

    props = doc.core_properties
    props.title, props.author, props.language = short(meta.title), short(meta.author), short(meta.language)
    props.subject = short(f"{meta.doctype} · {meta.city}")
    props.keywords = short(f"IKON; {meta.city}; Integrationskonzept")
    props.comments = short(f"Version {meta.version} · {meta.status}")
    props.revision = 1
    props.created = props.modified = meta.stamp
    props.last_modified_by = short(meta.author)
