"""``ikon-report check`` and ``ikon-report build``: validate a project, build all its editions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ikon_report.cli.options import (
    final_option,
    formats_option,
    out_option,
    project_argument,
    quiet_option,
    verbose_option,
)
from ikon_report.cli.progress import Progress
from ikon_report.errors import show_problems

if TYPE_CHECKING:  # a build with nothing to do loads neither the pipeline nor the model
    from ikon_report.build import BuildResult


def show_result(result: BuildResult, quiet: bool = False) -> None:
    """What a build did: its warnings (printed as ``check`` prints them), every file written, how
    many were up to date. ``build`` and each rebuild of ``watch`` end with this."""
    if quiet:
        return
    show_problems(result.warnings)
    for path in result.written:
        click.echo(f"wrote {path}", err=True)
    if result.skipped:
        click.echo(f"up to date: {len(result.skipped)} file(s) unchanged", err=True)


@click.command()
@project_argument()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@out_option("Output folder whose cache keeps what unchanged files gave (default: PROJECT/build).")
@click.option("--no-cache", is_flag=True, help="Read and validate every file again; keep nothing.")
def check(project: Path, strict: bool, out: Path | None, no_cache: bool) -> None:
    """Validate PROJECT and print every problem as path:line: severity: message.

    Files unchanged since the last check or build are not parsed again (their problems and records
    come from OUT/.cache/check); the cross-checks always run over the whole project. When no file
    changed since a check without errors, its answer is printed again (``project/check_result.py``)."""
    from ikon_report.errors import InvalidProject
    from ikon_report.project import check_result

    folder = None if no_cache else (out or project / "build").resolve() / check_result.FOLDER
    sources = check_result.sources_digest(project) if folder else ""
    warnings = check_result.answer(folder, project, sources)
    if warnings is None:
        from ikon_report.project.check_cache import CheckCache
        from ikon_report.project.crosscheck import image_files
        from ikon_report.project.validate import load_project

        model, warnings = load_project(project, cache=CheckCache(folder), records=False)
        check_result.keep(folder, project, sources, image_files(model), warnings)
    if strict and warnings:
        raise InvalidProject(warnings)
    show_problems(warnings)
    click.echo(f"ok: no errors, {len(warnings)} warning(s)", err=True)


@click.command()
@project_argument()
@out_option()
@final_option("Final edition: no watermark or notes; refuses unfinished projects.")
@formats_option()
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
@click.option("--override-reviews", metavar="REASON", default=None,
              help="Build --final although review items are open; the reason is printed with the build.")
@quiet_option
@verbose_option
def build(project: Path, out: Path | None, final: bool, formats: tuple[str, ...], force: bool,
          override_reviews: str | None, quiet: bool, verbose: bool) -> None:
    """Build every edition of PROJECT: the concept (DOCX, PDF) and the catalogue (DOCX, PDF, HTML)."""
    from ikon_report.build import build as run_build

    with Progress(quiet, verbose) as progress:
        result = run_build(project, out or project / "build", final=final, formats=formats, force=force,
                           report=progress, override_reviews=override_reviews)
    show_result(result, quiet)
