"""Publish one edition (concept, catalogue, paper, …) as DOCX and/or PDF through the shared
render path, with atomic writes. Every document kind goes through ``publish()``."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ikon_report import german, languages
from ikon_report import pandoc_ast as a
from ikon_report.content.facts import imprint_lines, period_text
from ikon_report.content.illustrative import LEGEND, with_legend
from ikon_report.content.nobreak import bind
from ikon_report.content.numbering import Numbered
from ikon_report.output_set import OutputSet, output_set
from ikon_report.project.crosscheck import all_ids
from ikon_report.project.model import IkonProject, Project
from ikon_report.render.layout import Layout
from ikon_report.render.staging import stage_blocks
from ikon_report.tools import Compiler, Typst, layout_file

if TYPE_CHECKING:  # the renderers are imported when a format is made
    from ikon_report.render.docx import DocxMeta
    from ikon_report.render.pdf import PdfMeta

TYPST_NAME = "concept"  # the typst source is work/concept.typ (render_pdf's default name)


@dataclass
class Edition:
    """One document: its content blocks and how it is framed (cover, header, language)."""

    stem: str
    doctype: str
    blocks: list[a.Node]
    numbered: Numbered | None = None
    title: str | None = None
    subtitle: str | None = None
    language: str = "de-DE"
    toc: bool = True
    cover: bool = True  # False: the document starts with its own first page (committee paper)
    compact: bool = False  # chapters (level-1 headings) do not start a new page: short documents
    extra_pdf_vars: dict[str, str] = field(default_factory=dict)
    template: str = "concept.typ"  # typst template in templates/
    labels: dict[str, str] = field(default_factory=dict)  # frame texts in the edition's language (DOCX_LABELS keys)
    cover_facts: bool = False  # the concept's period and distribution note on its cover
    layout: str = "standard"  # "easy": Leichte Sprache (DOCX: large type, ragged right, no hyphenation)


def publish(project: IkonProject, edition: Edition, out: Path, formats: tuple[str, ...], *, final: bool,
            compiler: Compiler | None = None, on_written: Callable[[Path], None] | None = None,
            outputs: OutputSet | None = None) -> list[Path]:
    """Render ``edition`` in each format into ``out``: staged in ``outputs`` (a build commits them
    with its other files) or, without one, locking ``out`` and replacing the files together.

    DOCX and PDF are rendered in parallel threads: pandoc and typst run as child processes (or
    typst in-process without holding the GIL), so the Python work of the DOCX overlaps them.
    ``on_written`` is told each file as soon as it is rendered.
    """
    if outputs is None:
        out = out.resolve()
        with output_set(out) as own:
            written = publish(project, edition, out, formats, final=final, compiler=compiler,
                              on_written=on_written, outputs=own)
            own.commit()
        return written
    work = out / ".cache" / "work" / edition.stem
    blocks = with_legend(edition.blocks, edition.labels.get("illustrative_legend", LEGEND))
    root = Path(project.root).resolve()  # the staging reads absolute paths only ('catalogue .')
    blocks, stage = stage_blocks(bind(blocks, all_ids(project)), work, [root, out])
    logo = stage.file(root / project.project.logo.file) if project.project.logo else None
    stage.prune()  # copies the previous build made and this one does not use
    staged = replace(edition, blocks=blocks)
    wanted = [fmt for fmt in ("docx", "pdf") if fmt in formats]
    pdf_done = threading.Event()

    def pdf() -> bytes:
        try:
            return _pdf(project, staged, final, work, compiler, logo)
        finally:
            pdf_done.set()

    def layout() -> Layout | None:
        """Where typst put headings and figures (the DOCX follows it), once the PDF is made."""
        if "pdf" not in wanted:
            return None
        pdf_done.wait()
        found = layout_file(work / f"{TYPST_NAME}.typ")
        return Layout.read(found) if found.is_file() else None

    renderers = {"docx": lambda: _docx(project, staged, final, work, logo, layout), "pdf": pdf}

    def render_and_write(fmt: str) -> Path:
        path = outputs.write(out / f"{edition.stem}.{fmt}", renderers[fmt]())
        if on_written:
            on_written(path)
        return path

    if len(wanted) < 2:
        return [render_and_write(fmt) for fmt in wanted]
    with ThreadPoolExecutor(max_workers=len(wanted)) as pool:
        jobs = [pool.submit(render_and_write, fmt) for fmt in wanted]
        return [job.result() for job in jobs]


def _docx(project: IkonProject, edition: Edition, final: bool, work: Path, logo: str | None,
          layout: Callable[[], Layout | None]) -> bytes:
    from ikon_report.render.docx import render_docx

    return render_docx(edition.blocks, edition.numbered if edition.toc else None,
                       docx_meta(project, edition, final, work / logo if logo else None), work,
                       font_cache=work.parent.parent / "fonts", layout=layout)


def _pdf(project: IkonProject, edition: Edition, final: bool, work: Path, compiler: Compiler | None,
         logo: str | None) -> bytes:
    from ikon_report.render.pdf import make_compiler, render_pdf, to_typst

    root = Path(project.root)
    meta = pdf_meta(project, edition, final, logo)
    # a compiler kept warm in this process (``watch``) rebuilds again and again: reuse the markup of
    # unchanged sections there; a one-shot build converts the whole document at once (no cache to write)
    parts = work.parent.parent / "typst-parts" / edition.stem if isinstance(compiler, Typst) else None
    source = to_typst(edition.blocks, meta, edition.template, keep=work / "concept", project_root=root, parts=parts)
    return render_pdf(source, work, compiler or make_compiler(project_root=root), timestamp_of(project))


def kicker(city: str, title: str) -> str:
    """The city above the cover title, unless the title names it already (once is enough)."""
    return "" if city in title else city


def timestamp_of(project: IkonProject) -> int:
    """Reproducible PDF timestamps: the document date, not the build time."""
    d = project.project.date
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())


def _status(final: bool) -> str:
    return german.STATUS["final" if final else "draft"]


def _imprint(p: Project, edition: Edition) -> list[str]:
    """The imprint lines in the edition's language (a translated edition's frame labels)."""
    german_edition = edition.language.split("-")[0] == "de"
    return imprint_lines(p, None if german_edition else edition.labels)


def docx_meta(project: IkonProject, edition: Edition, final: bool, logo: Path | None) -> DocxMeta:
    """The frame's values; ``logo`` is the staged copy of the project's logo."""
    from ikon_report.render.docx import DocxMeta

    p = project.project
    title = edition.title or p.title
    return DocxMeta(
        title=title, cover_title=german.display_title(title, p.city), kicker=kicker(p.city, title),
        subtitle=edition.subtitle or p.subtitle or "", city=p.city,
        short_title=p.short_title, doctype=edition.doctype, client=p.client, contractor=p.contractor,
        version=p.version, status=edition.labels.get("status", _status(final)),
        date=edition.labels.get("date", german.date(p.date)),
        author=", ".join(p.authors) or p.contractor, language=edition.language, imprint=_imprint(p, edition),
        period=period_text(p) if edition.cover_facts else "",
        distribution=p.distribution or "" if edition.cover_facts else "",
        logo=logo, logo_alt=p.logo.alt if p.logo else "", draft=not final,
        rtl=languages.is_rtl(edition.language), accent=p.accent_color, labels=edition.labels, cover=edition.cover,
        stamp=dt.datetime(p.date.year, p.date.month, p.date.day), project_root=Path(project.root),
        compact=edition.compact, layout=edition.layout, template=edition.template)


def pdf_meta(project: IkonProject, edition: Edition, final: bool, logo: str | None) -> PdfMeta:
    """The template's values; ``logo`` is the staged logo relative to the staging folder."""
    from ikon_report.render.pdf import PdfMeta, ragged

    p = project.project
    lang, *rest = edition.language.split("-")
    region = next((part for part in rest if len(part) == 2 and part.isalpha()), "")  # typst: no script subtag
    title = edition.title or p.title
    text = {"title": title, "cover-title": german.display_title(title, p.city), "city": p.city, "client": p.client,
            "contractor": p.contractor, "version": p.version, "status": _status(final),
            "date": german.date(p.date), "short-title": p.short_title, "doctype": edition.doctype}
    subtitle = edition.subtitle or p.subtitle
    if subtitle:
        text["subtitle"] = subtitle
    if kicker(p.city, title):
        text["kicker"] = p.city
    if p.period and edition.cover_facts:
        text["period"] = period_text(p)
    if p.distribution and edition.cover_facts:
        text["distribution"] = p.distribution
    for key, value in edition.labels.items():  # frame labels as "label-…", status/date replace the German ones
        text[key if key in ("status", "date") else "label-" + key.replace("_", "-")] = value
    return PdfMeta(text=text, imprint=_imprint(p, edition), draft=not final, accent=p.accent_color, lang=lang,
                   region=region, logo=logo,
                   logo_alt=p.logo.alt if p.logo else "", author=", ".join(p.authors) or p.contractor,
                   toc=edition.toc, cover=edition.cover, rtl=languages.is_rtl(edition.language),
                   ragged=ragged(edition.language),
                   extra={**edition.extra_pdf_vars, **({"compact": "true"} if edition.compact else {})})
