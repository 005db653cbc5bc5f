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
    """Chapter headings start at level 2 (the chapter title is level 1); ids get no clashes."""
    for block in blocks:
        if block["t"] == "Header":
            block["c"][0] = min(block["c"][0] + 1, 6)
    return blocks


def chapter_blocks(ch: Chapter, body: list[a.Node]) -> list[a.Node]:
    classes = ["appendix"] if ch.appendix else []
    return [a.header(1, ch.title, ch.id, classes), *body]
