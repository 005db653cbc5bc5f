"""Map Word bookmark names back to records and their source ``path:line``.

Bookmarks are the ids the concept gives pandoc: record ids (``M-ZT-01``, ``C-BIL-02``, ``I-WOH-03``,
``S-012``), chapter ids and their sub-headings (pandoc's automatic identifiers), and generated
sections (``sec-measures``). Other ids (tables, figures) fall back to the nearest preceding known one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ikon_report import pandoc_ast as a
from ikon_report.content.chapters import parse_chapters
from ikon_report.project import model as m
from ikon_report.project import positions
from ikon_report.project.crosscheck import all_ids

KIND = {m.FieldOfAction: "field", m.ProcessStep: "process step", m.Sample: "sample", m.Finding: "finding",
        m.Challenge: "challenge", m.Measure: "measure", m.Service: "service", m.Indicator: "indicator",
        m.Chapter: "chapter", m.Workshop: "workshop", m.Event: "event"}
GENERATED = {"survey": "samples", "process": "process", "findings": "findings", "fields": "fields",
             "measures": "measures", "coverage": "measures", "monitoring": "indicators", "participation": "events"}


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
        if project.events and project.events[0].src:  # the appendix (its older name: conference)
            for name in ("events", "conference"):
                self.known[f"sec-{name}"] = Location(f"sec-{name}", "section", str(project.events[0].src))
        self._chapter_sections(project)

    def _chapter_sections(self, project: m.IkonProject) -> None:
        bodies = parse_chapters(project.chapters)
        for ch in project.chapters:
            headings = positions.parse(ch.body).headings
            at = 0  # pandoc's headings and the parse's come in the same order; matched by their text
            for header in (n for n in a.walk(bodies.get(ch.id, [])) if a.is_a(n, "Header") and a.ident(n)):
                key = positions.text_key(a.stringify(a.inlines_of(header)))
                match = next((i for i in range(at, len(headings)) if headings[i].key == key), None)
                line = ch.src.line if ch.src else 1
                if match is not None:
                    at, line = match + 1, ch.body_line + headings[match].line
                self.known.setdefault(a.ident(header), Location(a.ident(header), "section", f"{ch.path}:{line}"))

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
