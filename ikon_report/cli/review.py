"""``ikon-report review collect|status``: comments and tracked changes from reviewed DOCX files."""

from __future__ import annotations

from pathlib import Path

import click

from ikon_report.cli.options import project_argument
from ikon_report.errors import UsageError


@click.group()
def review() -> None:
    """Collect comments and tracked changes from reviewed DOCX files into a register."""


@review.command()
@project_argument(optional=False)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path),
                help="Reviewed DOCX files (copies of documents built from PROJECT).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Register to create or merge into, .xlsx or .yaml (default: PROJECT/reviews/register.xlsx).")
def collect(project: Path, files: tuple[Path, ...], out: Path | None) -> None:
    """Read comments, replies and tracked changes from reviewed FILES and merge them into the register.

    Each item is mapped to the nearest record id (measure, challenge, indicator, service, chapter
    section) and its source path:line. Status and response columns are kept across runs. Files are
    untrusted: anything that is not a plain DOCX is rejected and nothing is written.
    """
    from ikon_report.exchange.review.anchors import Locator
    from ikon_report.exchange.review.collect import read_review
    from ikon_report.exchange.review.register import default_path, merge, read_register, rows_of, write_register
    from ikon_report.project.validate import load_project

    out = out or default_path(project)
    if out.suffix not in (".xlsx", ".yaml"):
        raise UsageError(f"--out {out}: the register must be a .xlsx or .yaml file")
    locator = Locator(load_project(project)[0])
    incoming = []
    for file in files:
        found = read_review(file)
        incoming += rows_of(found.items, locator, file.name)
        for warning in found.warnings:
            click.echo(f"{file}: warning: {warning}", err=True)
        comments = sum(f.kind == "comment" for f in found.items)
        replies = sum(len(f.replies) for f in found.items)
        click.echo(f"{file}: {comments} comment(s) with {replies} reply/replies, "
                   f"{len(found.items) - comments} tracked change(s)", err=True)
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
@project_argument()
@click.option("--register", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Register to read (default: PROJECT/reviews/register.xlsx).")
def status(project: Path, register: Path | None) -> None:
    """Summarise the register: items by status, open items per chapter and per field of action."""
    from ikon_report.exchange.review.register import default_path, read_register
    from ikon_report.exchange.review.status import summary

    path = register or default_path(project)
    if not path.exists():
        raise UsageError(f"no review register at {path}; run 'ikon-report review collect {project} FILE…' first")
    click.echo(summary([row for _, row in read_register(path)]))
