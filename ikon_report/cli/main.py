"""``ikon-report``: the command group. Each command lives in the module of its group and only maps
flags to calls; how every command ends on an error is ``IkonGroup``'s business (``cli/app.py``)."""

from __future__ import annotations

import click

from ikon_report import heap
from ikon_report.cli.app import DEBUG_ENV, IkonGroup

COMMANDS = {  # name: where it lives (imported when run)
    "new": "ikon_report.cli.new:new", "check": "ikon_report.cli.project:check",
    "build": "ikon_report.cli.project:build", "watch": "ikon_report.cli.watch:watch",
    "preview": "ikon_report.cli.preview:preview", "catalogue": "ikon_report.cli.documents:catalogue",
    "services": "ikon_report.cli.services:services", "paper": "ikon_report.cli.documents:paper",
    "monitoring": "ikon_report.cli.documents:monitoring", "diff": "ikon_report.cli.documents:diff",
    "review": "ikon_report.cli.review:review", "schema": "ikon_report.cli.schema:schema",
    "migrate": "ikon_report.cli.migrate:migrate", "translations": "ikon_report.cli.translations:translations",
}


@click.group(cls=IkonGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ikon-report")
@click.option("--debug", is_flag=True, envvar=DEBUG_ENV,
              help=f"Show the traceback of an error (for a bug report); also {DEBUG_ENV}=1.")
def main(debug: bool) -> None:
    """Build integration concepts (IKON) from Markdown chapters and YAML data.

    Every command takes the project folder first (PROJECT); where nothing follows it, it may be
    left out for the current folder."""
    heap.collect_rarely()  # every command reads a project: few collections while it lives (heap.py)

