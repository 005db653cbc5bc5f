"""``ikon-report``: the command group. Each command lives in the module of its group and only maps
flags to calls; how every command ends on an error is ``IkonGroup``'s business (``cli/app.py``)."""

from __future__ import annotations

import click

from ikon_report.cli.app import DEBUG_ENV, IkonGroup
from ikon_report.cli.documents import catalogue, diff, monitoring, paper
from ikon_report.cli.migrate import migrate
from ikon_report.cli.new import new
from ikon_report.cli.preview import preview
from ikon_report.cli.project import build, check
from ikon_report.cli.review import review
from ikon_report.cli.schema import schema
from ikon_report.cli.services import services
from ikon_report.cli.translations import translations
from ikon_report.cli.watch import watch


@click.group(cls=IkonGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ikon-report")
@click.option("--debug", is_flag=True, envvar=DEBUG_ENV,
              help=f"Show the traceback of an error (for a bug report); also {DEBUG_ENV}=1.")
def main(debug: bool) -> None:
    """Build integration concepts (IKON) from Markdown chapters and YAML data.

    Every command takes the project folder first (PROJECT); where nothing follows it, it may be
    left out for the current folder."""


for command in (new, check, build, watch, preview, catalogue, services, paper, monitoring, diff, review, schema,
                migrate, translations):
    main.add_command(command)
