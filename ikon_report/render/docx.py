"""DOCX: pandoc renders the body with named styles; docxtpl fills the frame (cover, header,
footer); docxcompose joins them; then layout, fonts and properties are completed (the
``docx_*`` modules). The table of contents is written already filled."""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from ikon_report import pandoc_ast as a
from ikon_report import resources
from ikon_report.content.numbering import Numbered
from ikon_report.render.bookmarks import normalise_bookmarks
from ikon_report.render.compose import FastComposer
from ikon_report.render.docx_fonts import embed_fonts
from ikon_report.render.docx_frame import DocxMeta, accent, make_frame, properties, watermark
from ikon_report.render.docx_layout import (
    bullets,
    chapter_tails,
    complete_sections,
    end_with_last_section,
    first_heading_on_first_page,
    keep_list_tails,
    keep_rows_together,
    legend_with_its_chapter,
    no_break_hyphens,
    nonbreaking_ids,
    page_breaks,
    run_in,
    single_spaced_images,
)
from ikon_report.render.docx_styles import apply_typography, page_margins, upright_emphasis
from ikon_report.render.docx_tables import complete_tables
from ikon_report.render.docx_toc import fill_page_numbers, toc_blocks
from ikon_report.render.layout import Layout
from ikon_report.render.pageref import page_fields
from ikon_report.render.run_fonts import fallback_fonts
from ikon_report.tools import pandoc

__all__ = ["DocxMeta", "render_docx", "reproducible_zip"]


def render_docx(blocks: list[a.Node], numbered: Numbered | None, meta: DocxMeta, work: Path,
                font_cache: Path | None = None, layout: Callable[[], Layout | None] | None = None) -> bytes:
    """The finished DOCX as bytes. ``font_cache``: a folder that keeps font subsets between
    builds; ``layout``: waits for the same document's PDF and says where typst put things
    (page numbers for the table of contents, chapters that run in), None without a PDF."""
    work.mkdir(parents=True, exist_ok=True)
    body_file = work / "body.docx"
    front = toc_blocks(numbered, meta.label("toc"), meta.rtl, meta.labels) if numbered else []
    content = cast(list[a.Node], page_fields(nonbreaking_ids(blocks)))
    ast = a.document(front + content, {"lang": meta.language})  # no title: the frame has the cover
    if meta.rtl:
        ast["meta"]["dir"] = {"t": "MetaInlines", "c": a.text("rtl")}
    pandoc(["-f", "json", "-t", "docx", "--reference-doc", str(resources.template("reference.docx", meta.project_root)),
            "--resource-path", str(work), "-o", str(body_file)], json.dumps(ast), keep=work / "body")
    body = Document(str(body_file))
    no_break_hyphens(body)
    keep_rows_together(body)
    frame = make_frame(meta)
    composer = FastComposer(frame)
    composer.append(body)
    doc = composer.doc
    page_margins(doc, meta.template)
    complete_sections(doc)
    end_with_last_section(doc)
    if not meta.cover:
        first_heading_on_first_page(doc)
    apply_typography(doc, meta.template, meta.rtl)
    single_spaced_images(doc)
    upright_emphasis(doc)
    if meta.draft:
        watermark(doc, meta.label("watermark"))
    accent(doc, meta.accent)
    if meta.compact:
        doc.styles["Heading 1"].paragraph_format.page_break_before = False
    if meta.layout == "easy":
        from ikon_report.render.easy_docx import easy_layout

        easy_layout(doc)
    properties(doc, meta)
    _stable_ids(doc)
    normalise_bookmarks(doc.element.body)
    bullets(doc)
    page_breaks(doc)
    found = layout() if layout else None
    if found is not None:
        run_in(doc, set(found.run_in))
    legend_with_its_chapter(doc)
    keep_list_tails(doc)
    chapter_tails(doc)
    fill_page_numbers(doc.element.body, found.pages if found else None)
    fonts = tuple(resources.font_dirs(meta.project_root))
    fallback_fonts(doc, fonts)
    complete_tables(doc, fonts)
    embed_fonts(doc, fonts, font_cache)
    out = io.BytesIO()
    doc.save(out)
    return reproducible_zip(out.getvalue())


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
