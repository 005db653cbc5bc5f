"""Checks that need the whole project: ids, references, files, chapter links, soft warnings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from . import model as m
from .errors import Problem
from .sources import closest

REF = re.compile(r"(?<![\w.@])\[?@([A-Za-z][\w-]*[A-Za-z0-9])")
TODO = re.compile(r"\b(TODO|FIXME|XXX)\b")
RAW_MARKUP = re.compile(r"<(?:[A-Za-z][\w-]*\b[^>]*|/[A-Za-z][\w-]*)>|\\(?:begin|end|[a-z]+)\{|`\{=")
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
SMALL_CELL = 5


def _at(record: m.Strict | None) -> tuple[str, int]:
    src = record.src if record is not None else None
    return (src.path, src.line) if src else ("?", 1)


def err(record: m.Strict | None, message: str, severity: str = "error") -> Problem:
    path, line = _at(record)
    return Problem(path, line, severity, message)  # type: ignore[arg-type]


def all_ids(p: m.IkonProject) -> dict[str, m.Strict]:
    """Every addressable record by id (fields, records, workshops, chapters)."""
    out: dict[str, m.Strict] = {}
    for kind in ("fields", "process", "samples", "findings", "challenges", "measures", "services",
                 "indicators", "chapters"):
        for rec in getattr(p, kind):
            out.setdefault(rec.id, rec)
    if p.conference:
        for ws in p.conference.workshops:
            out.setdefault(ws.id, ws)
    return out


def crosscheck(p: m.IkonProject, root: Path) -> list[Problem]:
    return list(_ids(p)) + list(_references(p)) + list(_measures(p)) + list(_images(p, root)) \
        + list(_survey(p)) + list(_chapters(p)) + list(_warnings(p))


def _ids(p: m.IkonProject) -> Iterator[Problem]:
    seen: dict[str, m.Strict] = {}
    records = [r for k in ("fields", "process", "samples", "findings", "challenges", "measures",
                           "services", "indicators", "chapters") for r in getattr(p, k)]
    records += p.conference.workshops if p.conference else []
    for rec in records:
        if rec.id in seen:
            yield err(rec, f"duplicate id '{rec.id}' (first used at {seen[rec.id].src or 'a chapter'}); "
                      "ids must be unique across the project")
        else:
            seen[rec.id] = rec


def _ref(rec: m.Strict, what: str, ref: str, known: dict, kind: str) -> Iterator[Problem]:
    if ref not in known:
        yield err(rec, f"{what} refers to unknown {kind} '{ref}'{closest(ref, known)}")


def _references(p: m.IkonProject) -> Iterator[Problem]:
    fields = {f.id: f for f in p.fields}
    challenges = {c.id: c for c in p.challenges}
    indicators = {i.id: i for i in p.indicators}
    measures = {x.id: x for x in p.measures}
    for c in p.challenges:
        yield from _ref(c, f"challenge {c.id}: 'field'", c.field, fields, "field of action")
    for x in p.measures:
        yield from _ref(x, f"measure {x.id}: 'field'", x.field, fields, "field of action")
        for cid in x.challenges:
            yield from _ref(x, f"measure {x.id}: 'challenges'", cid, challenges, "challenge")
        for iid in x.indicators:
            yield from _ref(x, f"measure {x.id}: 'indicators'", iid, indicators, "indicator")
    for i in p.indicators:
        yield from _ref(i, f"indicator {i.id}: 'field'", i.field, fields, "field of action")
        for mid in i.measures:
            yield from _ref(i, f"indicator {i.id}: 'measures'", mid, measures, "measure")
    for s in p.services:
        for fid in s.fields:
            yield from _ref(s, f"service {s.id}: 'fields'", fid, fields, "field of action")
    for u in p.updates:
        yield from _ref(u, f"update for {u.measure}: 'measure'", u.measure, measures, "measure")
    for ws in p.conference.workshops if p.conference else []:
        yield from _ref(ws, f"workshop {ws.id}: 'field'", ws.field, fields, "field of action")
    known = all_ids(p)
    for rec in [*p.fields, *p.measures]:
        for ref in rec.see:
            yield from _ref(rec, f"{rec.id}: 'see'", ref, known, "record or chapter")


def _measures(p: m.IkonProject) -> Iterator[Problem]:
    for x in p.measures:
        if not x.lead:
            yield err(x, f"measure {x.id}: no 'lead'; add 'lead:' with the office or organisation "
                      "that leads it ('wer den Hut aufhat')")
        if not x.first_steps:
            yield err(x, f"measure {x.id}: no 'first_steps'; add a list of the first steps")


def images_of(p: m.IkonProject) -> Iterator[m.Image]:
    if p.project.logo:
        yield p.project.logo
    if p.conference:
        yield from p.conference.photos
        for ws in p.conference.workshops:
            yield from ws.photos


def _images(p: m.IkonProject, root: Path) -> Iterator[Problem]:
    for img in images_of(p):
        file = root / img.file
        if not file.is_file():
            yield err(img, f"image '{img.file}' not found; put the file there or fix the path")
            continue
        head = file.read_bytes()[:8]
        if not head.startswith(IMAGE_MAGIC):
            yield err(img, f"image '{img.file}' is not a PNG or JPEG file; convert it")


def _survey(p: m.IkonProject) -> Iterator[Problem]:
    for s in p.samples:
        for table in s.cross:
            if len(table.counts) != len(table.rows) or any(len(r) != len(table.columns) for r in table.counts):
                yield err(table, f"sample {s.id}: cross table '{table.id}' needs {len(table.rows)} rows of "
                          f"{len(table.columns)} counts")
            if any(c < 0 for r in table.counts for c in r):
                yield err(table, f"sample {s.id}: cross table '{table.id}' has a negative count")
        for b in s.breakdowns:
            if sum(c.count for c in b.cells) > s.total:
                yield err(b, f"sample {s.id}: breakdown '{b.id}' adds up to more than the total {s.total}")
            for c in b.cells:
                if c.publish_small and c.count < SMALL_CELL:
                    yield err(c, f"sample {s.id}: cell '{c.label}' ({c.count}) is below {SMALL_CELL} and would "
                              "be printed unsuppressed; remove 'publish_small: true'")


def _chapters(p: m.IkonProject) -> Iterator[Problem]:
    known = all_ids(p)
    for ch in p.chapters:
        for offset, line in enumerate(ch.body.splitlines()):
            at = ch.body_line + offset
            for match in REF.finditer(line):
                ref = match.group(1)
                if ref not in known:
                    yield Problem(ch.path, at, "error", f"chapter {ch.id}: reference '@{ref}' names no record "
                                  f"or chapter{closest(ref, known)}")
            if TODO.search(line):
                yield Problem(ch.path, at, "warning", f"chapter {ch.id}: open TODO marker")
            if RAW_MARKUP.search(line):
                yield Problem(ch.path, at, "warning", f"chapter {ch.id}: raw HTML/TeX is not interpreted and "
                              "appears as text; use Markdown instead")


def _warnings(p: m.IkonProject) -> Iterator[Problem]:
    addressed = {cid for x in p.measures for cid in x.challenges}
    for c in p.challenges:
        if c.priority == "hoch" and c.id not in addressed:
            yield err(c, f"challenge {c.id} has priority 'hoch' but no measure addresses it", "warning")
    measures = {x.id: x for x in p.measures}
    for i in p.indicators:
        for mid in i.measures:
            if mid in measures and i.id not in measures[mid].indicators:
                yield err(i, f"indicator {i.id} names measure {mid}, but that measure does not list it "
                          "under 'indicators'", "warning")
    for s in p.services:
        if (p.project.date - s.last_checked).days > 730:
            yield err(s, f"service {s.id} was last checked on {s.last_checked}; check it again", "warning")
