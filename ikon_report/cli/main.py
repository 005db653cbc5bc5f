"""Command line: maps flags to calls, prints problems as ``path:line: severity: message``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from ikon_report.cli.progress import Progress
from ikon_report.errors import IkonError, InvalidProject, Problem

PROJECT = click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


def handle_errors(fn: Callable[..., None]) -> Callable[..., None]:
    """Turn our errors into clean messages and exit status 1; never show a traceback to users."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            return fn(*args, **kwargs)
        except InvalidProject as exc:
            _print_problems(exc.problems)
            errors = sum(p.severity == "error" for p in exc.problems)
            warnings = len(exc.problems) - errors
            what = exc.reason or "project is invalid"
            click.echo(f"{what}: {errors} error(s), {warnings} warning(s); nothing was built", err=True)
            sys.exit(1)
        except IkonError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted; earlier outputs are unchanged", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - last line of defence: no tracebacks for users
            if kwargs.get("debug") or "--debug" in sys.argv:
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details; "
                       "please report this)", err=True)
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ikon-report")
def main() -> None:
    """Build integration concepts (IKON) from Markdown chapters and YAML data."""


@main.command()
@PROJECT
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@handle_errors
def check(project: Path, strict: bool) -> None:
    """Validate PROJECT and print every problem as path:line: severity: message."""
    from ikon_report.project.validate import load_project

    _, warnings = load_project(project, strict=strict)
    _print_problems(warnings)
    click.echo(f"ok: no errors, {len(warnings)} warning(s)", err=True)


@main.command()
@PROJECT
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: PROJECT/build).")
@click.option("--final", is_flag=True, help="Final edition: no watermark or notes; refuses unfinished projects.")
@click.option("--format", "formats", multiple=True, type=click.Choice(["docx", "pdf"]),
              help="Only these formats (default: all).")
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
@click.option("--override-reviews", metavar="REASON", default=None,
              help="Build --final although review items are open; the reason is printed with the build.")
@click.option("-q", "--quiet", is_flag=True, help="No progress output.")
@click.option("-v", "--verbose", is_flag=True, help="Per-stage timings.")
@click.option("--debug", is_flag=True, hidden=True)
@handle_errors
def build(project: Path, out: Path | None, final: bool, formats: tuple[str, ...], force: bool,
          override_reviews: str | None, quiet: bool, verbose: bool, debug: bool) -> None:
    """Build every edition of PROJECT: the concept (DOCX, PDF) and the catalogue (DOCX, PDF, HTML)."""
    from ikon_report.build import FORMATS
    from ikon_report.build import build as run_build

    with Progress(quiet, verbose) as progress:
        result = run_build(project, out or project / "build", final=final, formats=formats or FORMATS,
                           force=force, report=progress, override_reviews=override_reviews)
    if not quiet:
        _print_problems(result.warnings)
        for path in result.written:
            click.echo(f"wrote {path}", err=True)
        if result.skipped:
            click.echo(f"up to date: {len(result.skipped)} file(s) unchanged", err=True)


from ikon_report.cli.followup import diff, monitoring, paper, review  # noqa: E402 - commands register after main exists

main.add_command(review)
main.add_command(diff)
main.add_command(paper)
main.add_command(monitoring)


from ikon_report.cli.catalogue import catalogue, services  # noqa: E402 - commands register after main exists

main.add_command(catalogue)
main.add_command(services)


from ikon_report.cli.watch import watch  # noqa: E402 - commands register after main exists

main.add_command(watch)


from ikon_report.cli.schema import schema  # noqa: E402 - commands register after main exists

main.add_command(schema)
