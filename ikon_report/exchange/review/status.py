"""What is still open in the review register: a summary per chapter and field, and the gate that
keeps ``build --final`` from running while items are open."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ikon_report.errors import InvalidProject, Problem
from ikon_report.exchange.review.register import STATUSES, Row, default_path, read_register


def summary(rows: list[Row]) -> str:
    """Plain-text overview: totals by status, open items per chapter and per field of action."""
    if not rows:
        return "the register is empty"
    totals = Counter(r["status"] for r in rows)
    lines = ["status: " + ", ".join(f"{s} {totals[s]}" for s in STATUSES)]
    open_rows = [r for r in rows if r["status"] == "open"]
    for title, column in (("open items per chapter", "chapter"), ("open items per field of action", "field")):
        counts = Counter(r[column] or "(none)" for r in open_rows)
        if counts:
            lines.append(f"{title}:")
            width = max(len(k) for k in counts)
            lines += [f"  {k:<{width}}  {n:>3}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return "\n".join(lines)


def check_final(root: Path, override_reason: str | None) -> list[Problem]:
    """Refuse a final build while register items are open; with a reason, return a warning instead."""
    path = default_path(root)
    open_rows = [(line, r) for line, r in read_register(path) if r["status"] == "open"]
    if not open_rows:
        return []
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    if override_reason and override_reason.strip():
        return [Problem(rel, 1, "warning", f"{len(open_rows)} open review item(s) overridden for this final "
                        f"build: {override_reason.strip()}")]
    problems = [Problem(rel, line, "error", f"review item {r['key']} ({r['kind']} by {r['author'] or '?'} on "
                        f"{r['id'] or 'unmapped text'}) is still open; set its status to accepted, rejected "
                        "or done") for line, r in open_rows]
    raise InvalidProject(problems, "final build refused while review items are open "
                         "(override with --override-reviews REASON)")
