"""One error hierarchy; every user-facing problem is a ``Problem`` with ``path:line``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about the project, printed as ``path:line: severity: message``."""

    path: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


class IkonError(Exception):
    """Base of every error this package raises on purpose; the CLI prints it, no traceback."""


class InvalidProject(IkonError):
    """The project has errors (or warnings in strict/final mode); nothing is built."""

    def __init__(self, problems: list[Problem], reason: str = "") -> None:
        self.problems = sorted(problems)
        self.reason = reason
        super().__init__(reason or f"{sum(p.severity == 'error' for p in problems)} error(s)")


class ToolError(IkonError):
    """An external tool (pandoc, typst, soffice) failed on input we produced."""


class UsageError(IkonError):
    """A command was called with options that cannot work (e.g. a filter matching nothing)."""
