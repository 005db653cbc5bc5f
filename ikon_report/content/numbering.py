"""Number headings (1, 1.1, A.1), figures and tables, then resolve ``[@id]`` references.

Numbers are written into the text itself, so DOCX and PDF show identical numbering and a
reviewer's "Maßnahme 4.2.1" means the same in both.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ikon_report import pandoc_ast as a

MAX_LEVEL = 3


@dataclass
class Target:
    """Something a reference can point to: its number and title."""

    number: str
    title: str


@dataclass
class Numbered:
    """The result of numbering: heading entries (for TOCs) and targets by id."""

    headings: list[tuple[int, str, str, str]] = field(default_factory=list)  # level, number, title, id
    figures: list[tuple[str, str]] = field(default_factory=list)  # caption, id
    tables: list[tuple[str, str]] = field(default_factory=list)
    targets: dict[str, Target] = field(default_factory=dict)


def number(blocks: list[a.Node]) -> Numbered:
    """Number in place; returns what was numbered."""
    out = Numbered()
    counters = [0] * 6
    appendix = False
    figures = tables = 0
    for block in _walk(blocks):
        t = a.kind(block)
        if t == "Header":
            level, ident, inlines = a.level(block), a.ident(block), a.inlines_of(block)
            if "unnumbered" in a.classes(block) or level > MAX_LEVEL:
                if ident:
                    out.targets[ident] = Target("", a.stringify(inlines))
                continue
            if level == 1 and "appendix" in a.classes(block) and not appendix:
                appendix, counters = True, [0] * 6
            counters[level - 1] += 1
            counters[level:] = [0] * (6 - level)
            parts = [str(c) for c in counters[:level]]
            if appendix:
                parts[0] = string.ascii_uppercase[(counters[0] - 1) % 26]
            num = ".".join(parts)
            title = a.stringify(inlines)
            a.set_header_inlines(block, [{"t": "Str", "c": num}, {"t": "Space"}, *inlines])
            out.headings.append((level, num, title, ident))
            if ident:
                out.targets[ident] = Target(num, title)
        elif t == "Figure":
            figures += 1
            out.figures.append(_caption(block, f"Abbildung {figures}", out.targets))
        elif t == "Table" and a.caption(block) is not None:
            tables += 1
            out.tables.append(_caption(block, f"Tabelle {tables}", out.targets))
    return out


def _caption(block: a.Node, label: str, targets: dict[str, Target]) -> tuple[str, str]:
    ident, caption = a.ident(block), a.caption(block) or []
    title = a.stringify(caption)
    a.set_caption(block, [{"t": "Str", "c": label + ":"}, {"t": "Space"}, *caption])
    if ident:
        targets[ident] = Target(label, title)
    return f"{label}: {title}", ident


def _walk(blocks: list[a.Node]) -> Iterator[a.Node]:
    """Blocks in document order, descending into Divs (not into tables or lists)."""
    for block in blocks:
        yield block
        if a.is_a(block, "Div"):
            yield from _walk(a.div_blocks(block))


def resolve_refs(blocks: list[a.Node], numbered: Numbered, describe: Callable[[str, Target], list[a.Node]]) -> None:
    """Replace every ``Cite`` to a known id by a link showing number and title.

    ``describe(id, target)`` returns the link text as inlines (kind-specific wording).
    """

    def _cite(node: a.Node) -> list[a.Node]:
        out: list[a.Node] = []
        for i, citation in enumerate(a.citations(node)):
            ident = citation["citationId"]
            target = numbered.targets.get(ident)
            if i:
                out += [{"t": "Str", "c": ";"}, {"t": "Space"}]
            out += citation["citationPrefix"]
            if target is None:
                out.append({"t": "Str", "c": ident})
            else:
                out.append(a.link(describe(ident, target), "#" + ident))
        return out

    blocks[:] = a.replace_cites(blocks, _cite)
