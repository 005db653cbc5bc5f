"""``ikon-report new``: start the next city's project."""

from __future__ import annotations

from pathlib import Path

import click

from ikon_report.cli.options import FOLDER, project_argument


@click.command()
@project_argument()
@click.option("--city", required=True, help="The city's name, e.g. 'Herford' (as it appears in titles).")
@click.option("--from", "source", type=FOLDER, default=None,
              help="Another project whose settings (consultancy, look, languages), templates and fonts to copy; "
                   "none of its content.")
def new(project: Path, city: str, source: Path | None) -> None:
    """Create a complete project in PROJECT (a new or empty folder): ikon.yaml with every key
    commented, one example record per data file (marked illustrative), chapter skeletons, a Makefile;
    it checks and builds at once."""
    from ikon_report.exchange.scaffold import create_project

    written = create_project(project, city, source=source)
    click.echo(f"created {project} ({len(written)} files); next: ikon-report check {project}", err=True)
