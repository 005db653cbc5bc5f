"""Checks that need the whole project: ids, references, files, chapter links, soft warnings.

Every problem points at the line of the offending key or list item (``Src.line_of``). Ids in
``invalid`` belong to records that exist but failed validation (or sit in unreadable files):
references to them are not reported, so one mistake gives one message, not a cascade.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ikon_report.errors import Problem
from ikon_report.project import model as m
from ikon_report.project import positions
from ikon_report.project.confine import override_problems
from ikon_report.project.easy_lint import easy_problems
from ikon_report.project.glyphs import Used, glyph_problems
from ikon_report.project.images import image_problem
from ikon_report.project.service_facts import ServiceFacts, service_facts
from ikon_report.project.sources import closest
from ikon_report.project.translation_units import outdated_problems
from ikon_report.project.translations import translation_problems
from ikon_report.project.vocabulary import OUTLINE_SECTIONS, SMALL_CELL

# Heading ids of the generated sections, which chapters may reference as [@sec-…].
SECTION_IDS = (*OUTLINE_SECTIONS, "measures-overview", "priority-rule", "abbreviations", "terms")
PER_FIELD_SECTION_IDS = ("profiles", "indicators")
ID_KINDS = ("fields", "process", "samples", "findings", "challenges", "measures", "services", "indicators",
            "events", "statistics", "sources", "chapters")


@dataclass(frozen=True)
class ChapterText:
    """A chapter body to scan for references and markers (also of chapters whose front matter failed)."""

    path: str
    label: str
    body: str
    body_line: int


def err(record: m.Strict | ServiceFacts | None, message: str, severity: str = "error", key: str = "",
        index: int | None = None) -> Problem:
    """A problem at ``record`` (at the line of ``key`` / its item ``index`` when given)."""
    src = record.src if record is not None else None
    if src is None:
        return Problem("ikon.yaml", 1, severity, message)  # type: ignore[arg-type]
    return Problem(src.path, src.line_of(key, index) if key else src.line, severity, message,  # type: ignore[arg-type]
                   src.column_of(key) if key else src.column)


def all_ids(p: m.IkonProject) -> dict[str, m.Strict]:
    """Every addressable record by id (fields, records, workshops, chapters)."""
    out: dict[str, m.Strict] = {}
    for kind in ID_KINDS:
        for rec in getattr(p, kind):
            out.setdefault(rec.id, rec)
    for ws in workshops_of(p):
        out.setdefault(ws.id, ws)
    return out


def check_ids(p: m.IkonProject, services: list[ServiceFacts]) -> dict[str, m.Strict | ServiceFacts]:
    """``all_ids`` with the services' facts in place of their records (the same order)."""
    out: dict[str, m.Strict | ServiceFacts] = {}
    for kind in ID_KINDS:
        for rec in services if kind == "services" else getattr(p, kind):
            out.setdefault(rec.id, rec)
    for ws in workshops_of(p):
        out.setdefault(ws.id, ws)
    return out


def workshops_of(p: m.IkonProject) -> list[m.Workshop]:
    return [ws for event in p.events for ws in event.workshops]


def sections_of(event: m.Event) -> Iterator[tuple[m.ResultSection, str]]:
    """Every result or input section of ``event`` (nested ones too), with the label of its owner."""
    def walk(sections: list[m.ResultSection], label: str) -> Iterator[tuple[m.ResultSection, str]]:
        for section in sections:
            yield section, label
            yield from walk(section.sections, label)

    yield from walk(event.sections, f"event {event.id}")
    if event.input:
        yield from walk(event.input.sections, f"event {event.id}, input")
    for ws in event.workshops:
        yield from walk(ws.sections, f"event {event.id}, workshop {ws.id}")


def section_ids(p: m.IkonProject) -> set[str]:
    """Heading ids of the generated sections (``sec-measures``, ``sec-profiles-ZT``, …)."""
    return {f"sec-{s}" for s in SECTION_IDS} | {f"sec-{s}-{f.id}" for s in PER_FIELD_SECTION_IDS for f in p.fields}


def crosscheck(p: m.IkonProject, root: Path, invalid: set[str] | None = None,
               texts: list[ChapterText] | None = None, chars: Used | None = None,
               services: list[ServiceFacts] | None = None, complete: bool = True) -> list[Problem]:
    """All whole-project problems. ``texts`` defaults to the bodies of ``p.chapters``; ``chars``:
    the characters some collections use, known already (``glyph_problems``); ``services``: the
    services' facts (by default made from ``p.services``); ``complete``: ``p`` holds the services'
    records too (else ``glyphs.RecordsNeeded`` when their texts must be read one by one)."""
    invalid = invalid or set()
    if texts is None:
        texts = [ChapterText(c.path, f"chapter {c.id}", c.body, c.body_line) for c in p.chapters]
    if services is None:
        services = [service_facts(s) for s in p.services]
    ids = check_ids(p, services)
    return [*_ids(p, services), *_references(p, invalid, services, ids), *_outline(p, invalid), *_measures(p),
            *_categories(p, services), *_images(p, root), *override_problems(root), *_survey(p),
            *_chapters(p, invalid, texts, ids), *_warnings(p, invalid, services),
            *translation_problems(p, services),
            *glyph_problems(p, chars, None if complete else [g for s in services for g in s.glyphs]),
            *easy_problems(p, invalid, [s.id for s in services]),
            *outdated_problems(p, [set(s.translations) for s in services]),
            *(problem for s in services for problem in s.problems)]


def _ids(p: m.IkonProject, services: list[ServiceFacts]) -> Iterator[Problem]:
    seen: dict[str, m.Strict | ServiceFacts] = {}
    records = [r for k in ID_KINDS for r in (services if k == "services" else getattr(p, k))]
    records += workshops_of(p)
    for rec in sorted(records, key=_reading_order):
        if rec.id in seen:
            yield err(rec, f"duplicate id '{rec.id}' (first used at {seen[rec.id].src}); "
                      "ids must be unique across the project", key="id")
        else:
            seen[rec.id] = rec


def _reading_order(rec: m.Strict | ServiceFacts) -> tuple:
    """Data files are read before chapters, a workbook being imported last (its rows are the new
    ones); within them by path and line."""
    src = rec.src
    return (bool(src.column), src.path.startswith("chapters/"), src.path, src.line) if src else (False, False, "", 0)


def _refs(rec: m.Strict | ServiceFacts, label: str, key: str, refs: str | list[str], known: dict | set,
          kind: str, invalid: set[str]) -> Iterator[Problem]:
    """Problems for each id in ``refs`` (one id or a list under ``key``) that names nothing."""
    for index, ref in enumerate([refs] if isinstance(refs, str) else refs):
        if ref not in known and ref not in invalid:
            yield err(rec, f"{label}: '{key}' refers to unknown {kind} '{ref}'{closest(ref, known)}",
                      key=key, index=None if isinstance(refs, str) else index)


def _references(p: m.IkonProject, invalid: set[str], services: list[ServiceFacts],
                ids: dict[str, m.Strict | ServiceFacts]) -> Iterator[Problem]:
    fields = {f.id for f in p.fields}
    challenges = {c.id for c in p.challenges}
    indicators = {i.id for i in p.indicators}
    measures = {x.id for x in p.measures}
    anything = set(ids)
    field = "field of action"
    events = {e.id for e in p.events}
    for c in p.challenges:
        yield from _refs(c, f"challenge {c.id}", "field", c.field, fields, field, invalid)
        yield from _refs(c, f"challenge {c.id}", "events", c.events, events, "event", invalid)
    for f in p.fields:
        yield from _refs(f, f"field of action {f.id}", "see", f.see, anything, "record", invalid)
    for x in p.measures:
        label = f"measure {x.id}"
        yield from _refs(x, label, "field", x.field, fields, field, invalid)
        yield from _refs(x, label, "challenges", x.challenges, challenges, "challenge", invalid)
        yield from _refs(x, label, "indicators", x.indicators, indicators, "indicator", invalid)
        yield from _refs(x, label, "see", x.see, anything, "record", invalid)
        yield from _refs(x, label, "events", x.events, events, "event", invalid)
    for i in p.indicators:
        yield from _refs(i, f"indicator {i.id}", "field", i.field, fields, field, invalid)
        yield from _refs(i, f"indicator {i.id}", "measures", i.measures, measures, "measure", invalid)
    for s in services:
        yield from _refs(s, f"service {s.id}", "fields", list(s.fields), fields, field, invalid)
    for u in p.updates:
        yield from _refs(u, f"update {u.year} of {u.measure}", "measure", u.measure, measures, "measure", invalid)
    for event in p.events:
        for ws in event.workshops:
            if ws.field is not None:
                yield from _refs(ws, f"workshop {ws.id}", "field", ws.field, fields, field, invalid)
        for voted_in, vote in event.all_votes():
            label = f"event {event.id}" + (f", workshop {voted_in.id}" if voted_in else "")
            yield from _refs(vote, label, "challenge", vote.challenge, challenges, "challenge", invalid)
        for section, label in sections_of(event):
            yield from _refs(section, f"{label}, section {section.title!r}", "records", section.records, anything,
                             "record", invalid)


def _outline(p: m.IkonProject, invalid: set[str]) -> Iterator[Problem]:
    known = {c.id for c in p.chapters} | set(OUTLINE_SECTIONS)
    seen: set[str] = set()
    if {"events", "conference"} <= set(p.project.outline):
        yield err(p.project, "'outline' names both 'events' and 'conference' (its older name); keep 'events'",
                  key="outline", index=p.project.outline.index("conference"))
    for index, name in enumerate(p.project.outline):
        if name not in known and name not in invalid:
            yield err(p.project, f"'outline' names '{name}', which is neither a chapter id nor a generated "
                      f"section{closest(name, known)}; sections: {', '.join(OUTLINE_SECTIONS)}",
                      key="outline", index=index)
        elif name in seen:
            yield err(p.project, f"'outline' names '{name}' twice", key="outline", index=index)
        seen.add(name)


def _measures(p: m.IkonProject) -> Iterator[Problem]:
    for x in p.measures:
        if not x.lead:
            yield err(x, f"measure {x.id}: no 'lead'; add 'lead:' with the office or organisation "
                      "that leads it ('wer den Hut aufhat')", key="lead")
        if not x.first_steps:
            yield err(x, f"measure {x.id}: no 'first_steps'; add a list of the first steps", key="first_steps")


def _categories(p: m.IkonProject, services: list[ServiceFacts]) -> Iterator[Problem]:
    """A category record names a category services use, once."""
    used = {s.category for s in services}
    seen: dict[str, m.Category] = {}
    for c in p.categories:
        if c.name in seen:
            yield err(c, f"category '{c.name}' is listed twice (first at {seen[c.name].src}); merge its keywords",
                      key="name")
        elif c.name not in used and services:
            yield err(c, f"category '{c.name}' is used by no service{closest(c.name, used)}; services use: "
                      f"{', '.join(sorted(used))}", "warning", key="name")
        seen.setdefault(c.name, c)


def images_of(p: m.IkonProject) -> Iterator[m.Image]:
    if p.project.logo:
        yield p.project.logo
    for event in p.events:
        yield from event.photos
        for ws in event.workshops:
            yield from ws.photos


def all_images(p: m.IkonProject) -> Iterator[m.Image]:
    """The images of the concept (``images_of``) and the Leichte-Sprache pictograms."""
    yield from images_of(p)
    yield from (text.pictogram for text in p.easy if text.pictogram is not None)


def _images(p: m.IkonProject, root: Path) -> Iterator[Problem]:
    for img in all_images(p):
        problem = image_problem(root / img.file, root, img.file)
        if problem:
            yield err(img, problem, key="file")


def image_files(p: m.IkonProject) -> list[str]:
    """Every image file a build reads (project-relative): the data's images and the chapters'."""
    return [img.file for img in all_images(p)] + [file for ch in p.chapters for file in ch.images]


def _survey(p: m.IkonProject) -> Iterator[Problem]:
    for s in p.samples:
        for table in s.cross:
            shape = f"{len(table.rows)} rows of {len(table.columns)} counts"
            if len(table.counts) != len(table.rows):
                yield err(table, f"sample {s.id}: cross table '{table.id}' has {len(table.counts)} row(s) of counts "
                          f"for {len(table.rows)} row labels; it needs {shape}", key="counts")
            for index, row in enumerate(table.counts):
                if len(row) != len(table.columns):
                    yield err(table, f"sample {s.id}: cross table '{table.id}': row {index + 1} has {len(row)} "
                              f"counts for {len(table.columns)} columns; it needs {shape}",
                              key="counts", index=index)
                if any(c < 0 for c in row):
                    yield err(table, f"sample {s.id}: cross table '{table.id}': row {index + 1} has a negative "
                              "count", key="counts", index=index)
        for b in s.breakdowns:
            total = sum(c.count for c in b.cells)
            if total > s.total:
                yield err(b, f"sample {s.id}: breakdown '{b.id}' adds up to {total}, more than the total "
                          f"{s.total}", key="cells")
            for c in b.cells:
                if c.publish_small and c.count < SMALL_CELL:
                    yield err(c, f"sample {s.id}: cell '{c.label}' ({c.count}) is below {SMALL_CELL} and would "
                              "be printed unsuppressed; remove 'publish_small: true'", key="publish_small")


def _chapters(p: m.IkonProject, invalid: set[str], texts: list[ChapterText],
              ids: dict[str, m.Strict | ServiceFacts]) -> Iterator[Problem]:
    """References, TODO markers and raw markup, found in each body's parse (code is printed as it
    is: nothing in it counts). Images and ids: ``project/markdown.py``."""
    known = set(ids) | section_ids(p)
    sources = [s.id for s in p.sources]
    prefixes = {s.partition("-")[0] + "-" for s in sources if "-" in s}  # Q- for Q-DOKU
    where = p.sources[0].src.path if p.sources and p.sources[0].src else "data/sources.yaml"
    for ch in texts:
        parsed = positions.parse(ch.body)
        for mark in parsed.todos:
            yield Problem(ch.path, ch.body_line + mark.line, "warning", f"{ch.label}: open TODO marker")
        for mark in parsed.refs:
            if mark.text in known or mark.text in invalid:
                continue
            line = ch.body_line + mark.line
            hint = closest(mark.text, known)
            if mark.text.startswith(tuple(prefixes)) or (hint and hint.split("'")[1] in sources):
                yield Problem(ch.path, line, "error", f"unknown source '{mark.text}'{closest(mark.text, sources)}; "
                              f"a citation [@ID] names an entry of the sources list ({where})")
            else:
                yield Problem(ch.path, line, "error", f"{ch.label}: reference '@{mark.text}' "
                              f"names no record or chapter{hint}")
        for mark in parsed.markup:
            yield Problem(ch.path, ch.body_line + mark.line, "warning", f"{ch.label}: raw HTML/TeX is not "
                          "interpreted and appears as text; use Markdown instead")


INLINE_POINTS = re.compile(r"(?:^|\s)1\.\s.+\s2\.\s+[A-ZÄÖÜ]", re.S)  # „1. Der Rat … 2. Die Verwaltung …“


def _warnings(p: m.IkonProject, invalid: set[str], services: list[ServiceFacts]) -> Iterator[Problem]:
    addressed = {cid for x in p.measures for cid in x.challenges}
    for c in p.challenges:
        if c.priority == "hoch" and c.id not in addressed and not invalid:
            yield err(c, f"challenge {c.id} has priority 'hoch' but no measure addresses it", "warning",
                      key="priority")
    yield from _one_way(p.indicators, p.measures, "indicator", "measure", "measures", "indicators")
    yield from _one_way(p.measures, p.indicators, "measure", "indicator", "indicators", "measures")
    for s in services:
        if (p.project.date - s.last_checked).days > 730:
            yield err(s, f"service {s.id} was last checked on {s.last_checked}; check it again", "warning",
                      key="last_checked")
    paper = p.project.paper
    if paper is not None and isinstance(paper.resolution, str) and INLINE_POINTS.search(paper.resolution):
        yield err(paper, "paper: the resolution holds numbered points in one text („1. … 2. …“); write them as "
                  "a list, one item per point, to print them as numbered points", "warning", key="resolution")


def _one_way(records: list, others: list, kind: str, other_kind: str, key: str, back: str) -> Iterator[Problem]:
    """Warn where ``record.key`` names another record whose ``back`` list does not name it back."""
    by_id = {o.id: o for o in others}
    for rec in records:
        for index, ref in enumerate(getattr(rec, key)):
            if ref in by_id and rec.id not in getattr(by_id[ref], back):
                yield err(rec, f"{kind} {rec.id} names {other_kind} {ref}, but that {other_kind} does not list it "
                          f"under '{back}'", "warning", key=key, index=index)
