"""Markdown chapters to pandoc blocks: read at ``check`` time (``project.markdown``), here
copied, headings shifted below the title and quotation marks made German."""

from __future__ import annotations

import copy
from typing import Any

from ikon_report import pandoc_ast as a
from ikon_report.content.illustrative import mark_passages
from ikon_report.errors import InvalidProject, Problem
from ikon_report.project.markdown import parse_bodies
from ikon_report.project.model import Chapter

QUOTES = {"DoubleQuote": ("„", "“"), "SingleQuote": ("‚", "‘")}


def parse_chapters(chapters: list[Chapter]) -> dict[str, list[a.Node]]:
    """Body blocks per chapter id: what ``check`` read, else parsed now (a chapter ``check`` did
    not accept cannot be built); illustrative passages marked, quotes German, headings demoted."""
    unread = [ch for ch in chapters if ch.blocks is None]
    parsed = dict(zip((ch.id for ch in unread), parse_bodies(unread), strict=True))
    if any(blocks is None for blocks in parsed.values()):
        raise InvalidProject([Problem(ch.path, ch.body_line, "error", f"chapter {ch.id}: nested too deeply")
                              for ch in unread if parsed[ch.id] is None])
    bodies: dict[str, list[a.Node]] = {}
    for ch in chapters:
        body = german_quotes(copy.deepcopy(ch.blocks) if ch.blocks is not None else parsed[ch.id] or [])
        mark_passages(body)
        bodies[ch.id] = _demote(body)
    return bodies


def german_quotes(node: Any) -> Any:
    """Quotations in the Markdown ("…", '…') as German marks „…“ and ‚…‘ in DOCX and PDF alike
    (pandoc's DOCX writer would print English “…”, typst German ones)."""
    if isinstance(node, list):
        return [german_quotes(item) for item in node]
    if not isinstance(node, dict) or "c" not in node:
        return node
    if a.is_a(node, "Quoted"):
        left, right = QUOTES[a.quote_kind(node)]
        inlines = a.inlines_of(node)
        return {"t": "Span", "c": [a.attr(), [{"t": "Str", "c": left}, *german_quotes(inlines),
                                               {"t": "Str", "c": right}]]}
    return {**node, "c": german_quotes(node["c"])}


def _demote(blocks: list[a.Node]) -> list[a.Node]:
    """Chapter headings sit below the chapter title (level 1): the highest heading becomes
    level 2, and no level is skipped (PDF/UA and screen readers need consecutive levels).
    Headings inside quotes, lists and divs too (typst starts a page at level 1)."""
    headers = [n for n in a.walk(blocks) if a.is_a(n, "Header")]
    if not headers:
        return blocks
    shift = 2 - min(a.level(h) for h in headers)
    previous = 1
    for h in headers:
        previous = min(a.level(h) + shift, previous + 1, 6)
        a.set_level(h, previous)
    return blocks


def chapter_blocks(ch: Chapter, body: list[a.Node]) -> list[a.Node]:
    classes = ["appendix"] if ch.appendix else []
    return [a.header(1, ch.title, ch.id, classes), *body]
