"""``ikon-report migrate``: upgrade an older project's keys where the format changed a key.

Each rule finds an older form in the YAML text and rewrites only the lines it concerns (comments,
order and every other line stay as they are), so running it twice changes nothing the second
time. A rule applies only when the installed format has the newer key (``available``); the
changes are listed as ``path:line: what changed``.

Rules (docs/data-format.md, „Older projects“):
- ``conference:`` (one kick-off conference as a mapping) → ``events:`` with that conference as
  its first event (``id: E-AUFTAKT``, ``kind: conference``, ``short_title: Auftaktkonferenz`` as the
  older form had when loaded, so file names stay), indented as a list item;
- ``outline: [… conference …]`` → ``events`` (the appendix of the events);
- agenda times written with „Uhr“ (``time: "17:00 Uhr"``) → ``"17:00"`` inside ``events:``
  (the documents add „Uhr“ once).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ikon_report.errors import InvalidProject, Problem
from ikon_report.output_set import write_data
from ikon_report.project import sources


@dataclass(frozen=True)
class Change:
    """One change: where (``path:line`` in the old text) and what."""

    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


Edit = Callable[[str, str], tuple[str, list[Change]]]  # (text, path) → (new text, changes)

CONFERENCE = re.compile(r"^conference:[ \t]*(#.*)?$", re.M)
OUTLINE_CONFERENCE = re.compile(r"^(\s*-\s*)conference(\s*(?:#.*)?)$")
UHR_TIME = re.compile(r"""^(\s*(?:-\s+)?time:\s*)(["']?)(\d{1,2})[:.](\d{2})\s*Uhr\2(\s*(?:#.*)?)$""")


def _has_events() -> bool:
    """Whether the installed format knows ``events:`` (the newer form of ``conference:``)."""
    return "events" in sources.COLLECTIONS


def conference_to_events(text: str, path: str) -> tuple[str, list[Change]]:
    """The top-level ``conference:`` mapping becomes the first item of ``events:``."""
    match = CONFERENCE.search(text)
    if not match or re.search(r"^events:", text, re.M):
        return text, []
    lines = text.split("\n")
    start = text[: match.start()].count("\n")
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][:1] in " \t#"):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    body = [("  " + line if line.strip() else line) for line in lines[start + 1:end]]  # a list item's keys
    # the short title the older form was given when loaded, so file names and labels stay as they were
    named = any(re.match(r"^    short_title:", line) for line in body)
    lines[start:end] = ["events:", "  - id: E-AUFTAKT", "    kind: conference",
                        *([] if named else ["    short_title: Auftaktkonferenz"]), *body]
    change = Change(path, start + 1, "'conference:' (one mapping) → 'events:' with it as event E-AUFTAKT "
                    "(kind: conference); refer to it as E-AUFTAKT")
    return "\n".join(lines), [change]


def outline_conference(text: str, path: str) -> tuple[str, list[Change]]:
    """``- conference`` in ``outline`` → ``- events``."""
    lines, changes = text.split("\n"), []
    in_outline = False
    for index, line in enumerate(lines):
        if re.match(r"^\S", line):
            in_outline = line.startswith("outline:")
            continue
        match = OUTLINE_CONFERENCE.match(line) if in_outline else None
        if match:
            lines[index] = f"{match.group(1)}events{match.group(2)}"
            changes.append(Change(path, index + 1, "outline: 'conference' → 'events'"))
    return "\n".join(lines), changes


def agenda_times(text: str, path: str) -> tuple[str, list[Change]]:
    """``time: "17:00 Uhr"`` → ``time: "17:00"`` in the events (or the older conference) of a data file."""
    if not re.search(r"^(?:events|conference):", text, re.M):
        return text, []
    lines, changes = text.split("\n"), []
    for index, line in enumerate(lines):
        match = UHR_TIME.match(line)
        if match:
            time = f"{int(match.group(3)):02d}:{match.group(4)}"
            lines[index] = f'{match.group(1)}"{time}"{match.group(5)}'
            changes.append(Change(path, index + 1, f"time '{match.group(3)}:{match.group(4)} Uhr' → '{time}' "
                                  "(the documents add „Uhr“)"))
    return "\n".join(lines), changes


SETTINGS_RULES: list[tuple[Callable[[], bool], Edit]] = [(_has_events, outline_conference)]
# Rules that keep the number of lines first: every change is reported at its line in the old file.
DATA_RULES: list[tuple[Callable[[], bool], Edit]] = [(_has_events, agenda_times), (_has_events, conference_to_events)]


def migrate(root: Path, *, dry_run: bool = False) -> list[Change]:
    """Upgrade the project below ``root`` in place (unless ``dry_run``); returns what changed."""
    files = [(root / "ikon.yaml", SETTINGS_RULES)]
    files += [(f, DATA_RULES) for f in sorted((root / "data").rglob("*.y*ml")) if f.is_file()] \
        if (root / "data").is_dir() else []
    changes: list[Change] = []
    problems: list[Problem] = []
    edited: list[tuple[Path, str]] = []
    for file, rules in files:
        if not file.is_file():
            continue
        rel = file.relative_to(root).as_posix()
        old = sources.read_text(file, rel, problems)
        if old is None:
            continue
        text, found = old, []
        for available, edit in rules:
            if available():
                text, done = edit(text, rel)
                found += done
        if found and text != old:
            changes += found
            edited.append((file, text))
    if problems:  # nothing is written unless every file could be read
        raise InvalidProject(problems, "nothing was migrated")
    if edited and not dry_run:
        write_data(root, {file: text.encode("utf-8") for file, text in edited})  # every file or none
    return changes
