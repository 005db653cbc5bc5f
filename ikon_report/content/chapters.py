"""Markdown chapters to pandoc blocks: parsed once in a batch, headings shifted below the title."""

from __future__ import annotations

import re

from ikon_report import pandoc_ast as a
from ikon_report.content.illustrative import mark_passages
from ikon_report.errors import InvalidProject, Problem
from ikon_report.project.model import Chapter
from ikon_report.tools import markdown_to_ast

FENCE = "\n\n:::::::::::::::::::::::::::::::::::::::: {{#ikon-chapter-{n}}}\n\n{body}\n\n" \
        "::::::::::::::::::::::::::::::::::::::::\n\n"


GENDER_STAR = re.compile(r"(?<=[^\W\d_])\*(?=[^\W\d_])")
CODE_FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+[^`]*`+)")
WEB_ADDRESS = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]+:|//)")


def protect_gender_star(markdown: str) -> str:
    """``Mindener*innen`` keeps its star: a ``*`` between two letters is text, not emphasis.

    (Emphasis inside a word is almost never wanted in German prose; code blocks are left alone.)
    """
    out, in_code = [], False
    for line in markdown.splitlines(keepends=True):
        if CODE_FENCE.match(line):
            in_code = not in_code
        parts = CODE_SPAN.split(line)  # odd items are inline code spans
        out.append(line if in_code else "".join(
            part if i % 2 else GENDER_STAR.sub(r"\*", part) for i, part in enumerate(parts)))
    return "".join(out)


def parse_chapters(chapters: list[Chapter]) -> dict[str, list[a.Node]]:
    """Body blocks per chapter id. One pandoc call for all; per chapter if fences got mixed up."""
    if not chapters:
        return {}
    joined = "".join(FENCE.format(n=i, body=protect_gender_star(ch.body)) for i, ch in enumerate(chapters))
    blocks = markdown_to_ast(joined)["blocks"]
    ids = [b["c"][0][0] for b in blocks if b["t"] == "Div"]
    if len(blocks) == len(chapters) and ids == [f"ikon-chapter-{i}" for i in range(len(chapters))]:
        bodies = [b["c"][1] for b in blocks]
    else:
        bodies = [markdown_to_ast(protect_gender_star(ch.body))["blocks"] for ch in chapters]
    problems = [p for ch, body in zip(chapters, bodies, strict=True) for p in _web_images(ch, body)]
    if problems:
        raise InvalidProject(problems)
    for body in bodies:
        mark_passages(body)
    return {ch.id: _demote(body) for ch, body in zip(chapters, bodies, strict=True)}


def _web_images(ch: Chapter, node: object) -> list[Problem]:
    """Images must be files of the project: the build never downloads anything (pandoc would)."""
    if isinstance(node, list):
        return [p for item in node for p in _web_images(ch, item)]
    if not isinstance(node, dict):
        return []
    if node.get("t") == "Image" and WEB_ADDRESS.match(url := node["c"][2][0]):
        line = next((n for n, text in enumerate(ch.body.splitlines()) if url in text), 0)
        return [Problem(ch.path, ch.body_line + line, "error", f"chapter {ch.id}: image '{url}' is a web address; "
                        "builds never download anything: save the image in the project and use its path")]
    return _web_images(ch, node.get("c"))


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
