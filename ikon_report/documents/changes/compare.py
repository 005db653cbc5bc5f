"""Compare two projects: records added, removed or changed (which keys, old → new) and chapter
sections added, removed or changed (by the ids pandoc gives their headings)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.chapters import parse_chapters
from ikon_report.project.model import IkonProject

KINDS = ("fields", "challenges", "measures", "services", "indicators")
TITLE = {"fields": "name", "challenges": "text", "measures": "title", "services": "title", "indicators": "name"}


@dataclass
class FieldChange:
    key: str
    old: object
    new: object


@dataclass
class RecordChange:
    kind: str
    id: str
    title: str
    status: str  # added | removed | changed
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class SectionChange:
    id: str
    title: str
    chapter: str
    status: str  # added | removed | changed
    added_words: int = 0
    removed_words: int = 0


@dataclass
class Changes:
    old_version: str
    new_version: str
    records: list[RecordChange]
    sections: list[SectionChange]

    def of(self, kind: str) -> list[RecordChange]:
        return [r for r in self.records if r.kind == kind]

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.records) + sum(s.status == status for s in self.sections)


def compare(old: IkonProject, new: IkonProject) -> Changes:
    records = [change for kind in KINDS for change in _records(kind, getattr(old, kind), getattr(new, kind))]
    return Changes(old.project.version, new.project.version, records, _sections(old, new))


def _title(kind: str, record: object) -> str:
    title = str(getattr(record, TITLE[kind]))
    return title if len(title) <= 90 else title[:89] + "…"


def _records(kind: str, old: list, new: list) -> list[RecordChange]:
    before, after = {r.id: r for r in old}, {r.id: r for r in new}
    out = []
    for ident, rec in after.items():
        if ident not in before:
            out.append(RecordChange(kind, ident, _title(kind, rec), "added"))
            continue
        a_, b_ = before[ident].model_dump(mode="json"), rec.model_dump(mode="json")
        changed = [FieldChange(k, a_.get(k), b_.get(k)) for k in dict.fromkeys([*a_, *b_]) if a_.get(k) != b_.get(k)]
        if changed:
            out.append(RecordChange(kind, ident, _title(kind, rec), "changed", changed))
    out += [RecordChange(kind, ident, _title(kind, rec), "removed") for ident, rec in before.items()
            if ident not in after]
    return out


@dataclass
class _Section:
    title: str
    chapter: str
    words: list[str]


def sections_of(p: IkonProject) -> dict[str, _Section]:
    """Every chapter split at its headings: id → title, chapter title and words."""
    bodies = parse_chapters(p.chapters)
    out: dict[str, _Section] = {}
    for ch in p.chapters:
        current = out.setdefault(ch.id, _Section(ch.title, ch.title, []))
        for block in bodies.get(ch.id, []):
            if a.is_a(block, "Header") and a.ident(block):
                current = out.setdefault(a.ident(block), _Section(a.stringify(a.inlines_of(block)), ch.title, []))
            else:
                current.words += a.stringify(block).split()
    return out


def _sections(old: IkonProject, new: IkonProject) -> list[SectionChange]:
    before, after = sections_of(old), sections_of(new)
    out = []
    for ident, sec in after.items():
        if ident not in before:
            out.append(SectionChange(ident, sec.title, sec.chapter, "added", added_words=len(sec.words)))
            continue
        prev = before[ident]
        if (prev.title, prev.words) == (sec.title, sec.words):
            continue
        added = removed = 0
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, prev.words, sec.words, autojunk=False).get_opcodes():
            if op != "equal":
                removed += i2 - i1
                added += j2 - j1
        out.append(SectionChange(ident, sec.title, sec.chapter, "changed", added, removed))
    out += [SectionChange(ident, sec.title, sec.chapter, "removed", removed_words=len(sec.words))
            for ident, sec in before.items() if ident not in after]
    return out


def show(value: object, key: str = "") -> str:
    """A value as plain text: lists joined with semicolons, mappings as ``key: value``; years ungrouped."""
    if value is None or value == [] or value == {}:
        return "–"
    if key == "opening_hours" and isinstance(value, dict):
        return hours_text(value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int | float):
        return str(value) if key == "year" or key.endswith("_year") else german.number(value)
    if isinstance(value, list):
        return "; ".join(show(v, key) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {show(v, str(k))}" for k, v in value.items())
    return str(value)


def hours_text(value: dict) -> str:
    """Opening hours as the German catalogue writes them (one line per group, then the note)."""
    from ikon_report.content.hours import week_lines
    from ikon_report.content.labels import Labels
    from ikon_report.project.hours import OpeningHours

    hours = OpeningHours.model_validate(value)
    return "; ".join([*week_lines(hours, Labels("de")), *([hours.note] if hours.note else [])])


def list_change(old: object, new: object, key: str = "") -> tuple[str, str] | None:
    """For two lists: what was dropped and what was added (``None`` if either is not a list)."""
    if not (isinstance(old, list) and isinstance(new, list)):
        return None
    dropped = [x for x in old if x not in new]
    added = [x for x in new if x not in old]
    if not dropped and not added:
        return "Reihenfolge geändert", "Reihenfolge geändert"
    return ("entfällt: " + show(dropped, key) if dropped else "–"), ("neu: " + show(added, key) if added else "–")


def as_text(changes: Changes, old_label: str, new_label: str) -> str:
    """A terminal summary: one line per record or section, indented keys with old → new."""
    lines = [f"changes from {old_label} to {new_label}"]
    marks = {"added": "+", "removed": "-", "changed": "~"}
    for kind in KINDS:
        records = changes.of(kind)
        if records:
            lines.append(f"{kind}:")
        for r in records:
            lines.append(f"  {marks[r.status]} {r.id}  {r.title}")
            for f in r.fields:
                old, new = list_change(f.old, f.new, f.key) or (show(f.old, f.key), show(f.new, f.key))
                lines.append(f"      {f.key}: {_short(old)} → {_short(new)}")
    if changes.sections:
        lines.append("chapter sections:")
    for s in changes.sections:
        words = f" (+{s.added_words}/-{s.removed_words} words)"
        lines.append(f"  {marks[s.status]} {s.id}  {s.title} [{s.chapter}]{words}")
    if len(lines) == 1:
        lines.append("no changes")
    return "\n".join(lines)


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
