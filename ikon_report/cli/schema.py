"""``ikon-report schema``: JSON Schema of ikon.yaml and the data files, for editors."""

from __future__ import annotations

from pathlib import Path

import click

from ikon_report.cli.options import out_option, project_argument
from ikon_report.errors import UsageError


@click.command()
@project_argument()
@out_option("Folder for the schema files (default: PROJECT/schema).")
def schema(project: Path, out: Path | None) -> None:
    """Write JSON Schema for ikon.yaml and the data files of PROJECT (editor completion and checks).

    Point the YAML language server at them with a first line such as
    '# yaml-language-server: $schema=../schema/data.schema.json' (docs/editors.md)."""
    from ikon_report.project.schema import write_schemas

    target = out or project / "schema"
    try:
        written = write_schemas(target)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror}; choose another --out folder") from exc
    for path in written:
        click.echo(f"wrote {path}", err=True)
