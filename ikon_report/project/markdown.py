"""Markdown chapters, read by pandoc at ``check`` time and kept for the build.

Before pandoc sees a chapter its text is scanned for what would make pandoc slow (nesting; see
``limits``); after, the blocks are checked: nesting depth, images (resolved relative to the chapter
file, inside the project, real PNG/JPEG, sizes that are lengths) and ids (a chapter's headings, divs
and spans must not take an id the build gives to a record, a section, a figure or a table). Every
problem names the chapter's ``path:line``, found in the body's positioned parse (``positions``).
A chapter without problems keeps its blocks (``Chapter.blocks``, image paths made absolute) and
the images it shows (``Chapter.images``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from itertools import repeat
from pathlib import Path
from urllib.parse import unquote

from ikon_report import pandoc_ast as a
from ikon_report.errors import Problem
from ikon_report.escaping import IMAGE_SIZES, length_problem
from ikon_report.project import limits, positions
from ikon_report.project import model as m
from ikon_report.project.check_cache import CheckCache
from ikon_report.project.crosscheck import all_ids, section_ids
from ikon_report.project.images import image_problem
from ikon_report.tools import MARKDOWN, pandoc

Node = dict
FENCE = "\n\n:::::::::::::::::::::::::::::::::::::::: {{#ikon-chapter-{n}}}\n\n{body}\n\n" \
        "::::::::::::::::::::::::::::::::::::::::\n\n"
# A ``*`` between two letters is text, not emphasis (Bürger*innen; emphasis inside a word is
# almost never wanted in German prose). It reaches pandoc as a private-use character, which pandoc
# reads as part of the word, and is put back afterwards everywhere, code included.
GENDER_STAR = re.compile(r"(?<=[^\W\d_])\*(?=[^\W\d_])")
STAND_INS = [chr(c) for c in range(0xE000, 0xF900)]
CODE_FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+[^`]*`+)")
WEB_ADDRESS = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]+:|//)")
ABSOLUTE = re.compile(r"^(?:[/\\]|[A-Za-z]:[/\\])")
QUOTE_PREFIX = re.compile(r"^(?:[ \t]*>)+")
DIV_FENCE = re.compile(r"^[ \t]*:{3,}[ \t]*(\S?)")
ESCAPED = re.compile(r"\\.")
RESERVED_PREFIXES = ("sec-", "fig-", "tab-")
READ_TIMEOUT = 300  # seconds; the limits keep pandoc far below (a Köln-sized project: a few seconds)


def _ast(markdown: str) -> list[Node] | None:
    """pandoc's blocks for ``markdown``, gender stars kept as text; None if nested too deeply to decode."""
    star = next(c for c in STAND_INS if c not in markdown)
    marked = GENDER_STAR.sub(star, markdown)
    try:
        blocks = json.loads(pandoc(["-f", MARKDOWN, "-t", "json"], marked, timeout=READ_TIMEOUT))["blocks"]
        return a.replace_text(blocks, star, "*") if marked != markdown else blocks
    except RecursionError:
        return None


def parse_bodies(chapters: list[m.Chapter], cache: CheckCache | None = None) -> list[list[Node] | None]:
    """Body blocks per chapter (None: too deeply nested); from ``cache`` if no body changed. The
    bodies are read together (heading ids, reference links and notes are shared among them), so
    they are kept together: a chapter parsed alone could differ."""
    if cache is None or cache.folder is None or not chapters:
        return _parse(chapters)
    key = cache.key("chapter-ast", "chapters", "\0".join(f"{ch.path}\0{ch.body}" for ch in chapters).encode())
    hit = cache.get("chapters", key)
    if isinstance(hit, list) and len(hit) == len(chapters):
        return hit
    found = _parse(chapters)
    cache.put("chapters", key, found)
    return found


def _parse(chapters: list[m.Chapter]) -> list[list[Node] | None]:
    """One pandoc call for all bodies; one per chapter if the fences got mixed up or one of them
    could not be decoded."""
    if not chapters:
        return []
    blocks = _ast("".join(FENCE.format(n=i, body=ch.body) for i, ch in enumerate(chapters)))
    if blocks is not None:
        fences = [a.ident(b) for b in blocks if a.is_a(b, "Div")]
        if len(blocks) == len(chapters) and fences == [f"ikon-chapter-{i}" for i in range(len(chapters))]:
            return [a.div_blocks(b) for b in blocks]
    return [_ast(ch.body) for ch in chapters]


def check_chapters(p: m.IkonProject, root: Path, cache: CheckCache | None = None,
                   known: Mapping[str, object] | None = None) -> list[Problem]:
    """Problems of the chapters' Markdown; chapters without any keep their blocks and images.
    ``cache``: pandoc's blocks of unchanged bodies (``check_cache.py``); ``known``: every record by
    id (``crosscheck.check_ids``; by default ``all_ids``)."""
    problems: list[Problem] = []
    scanned = []
    for ch in p.chapters:
        found = list(_prescan(ch))
        problems += found
        if not found:
            scanned.append(ch)
    known = all_ids(p) if known is None else known
    ids = {**{ident: f"{getattr(rec, 'src', None) or 'the project'} ({_kind(rec)} {ident})"
              for ident, rec in known.items()},
           **{ident: "a generated section" for ident in section_ids(p)}}
    for ch, blocks in zip(scanned, parse_bodies(scanned, cache), strict=True):
        if blocks is None:
            problems.append(_at(ch, _deepest_line(ch), f"elements nested more than {limits.NESTING} deep; "
                                "flatten the quotes, lists or divs"))
            continue
        elements = list(_elements(blocks))  # walked once; each check reads the kinds it looks at
        found = list(_nesting(ch, elements))
        if not found:
            images: list[str] = []
            found = [*_images(ch, _only(elements, "Image"), root, images),
                     *_ids(ch, _only(elements, *a.ATTRIBUTED), ids), *_page_divs(ch, _only(elements, "Div")),
                     *_empty_headings(ch, _only(elements, "Header"))]
        problems += found
        if not found:
            ch.keep(blocks, images)
    return problems


def _kind(rec: object) -> str:
    return {"Chapter": "chapter", "FieldOfAction": "field of action", "ProcessStep": "process step",
            "Workshop": "workshop", "ServiceFacts": "service"}.get(type(rec).__name__, type(rec).__name__.lower())


def _at(ch: m.Chapter, offset: int, message: str) -> Problem:
    return Problem(ch.path, ch.body_line + offset, "error", f"chapter {ch.id}: {message}")


# --- before pandoc ----------------------------------------------------------------------------


def _prescan(ch: m.Chapter) -> Iterator[Problem]:
    """What would make pandoc slow, found in the text; one message per kind and chapter."""
    found: dict[str, Problem] = {}

    def report(kind: str, offset: int, message: str) -> None:
        found.setdefault(kind, _at(ch, offset, message))

    fence, brackets, divs = "", 0, 0
    for offset, line in enumerate(ch.body.splitlines()):
        opening = CODE_FENCE.match(line)
        if opening and (not fence or opening.group(1) == fence):
            fence = "" if fence else opening.group(1)
            continue
        if fence:
            continue
        if not line.strip():
            brackets = 0  # a paragraph ends
            continue
        quotes = QUOTE_PREFIX.match(line)
        if quotes and quotes.group().count(">") > limits.QUOTE_DEPTH:
            report("quote", offset, f"block quotes nested more than {limits.QUOTE_DEPTH} deep ('>' markers)")
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if indent > limits.INDENT_COLUMNS:
            report("indent", offset, f"line indented by {indent} columns, more than {limits.INDENT_COLUMNS}; "
                   "lists may not nest this deep")
        div = DIV_FENCE.match(line)
        if div:
            divs = divs + 1 if div.group(1) else max(0, divs - 1)
            if divs > limits.DIV_DEPTH:
                report("div", offset, f"divs ('::: ') nested more than {limits.DIV_DEPTH} deep")
        for char in ESCAPED.sub("", CODE_SPAN.sub("", line)):
            if char == "[":
                brackets += 1
                if brackets > limits.BRACKET_DEPTH:
                    report("brackets", offset, f"brackets '[' nested more than {limits.BRACKET_DEPTH} deep in one "
                           "paragraph (links, images, spans); write '\\[' for a bracket that is text")
            elif char == "]":
                brackets = max(0, brackets - 1)
    yield from found.values()


NESTING_MARKS = re.compile(r"[*_\[\]~^]")


def _deepest_line(ch: m.Chapter) -> int:
    """Where a chapter nested too deeply probably is deepest: the line with the most '>' markers,
    indentation and emphasis or bracket marks."""
    lines = ch.body.splitlines() or [""]

    def depth(line: str) -> int:
        quotes = QUOTE_PREFIX.match(line)
        return ((quotes.group().count(">") if quotes else 0) + len(line) - len(line.lstrip())
                + len(NESTING_MARKS.findall(line)))

    return max(range(len(lines)), key=lambda i: depth(lines[i]))


# --- after pandoc -----------------------------------------------------------------------------


def _elements(blocks: list[Node]) -> Iterator[tuple[Node, int]]:
    """Every element (a dict with ``t``) with its depth, in document order, without recursion."""
    stack: list[tuple[object, int]] = [(blocks, 0)]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        node, depth = pop()
        if isinstance(node, list):
            extend(zip(reversed(node), repeat(depth)))
        elif isinstance(node, dict) and "t" in node:
            yield node, depth + 1
            children = node.get("c")
            if isinstance(children, list):
                push((children, depth + 1))
        elif isinstance(node, dict):  # a citation: its prefix and suffix are inlines
            extend(zip(reversed(list(node.values())), repeat(depth)))


Elements = list[tuple[Node, int]]


def _only(elements: Elements, *kinds: str) -> Elements:
    """The elements of these kinds, in document order."""
    return [(node, depth) for node, depth in elements if node["t"] in kinds]


def _nesting(ch: m.Chapter, elements: Elements) -> Iterator[Problem]:
    if any(depth > limits.NESTING for _, depth in elements):
        yield _at(ch, _deepest_line(ch), f"elements nested more than {limits.NESTING} deep; flatten the quotes, "
                  "lists or divs")


def _images(ch: m.Chapter, elements: Elements, root: Path, images: list[str]) -> Iterator[Problem]:
    """Images are files of the project, named relative to the chapter: checked and made absolute."""
    folder = (root / ch.path).parent
    written = list(positions.parse(ch.body).images)  # pandoc's images, in the same order
    for node, _ in elements:
        if not a.is_a(node, "Image"):
            continue
        attributes, src = a.attr_of(node)[2], a.target(node)
        found = next((i for i, mark in enumerate(written) if mark.text == src), None)
        at = written.pop(found).line if found is not None else 0
        sizes = [f"image '{src}': {key} {message}" for key, value in attributes
                 if key in IMAGE_SIZES and (message := length_problem(value))]
        problem = _image_path_problem(src)
        file = folder / src
        if not problem and not file.exists() and (folder / unquote(src)).exists():
            file = folder / unquote(src)
        problems = [problem or image_problem(file, root, src), *sizes]
        if any(problems):
            yield from (_at(ch, at, message) for message in problems if message)
            continue
        real = file.resolve()
        a.set_target(node, str(real))
        images.append(real.relative_to(root.resolve()).as_posix())


def _image_path_problem(src: str) -> str:
    if src.lower().startswith("file:"):
        return (f"image '{src}' is a file address; name the image by its path relative to the chapter, "
                "e.g. ../assets/images/foto.png")
    if WEB_ADDRESS.match(src):
        return (f"image '{src}' is a web address; builds never download anything: save the image in the "
                "project and use its path")
    if ABSOLUTE.match(src):
        return (f"image '{src}' is an absolute path; name it relative to the chapter file, e.g. "
                "../assets/images/foto.png")
    if not src.strip():
        return "an image without a file; write ![description](path/to/image.png)"
    return ""


def _shown_text(node: Node) -> str:
    """The text a heading shows as its title: words and code, not images or notes."""
    if a.is_a(node, "Image", "Note"):
        return ""
    if a.is_a(node, "Str", "Code", "Math"):
        return a.literal(node)
    children = node.get("c")
    return "".join(_shown_text(item) for item in (children if isinstance(children, list) else [])
                   if isinstance(item, dict) and "t" in item)


def _empty_headings(ch: m.Chapter, elements: Elements) -> Iterator[Problem]:
    """A heading needs a title (PDF/UA: tagged headings must have text)."""
    lines = [h.line for h in positions.parse(ch.body).headings if not h.text.replace("\\", "").strip()]
    for node, _ in elements:
        if a.is_a(node, "Header") and not "".join(_shown_text(i) for i in a.inlines_of(node)).strip():
            yield _at(ch, lines.pop(0) if lines else 0, "a heading without text; write its title or remove the '#'")


PAGE_CLASSES = ("landscape", "pagebreak")


def _page_divs(ch: m.Chapter, elements: Elements) -> Iterator[Problem]:
    """Divs that start pages (``.landscape``, ``.pagebreak``) stand at the top level of a chapter:
    a page cannot start inside a quote, a list, a table or another div (an element below the top)."""
    for node, depth in elements:
        if depth == 1:
            continue
        if a.is_a(node, "Div") and (found := [c for c in PAGE_CLASSES if c in a.classes(node)]):
            lines = positions.parse(ch.body).attribute_lines(name=found[0])
            yield _at(ch, lines[0] if lines else 0, f"a '.{found[0]}' div inside a quote, list, table or "
                      "another div; put it at the top level of the chapter")


def _id_line(ch: m.Chapter, node: Node, ident: str) -> int:
    """Where ``ident`` is written (``{#ident}``), or the heading pandoc derived it from."""
    parsed = positions.parse(ch.body)
    written = parsed.attribute_lines(ident=ident)
    if written or not a.is_a(node, "Header"):
        return written[0] if written else 0
    key = positions.text_key(a.stringify(a.inlines_of(node)))
    return next((h.line for h in parsed.headings if h.key == key), 0)


def _ids(ch: m.Chapter, elements: Elements, taken: dict[str, str]) -> Iterator[Problem]:
    """A chapter's ids become link targets: none may be one the build gives to something else.
    ``elements``: those with attributes, in document order."""
    for node, _ in elements:
        ident = a.ident(node)
        if not ident:
            continue
        line = _id_line(ch, node, ident)
        if ident in taken:
            yield _at(ch, line, f"the id '{ident}' is already the id of {taken[ident]}; give this heading, "
                      "div or span another id with {#…}")
        elif ident.startswith(RESERVED_PREFIXES):
            yield _at(ch, line, f"the id '{ident}' starts with '{ident[:4]}', which is kept for generated "
                      "sections, figures and tables; give it another id with {#…}")
        else:
            taken[ident] = f"{ch.path}:{ch.body_line + line} (chapter {ch.id})"
