"""YAML alias expansion, measured on the composed node graph before anything is constructed.

A few hundred bytes of nested aliases ('*name') expand to billions of values (an alias bomb);
``sources`` refuses a document whose aliases add more than ``limits.ALIAS_VALUES`` values.
"""

from __future__ import annotations

import re

import yaml

from ikon_report.project import limits

ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")  # '&name': without one, a text has no aliases


def may_have_aliases(text: str) -> bool:
    """Whether ``text`` has an anchor, without which no alias can stand (the check is skipped)."""
    return bool(ANCHOR.search(text))


def alias_growth(root: yaml.Node) -> tuple[int, int] | None:
    """(0-based line, values added) when aliases expand the document by more than
    ``limits.ALIAS_VALUES`` values, else None; the line is where the biggest aliased value is
    used. Iterative, with the size of each node computed once."""
    sizes: dict[int, int] = {}
    uses: dict[int, list[int]] = {}  # node → the lines it stands at (more than one: aliased)
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        children = _children(node)
        if done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 0) for _, child in children)
            continue
        if id(node) in sizes or id(node) in open_nodes:
            continue  # an alias of a finished node (counted by its parent), or a recursive one
        open_nodes.add(id(node))
        stack.append((node, True))
        for line, child in children:
            uses.setdefault(id(child), []).append(line)
            stack.append((child, False))
    added = sizes[id(root)] - len(sizes)
    if added <= limits.ALIAS_VALUES:
        return None
    biggest = max((key for key, lines in uses.items() if len(lines) > 1), key=lambda key: sizes.get(key, 0))
    return sorted(uses[biggest])[1], added


def _children(node: yaml.Node) -> list[tuple[int, yaml.Node]]:
    """The child nodes of a node with the line each stands at (a mapping value: its key's line)."""
    if isinstance(node, yaml.MappingNode):
        return [(line, child) for key, value in node.value
                for line, child in ((key.start_mark.line, key), (key.start_mark.line, value))]
    if isinstance(node, yaml.SequenceNode):
        return [(node.start_mark.line, child) for child in node.value]
    return []


def _count(n: int) -> str:
    return limits.count(n) if n < 10**15 else f"about 10^{len(str(n)) - 1}"


def alias_problem(root: yaml.Node) -> tuple[int, str] | None:
    """(0-based line, message) when the document's aliases add too many values, else None."""
    grown = alias_growth(root)
    if grown is None:
        return None
    line, added = grown
    return line, (f"aliases ('*name') expand this file by {_count(added)} values, more than the "
                  f"{limits.count(limits.ALIAS_VALUES)} allowed; write the values out or use fewer aliases")
