"""Read YAML and Markdown sources, keeping ``path:line`` for every mapping and list item.

Nothing here validates meaning; it only turns files into plain data with positions,
collecting syntax problems (bad YAML, duplicate keys, non-UTF-8 bytes) instead of raising.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
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
    """One record of a collection as read, with the file and line of its list item."""

    path: str
    line: int
    value: object


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


def load_sources(root: Path) -> RawProject:
    """Read ``ikon.yaml``, ``data/**/*.yaml``, ``i18n/*.yaml`` and ``chapters/*.md`` below ``root``."""
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
        rel = file.relative_to(root).as_posix()
        raw.files.append(file)
        before = len(raw.problems)
        text = read_text(file, rel, raw.problems)
        doc = None if text is None else parse_yaml(text, rel, raw.problems)
        if len(raw.problems) > before:  # unreadable, or parts of it dropped: remember its ids
            raw.unreadable_ids |= _ids_in(file)
        if doc is None:
            if text is not None and len(raw.problems) == before:
                raw.problems.append(Problem(rel, 1, "warning", "data file is empty; add records such as "
                                            "'measures:' or delete the file"))
            continue
        if not isinstance(doc, LDict):
            raw.problems.append(Problem(rel, getattr(doc, "line", 1), "error", "a data file must be a mapping of "
                                        f"collections, e.g. 'measures:' (known: {', '.join(COLLECTIONS)}), "
                                        f"got {kind_of(doc)}"))
            continue
        _merge(raw, doc, rel)
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
        _merge(raw, doc, rel)


def _ids_in(file: Path) -> set[str]:
    """Ids a file probably defines, read leniently (for files that could not be parsed)."""
    try:
        data = file.read_bytes()
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


def _merge(raw: RawProject, doc: LDict, rel: str) -> None:
    """Add a data file's collections to ``raw``; whatever is dropped leaves its ids in ``unreadable_ids``."""
    for key, value in doc.items():
        line = doc.key_lines[key]
        problem = ""
        if key not in COLLECTIONS:
            hint = closest(str(key), COLLECTIONS, COLLECTION_ALIASES)
            problem = f"unknown collection '{key}'{hint}; known: {', '.join(COLLECTIONS)}"
        elif key == "conference" and raw.conference_at:
            problem = f"'conference' is defined twice (first at {raw.conference_at}); keep one"
        elif key == "conference" and not isinstance(value, LDict):
            problem = f"'conference' must be a mapping of keys (title:, date:, agenda:, …), got {kind_of(value)}"
            raw.conference_at = f"{rel}:{line}"
        elif key != "conference" and not isinstance(value, LList):
            problem = f"'{key}' must be a list of records ('- id: …'), got {kind_of(value)}"
        if problem:
            raw.problems.append(Problem(rel, line, "error", problem))
            raw.unreadable_ids |= _ids_of(value)
        elif key == "conference":
            raw.conference, raw.conference_at = value, f"{rel}:{line}"
        else:
            items = raw.collections.setdefault(key, [])
            items += [RawItem(rel, at, item) for at, item in zip(value.item_lines, value, strict=True)]


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
