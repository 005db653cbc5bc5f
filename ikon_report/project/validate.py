"""Turn raw sources into a validated ``IkonProject``, collecting every problem at once.

Stage 1 validates each record on its own (types, required keys, typos);
stage 2 (``crosscheck``) checks what only the whole project can tell.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ikon_report.errors import InvalidProject, Problem
from ikon_report.project import model as m
from ikon_report.project.check_cache import CheckCache, cached_reader, chapter_parses, language_answers
from ikon_report.project.crosscheck import ChapterText, check_ids, crosscheck
from ikon_report.project.factcheck import fact_problems
from ikon_report.project.glyphs import RecordsNeeded, Used
from ikon_report.project.markdown import check_chapters
from ikon_report.project.messages import describe, message
from ikon_report.project.priorities import apply_votes
from ikon_report.project.service_facts import ServiceFacts, service_facts
from ikon_report.project.sources import (
    DataFile,
    LDict,
    LList,
    RawChapter,
    RawItem,
    RawProject,
    closest,
    conference_event,
    kind_of,
    load_sources,
    read_data_file,
)
from ikon_report.project.statistics import read_statistic

RECORD_TYPES: dict[str, type[m.Strict]] = {
    "fields": m.FieldOfAction, "process": m.ProcessStep, "samples": m.Sample,
    "findings": m.Finding, "challenges": m.Challenge, "measures": m.Measure,
    "services": m.Service, "categories": m.Category, "indicators": m.Indicator, "updates": m.MeasureUpdate,
    "events": m.Event,
    "statistics": m.Statistic, "glossary": m.Term, "sources": m.SourceEntry, "easy": m.EasyText,
}
KIND_NAMES = {
    "fields": "field of action", "process": "process step", "samples": "sample", "findings": "finding",
    "challenges": "challenge", "measures": "measure", "services": "service", "categories": "category",
    "indicators": "indicator", "updates": "measure update", "events": "event", "statistics": "statistic",
    "glossary": "glossary entry", "sources": "source", "easy": "Leichte-Sprache text",
}
CHAPTER_KEYS = ["id", "title", "order", "appendix"]
# collections whose records the later stages do not change (statistics read their CSV, challenges
# get derived priorities, events the older 'conference:'): their characters are known per file
AS_VALIDATED = frozenset(RECORD_TYPES) - {"statistics", "challenges", "events"}
R = typing.TypeVar("R", bound=m.Strict)


def load_project(root: Path, *, strict: bool = False, cache: CheckCache | None = None, records: bool = True
                 ) -> tuple[m.IkonProject, list[Problem]]:
    """Read and validate the project below ``root``; raise ``InvalidProject`` on any error.

    Returns the model and the warnings. With ``strict`` warnings fail too. ``cache``: what
    unchanged files gave last time (``check_cache.py``); the result is the same with or without it.
    ``records=False`` (``check``): the services of files the cache holds are checked by their facts
    (``service_facts.py``), their records are not read, and the model has no services at all.
    """
    store = cache or CheckCache(None)
    if not records and store.folder:
        try:
            return _load(root, strict, store, records=False)
        except RecordsNeeded:  # a check that must read the services' texts one by one
            pass
    return _load(root, strict, store, records=True)


def _load(root: Path, strict: bool, store: CheckCache, records: bool) -> tuple[m.IkonProject, list[Problem]]:
    # images are confined to the project by absolute paths
    reader = cached_reader(store, check_items, facts=not records) if store.folder else read_data_file
    raw = load_sources(root.resolve(), reader)
    project, problems = validate(raw, store, records)
    errors = [p for p in problems if p.severity == "error"]
    if errors or (strict and problems) or project is None:
        raise InvalidProject(problems)
    return project, problems


def validate(raw: RawProject, cache: CheckCache | None = None, keep: bool = True
             ) -> tuple[m.IkonProject | None, list[Problem]]:
    """Validate every record (those ``RawItem.checked`` holds already are not validated again), then
    cross-check; returns (model or None, problems). ``keep=False``: the model gets no services (the
    checks read their facts; ``glyphs.RecordsNeeded`` if they cannot)."""
    problems = list(raw.problems)
    invalid = set(raw.unreadable_ids)
    settings = None
    if raw.settings is not None:
        settings = _one(m.Project, raw.settings, "the project settings", problems, ("ikon.yaml", 1), invalid)
    records: dict[str, list] = {}
    if raw.conference is not None:  # the older single 'conference:' loads as the first event
        path, _, line = raw.conference_at.rpartition(":")
        event = _one(m.Event, conference_event(raw.conference), "the conference", problems, (path, int(line)),
                     invalid)
        records["events"] = [event] if event is not None else []
    services: list[ServiceFacts] = []
    for kind, items in raw.collections.items():
        found = [checked for item in items if (checked := _checked(kind, item, problems, invalid))[1] is not None]
        if kind == "services":
            services += [facts for rec, facts in found if isinstance(facts, ServiceFacts)]
            found = found if keep else []
        records[kind] = records.get(kind, []) + [rec for rec, _ in found if rec is not None]
    for stat in records.get("statistics", []):
        problems.extend(read_statistic(stat, Path(raw.root), raw.files))
    i18n = {tag: rec for tag, table in raw.labels.items() if (rec := _labels(tag, table, problems, invalid))}
    chapters, texts = [], []
    for raw_ch in raw.chapters:
        chapter = _chapter(raw_ch, problems, invalid)
        if chapter is not None:
            chapters.append(chapter)
            texts.append(ChapterText(chapter.path, f"chapter {chapter.id}", chapter.body, chapter.body_line))
        else:
            rid = raw_ch.meta.get("id") if isinstance(raw_ch.meta, dict) else None
            label = f"chapter {rid}" if isinstance(rid, str) else "chapter"
            texts.append(ChapterText(raw_ch.path, label, raw_ch.body, raw_ch.body_line))
    if settings is None and not any(p.path == "ikon.yaml" for p in problems):
        problems.append(Problem("ikon.yaml", 1, "error", "ikon.yaml is empty; it needs at least city, title, "
                                "client, contractor, version and date"))
    # Without valid settings, cross-check anyway (with a stand-in) so that all errors come at once.
    stand_in = m.Project.model_construct(logo=None, date=dt.date.min, outline=[])
    project = m.IkonProject(root=str(raw.root), project=settings or stand_in,
                            chapters=sorted(chapters, key=lambda c: (c.appendix, c.order)), i18n=i18n, **records)
    problems.extend(apply_votes(project, invalid))
    store = cache or CheckCache(None)
    with language_answers(store), chapter_parses(store, [text.body for text in texts]):
        problems.extend(_whole(project, invalid, texts, cache, _chars(raw), services, keep))
    return (project if settings is not None else None), sorted(set(problems))


def _whole(project: m.IkonProject, invalid: set[str], texts: list[ChapterText] | None = None,
           cache: CheckCache | None = None, chars: Used | None = None, services: list[ServiceFacts] | None = None,
           complete: bool = True) -> list[Problem]:
    """What only the whole project can tell: cross-checks, then the chapters' Markdown. ``services``:
    the services' facts (by default made from ``project.services``); ``complete``: as ``crosscheck``'s."""
    root = Path(project.root)
    if services is None:
        services = [service_facts(s) for s in project.services]
    ids = check_ids(project, services)
    return [*crosscheck(project, root, invalid, texts, chars, services, complete),
            *fact_problems(project, ids, invalid, services), *check_chapters(project, root, cache, ids)]


def _chars(raw: RawProject) -> Used | None:
    """The characters the records of the collections that validation leaves as they are use, when
    every data file's are known (``check_items``), else None."""
    if raw.chars is None or any(kind not in raw.chars for kind in raw.collections):
        return None
    kinds = [kind for kind in raw.chars if kind in AS_VALIDATED]
    return frozenset(kinds), set().union(*(raw.chars[kind] for kind in kinds))


def check_items(part: DataFile) -> None:
    """Validate the records of one data file on their own and keep the outcome with each
    (``RawItem.checked``: record, problems, failed ids, a service's facts; their raw values are then
    dropped), and the characters they use per collection (``DataFile.chars``, for the glyph check):
    what the check cache stores."""
    part.chars = {}
    for kind, items in part.collections.items():
        chars: set[str] = set()
        for item in items:
            problems: list[Problem] = []
            invalid: set[str] = set()
            rec = record(kind, item.value, (item.path, item.line), problems, invalid)
            facts = service_facts(rec) if isinstance(rec, m.Service) else None
            item.checked, item.value = (rec, problems, invalid, facts), None
            if rec is not None:
                chars.update(rec.model_dump_json())
        part.chars[kind] = frozenset(chars)


def _checked(kind: str, item: RawItem, problems: list[Problem], invalid: set[str]
             ) -> tuple[m.Strict | None, ServiceFacts | m.Strict | None]:
    """(the record, or None when only its facts were kept, and its facts: a service's, else the
    record again; None if it failed)."""
    if item.checked is None:
        rec = record(kind, item.value, (item.path, item.line), problems, invalid)
        return rec, service_facts(rec) if isinstance(rec, m.Service) else rec
    rec, found, failed, facts = item.checked
    problems.extend(found)
    invalid |= failed
    return rec, facts if facts is not None else rec


def record(kind: str, raw: object, at: tuple[str, int], problems: list[Problem], invalid: set[str]) -> m.Strict | None:
    """One record of the collection ``kind`` (``services`` …) as a data file holds it, or from
    another source that keeps positions (a workbook row: ``services import``); same checks, same
    messages. ``at`` is where it was found."""
    return _one(RECORD_TYPES[kind], raw, f"each {KIND_NAMES[kind]}", problems, at, invalid, KIND_NAMES[kind])


def recheck(project: m.IkonProject, invalid: set[str], **collections: list) -> list[Problem]:
    """The whole-project checks of ``project`` with ``collections`` replaced (the new records of a
    round trip; ``invalid``: ids of those that failed ``record``)."""
    return _whole(project.model_copy(update=collections), invalid)


def _one(cls: type[R], raw: object, what: str, problems: list[Problem], at: tuple[str, int],
         invalid: set[str], kind: str = "") -> R | None:
    """Validate one record; report its problems at the line of the offending key.

    ``at`` is where the record was found (for values that are not mappings and carry no position);
    ids of records that fail are added to ``invalid`` so that references to them are not reported.
    """
    path, line = getattr(raw, "path", at[0]), getattr(raw, "line", at[1])
    if not isinstance(raw, dict):
        example = ", ".join([f"'{k}: …'" for k, f in cls.model_fields.items() if f.is_required()][:2])
        problems.append(Problem(path, line, "error", f"{what} must be a mapping of keys ({example}), "
                                f"got {describe(raw)}"))
        return None
    rid = raw.get("id" if "id" in cls.model_fields else "name")  # categories are known by their name
    label = f"{kind} {rid}" if kind and isinstance(rid, str) else (kind or what.removeprefix("the "))
    found = [Problem(path, line, "error", f"{label}: '{_key(loc)}' {message}", column)
             for loc, message in _number_problems(cls, raw) for line, column in [_place(raw, loc)]]
    try:
        record = cls.model_validate(dict(raw))
    except ValidationError as exc:
        record = None
        for err in exc.errors(include_url=False):
            line, column = _place(raw, err["loc"], err["type"] == "value_error")
            found.append(Problem(path, line, "error", f"{label}: {message(err, cls)}", column))
    if found or record is None:
        problems.extend(found)
        if isinstance(rid, str):
            invalid.add(rid)
        return None
    attach_sources(record, raw)
    return record


def _labels(tag: str, table: LDict, problems: list[Problem], invalid: set[str]) -> m.LabelFile | None:
    """A project label file ``i18n/<tag>.yaml`` as a record (problems at the line of the label)."""
    data = LDict({"tag": tag, "labels": table})
    data.path, data.line, data.key_lines = table.path, 1, {"tag": 1, "labels": 1}
    record = _one(m.LabelFile, data, "a label file", problems, (table.path, 1), invalid, f"labels {tag}")
    if record is not None:  # messages name the line of each label, entry and paragraph
        keys = {k: v for k, v in table.key_lines.items() if isinstance(k, str)}
        items: dict[str, list[int]] = {}
        for key, value in table.items():
            if isinstance(value, LDict):
                keys |= {f"{key}.{sub}": line for sub, line in value.key_lines.items() if isinstance(sub, str)}
            elif isinstance(value, LList):
                items[key] = list(value.item_lines)
        record._src = m.Src(path=table.path, line=1, keys=keys, items=items)
    return record


def _number_problems(cls: type[BaseModel], raw: dict, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Numbers pydantic would quietly accept although YAML meant something else: ``yes``/``no``
    (read as true/false) become 1/0 (infinite numbers: ``Strict`` refuses them)."""
    for key, value in raw.items():
        field = cls.model_fields.get(key) if isinstance(key, str) else None
        if field is not None:
            yield from _number_value(field.annotation, value, (*loc, key))


def _number_value(ann: object, value: object, loc: tuple) -> Iterator[tuple[tuple, str]]:
    origin, args = typing.get_origin(ann), [a for a in typing.get_args(ann) if a is not type(None)]
    if origin in (typing.Union, types.UnionType) and args:
        yield from _number_value(args[0], value, loc)
    elif origin is list and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _number_value(args[0], item, (*loc, index))
    elif origin is dict and isinstance(value, dict):
        for key, item in value.items():
            yield from _number_value(args[-1], item, (*loc, key))
    elif isinstance(ann, type) and issubclass(ann, BaseModel) and isinstance(value, dict):
        yield from _number_problems(ann, value, loc)
    elif ann in (int, float) and isinstance(value, bool):
        yield loc, f"should be a number, got the value {str(value).lower()}"


def _key(loc: tuple) -> str:
    return ".".join(str(p) for p in loc if not isinstance(p, int)) or "record"


def _chapter(raw: RawChapter, problems: list[Problem], invalid: set[str]) -> m.Chapter | None:
    meta = raw.meta if isinstance(raw.meta, LDict) else None
    if meta is None:
        if raw.meta is not None or not any(p.path == raw.path for p in problems):
            problems.append(Problem(raw.path, 2, "error", "the front matter must be keys: id, title, order "
                                    f"(and appendix), got {kind_of(raw.meta)}"))
        return None
    rid = meta.get("id")
    label = f"chapter {rid}" if isinstance(rid, str) else "chapter"
    unknown = [k for k in meta if k not in CHAPTER_KEYS]
    for key in sorted(unknown, key=str):
        problems.append(Problem(raw.path, meta.key_lines[key], "error", f"{label}: unknown key '{key}'"
                                f"{closest(str(key), CHAPTER_KEYS)}; allowed keys: {', '.join(CHAPTER_KEYS)}"))
    data = LDict({k: v for k, v in meta.items() if k not in unknown})
    data.path, data.line, data.key_lines = meta.path, meta.line, meta.key_lines
    data.update(body=raw.body, path=raw.path, body_line=raw.body_line)
    chapter = _one(m.Chapter, data, "the front matter", problems, (raw.path, 2), invalid, "chapter")
    if unknown and isinstance(rid, str):
        invalid.add(rid)
    return chapter if not unknown else None


def attach_sources(model: BaseModel, raw: object) -> None:
    """Give every nested record its ``src`` (with key and item lines) from the raw mapping."""
    if isinstance(model, m.Strict) and isinstance(raw, LDict):
        keys = {k: v for k, v in raw.key_lines.items() if isinstance(k, str)}
        items = {k: list(v.item_lines) for k, v in raw.items() if isinstance(k, str) and isinstance(v, LList)}
        model._src = m.Src(path=raw.path, line=raw.line, keys=keys, items=items, column=raw.column,
                           columns={k: c for k, c in raw.key_columns.items() if isinstance(k, str)})
    if not isinstance(raw, dict):
        return
    for name in type(model).model_fields:
        value, sub = getattr(model, name), raw.get(name)
        if isinstance(value, BaseModel):
            attach_sources(value, sub)
        elif isinstance(value, list) and isinstance(sub, list):
            lines = sub.item_lines if isinstance(sub, LList) else []
            for n, (item, sub_item) in enumerate(zip(value, sub, strict=False)):
                if isinstance(item, m.Strict) and not isinstance(sub_item, LDict) and n < len(lines):
                    item._src = m.Src(path=getattr(raw, "path", ""), line=lines[n])  # a point given as plain text
                elif isinstance(item, BaseModel):
                    attach_sources(item, sub_item)
        elif isinstance(value, dict) and isinstance(sub, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    attach_sources(item, sub.get(key))


def _place(raw: object, loc: tuple, item_check: bool = False) -> tuple[int, str]:
    """The line (and workbook column, else "") of the deepest existing node along a pydantic error
    location; a workbook's missing key is at its (empty) cell.

    With ``item_check`` (a text check failed for a whole list), the line of the first list item
    that is blank or holds a control character.
    """
    line, column = getattr(raw, "line", 1), getattr(raw, "column", "")
    node = raw
    for part in loc:
        if isinstance(node, LDict):
            column = node.key_columns.get(part, column)
        if isinstance(node, LDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LList) and isinstance(part, int) and 0 <= part < len(node):
            line, column = node.item_lines[part], node.column or column
            node = node[part]
        else:
            break
    if item_check and isinstance(node, LList):
        for value, item_line in zip(node, node.item_lines, strict=True):
            if isinstance(value, str) and (not value.strip() or m.CONTROL.search(value)):
                return item_line, column
    return line, column
