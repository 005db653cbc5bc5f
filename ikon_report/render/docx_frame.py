"""The frame of a DOCX: what it says about itself (``DocxMeta``), the cover, header and footer
from ``frame.docx`` (docxtpl, ``autoescape=True``), the draft watermark, the accent colour and
the document properties."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, RGBColor
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from ikon_report import resources
from ikon_report.render.ooxml_order import ppr_after


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
    compact: bool = False  # chapters do not start a new page
    layout: str = "standard"  # "easy": Leichte Sprache (render/easy_docx.py)
    accent: str = "#005a8c"
    labels: dict[str, str] = field(default_factory=dict)  # frame texts in the edition's language
    project_root: Path | None = None  # whose templates/ may override the package's
    template: str = "concept.typ"  # the edition's typst template, whose type sizes the styles follow

    def label(self, key: str) -> str:
        return self.labels.get(key, DOCX_LABELS[key])


DOCX_LABELS = {"client": "Auftraggeberin", "contractor": "Erstellt von", "edition": "Fassung", "version": "Version",
               "page": "Seite", "page_of": "von", "imprint": "Impressum", "period": "Laufzeit",
               "toc": "Inhaltsverzeichnis",
               "figures": "Abbildungsverzeichnis", "tables": "Tabellenverzeichnis", "watermark": "ENTWURF"}


def make_frame(meta: DocxMeta) -> DocxDocument:
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


_AFTER_BIDI = ppr_after("w:bidi")


def _right_to_left(parts: list, keep: set[str]) -> None:
    """Right-to-left paragraphs in the frame (cover, header, footer) of an Arabic or Farsi edition;
    paragraphs whose text is in ``keep`` (the German imprint) stay left-to-right."""
    for part in parts:
        for par in part.iter(qn("w:p")):
            if "".join(par.itertext()) in keep:
                continue
            ppr = par.get_or_add_pPr()
            if ppr.find(qn("w:bidi")) is None:
                ppr.insert_element_before(parse_xml(f"<w:bidi {nsdecls('w')}/>"), *_AFTER_BIDI)


def accent(doc: DocxDocument, accent: str) -> None:
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
    '<v:textpath style="font-family:&quot;Noto Sans&quot;;font-size:1pt" string="ENTWURF"/>'
    "</v:shape></w:pict></w:r>"
)


def watermark(doc: DocxDocument, text: str = DOCX_LABELS["watermark"]) -> None:
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
            shape = parse_xml(WATERMARK.format(ns=ns))
            for path in shape.iter("{urn:schemas-microsoft-com:vml}textpath"):
                if path.get("string") is not None:
                    path.set("string", text)
            paragraph._p.append(shape)


CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"  # docxcompose's "cp"


def properties(doc: DocxDocument, meta: DocxMeta) -> None:
    """Document properties; Word allows at most 255 characters each (the cover shows it all).

    Keywords, revision and last editor live in the core-properties namespace. docxcompose maps
    python-docx's ``cp`` prefix to the custom-properties namespace for the whole process, so
    python-docx's own setters would write them there (read back empty by Word and python-docx):
    they are written as elements of the right namespace here."""

    def short(text: str) -> str:
        return text if len(text) <= 255 else text[:254] + "…"

    props = doc.core_properties
    props.title, props.author, props.language = short(meta.title), short(meta.author), short(meta.language)
    props.subject = short(f"{meta.doctype} · {meta.city}")
    props.comments = short(f"Version {meta.version} · {meta.status}")
    props.created = props.modified = meta.stamp
    core = doc.part.package.core_properties._element
    values = {"keywords": short(f"{meta.short_title}; {meta.city}; {meta.doctype}"), "revision": "1",
              "lastModifiedBy": short(meta.author)}
    for name, value in values.items():
        for ns in (CORE, CUSTOM):
            for old in core.findall(f"{{{ns}}}{name}"):
                core.remove(old)
        etree.SubElement(core, f"{{{CORE}}}{name}").text = value
