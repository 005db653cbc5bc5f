"""Map Word bookmark names back to records and their source ``path:line``.

Bookmarks are the ids the concept gives pandoc: record ids (``M-ZT-01``, ``C-BIL-02``, ``I-WOH-03``,
``S-012``), chapter ids and their sub-headings (pandoc's automatic identifiers), and generated
sections (``sec-measures``). Other ids (tables, figures) fall back to the nearest preceding known one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ikon_report.content.chapters import parse_chapters
from ikon_report.project import model as m
from ikon_report.project.crosscheck import all_ids

KIND = {m.FieldOfAction: "field", m.ProcessStep: "process step", m.Sample: "sample", m.Finding: "finding",
        m.Challenge: "challenge", m.Measure: "measure", m.Service: "service", m.Indicator: "indicator",
        m.Chapter: "chapter", m.Workshop: "workshop"}
GENERATED = {"survey": "samples", "process": "process", "findings": "findings", "fields": "fields",
             "measures": "measures", "coverage": "measures", "monitoring": "indicators"}
ATX = re.compile(r"^ {0,3}#{1,6}(\s|$)")
SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Location:
    """Where a review item belongs: record id and kind, its source and its field of action."""

    id: str = ""
    kind: str = ""
    source: str = ""
    field: str = ""


class Locator:
    """Resolves bookmark trails (nearest first) against one project."""

    def __init__(self, project: m.IkonProject) -> None:
        self.known: dict[str, Location] = {}
        fields = {f.id: f.name for f in project.fields}
        for ident, rec in all_ids(project).items():
            self.known[ident] = Location(ident, KIND.get(type(rec), "record"), str(rec.src or ""),
                                         _field_of(rec, fields))
        for name, collection in GENERATED.items():
            records = getattr(project, collection)
            if records and records[0].src:
                self.known[f"sec-{name}"] = Location(f"sec-{name}", "section", str(records[0].src))
        if project.conference and project.conference.src:
            self.known["sec-conference"] = Location("sec-conference", "section", str(project.conference.src))
        self._chapter_sections(project)

    def _chapter_sections(self, project: m.IkonProject) -> None:
        bodies = parse_chapters(project.chapters)
        for ch in project.chapters:
            ids = [b["c"][1][0] for b in bodies.get(ch.id, []) if b["t"] == "Header" and b["c"][1][0]]
            lines = heading_lines(ch.body)
            for n, ident in enumerate(ids):
                line = ch.body_line + lines[n] if n < len(lines) else (ch.src.line if ch.src else 1)
                self.known.setdefault(ident, Location(ident, "section", f"{ch.path}:{line}"))

    def locate(self, trail: list[str]) -> Location:
        """The nearest bookmark in ``trail`` that names something we know."""
        return next((self.known[name] for name in trail if name in self.known), Location())


def _field_of(rec: object, fields: dict[str, str]) -> str:
    if isinstance(rec, m.FieldOfAction):
        return rec.name
    field = getattr(rec, "field", None)
    if isinstance(field, str):
        return fields.get(field, field)
    if isinstance(rec, m.Service):
        return "; ".join(fields.get(f, f) for f in rec.fields)
    return ""


def heading_lines(body: str) -> list[int]:
    """0-based line numbers of the Markdown headings in ``body`` (ATX and setext, outside code fences)."""
    out, fence = [], ""
    lines = body.splitlines()
    for n, line in enumerate(lines):
        match = FENCE.match(line)
        if match:
            mark = match.group(1)
            if not fence:
                fence = mark[0] * len(mark)
            elif line.strip().startswith(fence):
                fence = ""
            continue
        if fence:
            continue
        if ATX.match(line) or (n + 1 < len(lines) and line.strip() and SETEXT.match(lines[n + 1])
              and not (n and lines[n - 1].strip())):
            out.append(n)
    return out
