"""What a final (committee) build refuses: illustrative content and TODO markers."""

from __future__ import annotations

import re

from ikon_report.errors import InvalidProject, Problem
from ikon_report.project.model import IkonProject


def refuse_unfinished(project: IkonProject) -> None:
    """Final builds may not contain illustrative records or TODO markers (warnings already failed)."""
    problems = []
    for kind in ("challenges", "measures", "services", "indicators"):
        for rec in getattr(project, kind):
            if rec.illustrative and rec.src:
                problems.append(Problem(rec.src.path, rec.src.line, "error",
                                        f"{rec.id} is illustrative example data; replace it or remove "
                                        "'illustrative: true' before a final build"))
    for ch in project.chapters:
        for n, line in enumerate(ch.body.splitlines()):
            if re.search(r"\b(TODO|FIXME|XXX)\b", line):
                problems.append(Problem(ch.path, ch.body_line + n, "error", "TODO marker in a final build"))
    if problems:
        raise InvalidProject(problems, "final build refused")
