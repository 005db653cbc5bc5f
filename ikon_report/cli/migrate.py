"""``ikon-report migrate``: upgrade an older project's keys, saying what changed."""

from __future__ import annotations

from pathlib import Path

import click

from ikon_report.cli.options import project_argument


@click.command()
@project_argument()
@click.option("--dry-run", is_flag=True, help="Only list what would change; write nothing.")
def migrate(project: Path, dry_run: bool) -> None:
    """Upgrade the keys of an older PROJECT where the format changed them (docs/data-format.md,
    'Older projects'). Only the lines concerned are rewritten; running it again changes nothing."""
    from ikon_report.exchange.migrate import migrate as run

    changes = run(project, dry_run=dry_run)
    for change in changes:
        click.echo(str(change))
    if not changes:
        click.echo("nothing to migrate: the project uses the current keys", err=True)
    else:
        verb = "would change" if dry_run else "changed"
        click.echo(f"{verb} {len(changes)} place(s) in {len({c.path for c in changes})} file(s)"
                   + ("; run without --dry-run to write them" if dry_run else ""), err=True)
