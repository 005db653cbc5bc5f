"""YAML text with positions: mappings and lists that know their ``path:line``, the loader that makes them,
and syntax problems (bad YAML, duplicate keys, aliases, non-UTF-8 bytes, sizes) collected instead of raised."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ikon_report.errors import Problem
from ikon_report.project import limits
from ikon_report.project.aliases import alias_problem, may_have_aliases


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
              split: str = "split it into several files in data/", data: bytes | None = None) -> str | None:
    """Read a file as UTF-8 (a BOM is dropped, line ends normalised); on bad bytes report the line.
    A file larger than ``limit`` bytes is not read (``split`` says what to do). ``data``: the
    file's bytes, already read (the check cache hashes exactly what is parsed)."""
    try:
        size = file.stat().st_size if data is None else len(data)
        if data is None:
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
