"""``ikon-report services export|import``: keep the services in an Excel workbook and back."""

from __future__ import annotations

from pathlib import Path

import click

from ikon_report.cli.options import project_argument

SERVICES_FILE = "data/services.yaml"


@click.group()
def services() -> None:
    """Keep the services in Excel: export them, edit the workbook, import it back."""


@services.command("export")
@project_argument(optional=False)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path),
                help="The file to write: .xlsx (workbook) or .json (schema.org JSON-LD).")
def export(project: Path, file: Path) -> None:
    """Write the services of PROJECT to FILE: .xlsx one row per service; .json open data
    (schema.org JSON-LD, the same as in the web edition). Other names are refused."""
    from ikon_report.project.validate import load_project

    model, _ = load_project(project)
    if file.suffix.lower() == ".json":
        from ikon_report.documents.catalogue.opendata import jsonld_bytes
        from ikon_report.output import write_atomic

        write_atomic(file, jsonld_bytes(model))
    else:
        from ikon_report.exchange.excel import export_services

        export_services(model, file)  # refuses any name but .xlsx
    click.echo(f"wrote {file} ({len(model.services)} services)", err=True)


@services.command("import")
@project_argument(optional=False)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="The edited workbook (.xlsx).")
def import_(project: Path, file: Path) -> None:
    """Read FILE (.xlsx) and write the services back to PROJECT/data/services.yaml.

    Every problem is listed as Sheet!Cell: message; then nothing is written (exit status 1)."""
    from ikon_report.exchange.importer import import_services

    changed, written = import_services(project, file)
    click.echo(f"wrote {project / SERVICES_FILE} ({changed} service(s) changed, added or removed)" if written
               else f"no changes; {SERVICES_FILE} left as it is", err=True)
