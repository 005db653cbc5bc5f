"""Set one value inside one record of a YAML file, leaving every other line as it is.

The translation round trip writes translations back into the files they belong to: a changed
``translations: ar: title:`` replaces the lines of that key only (written the way ``store.py``
writes values), a new one is added after its siblings. Comments, quoting and folding elsewhere stay
byte for byte. The caller compares the result with the intended data (``apply``), so a mistake here
can never write a file that reads differently from what was meant.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ikon_report.exchange.store import _Dumper

ITEM = re.compile(r"^(\s*)-(\s+)")


class _Writer(_Dumper):
    pass


def _map(dumper: yaml.SafeDumper, value: dict) -> yaml.MappingNode:
    flow = bool(value) and all(isinstance(v, str) and len(v) < 20 and "\n" not in v for v in value.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=flow)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    """Texts with line breaks as literal blocks (``|-``), as one would write them by hand."""
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return _Dumper.yaml_representers[str](dumper, value)


_Writer.add_representer(str, _str)


class _Top(dict):
    """The one-key mapping written for an edited key: always block style."""


_Writer.add_representer(dict, _map)
_Writer.add_representer(_Top, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=False))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _key_at(line: str, col: int, key: str) -> bool:
    return re.match(rf"^ {{{col}}}(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*:(?:\s|$)",
                    line) is not None


def _end(lines: list[str], start: int, col: int) -> int:
    """The index after the last content line of the block that starts at ``start`` (a key or list
    item at column ``col``): the following lines indented deeper (a list at ``col`` too)."""
    last = start
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not _content(line):
            continue
        indent = _indent(line)
        if indent > col or (indent == col and line.lstrip().startswith("- ") and not lines[start].lstrip()
                            .startswith("- ")):
            last = i
            continue
        break
    return last + 1


def _dump(key: str, value: Any, col: int) -> list[str]:
    text = yaml.dump(_Top({key: value}), Dumper=_Writer, allow_unicode=True, sort_keys=False, width=90, indent=2)
    return [(" " * col + line if line.strip() else line) for line in text.splitlines(keepends=True)]


def set_value(text: str, item_line: int, keys: tuple[str, ...], record: dict) -> str:
    """``text`` with the value at ``keys`` (inside the record whose list item starts at
    ``item_line``) written as it is in ``record``, the record's new plain data. Only the lines of
    the deepest key that can be edited line by line change."""
    lines = _lines(text)
    start = item_line - 1
    match = ITEM.match(lines[start])
    if match is None:
        raise ValueError(f"line {item_line} does not start a list item")
    col = len(match.group(1)) + 1 + len(match.group(2))
    view = lines[:]  # the item line with its dash as a space: the record's first key at ``col``
    view[start] = " " * col + lines[start][col:]
    return _set(lines, view, (start, _end(lines, start, len(match.group(1)))), col, keys, record)


def set_top(text: str, keys: tuple[str, ...], data: dict) -> str:
    """``text`` (a file that is one mapping, such as a label file) with the value at ``keys``
    written as it is in ``data``, the file's new plain data; the same line-by-line edit."""
    lines = _lines(text)
    return _set(lines, lines, (0, len(lines)), 0, keys, data)


def _lines(text: str) -> list[str]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def _set(lines: list[str], view: list[str], span: tuple[int, int], col: int, keys: tuple[str, ...],
         record: dict) -> str:
    lo, hi = span
    for depth, key in enumerate(keys):
        here = keys[: depth + 1]
        found = next((i for i in range(lo, hi) if _key_at(view[i], col, key)), None)
        if found is None:  # not there yet: add it after the last content line of its parent
            return "".join(lines[:hi] + _dump(key, _get(record, here), col) + lines[hi:])
        end = _end(view, found, col)
        inline = view[found].split(":", 1)[1].strip()
        inner = next((i for i in range(found + 1, end) if _content(view[i])), None)
        if depth == len(keys) - 1 or (inline and not inline.startswith("#")) or inner is None:
            return "".join(lines[:found] + _dump(key, _get(record, here), col) + lines[end:])
        lo, hi, col = found + 1, end, _indent(view[inner])
    raise AssertionError("unreachable")


def _get(data: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        data = data[key]
    return data


def _nest(keys: tuple[str, ...], value: Any) -> Any:
    for key in reversed(keys):
        value = {key: value}
    return value


def apply(data: Any, path: tuple[Any, ...], value: Any) -> None:
    """Set ``value`` at ``path`` in plain parsed data (what the file must read as afterwards)."""
    for part in path[:-1]:
        if isinstance(data, dict):
            data = data.setdefault(part, {})
            if data is None:
                raise ValueError("empty mapping on the path")
        else:
            data = data[part]
    data[path[-1]] = value
