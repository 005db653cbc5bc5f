"""The pipeline, top to bottom: sources → validation → model → content → render → atomic write.

``build()`` is the one place that shows the whole flow; every stage lives in its own module.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, german, uptodate
from .errors import InvalidProject, Problem
from .output import remove_stale_temps, write_atomic

if TYPE_CHECKING:  # imported when needed: a build with nothing changed never loads them
    from .model import IkonProject
    from .publish import Edition

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
          force: bool = False, report: Report = lambda _msg: None,
          override_reviews: str | None = None, compiler=None) -> BuildResult:
    """Build every edition of the project in ``root`` into ``out``.

    Raises ``InvalidProject`` (nothing written) when the project has errors, or in final mode
    warnings, TODO markers, illustrative records or open review items (unless
    ``override_reviews`` gives a reason). Editions whose inputs did not change since the last
    build are skipped; if no input changed at all, nothing is even read (``uptodate``).
    ``compiler``: a typst compiler to reuse (``watch`` keeps one warm).
    """
    root, out = root.resolve(), out.resolve()
    remove_stale_temps(out)
    state_file = out / ".cache" / "state.json"
    state = _read_state(state_file)
    options = f"final={final} formats={','.join(formats)}"
    sources = uptodate.sources_digest(root, options)
    if not force and not final and (targets := uptodate.unchanged(state, root, out, sources)):
        report("check: nothing changed")
        return BuildResult(skipped=targets, warnings=uptodate.warnings_of(state))
    from .validate import load_project

    report("check")
    project, warnings = load_project(root, strict=final)
    if final:
        from .review.status import check_final

        refuse_unfinished(project)
        warnings = warnings + check_final(root, override_reviews)
    result = BuildResult(warnings=warnings)
    if state.pop(uptodate.INPUTS, None) is not None:
        _save(state_file, state)
    stale = []
    for plan in plan_editions(project, final):
        targets = [out / f"{plan.stem}.{fmt}" for fmt in formats] + [out / name for name in plan.extra_files]
        fingerprint = fingerprint_of(project, final, plan.depends_on)
        if not force and all(state.get(t.name) == fingerprint and t.exists() for t in targets):
            result.skipped += targets
        else:
            stale.append((plan, targets, fingerprint))
    getattr(report, "outputs", lambda _n: None)(sum(len(targets) for _, targets, _ in stale))
    if [state.pop(t.name) for _, targets, _ in stale for t in targets if t.name in state]:
        _save(state_file, state)  # forget them before they change
    if compiler is None and "pdf" in formats:
        from .render.pdf import make_compiler

        compiler = make_compiler(in_process=False)
    # An edition renders in the background while the next one's content is made. One at a time:
    # rendering two editions at once was slower (two cores; typst alone uses more than one).
    with ThreadPoolExecutor(max_workers=1) as pool:
        jobs = []
        for plan, targets, fingerprint in stale:
            report(f"{plan.stem}: content")
            edition = plan.make(project, out)
            report(f"{plan.stem}: {', '.join(formats)}")
            jobs.append((pool.submit(_render, project, plan, edition, out, formats, final, compiler, report),
                         targets, fingerprint))
        for job, targets, fingerprint in jobs:
            result.written += job.result()
            state.update({t.name: fingerprint for t in targets})
            _save(state_file, state)
    from .crosscheck import images_of

    uptodate.record(state, sources, root, [img.file for img in images_of(project)],
                    result.written + result.skipped, warnings)
    _save(state_file, state)
    return result


def _render(project: IkonProject, plan: Plan, edition: Edition, out: Path, formats: tuple[str, ...], final: bool,
            compiler, report: Report) -> list[Path]:
    """Write one edition: DOCX and PDF through ``publish``, then the plan's extra files."""
    from .publish import publish

    wrote = getattr(report, "wrote", lambda _path: None)
    written = publish(project, edition, out, formats, final=final, compiler=compiler, on_written=wrote)
    if plan.extra:
        report(f"{plan.stem}: {', '.join(Path(name).suffix.lstrip('.') for name in plan.extra_files)}")
        for path in plan.extra(project, out):
            wrote(path)
            written.append(path)
    return written


@dataclass
class Plan:
    """An edition the build produces: its file stem, what it depends on, how to make it."""

    stem: str
    depends_on: tuple[str, ...]
    make: Callable[[IkonProject, Path], Edition]
    extra: Callable[[IkonProject, Path], list[Path]] | None = None  # writes files besides DOCX/PDF
    extra_files: tuple[str, ...] = ()  # the names ``extra`` writes (for the up-to-date check)


def plan_editions(project: IkonProject, final: bool) -> list[Plan]:
    """The editions ``build`` writes; each names the model parts it depends on."""

    def concept(p: IkonProject, out: Path) -> Edition:
        from .content.concept import build_concept
        from .content.context import Ctx
        from .publish import Edition

        doc = build_concept(Ctx(p, draft=not final, chart_dir=out / ".cache" / "charts"))
        return Edition(stem=output_stem(p, final), doctype="Integrationskonzept", blocks=doc.blocks,
                       numbered=doc.numbered)

    plans = [Plan(output_stem(project, final), ("*",), concept)]
    if project.services:
        from .catalogue.edition import catalogue_plan

        plans.append(catalogue_plan(project, final))
    return plans


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


def output_stem(project: IkonProject, final: bool, kind: str = "") -> str:
    """``IKON-Minden-v0.3-Entwurf`` (or ``IKON-Angebotskatalog-Minden-…``): city, version, status."""
    p = project.project
    city = re.sub(r"[^\w-]+", "-", p.city).strip("-")
    status = german.STATUS["final" if final else "draft"]
    parts = [p.short_title, kind, city, f"v{p.version}", status]
    return re.sub(r"[^\w.-]+", "-", "-".join(x for x in parts if x))


def fingerprint_of(project: IkonProject, final: bool, depends_on: tuple[str, ...] = ("*",)) -> str:
    """Hash of everything an edition depends on: model parts, images, templates, code version."""
    h = hashlib.sha256()
    if "*" in depends_on:
        h.update(project.model_dump_json().encode())
    else:
        h.update(project.model_dump_json(include=set(depends_on) | {"project"}).encode())
    h.update(f"{final}{__version__}".encode())
    root = Path(project.root)
    from .crosscheck import images_of

    for img in images_of(project):
        h.update((root / img.file).read_bytes())
    for file in sorted(TEMPLATES.glob("*")) + sorted(PACKAGE.rglob("*.py")):
        if file.is_file():
            h.update(file.read_bytes())
    return h.hexdigest()


def _save(path: Path, state: dict) -> None:
    write_atomic(path, json.dumps(state, indent=1, sort_keys=True).encode())


def _read_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
