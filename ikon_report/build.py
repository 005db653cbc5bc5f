"""The pipeline, top to bottom: sources → validation → model → content → render → atomic write.

``build()`` is the one place that shows the whole flow; every stage lives in its own module.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ikon_report import __version__, heap, uptodate
from ikon_report.errors import Problem
from ikon_report.output_set import OutputSet, output_set

if TYPE_CHECKING:  # imported when needed: a build with nothing changed never loads them
    from ikon_report.documents.registry import Plan
    from ikon_report.project.model import IkonProject
    from ikon_report.render.publish import Edition
    from ikon_report.tools import Compiler

FORMATS = ("docx", "pdf")
RENDER_JOBS = 1  # editions rendered at once (each with its own pandoc and typst child processes): bench/notes.md
STATE = Path(".cache") / "state.json"


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


Report = Callable[[str], None]


def build(root: Path, out: Path, *, final: bool = False, formats: tuple[str, ...] = FORMATS,
          force: bool = False, report: Report = lambda _msg: None,
          override_reviews: str | None = None, compiler: Compiler | None = None) -> BuildResult:
    """Build every edition of the project in ``root`` into ``out``.

    Raises ``InvalidProject`` (nothing written) when the project has errors, or in final mode
    warnings, TODO markers, illustrative records or open review items (unless
    ``override_reviews`` gives a reason). Editions whose inputs did not change since the last
    build are skipped; if no input changed at all, nothing is even read (``uptodate``).
    ``compiler``: a typst compiler to reuse (``watch`` keeps one warm).
    """
    root, out = root.resolve(), out.resolve()
    # One build at a time per folder; what an interrupted one left is finished or rolled back first.
    with output_set(out, on_wait=getattr(report, "notice", report)) as outputs:
        state = _read_state(out / STATE)
        options = f"final={final} formats={','.join(formats)}"
        sources = uptodate.sources_digest(root, options)
        if not force and not final and (targets := uptodate.unchanged(state, root, out, sources)):
            report("check: nothing changed")
            return BuildResult(skipped=targets, warnings=uptodate.warnings_of(state))
        from ikon_report.documents.registry import plan_editions
        from ikon_report.project.check_cache import CheckCache
        from ikon_report.project.final import refuse_unfinished
        from ikon_report.project.validate import load_project
        from ikon_report.project.versions import load_previous

        report("check")
        cache = CheckCache.of(out)
        project, warnings = load_project(root, strict=final, cache=cache)
        if project.project.status == "final" and not final:  # ikon.yaml says so: every build is final
            final = True
            project, warnings = load_project(root, strict=True, cache=cache)
        if final:
            from ikon_report.exchange.review.status import check_final

            refuse_unfinished(project)
            warnings = warnings + check_final(root, override_reviews)
        result = BuildResult(warnings=warnings)
        stale = []
        previous = load_previous(project)
        code = uptodate.code_digest(root)  # read once: every edition's fingerprint includes it
        for plan in plan_editions(project, final, previous):
            targets = [out / f"{plan.stem}.{fmt}" for fmt in formats] + [out / name for name in plan.extra_files]
            fingerprint = fingerprint_of(project, final, plan.depends_on, plan.inputs_digest, code)
            if not force and all(state.get(t.name) == fingerprint and t.exists() for t in targets):
                result.skipped += targets
            else:
                stale.append((plan, targets, fingerprint))
        getattr(report, "outputs", lambda _n: None)(sum(len(targets) for _, targets, _ in stale))
        if compiler is None and "pdf" in formats:
            from ikon_report.render.pdf import make_compiler

            compiler = make_compiler(in_process=False, project_root=root)
        # ``render_jobs()`` editions render at once in the background; the next one's content is made only
        # when one of them has finished (making it ahead bought no time on two cores, where typst uses
        # both, and cost ~85 MB at the Köln size: bench/notes.md), so memory is bounded by that many.
        jobs_at_once = render_jobs()
        with ThreadPoolExecutor(max_workers=jobs_at_once) as pool:
            jobs: list[tuple[Future[list[Path]], list[Path], str]] = []
            for plan, targets, fingerprint in stale:
                _wait_below(jobs_at_once, [job for job, _, _ in jobs])
                heap.give_back()
                report(f"{plan.stem}: content")
                edition = plan.make(project, out)
                report(f"{plan.stem}: {', '.join(formats)}")
                jobs.append((pool.submit(_render, project, plan, edition, outputs, formats, final, compiler,
                                         report), targets, fingerprint))
                del edition  # the pool holds it while it renders, and no longer
            for job, targets, fingerprint in jobs:
                result.written += job.result()
                state.update({t.name: fingerprint for t in targets})
        from ikon_report.project.crosscheck import image_files

        uptodate.record(state, sources, root, image_files(project),
                        result.written + result.skipped, warnings, final=final,
                        changes_since=project.project.changes_since)
        outputs.write(out / STATE, json.dumps(state, indent=1, sort_keys=True).encode())
        outputs.commit()  # every new file replaces its predecessor in one step (or, on any error above, none)
    return result


def render_jobs() -> int:
    """Editions rendered at once: ``IKON_REPORT_JOBS`` if set, else RENDER_JOBS (measured on two cores:
    bench/notes.md), never more than the usable CPUs."""
    wanted = os.environ.get("IKON_REPORT_JOBS", "")
    jobs = int(wanted) if wanted.isdigit() and int(wanted) > 0 else RENDER_JOBS
    return max(1, min(jobs, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


def _wait_below(limit: int, jobs: list[Future[list[Path]]]) -> None:
    """Block until fewer than ``limit`` of ``jobs`` are unfinished."""
    while len(running := [job for job in jobs if not job.done()]) >= limit:
        wait(running, return_when=FIRST_COMPLETED)


def _render(project: IkonProject, plan: Plan, edition: Edition, outputs: OutputSet, formats: tuple[str, ...],
            final: bool, compiler: Compiler | None, report: Report) -> list[Path]:
    """Stage one edition: DOCX and PDF through ``publish``, then the plan's extra files."""
    from ikon_report.render.publish import publish

    wrote = getattr(report, "wrote", lambda _path: None)
    written = publish(project, edition, outputs.folder, formats, final=final, compiler=compiler, on_written=wrote,
                      outputs=outputs)
    if plan.extra:
        report(f"{plan.stem}: {', '.join(Path(name).suffix.lstrip('.') for name in plan.extra_files)}")
        for name, data in plan.extra(project).items():
            written.append(outputs.write(outputs.folder / name, data))
            wrote(written[-1])
    return written


def fingerprint_of(project: IkonProject, final: bool, depends_on: tuple[str, ...] = ("*",),
                   inputs_digest: str = "", code: str | None = None) -> str:
    """Hash of everything an edition depends on: model parts, other inputs, images, templates, code
    (``code``: ``uptodate.code_digest`` of the project, if already known).
    A part ``name.key`` is that key of each of the part's records (``chapters.id``: the ids, not the texts)."""
    h = hashlib.sha256(inputs_digest.encode())
    if "*" in depends_on:
        h.update(project.model_dump_json().encode())
    else:
        include: dict = {"project": True}
        for part in depends_on:
            name, _, key = part.partition(".")
            include[name] = {"__all__": {key}} if key else True
        h.update(project.model_dump_json(include=include).encode())
    h.update(f"{final}{__version__}".encode())
    root = Path(project.root)
    from ikon_report.project.crosscheck import image_files

    for image in image_files(project):
        h.update((root / image).read_bytes())
    h.update((code or uptodate.code_digest(root)).encode())
    return h.hexdigest()



def _read_state(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
