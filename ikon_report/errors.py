"""One error hierarchy; every user-facing problem is a ``Problem`` with ``path:line``.

Each error knows how to show itself (``format_lines``/``show``, as click's and mkdocs' exceptions
do): the command line prints it and exits with ``exit_code``, never with a traceback; ``watch``
prints the same lines and goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import total_ordering
from typing import Literal, TextIO

Severity = Literal["error", "warning"]


@total_ordering
@dataclass(frozen=True)
class Problem:
    """One finding about the project, printed as ``path:line: severity: message``. In a workbook
    ``path`` is ``FILE:SHEET``, ``line`` the row and ``column`` its letters, printed as
    ``angebote.xlsx:Angebote!H5: severity: message``; ``line`` 0 is the whole file (``path: …``)."""

    path: str
    line: int
    severity: Severity
    message: str
    column: str = ""

    @property
    def location(self) -> str:
        if self.column:
            return f"{self.path}!{self.column}{self.line}"
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"

    def __lt__(self, other: Problem) -> bool:
        """By path, line (row), column, severity and message."""
        return self._order() < other._order()

    def _order(self) -> tuple[str, int, int, str, str, str]:
        return self.path, self.line, len(self.column), self.column, self.severity, self.message


def show_lines(lines: Iterable[str], file: TextIO | None = None) -> None:
    """Print ``lines`` to ``file`` (standard error by default): where all messages go."""
    for line in lines:
        print(line, file=file or sys.stderr, flush=True)


def problem_lines(problems: Iterable[Problem]) -> list[str]:
    """Every problem as ``path:line: severity: message``: how ``check``, ``build`` and ``watch`` print them."""
    return [str(p) for p in problems]


def show_problems(problems: Iterable[Problem], file: TextIO | None = None) -> None:
    show_lines(problem_lines(problems), file)


class IkonError(Exception):
    """Base of every error this package raises on purpose; the CLI shows it, no traceback."""

    exit_code = 1

    def format_lines(self, outcome: str = "") -> list[str]:
        """What the user reads; ``outcome`` says what became of the outputs (e.g. "kept the last good output")."""
        return [f"error: {self}" + (f"; {outcome}" if outcome else "")]

    def show(self, outcome: str = "", file: TextIO | None = None) -> None:
        show_lines(self.format_lines(outcome), file)


class InvalidProject(IkonError):
    """The project has errors (or warnings in strict/final mode); nothing is built."""

    def __init__(self, problems: list[Problem], reason: str = "") -> None:
        self.problems = sorted(problems)
        self.reason = reason
        super().__init__(reason or f"{sum(p.severity == 'error' for p in problems)} error(s)")

    def format_lines(self, outcome: str = "") -> list[str]:
        """Every problem, then ``REASON: N error(s), M warning(s); OUTCOME``."""
        errors = sum(p.severity == "error" for p in self.problems)
        return [*problem_lines(self.problems), f"{self.reason or 'project is invalid'}: {errors} error(s), "
                f"{len(self.problems) - errors} warning(s); {outcome or 'nothing was built'}"]


class ToolError(IkonError):
    """An external tool (pandoc, typst, soffice) failed on input we produced."""


class UsageError(IkonError):
    """A command was called with options that cannot work (e.g. a filter matching nothing)."""


class InternalError(IkonError):
    """A bug: an exception nobody raised on purpose, shown in one line (``--debug`` shows the traceback)."""

    def __init__(self, cause: BaseException) -> None:
        self.cause = cause
        super().__init__(f"{type(cause).__name__}: {cause}")

    def format_lines(self, outcome: str = "") -> list[str]:
        return [f"internal error: {self}" + (f"; {outcome}" if outcome else "")
                + " (run 'ikon-report --debug …' for the traceback; please report this)"]
