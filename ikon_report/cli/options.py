"""Arguments and options that several commands share, each defined once.

Every command takes the project folder as its first argument, ``PROJECT``. It may be left out
(meaning the current folder) where no other argument follows it: ``ikon-report build``,
``ikon-report review status``; where others follow, it is written out:
``ikon-report review collect . reviewed.docx``, ``ikon-report diff . v0.8``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("docx", "pdf")
PROJECT_HELP = "The project folder (with ikon.yaml)"
FOLDER = click.Path(file_okay=False, path_type=Path)


def project_argument(*, optional: bool = True) -> Callable[[F], F]:
    """``PROJECT``, the first argument of every command; ``optional`` where no argument follows it."""
    if optional:
        return click.argument("project", type=FOLDER, default=".",
                              help=f"{PROJECT_HELP}; default: the current folder.")
    return click.argument("project", type=FOLDER, help=f"{PROJECT_HELP}.")


def out_option(help: str = "Output folder (default: PROJECT/build).") -> Callable[[F], F]:
    """``--out DIR``: where documents are written."""
    return click.option("--out", type=FOLDER, default=None, help=help)


def formats_option(default: tuple[str, ...] = FORMATS) -> Callable[[F], F]:
    """``--format docx|pdf`` (repeatable); the command receives ``formats``, never empty."""
    return click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS), default=default,
                        show_default=True, help="Formats to write; repeat for several.")


def final_option(help: str) -> Callable[[F], F]:
    """``--final``: the edition that is handed over (no watermark); ``help`` says what else it does."""
    return click.option("--final", is_flag=True, help=help)


quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
verbose_option = click.option("-v", "--verbose", is_flag=True, help="Per-stage timings.")
