"""Markdown chapters to pandoc blocks: parsed once in a batch, headings shifted below the title."""

from __future__ import annotations

from .. import pandoc_ast as a
from ..model import Chapter
from ..tools import markdown_to_ast

FENCE = "\n\n:::::::::::::::::::::::::::::::::::::::: {{#ikon-chapter-{n}}}\n\n{body}\n\n" \
        "::::::::::::::::::::::::::::::::::::::::\n\n"


def parse_chapters(chapters: list[Chapter]) -> dict[str, list[a.Node]]:
    """Body blocks per chapter id. One pandoc call for all; per chapter if fences got mixed up."""
    if not chapters:
        return {}
    joined = "".join(FENCE.format(n=i, body=ch.body) for i, ch in enumerate(chapters))
    blocks = markdown_to_ast(joined)["blocks"]
    ids = [b["c"][0][0] for b in blocks if b["t"] == "Div"]
    if len(blocks) == len(chapters) and ids == [f"ikon-chapter-{i}" for i in range(len(chapters))]:
        bodies = [b["c"][1] for b in blocks]
    else:
        bodies = [markdown_to_ast(ch.body)["blocks"] for ch in chapters]
    return {ch.id: _demote(body) for ch, body in zip(chapters, bodies, strict=True)}


def _demote(blocks: list[a.Node]) -> list[a.Node]:
    """Chapter headings sit below the chapter title (level 1): the highest heading becomes
    level 2, and no level is skipped (PDF/UA and screen readers need consecutive levels)."""
    headers = [b for b in blocks if b["t"] == "Header"]
    if not headers:
        return blocks
    shift = 2 - min(h["c"][0] for h in headers)
    previous = 1
    for h in headers:
        level = min(h["c"][0] + shift, previous + 1, 6)
        h["c"][0] = previous = level
    return blocks


def chapter_blocks(ch: Chapter, body: list[a.Node]) -> list[a.Node]:
    classes = ["appendix"] if ch.appendix else []
    return [a.header(1, ch.title, ch.id, classes), *body]
