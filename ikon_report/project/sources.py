"""Read YAML and Markdown sources, keeping ``path:line`` for every mapping and list item.

Nothing here validates meaning; it only turns files into plain data with positions,
collecting syntax problems (bad YAML, duplicate keys, non-UTF-8 bytes) instead of raising.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ikon_report.errors import Problem
from ikon_report.output import TMP_PREFIX
from ikon_report.output_set import finish_interrupted
from ikon_report.project import limits
from ikon_report.project.yaml_source import LDict as LDict
from ikon_report.project.yaml_source import LList as LList
from ikon_report.project.yaml_source import parse_yaml as parse_yaml
from ikon_report.project.yaml_source import read_text as read_text

COLLECTIONS = (
    "fields", "process", "events", "conference", "samples", "findings", "challenges",
    "measures", "services", "categories", "indicators", "updates", "statistics", "glossary",
    "sources", "easy",
)

# What German-speaking authors may write instead of the collection names.
COLLECTION_ALIASES = {
    "handlungsfelder": "fields", "felder": "fields", "prozess": "process", "ablauf": "process",
    "konferenz": "conference", "auftaktkonferenz": "conference", "stichproben": "samples", "umfrage": "samples",
    "umfragen": "samples", "befunde": "findings", "ergebnisse": "findings", "zwischenergebnisse": "findings",
    "herausforderungen": "challenges", "massnahmen": "measures", "maßnahmen": "measures", "angebote": "services",
    "angebotskatalog": "services", "kategorien": "categories", "indikatoren": "indicators", "kennzahlen": "indicators",
    "sachstand": "updates", "sachstandsberichte": "updates", "veranstaltungen": "events", "termine": "events",
    "beteiligung": "events",
    "statistik": "statistics", "statistiken": "statistics", "ausgangslage": "statistics", "glossar": "glossary",
    "abkürzungen": "glossary", "quellen": "sources", "literatur": "sources", "quellenverzeichnis": "sources",
    "leichte_sprache": "easy", "leichte-sprache": "easy",
}


@dataclass
class RawChapter:
    """A chapter file split into front matter (with lines) and Markdown body."""

    path: str
    meta: object
    body: str
    body_line: int


@dataclass
class RawItem:
    """One record of a collection as read, with the file and line of its list item. ``checked``:
    what validating it gave (record or None, problems, ids that failed), when the check cache
    (``check_cache.py``) had it; then ``value`` is not kept."""

    path: str
    line: int
    value: object
    checked: tuple | None = None


@dataclass
class DataFile:
    """What one data file holds, read on its own: its problems (syntax, shape), the ids of parts
    that could not be read, its collections' items, and a ``conference:`` value (checked against
    the other files' when the project is put together)."""

    rel: str
    problems: list[Problem] = field(default_factory=list)
    unreadable_ids: set[str] = field(default_factory=set)
    collections: dict[str, list[RawItem]] = field(default_factory=dict)
    conference: object = None
    conference_line: int = 0
    chars: dict[str, frozenset[str]] | None = None  # per collection, the characters of its records (check_items)


@dataclass
class RawProject:
    """All sources of a project as plain data with positions.

    ``unreadable_ids`` are ids found in files that could not be read or parsed (and of records
    that failed validation, added later): references to them are not reported as dangling,
    so one broken file does not cause a flood of follow-up errors elsewhere.
    """

    root: Path
    settings: object = None
    collections: dict[str, list[RawItem]] = field(default_factory=dict)
    conference: object = None
    conference_at: str = ""
    chapters: list[RawChapter] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    unreadable_ids: set[str] = field(default_factory=set)
    labels: dict[str, LDict] = field(default_factory=dict)  # i18n/<tag>.yaml: the project's UI labels
    chars: dict[str, set[str]] | None = field(default_factory=dict)  # per collection (None: not known for all)


FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$\r?\n?", re.S | re.M)
ID_LINE = re.compile(r"^[ \t-]*id:[ \t]*[\"']?([A-Za-z][\w-]*)", re.M)


def read_chapter(file: Path, rel: str, problems: list[Problem]) -> RawChapter | None:
    text = read_text(file, rel, problems, limits.CHAPTER_FILE_BYTES, "split it into several chapters")
    if text is None:
        return None
    match = FRONT_MATTER.match(text)
    if not match:
        problems.append(Problem(rel, 1, "error", "chapter has no front matter; start it with "
                                "'---', 'id:', 'title:', 'order:' and '---'"))
        return None
    meta = parse_yaml(match.group(1), rel, problems, offset=1)
    body_line = text[: match.end()].count("\n") + 1
    return RawChapter(rel, meta, text[match.end():], body_line)


def _files(folder: Path, pattern: str) -> list[Path]:
    """The project's files (an interrupted import's temp files are none of them)."""
    return sorted(f for f in folder.rglob(pattern) if f.is_file() and not f.name.startswith(TMP_PREFIX)) \
        if folder.is_dir() else []


def read_data_file(file: Path, rel: str, data: bytes | None = None) -> DataFile:
    """Read one data file (``data``: its bytes if already read) into a ``DataFile``."""
    part = DataFile(rel)
    text = read_text(file, rel, part.problems, data=data)
    doc = None if text is None else parse_yaml(text, rel, part.problems)
    if part.problems:  # unreadable, or parts of it dropped: remember its ids
        part.unreadable_ids |= _ids_in(file, data)
    if doc is None:
        if text is not None and not part.problems:
            part.problems.append(Problem(rel, 1, "warning", "data file is empty; add records such as "
                                         "'measures:' or delete the file"))
    elif not isinstance(doc, LDict):
        part.problems.append(Problem(rel, getattr(doc, "line", 1), "error", "a data file must be a mapping of "
                                     f"collections, e.g. 'measures:' (known: {', '.join(COLLECTIONS)}), "
                                     f"got {kind_of(doc)}"))
    else:
        _split(part, doc)
    return part


DataReader = Callable[[Path, str], DataFile]


def load_sources(root: Path, read: DataReader = read_data_file) -> RawProject:
    """Read ``ikon.yaml``, ``data/**/*.yaml``, ``i18n/*.yaml`` and ``chapters/*.md`` below ``root``.
    ``read`` reads one data file (the check cache's reader reuses what an unchanged file gave)."""
    finish_interrupted(root)  # an import killed between its renames: its files are complete, finish it
    raw = RawProject(root=root)
    settings = root / "ikon.yaml"
    if not settings.is_file():
        raw.problems.append(Problem("ikon.yaml", 1, "error",
                                    f"no ikon.yaml here; is this an ikon-report project? (looked in {root})"))
        return raw
    raw.files.append(settings)
    text = read_text(settings, "ikon.yaml", raw.problems)
    if text is not None:
        raw.settings = parse_yaml(text, "ikon.yaml", raw.problems)
    for file in sorted([*_files(root / "data", "*.yaml"), *_files(root / "data", "*.yml")]):
        raw.files.append(file)
        _add(raw, read(file, file.relative_to(root).as_posix()))
    _read_labels(raw, root)
    for file in _files(root / "chapters", "*.md"):
        if file.parent != root / "chapters":
            continue
        rel = file.relative_to(root).as_posix()
        raw.files.append(file)
        before = len(raw.problems)
        chapter = read_chapter(file, rel, raw.problems)
        if len(raw.problems) > before:
            raw.unreadable_ids |= _ids_in(file)
        if chapter is not None:
            raw.chapters.append(chapter)
    return raw


def _read_labels(raw: RawProject, root: Path) -> None:
    """The project's own label files ``i18n/<tag>.yaml`` (a mapping of label keys, docs/catalogue.md)."""
    for file in _files(root / "i18n", "*.yaml"):
        if file.parent != root / "i18n":
            continue
        rel = file.relative_to(root).as_posix()
        raw.files.append(file)
        text = read_text(file, rel, raw.problems, split="keep one file per language")
        doc = None if text is None else parse_yaml(text, rel, raw.problems)
        if doc is None:
            continue
        if not isinstance(doc, LDict):
            raw.problems.append(Problem(rel, getattr(doc, "line", 1), "error", "a label file must be a mapping of "
                                        f"label keys such as 'title:' (docs/catalogue.md), got {kind_of(doc)}"))
            continue
        raw.labels[file.stem] = doc


def replace_file(raw: RawProject, rel: str, text: str) -> None:
    """Read the data or label file ``rel`` again from ``text`` (a merge not yet written): its records
    (its labels) replace those read from disk; a label file may be new."""
    doc = parse_yaml(text, rel, raw.problems)
    folder, _, name = rel.rpartition("/")
    if folder == "i18n" and name.endswith(".yaml"):
        if isinstance(doc, LDict):
            raw.labels[name.removesuffix(".yaml")] = doc
        return
    for key, items in raw.collections.items():
        raw.collections[key] = [item for item in items if item.path != rel]
    if isinstance(doc, LDict):
        part = DataFile(rel)
        _split(part, doc)
        _add(raw, part)


def _ids_in(file: Path, data: bytes | None = None) -> set[str]:
    """Ids a file probably defines, read leniently (for files that could not be parsed)."""
    try:
        data = file.read_bytes() if data is None else data
    except OSError:
        return set()
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
    return set(ID_LINE.findall(text))


def _ids_of(value: object) -> set[str]:
    """Every ``id:`` value inside a YAML value that is dropped (unknown collection, wrong shape)."""
    if isinstance(value, dict):
        found = {value["id"]} if isinstance(value.get("id"), str) else set()
        return found.union(*(_ids_of(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_ids_of(v) for v in value))
    return set()


def _split(part: DataFile, doc: LDict) -> None:
    """A data file's collections into ``part``; whatever is dropped leaves its ids in ``unreadable_ids``."""
    for key, value in doc.items():
        line = doc.key_lines[key]
        problem = ""
        if key not in COLLECTIONS:
            hint = closest(str(key), COLLECTIONS, COLLECTION_ALIASES)
            problem = f"unknown collection '{key}'{hint}; known: {', '.join(COLLECTIONS)}"
        elif key == "conference":
            part.conference, part.conference_line = value, line
        elif not isinstance(value, LList):
            problem = f"'{key}' must be a list of records ('- id: …'), got {kind_of(value)}"
        else:
            items = part.collections.setdefault(key, [])
            items += [RawItem(part.rel, at, item) for at, item in zip(value.item_lines, value, strict=True)]
        if problem:
            part.problems.append(Problem(part.rel, line, "error", problem))
            part.unreadable_ids |= _ids_of(value)


def _add(raw: RawProject, part: DataFile) -> None:
    """One data file's part of the project; a second ``conference:`` (in another file) is an error."""
    raw.problems += part.problems
    raw.unreadable_ids |= part.unreadable_ids
    for key, items in part.collections.items():
        raw.collections.setdefault(key, []).extend(items)
    if part.chars is None or raw.chars is None:
        raw.chars = None
    else:
        for key, chars in part.chars.items():
            raw.chars.setdefault(key, set()).update(chars)
    if not part.conference_line:
        return
    rel, line, value = part.rel, part.conference_line, part.conference
    problem = ""
    if raw.conference_at:
        problem = f"'conference' is defined twice (first at {raw.conference_at}); keep one"
    elif not isinstance(value, LDict):
        problem = f"'conference' must be a mapping of keys (title:, date:, agenda:, …), got {kind_of(value)}"
        raw.conference_at = f"{rel}:{line}"
    else:
        raw.conference, raw.conference_at = value, f"{rel}:{line}"
    if problem:
        raw.problems.append(Problem(rel, line, "error", problem))
        raw.unreadable_ids |= _ids_of(value)


def conference_event(value: object) -> object:
    """The older ``conference:`` mapping as an event of kind ``conference`` with id ``conference``;
    agenda times written as ``"17:00 Uhr"`` lose the „Uhr“ the documents add. Positions are kept."""
    if not isinstance(value, LDict):
        return value
    event = _copy(value, {"id": "conference", "kind": "conference", "short_title": "Auftaktkonferenz", **value})
    agenda = value.get("agenda")
    if isinstance(agenda, LList):
        items = LList(_copy(item, {**item, "time": re.sub(r"(?i)\s*uhr\s*$", "", item["time"])})
                      if isinstance(item, LDict) and isinstance(item.get("time"), str) else item for item in agenda)
        items.path, items.line, items.item_lines = agenda.path, agenda.line, agenda.item_lines
        event["agenda"] = items
    return event


def _copy(like: LDict, values: dict) -> LDict:
    out = LDict(values)
    out.path, out.line, out.key_lines = like.path, like.line, like.key_lines
    return out


def kind_of(value: object) -> str:
    """How a YAML value reads to a user: 'text', 'a number', 'a list', …"""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return "a date" if hasattr(value, "isoformat") else "a value"


def closest(word: str, choices: Iterable[str], aliases: dict[str, str] | None = None) -> str:
    """`` (did you mean 'x'?)`` for the nearest choice (ignoring case; German ``aliases``), or ''."""
    by_lower = {str(c).lower(): str(c) for c in choices}
    key = word.lower()
    match = (aliases or {}).get(key) or by_lower.get(key)
    if match is None:
        near = difflib.get_close_matches(key, list(by_lower), n=1)
        match = by_lower[near[0]] if near else None
    return f" (did you mean '{match}'?)" if match and match != word else ""
