"""The pipeline, top to bottom: sources → validation → model → content → render → atomic write.

``build()`` is the one place that shows the whole flow; every stage lives in its own module.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, german
from .errors import InvalidProject, Problem
from .model import IkonProject
from .output import remove_stale_temps, write_atomic
from .validate import load_project

FORMATS = ("docx", "pdf")
PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE.parent / "templates"


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


Report = Callable[[str], None]


def build(root: Path, out: Path, *, final: bool = False, formats: tuple[str, ...] = FORMATS,
          force: bool = False, report: Report = lambda _msg: None) -> BuildResult:
    """Build the concept (DOCX and PDF) of the project in ``root`` into ``out``.

    Raises ``InvalidProject`` (nothing written) when the project has errors, or in final mode
    warnings, TODO markers or illustrative records.
    """
    root, out = root.resolve(), out.resolve()
    project, warnings = load_project(root, strict=final)
    if final:
        refuse_unfinished(project)
    result = BuildResult(warnings=warnings)
    remove_stale_temps(out)
    stem = output_stem(project, final)
    targets = {fmt: out / f"{stem}.{fmt}" for fmt in formats}
    state_file = out / ".cache" / "state.json"
    fingerprint = fingerprint_of(project, final)
    state = _read_state(state_file)
    if not force and all(state.get(str(t)) == fingerprint and t.exists() for t in targets.values()):
        result.skipped = list(targets.values())
        report("up to date")
        return result

    from .content.concept import build_concept
    from .content.context import Ctx

    report("content")
    ctx = Ctx(project, draft=not final, chart_dir=out / ".cache" / "charts")
    concept = build_concept(ctx)
    work = out / ".cache" / "work"
    if "docx" in targets:
        from .render.docx import render_docx

        report("docx")
        data = render_docx(concept.blocks, concept.numbered, docx_meta(project, final), work)
        result.written.append(write_atomic(targets["docx"], data))
    if "pdf" in targets:
        from .render.pdf import make_compiler, render_pdf, to_typst

        report("pdf")
        source = to_typst(concept.blocks, pdf_meta(project, final))
        data = render_pdf(source, work, make_compiler(), timestamp_of(project))
        result.written.append(write_atomic(targets["pdf"], data))
    state.update({str(t): fingerprint for t in targets.values()})
    write_atomic(state_file, json.dumps(state, indent=1).encode())
    return result


def refuse_unfinished(project: IkonProject) -> None:
    """Final builds may not contain illustrative records or TODO markers (warnings already failed)."""
    problems = []
    for kind in ("challenges", "measures", "services", "indicators"):
        for rec in getattr(project, kind):
            if rec.illustrative and rec.src:
                problems.append(Problem(rec.src.path, rec.src.line, "error",
                                        f"{rec.id} is illustrative example data; replace it or remove "
                                        "'illustrative: true' before a final build"))
    for ch in project.chapters:
        for n, line in enumerate(ch.body.splitlines()):
            if re.search(r"\b(TODO|FIXME|XXX)\b", line):
                problems.append(Problem(ch.path, ch.body_line + n, "error", "TODO marker in a final build"))
    if problems:
        raise InvalidProject(problems, "final build refused")


def output_stem(project: IkonProject, final: bool) -> str:
    """``IKON-Minden-v0.3-Entwurf``: city, version and status in every file name."""
    p = project.project
    city = re.sub(r"[^\w-]+", "-", p.city).strip("-")
    status = german.STATUS["final" if final else "draft"]
    return f"{p.short_title}-{city}-v{p.version}-{status}".replace("/", "-")


def fingerprint_of(project: IkonProject, final: bool) -> str:
    """Hash of everything an output depends on: model, referenced files, templates, code version."""
    h = hashlib.sha256()
    h.update(project.model_dump_json().encode())
    h.update(f"{final}{__version__}".encode())
    root = Path(project.root)
    from .crosscheck import images_of

    for img in images_of(project):
        h.update((root / img.file).read_bytes())
    for file in sorted(TEMPLATES.glob("*")) + sorted(PACKAGE.rglob("*.py")):
        if file.is_file():
            h.update(file.read_bytes())
    return h.hexdigest()


def _read_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def timestamp_of(project: IkonProject) -> int:
    """Reproducible PDF timestamps: the document date, not the build time."""
    d = project.project.date
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())


def docx_meta(project: IkonProject, final: bool, doctype: str = "Integrationskonzept"):
    from .render.docx import DocxMeta

    p = project.project
    logo = Path(project.root) / p.logo.file if p.logo else None
    return DocxMeta(
        title=p.title, subtitle=p.subtitle or "", city=p.city, short_title=p.short_title, doctype=doctype,
        client=p.client, contractor=p.contractor, version=p.version,
        status=german.STATUS["final" if final else "draft"], date=german.date(p.date),
        author=", ".join(p.authors) or p.contractor, language=p.language, imprint=p.imprint, logo=logo,
        logo_alt=p.logo.alt if p.logo else "", draft=not final,
        stamp=dt.datetime(p.date.year, p.date.month, p.date.day))


def pdf_meta(project: IkonProject, final: bool, doctype: str = "Integrationskonzept"):
    from .render.pdf import PdfMeta

    p = project.project
    lang, _, region = p.language.partition("-")
    text = {"title": p.title, "city": p.city, "client": p.client, "contractor": p.contractor,
            "version": p.version, "status": german.STATUS["final" if final else "draft"],
            "date": german.date(p.date), "short-title": p.short_title, "doctype": doctype}
    if p.subtitle:
        text["subtitle"] = p.subtitle
    return PdfMeta(text=text, imprint=p.imprint, draft=not final, accent=p.accent_color, lang=lang,
                   region=region or "DE", logo=Path(project.root) / p.logo.file if p.logo else None,
                   logo_alt=p.logo.alt if p.logo else "", author=", ".join(p.authors) or p.contractor)
