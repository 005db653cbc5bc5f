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

import yaml

from ikon_report.errors import Problem
from ikon_report.project import limits
from ikon_report.project.aliases import alias_problem, may_have_aliases

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


class LDict(dict):
    """A mapping that remembers its file, its line and the line of each key (read from a workbook:
    ``path`` is the sheet, lines are rows, and ``column``/``key_columns`` give the cells)."""

    path: str = ""
    line: int = 0
    key_lines: dict
    column: str = ""
    key_columns: dict[str, str] = {}  # never changed in place: a workbook mapping gets its own


class LList(list):
    """A list that remembers its file, its line and the line of each item (and its workbook column)."""

    path: str = ""
    line: int = 0
    item_lines: list
    column: str = ""


# libyaml parses large projects several times faster; on any error the text is parsed again by
# PyYAML's own parser, whose messages (and hints below) are the ones users see. Texts where the two
# parsers disagree (tabs, characters PyYAML refuses, Unicode line breaks) go to PyYAML directly.
FAST_LOADER = getattr(yaml, "CSafeLoader", None)
PYYAML_ONLY = re.compile(r"[\t\x85\u2028\u2029\ufeff]|(?:^|\s)!(?:\s|$)|[|>][-+0-9]*#|"
                         + yaml.reader.Reader.NON_PRINTABLE.pattern)


def _loader(path: str, offset: int, problems: list[Problem], base: type = yaml.SafeLoader,
            anchors: bool = True) -> type[yaml.SafeLoader]:
    class Loader(base):
        def construct_document(self, node: yaml.Node) -> object:
            """Aliases ('*name') may add at most ``limits.ALIAS_VALUES`` values: a few hundred bytes
            of nested aliases would otherwise expand to billions (an alias bomb). Only texts with
            an anchor ('&name', ``anchors``) can have aliases."""
            bomb = alias_problem(node) if anchors else None
            if bomb is not None:
                problems.append(Problem(path, bomb[0] + 1 + offset, "error", bomb[1]))
                return None
            return super().construct_document(node)

        def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
            """Any value PyYAML cannot construct (``!!int abc``, ``2020-02-30``) is a syntax problem
            at its own line, never an exception from deep inside PyYAML. Longer texts than
            ``limits.TEXT_CHARS`` are problems too."""
            if isinstance(node, yaml.ScalarNode) and len(node.value) > limits.TEXT_CHARS:
                problems.append(Problem(path, node.start_mark.line + 1 + offset, "error", f"a text of "
                                        f"{limits.count(len(node.value))} characters, more than the "
                                        f"{limits.count(limits.TEXT_CHARS)} a value may have; shorten it or link "
                                        "to a document"))
            try:
                return super().construct_object(node, deep=deep)
            except yaml.YAMLError:
                raise
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
                raise yaml.constructor.ConstructorError(
                    None, None, f"cannot read the value {_short(getattr(node, 'value', ''))} ({exc})",
                    node.start_mark) from exc

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LDict:
        loader.flatten_mapping(node)
        out = LDict()
        out.path, out.line, out.key_lines = path, node.start_mark.line + 1 + offset, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                key = str(key)
            line = key_node.start_mark.line + 1 + offset
            if key in out:
                problems.append(Problem(path, line, "error", f"duplicate key '{key}' (first at line "
                                        f"{out.key_lines[key]}); keep only one"))
                continue
            out[key] = loader.construct_object(value_node, deep=True)
            out.key_lines[key] = line
        return out

    def sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LList:
        out = LList(loader.construct_object(child, deep=True) for child in node.value)
        out.path, out.line = path, node.start_mark.line + 1 + offset
        out.item_lines = [child.start_mark.line + 1 + offset for child in node.value]
        return out

    def timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
        """``2020-13-45`` looks like a date but is none: keep the text, validation says why."""
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except ValueError:
            return node.value

    def number(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
        """YAML 1.1 reads ``17:00`` as the base-60 number 1020: such values stay text (a time)."""
        if ":" in node.value:
            return node.value
        safe = yaml.constructor.SafeConstructor
        construct = safe.construct_yaml_int if node.tag.endswith(":int") else safe.construct_yaml_float
        return construct(loader, node)

    Loader.add_constructor("tag:yaml.org,2002:int", number)
    Loader.add_constructor("tag:yaml.org,2002:float", number)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return Loader


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def read_text(file: Path, rel: str, problems: list[Problem], limit: int = limits.YAML_FILE_BYTES,
              split: str = "split it into several files in data/") -> str | None:
    """Read a file as UTF-8 (a BOM is dropped, line ends normalised); on bad bytes report the line.
    A file larger than ``limit`` bytes is not read (``split`` says what to do)."""
    try:
        size = file.stat().st_size
        data = file.read_bytes() if size <= limit else b""
    except OSError as exc:
        problems.append(Problem(rel, 1, "error", f"cannot read the file: {exc.strerror or exc}"))
        return None
    if size > limit:
        problems.append(Problem(rel, 1, "error", f"the file is {limits.size(size)}, more than the "
                                f"{limits.size(limit)} it may have; {split}"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "it looks like UTF-16; " if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        problems.append(Problem(rel, line, "error", f"file is not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                                f"{hint}save it as UTF-8"))
        return None
    # Windows (CRLF) and old Mac (CR) line ends become LF, so lines count the same everywhere.
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# PyYAML's wording plus what to do about it, by a phrase of its message.
YAML_HINTS = (
    ("'\\t'", "use spaces, not tabs, for indentation and after ':'"),
    ("quoted scalar", "the closing quote is missing"),
    ("mapping values are not allowed", "a value containing ': ' must be put in quotes; or the line "
                                       "above lacks its ':'"),
    ("expected <block end>", "check the indentation of this line and the line above, and that a quoted "
                             "value ends at its closing quote"),
    ("flow sequence", "the closing ']' is missing, or a value containing ',' or ':' needs quotes"),
    ("flow mapping", "the closing '}' is missing, or a value containing ',' or ':' needs quotes"),
    ("could not find expected ':'", "write 'key: value', or put the text in quotes"),
    ("undefined alias", "a value starting with '*' must be put in quotes"),
    ("constructor for the tag", "a value starting with '!' must be put in quotes"),
    ("cannot start any token", "a value starting with this character must be put in quotes"),
    ("cannot read the value", "put the value in quotes if it is meant as text"),
    ("another document", "remove the '---' line, or put the second part into a file of its own"),
    ("recursive node", "an alias ('*name') must not stand inside the value it refers to"),
)


def _yaml_problem(exc: yaml.MarkedYAMLError, offset: int) -> tuple[int, str]:
    """The line to report and a readable message for a PyYAML error."""
    problem = (exc.problem or "syntax error").strip()
    context = (exc.context or "").strip()
    if context.startswith("expected"):  # "expected a single document …, but found another document"
        problem, context = f"{context}, {problem}", ""
    mark = exc.problem_mark or exc.context_mark
    # An unclosed quote or bracket is noticed far below: point at where it was opened.
    if exc.context_mark and context.startswith(("while scanning a", "while parsing a flow")):
        mark = exc.context_mark
    where = ""
    if exc.context_mark and context and mark is not exc.context_mark and "next token" not in context:
        where = f" ({context} started at line {exc.context_mark.line + 1 + offset})"
    elif mark is exc.context_mark and exc.problem_mark:
        where = f" ({context}; noticed at line {exc.problem_mark.line + 1 + offset})"
    hint = next((h for phrase, h in YAML_HINTS if phrase in problem + context), "")
    message = f"YAML syntax: {problem}{where}" + (f"; {hint}" if hint else "")
    return ((mark.line + 1 + offset) if mark else 1 + offset), message


def parse_yaml(text: str, rel: str, problems: list[Problem], offset: int = 0) -> object:
    """Parse YAML text into LDict/LList values; syntax problems are appended, None returned."""
    found: list[Problem] = []
    anchors = may_have_aliases(text)
    if FAST_LOADER is not None and not PYYAML_ONLY.search(text):
        try:
            doc = yaml.load(text, Loader=_loader(rel, offset, found, FAST_LOADER, anchors))  # noqa: S506 - safe
        except (yaml.YAMLError, RecursionError):
            found = []  # read again below for PyYAML's messages
        else:
            problems.extend(found)
            return None if found else doc
    try:
        doc = yaml.load(text, Loader=_loader(rel, offset, found, anchors=anchors))  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        line, message = _yaml_problem(exc, offset)
        problems.append(Problem(rel, line, "error", message))
        return None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 + offset
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        problems.append(Problem(rel, line, "error", f"contains the control character U+{ord(char):04X}, "
                                "which YAML does not allow; remove it"))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(rel, 1 + offset, "error", f"YAML syntax: {exc}"))
        return None
    except RecursionError:
        problems.append(Problem(rel, 1 + offset, "error", "YAML nested too deeply"))
        return None
    problems.extend(found)
    return None if found else doc


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
    return sorted(f for f in folder.rglob(pattern) if f.is_file()) if folder.is_dir() else []


def load_sources(root: Path) -> RawProject:
    """Read ``ikon.yaml``, ``data/**/*.yaml``, ``i18n/*.yaml`` and ``chapters/*.md`` below ``root``."""
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
    """Read the data file ``rel`` again from ``text`` (a merge not yet written): its records replace
    those read from disk."""
    for key, items in raw.collections.items():
        raw.collections[key] = [item for item in items if item.path != rel]
    doc = parse_yaml(text, rel, raw.problems)
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
