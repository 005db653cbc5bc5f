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

from .errors import Problem

COLLECTIONS = (
    "fields", "process", "conference", "samples", "findings", "challenges",
    "measures", "services", "indicators", "updates",
)


class LDict(dict):
    """A mapping that remembers its file, its line and the line of each key."""

    path: str = ""
    line: int = 0
    key_lines: dict


class LList(list):
    """A list that remembers its file, its line and the line of each item."""

    path: str = ""
    line: int = 0
    item_lines: list


class DuplicateKey(yaml.YAMLError):
    def __init__(self, key: object, line: int) -> None:
        self.key, self.line = key, line


def _loader(path: str, offset: int) -> type[yaml.SafeLoader]:
    class Loader(yaml.SafeLoader):
        pass

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
                raise DuplicateKey(key, line)
            out[key] = loader.construct_object(value_node, deep=True)
            out.key_lines[key] = line
        return out

    def sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> LList:
        out = LList(loader.construct_object(child, deep=True) for child in node.value)
        out.path, out.line = path, node.start_mark.line + 1 + offset
        out.item_lines = [child.start_mark.line + 1 + offset for child in node.value]
        return out

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, sequence)
    return Loader


def read_text(file: Path, rel: str, problems: list[Problem]) -> str | None:
    """Read a file as UTF-8; on bad bytes report the line and return None."""
    data = file.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, line, "error", "file is not UTF-8 text; save it as UTF-8"))
        return None
    return text.removeprefix("\ufeff")


def parse_yaml(text: str, rel: str, problems: list[Problem], offset: int = 0) -> object:
    """Parse YAML text into LDict/LList values; syntax problems are appended, None returned."""
    try:
        return yaml.load(text, Loader=_loader(rel, offset))  # noqa: S506 - SafeLoader subclass
    except DuplicateKey as exc:
        problems.append(Problem(rel, exc.line, "error", f"duplicate key '{exc.key}'; keep only one"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset) if mark else 1
        what = (exc.problem or "syntax error").strip()
        problems.append(Problem(rel, line, "error", f"YAML syntax: {what}"))
    except yaml.YAMLError as exc:
        problems.append(Problem(rel, 1 + offset, "error", f"YAML syntax: {exc}"))
    return None


@dataclass
class RawChapter:
    """A chapter file split into front matter (with lines) and Markdown body."""

    path: str
    meta: object
    body: str
    body_line: int


@dataclass
class RawProject:
    """All sources of a project as plain data with positions."""

    root: Path
    settings: object = None
    collections: dict[str, LList] = field(default_factory=dict)
    conference: object = None
    chapters: list[RawChapter] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*$\r?\n?", re.S | re.M)


def read_chapter(file: Path, rel: str, problems: list[Problem]) -> RawChapter | None:
    text = read_text(file, rel, problems)
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


def load_sources(root: Path) -> RawProject:
    """Read ``ikon.yaml``, ``data/**/*.yaml`` and ``chapters/*.md`` below ``root``."""
    raw = RawProject(root=root)
    settings = root / "ikon.yaml"
    if not settings.is_file():
        raw.problems.append(Problem("ikon.yaml", 1, "error",
                                    f"no ikon.yaml in {root}; is this an ikon-report project?"))
        return raw
    raw.files.append(settings)
    text = read_text(settings, "ikon.yaml", raw.problems)
    if text is not None:
        raw.settings = parse_yaml(text, "ikon.yaml", raw.problems)
    for file in sorted((root / "data").rglob("*.y*ml")):
        rel = file.relative_to(root).as_posix()
        raw.files.append(file)
        text = read_text(file, rel, raw.problems)
        doc = None if text is None else parse_yaml(text, rel, raw.problems)
        if doc is None:
            continue
        if not isinstance(doc, LDict):
            raw.problems.append(Problem(rel, 1, "error", "a data file must be a mapping of collections, "
                                        f"e.g. 'measures:' (known: {', '.join(COLLECTIONS)})"))
            continue
        _merge(raw, doc, rel)
    for file in sorted((root / "chapters").glob("*.md")):
        rel = file.relative_to(root).as_posix()
        raw.files.append(file)
        chapter = read_chapter(file, rel, raw.problems)
        if chapter is not None:
            raw.chapters.append(chapter)
    return raw


def _merge(raw: RawProject, doc: LDict, rel: str) -> None:
    for key, value in doc.items():
        line = doc.key_lines[key]
        if key not in COLLECTIONS:
            hint = closest(str(key), COLLECTIONS)
            raw.problems.append(Problem(rel, line, "error", f"unknown collection '{key}'{hint}; "
                                        f"known: {', '.join(COLLECTIONS)}"))
        elif key == "conference":
            if raw.conference is not None:
                raw.problems.append(Problem(rel, line, "error", "'conference' is defined twice; keep one"))
            raw.conference = value
        elif not isinstance(value, LList):
            raw.problems.append(Problem(rel, line, "error", f"'{key}' must be a list of records ('- id: …')"))
        else:
            raw.collections.setdefault(key, LList()).extend(value)
            target = raw.collections[key]
            target.item_lines = getattr(target, "item_lines", []) + value.item_lines


def closest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the nearest choice, or an empty string."""
    match = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""
