"""The command group every ``ikon-report`` command runs in, and how each of them ends on an error.

``IkonGroup.invoke`` is the one place that turns exceptions into what users see: an ``IkonError``
shows itself (``path:line: severity: message`` lines, or ``error: …``) and exits with its status;
Ctrl-C says that earlier outputs are unchanged; anything else is an ``InternalError`` in one line.
``--debug`` (or ``IKON_REPORT_DEBUG=1``) adds the traceback.
"""

from __future__ import annotations

import importlib
import traceback
from typing import Any

import click

from ikon_report.errors import IkonError, InternalError

DEBUG_ENV = "IKON_REPORT_DEBUG"


def debugging() -> bool:
    """Whether this run was started with ``--debug`` (False outside a command line run)."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("debug"))


def as_error(exc: Exception) -> IkonError:
    """``exc`` if it was raised on purpose, else the bug it is, as an ``InternalError``."""
    return exc if isinstance(exc, IkonError) else InternalError(exc)


class IkonGroup(click.Group):
    """A group whose subcommands (and their subcommands) all end the same way on errors.

    ``lazy`` names commands by ``module:attribute``, imported when first run or listed (``--help``):
    a command does not pay for importing every other one (``check`` with nothing changed: ~0.35 s)."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, _, name = self.lazy[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort, click.ClickException):
            raise  # click's own: --help, usage errors
        except KeyboardInterrupt:
            click.echo("interrupted; earlier outputs are unchanged", err=True)
            ctx.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
            if ctx.find_root().params.get("debug"):
                if not isinstance(exc, IkonError):
                    raise
                traceback.print_exception(exc)
            error = as_error(exc)
            error.show()
            ctx.exit(error.exit_code)
