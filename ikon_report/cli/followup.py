"""Commands for what follows a draft: ``review collect|status``, ``diff``, ``paper``, ``monitoring``.

They only map flags to calls. ``cli.py`` registers them at its end.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click


def handle_errors(fn: Callable[..., None]) -> Callable[..., None]:
    """``cli.handle_errors``, looked up at call time (``python -m ikon_report.cli`` imports cli twice)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        from ikon_report.cli.main import handle_errors as handle

        return handle(fn)(*args, **kwargs)

    return wrapper

PROJECT_OPTION = click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
                              show_default=True, help="The project the reviewed documents were built from.")


@click.group()
def review() -> None:
    """Collect comments and tracked changes from reviewed DOCX files into a register."""


@review.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@PROJECT_OPTION
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Register to create or merge into, .xlsx or .yaml (default: PROJECT/reviews/register.xlsx).")
@handle_errors
def collect(files: tuple[Path, ...], project: Path, out: Path | None) -> None:
    """Read comments, replies and tracked changes from reviewed FILES and merge them into the register.

    Each item is mapped to the nearest record id (measure, challenge, indicator, service, chapter
    section) and its source path:line. Status and response columns are kept across runs. Files are
    untrusted: anything that is not a plain DOCX is rejected and nothing is written.
    """
    from ikon_report.errors import UsageError
    from ikon_report.exchange.review.anchors import Locator
    from ikon_report.exchange.review.collect import collect_file
    from ikon_report.exchange.review.register import default_path, merge, read_register, to_row, write_register
    from ikon_report.project.validate import load_project

    out = out or default_path(project)
    if out.suffix not in (".xlsx", ".yaml"):
        raise UsageError(f"--out {out}: the register must be a .xlsx or .yaml file")
    locator = Locator(load_project(project)[0])
    incoming = []
    for file in files:
        found = collect_file(file)
        incoming += [to_row(f, locator, file.name) for f in found]
        comments = sum(f.kind == "comment" for f in found)
        click.echo(f"{file}: {comments} comment(s), {len(found) - comments} tracked change(s)", err=True)
    existing = [row for _, row in read_register(out)]
    result = merge(existing, incoming)
    write_register(out, result.rows)
    unmapped = sum(not r["id"] for r in incoming)
    if unmapped:
        click.echo(f"warning: {unmapped} item(s) lie before any known bookmark and name no record", err=True)
    still_open = sum(r["status"] == "open" for r in result.rows)
    click.echo(f"wrote {out}: {result.added} new, {result.known} already known, {len(result.rows)} item(s), "
               f"{still_open} open", err=True)


@review.command()
@PROJECT_OPTION
@click.option("--register", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Register to read (default: PROJECT/reviews/register.xlsx).")
@handle_errors
def status(project: Path, register: Path | None) -> None:
    """Summarise the register: items by status, open items per chapter and per field of action."""
    from ikon_report.errors import UsageError
    from ikon_report.exchange.review.register import default_path, read_register
    from ikon_report.exchange.review.status import summary

    path = register or default_path(project)
    if not path.exists():
        raise UsageError(f"no review register at {path}; run 'ikon-report review collect' first")
    click.echo(summary([row for _, row in read_register(path)]))


FORMATS = click.option("--format", "formats", multiple=True, type=click.Choice(["docx", "pdf"]),
                       help="Formats to write (repeatable).")


@click.command()
@click.argument("old")
@click.argument("new", default=".")
@PROJECT_OPTION
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write the changes as a document for the steering group into this folder.")
@FORMATS
@handle_errors
def diff(old: str, new: str, project: Path, out: Path | None, formats: tuple[str, ...]) -> None:
    """List what changed from OLD to NEW (default: the project folder as it is now).

    OLD and NEW are project folders or git revisions of the project's repository (e.g. HEAD~3 HEAD):
    added, removed and changed challenges, measures, services, indicators and fields of action
    (field by field, old -> new) and changed chapter sections. With --out, also a DOCX (default)
    or PDF titled "Änderungen gegenüber Version X".
    """
    from ikon_report.documents.changes.compare import as_text, compare
    from ikon_report.documents.changes.document import changes_edition
    from ikon_report.project.versions import open_version
    from ikon_report.render.publish import publish

    with open_version(old, project) as before, open_version(new, project) as after:
        changes = compare(before.project, after.project)
        click.echo(as_text(changes, before.label, after.label))
        if out is not None:
            edition = changes_edition(after.project, changes, before.label)
            for path in publish(after.project, edition, out, formats or ("docx",), final=False):
                click.echo(f"wrote {path}", err=True)


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: PROJECT/build).")
@click.option("--final", is_flag=True, help="Final edition: no watermark; attachments named as final files.")
@FORMATS
@handle_errors
def paper(project: Path, out: Path | None, final: bool, formats: tuple[str, ...]) -> None:
    """Build the committee paper (Beschlussvorlage) of PROJECT as DOCX and PDF."""
    from ikon_report.documents.paper import paper_edition
    from ikon_report.project.validate import load_project
    from ikon_report.render.publish import publish

    model = load_project(project, strict=final)[0]
    for path in publish(model, paper_edition(model, final=final), out or project / "build", formats or ("docx", "pdf"),
                        final=final):
        click.echo(f"wrote {path}", err=True)


@click.command()
@click.argument("project", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--year", type=int, required=True, help="Report year (e.g. 2021); needs updates or values for it.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: PROJECT/build).")
@click.option("--final", is_flag=True, help="Final edition: no watermark or example-data notes.")
@FORMATS
@handle_errors
def monitoring(project: Path, year: int, out: Path | None, final: bool, formats: tuple[str, ...]) -> None:
    """Build the yearly monitoring report of PROJECT for --year as DOCX and PDF."""
    from ikon_report.documents.monitoring_report import monitoring_edition
    from ikon_report.project.validate import load_project
    from ikon_report.render.publish import publish

    model = load_project(project, strict=final)[0]
    out = out or project / "build"
    edition = monitoring_edition(model, year, final=final, chart_dir=out / ".cache" / "charts")
    for path in publish(model, edition, out, formats or ("docx", "pdf"), final=final):
        click.echo(f"wrote {path}", err=True)
