"""Command line: ``ikon-report catalogue`` and ``ikon-report services export|import``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from ikon_report.content.labels import LANGS
from ikon_report.documents.catalogue.filters import GENDERS, STATUSES, Filter, parse_age

SERVICES_FILE = "data/services.yaml"
PROJECT = click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")


def handle_errors(fn: Callable[..., None]) -> Callable[..., None]:
    """``cli.handle_errors``, looked up at call time (cli imports this module when it loads)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        from ikon_report.cli.main import handle_errors as handle

        return handle(fn)(*args, **kwargs)

    return wrapper


@click.command()
@PROJECT
@click.option("--gender", multiple=True, type=click.Choice(GENDERS),
              help="Services for this gender (services for all genders match too).")
@click.option("--age", default=None, help="An age (30) or a range (18-26, 65-, -12); matches overlapping age ranges.")
@click.option("--status", multiple=True, type=click.Choice(STATUSES),
              help="Residence status (services for every status match too).")
@click.option("--language", multiple=True, metavar="CODE", help="Offered in this language, e.g. ar.")
@click.option("--field", multiple=True, metavar="ID", help="Field of action (id or name).")
@click.option("--district", multiple=True, help="District (Stadtteil).")
@click.option("--lang", type=click.Choice(LANGS), default="de", show_default=True, help="Language of the edition.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: PROJECT/build).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["docx", "pdf"]),
              help="Only these formats (default: both).")
@click.option("--final", is_flag=True, help="Final edition: no watermark or notes; refuses illustrative data.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--debug", is_flag=True, hidden=True)
@handle_errors
def catalogue(project: Path, gender: tuple[str, ...], age: str | None, status: tuple[str, ...],
              language: tuple[str, ...], field: tuple[str, ...], district: tuple[str, ...], lang: str,
              out: Path | None, formats: tuple[str, ...], final: bool, quiet: bool, debug: bool) -> None:
    """Build a catalogue of services for PROJECT: filtered (options narrow it down; repeat an option
    to allow several values) and in a language (--lang). Writes DOCX and PDF."""
    from ikon_report.documents.catalogue.edition import catalogue_edition
    from ikon_report.project.final import refuse_unfinished
    from ikon_report.project.validate import load_project
    from ikon_report.render.publish import publish

    flt = Filter(gender=gender, age=parse_age(age) if age else None, status=status, language=language,
                 field=field, district=district)
    model, _ = load_project(project, strict=final)
    if final:
        refuse_unfinished(model)
    edition = catalogue_edition(model, final=final, lang=lang, flt=flt)
    written = publish(model, edition, (out or project / "build").resolve(), formats or ("docx", "pdf"),
                      final=final)
    if not quiet:
        count = sum(b["t"] == "Div" and "service" in b["c"][0][1] for b in edition.blocks)
        click.echo(f"{count} service(s)", err=True)
        for path in written:
            click.echo(f"wrote {path}", err=True)


@click.group()
def services() -> None:
    """Keep the services in Excel: export them, edit the workbook, import it back."""


@services.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@PROJECT
@click.option("--debug", is_flag=True, hidden=True)
@handle_errors
def export(file: Path, project: Path, debug: bool) -> None:
    """Write the services of PROJECT to FILE (.xlsx): one row per service."""
    from ikon_report.exchange.excel import export_workbook
    from ikon_report.output import write_atomic
    from ikon_report.project.validate import load_project

    model, _ = load_project(project)
    write_atomic(file, export_workbook(model))
    click.echo(f"wrote {file} ({len(model.services)} services)", err=True)


@services.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@PROJECT
@click.option("--debug", is_flag=True, hidden=True)
@handle_errors
def import_(file: Path, project: Path, debug: bool) -> None:
    """Read FILE (.xlsx) and write the services back to PROJECT/data/services.yaml.

    Every problem is listed as Sheet!Cell: message; then nothing is written (exit status 1)."""
    from ikon_report.exchange.excel import SheetProblems
    from ikon_report.exchange.importer import import_services

    try:
        changed, written = import_services(project, file)
    except SheetProblems as exc:
        for line in exc.lines:
            click.echo(line, err=True)
        click.echo(f"{len(exc.lines)} error(s) in {file}; {SERVICES_FILE} was not changed", err=True)
        sys.exit(1)
    click.echo(f"wrote {project / SERVICES_FILE} ({changed} service(s) changed, added or removed)" if written
               else f"no changes; {SERVICES_FILE} left as it is", err=True)
