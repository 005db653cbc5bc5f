"""Where things stand in a chapter's Markdown: headings, references, TODO markers, raw markup,
images and attribute blocks, each with its line, from one parse per body.

``check`` reads chapters with pandoc as pandoc Markdown (``tools.MARKDOWN``, ``project/markdown.py``),
but pandoc's ``markdown`` reader keeps no source positions (pandoc 3.9: ``sourcepos`` is for the ``commonmark`` readers
only, whose syntax differs: no grid or simple tables, line blocks, example lists …). The checks
therefore read the same text with markdown-it-py: CommonMark, which pandoc Markdown extends, so
both agree on what is code, a link, an image or a heading. Block tokens carry their lines;
within a block a token's line is counted from the line breaks before it, plus the line endings
that code spans, links and images consume (recorded by ``_counting`` as each is parsed). Raw
HTML is off, as in ``tools.MARKDOWN``: tags are text, and text is where they are found.

``parse(body)`` is cached by the text: one parse per chapter body, shared by the cross-checks,
the chapter checks, the final-build check and the review anchors. Lines are 0-based offsets into
the body.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, reference
from markdown_it.rules_inline import StateInline, backtick, image, link
from markdown_it.token import Token

from ikon_report.project.vocabulary import TODO

# Searched in text as written (escapes and entities as in the source, code left out). A citation key
# as pandoc reads it in ``[@M-BIL-02]``, ``[siehe @M-01; @M-02]`` or ``@M-01`` (not in an e-mail
# address such as ``info@stadt.de``, not after a backslash: ``\@`` is an at sign).
REF = re.compile(r"(?<![\w.@\\])\[?@([A-Za-z][\w-]*[A-Za-z0-9])")
RAW_MARKUP = re.compile(r"(?<!\\)<(?:[A-Za-z][\w-]*\b[^>]*|/[A-Za-z][\w-]*)>|\\(?:begin|end|[a-z]+)\{")
RAW_ATTRIBUTE = "{="  # `code`{=html} and ```{=html}: raw output in pandoc, disabled for chapters
HEADING_ATTRIBUTES = re.compile(r"\s*\{[^{}]*\}\s*$")  # ## Titel {#id .class}
# Attributes written as text: ``{#id .class key=value}`` after a heading, span, code or image, and
# the opening line of a div, ``::: {.box}`` or ``::: box``.
# An abbreviation in running text: two or more capitals (digits allowed), hyphenated compounds of them
# („IST-SOLL“), an optional plural ending („MSOs“); not part of an id or a reference (``@M-BIL-02``).
ABBREVIATION = re.compile(r"(?<![\w@-])([A-ZÄÖÜ][A-ZÄÖÜ0-9]+(?:-[A-ZÄÖÜ][A-ZÄÖÜ0-9]+)*)(?:s|n)?(?![\w-])")
ATTRIBUTES = re.compile(r"\{[^{}]*\}|^:::+[ \t]*[^\s:{][^\s:]*")


@dataclass(frozen=True)
class Mark:
    """Something found in the text: its line (0-based in the body) and what it is."""

    line: int
    text: str


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str  # the text it shows: words and code, no images, no trailing {#id} attribute block

    @property
    def key(self) -> str:
        return text_key(self.text)


def text_key(text: str) -> str:
    """Letters and digits only: a heading's text as pandoc and markdown-it both read it (pandoc
    makes quotes typographic and ``--`` a dash; a ``*`` between letters is emphasis to CommonMark)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


@dataclass(frozen=True)
class Parsed:
    """What the checks need from one chapter body."""

    headings: tuple[Heading, ...]
    refs: tuple[Mark, ...]  # citation keys outside code
    todos: tuple[Mark, ...]  # TODO markers outside code
    markup: tuple[Mark, ...]  # raw HTML/TeX written as text (it would be printed as it is)
    images: tuple[Mark, ...]  # image targets, in order
    attributes: tuple[Mark, ...]  # attribute blocks and div openings, in order
    abbreviations: tuple[Mark, ...] = ()  # words of capitals outside code („MSO“, „IST-SOLL“; plural ending dropped)

    def attribute_lines(self, *, ident: str = "", name: str = "") -> list[int]:
        """Lines of the attribute blocks that give the id ``ident`` or the class ``name``."""
        return [m.line for m in self.attributes if name_in(m.text, ident=ident, name=name)]


def name_in(attributes: str, *, ident: str = "", name: str = "") -> bool:
    """Whether ``{#id .class}`` (or ``::: class``) gives the id ``ident`` or the class ``name``."""
    words = attributes.strip("{}: \t").split()
    return bool(ident and f"#{ident}" in words or name and (f".{name}" in words or attributes.startswith(":")
                                                             and name in words))


KINDS = ("refs", "todos", "markup", "images", "attributes", "abbreviations")  # the fields of Parsed after headings
Rule = Callable[[StateInline, bool], bool]


def _newlines(token: Token) -> int:
    return (token.type in ("softbreak", "hardbreak")) + token.meta.get("newlines", 0)


def _counting(rule: Rule) -> Rule:
    """``rule``, noting on its last token the line endings it consumed that no break token shows
    (inside a code span, a link destination, an image's description)."""

    def counted(state: StateInline, silent: bool) -> bool:
        start, before = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            hidden = state.src.count("\n", start, state.pos) - sum(map(_newlines, state.tokens[before:]))
            if hidden > 0:
                last = state.tokens[-1]
                last.meta["newlines"] = last.meta.get("newlines", 0) + hidden
        return True

    return counted


def _not_a_footnote(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Link reference definitions, except pandoc's footnotes (``[^1]: Text``), which are text."""
    begin = state.bMarks[start] + state.tShift[start]
    return not state.src.startswith("[^", begin) and reference(state, start, end, silent)


class _Reader(MarkdownIt):
    """Link and image targets as written, as pandoc keeps them (no percent-encoding), and every
    scheme accepted (``file:`` and ``data:`` images too: the chapter checks name them)."""

    def normalizeLink(self, url: str) -> str:
        return url

    def normalizeLinkText(self, link: str) -> str:
        return link

    def validateLink(self, url: str) -> bool:
        return True


def _parser() -> MarkdownIt:
    md = _Reader("commonmark", {"html": False}).enable("table").disable("text_join")
    for name, rule in (("backticks", backtick), ("link", link), ("image", image)):
        md.inline.ruler.at(name, _counting(rule))
    md.block.ruler.at("reference", _not_a_footnote)
    return md


_MD = _parser()


_KNOWN: dict[str, Parsed] = {}  # parses by the body's digest, given earlier (the check cache keeps them)


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def learn(parses: dict[str, Parsed]) -> None:
    """Parses made earlier (by this version of the code), by the digest of their body: not made again."""
    _KNOWN.update(parses)


def known(bodies: list[str]) -> dict[str, Parsed]:
    """The parses of ``bodies`` made or learnt so far, by the digest of each body."""
    return {key: _KNOWN[key] for key in map(_digest, bodies) if key in _KNOWN}


@lru_cache(maxsize=256)
def parse(body: str) -> Parsed:
    """The headings, references, markers, markup and images of one chapter body."""
    key = _digest(body)
    if key not in _KNOWN:
        _KNOWN[key] = _parse(body)
    return _KNOWN[key]


def _parse(body: str) -> Parsed:
    found: dict[str, list[Mark]] = {key: [] for key in KINDS}
    headings: list[Heading] = []
    tokens = _MD.parse(body)
    for n, token in enumerate(tokens):
        if token.type == "fence" and token.map and token.info.startswith("{"):
            found["markup" if token.info.startswith(RAW_ATTRIBUTE) else "attributes"].append(
                Mark(token.map[0], token.info))
        elif token.type == "inline" and token.map:
            _inlines(token.children or [], token.map[0], found)
            if n and tokens[n - 1].type == "heading_open":
                text = HEADING_ATTRIBUTES.sub("", "".join(_plain(token.children or [])))
                headings.append(Heading(token.map[0], int(tokens[n - 1].tag[1:]), text))
    return Parsed(tuple(headings), *(tuple(found[key]) for key in KINDS))


def _inlines(tokens: Sequence[Token], line: int, found: dict[str, list[Mark]]) -> int:
    """Collect what ``tokens`` hold, the first on ``line``; returns the line after the last.

    Text is searched a run at a time: the text between two other tokens on one line, as written."""
    run, previous = "", ""
    for token in [*tokens, Token("end", "", 0)]:
        if token.type in ("text", "text_special"):
            run += token.markup if token.type == "text_special" else token.content
            continue
        if run:
            _text(run, line, found, after_code=previous == "code_inline")
            run = ""
        if token.type == "image":
            found["images"].append(Mark(line, str(token.attrs.get("src", ""))))
            _inlines(token.children or [], line, found)  # its description
        line += _newlines(token)
        previous = token.type
    return line


def _text(run: str, line: int, found: dict[str, list[Mark]], after_code: bool) -> None:
    found["refs"] += [Mark(line, match.group(1)) for match in REF.finditer(run)]
    found["todos"] += [Mark(line, match.group(0)) for match in TODO.finditer(run)]
    if RAW_MARKUP.search(run) or after_code and run.startswith(RAW_ATTRIBUTE):
        found["markup"].append(Mark(line, run))
    found["attributes"] += [Mark(line, match.group(0)) for match in ATTRIBUTES.finditer(run)]
    found["abbreviations"] += [Mark(line, match.group(1)) for match in ABBREVIATION.finditer(ATTRIBUTES.sub(" ", run))]


def _plain(tokens: Sequence[Token]) -> Iterator[str]:
    """The text ``tokens`` show (an image's description is not shown)."""
    for token in tokens:
        if token.type == "image":
            continue
        if token.type in ("text", "text_special", "code_inline"):
            yield token.content
        elif token.type in ("softbreak", "hardbreak"):
            yield " "
        elif token.children:
            yield from _plain(token.children)
