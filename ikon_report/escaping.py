"""The one path by which values reach typst source: escaped, or parsed and validated.

Nothing else writes a data value, a Markdown attribute or a path into typst.
Typst: string literals, labels, lengths, image calls, and the pandoc AST pass ``for_typst`` that
makes text typst would read as markup literal (line-start markers, shorthands), turns images and
record-id spans into calls built here and gives very long words break opportunities.
WordprocessingML is never written as text with values in it: ``render/docx.py`` builds it as lxml
elements (``_w``), whose text and attributes lxml escapes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ikon_report import pandoc_ast as a

Node = dict[str, Any]

# --- typst values ---------------------------------------------------------------------------

_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_STRING_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f\u2028\u2029]')


def typst_string_body(value: str) -> str:
    """The inside of a typst string literal ``"…"`` for ``value`` (for template variables)."""
    return _STRING_SPECIAL.sub(lambda m: _STRING_ESCAPES.get(m.group(), f"\\u{{{ord(m.group()):x}}}"), value)


def typst_string(value: str) -> str:
    """A typst string literal for ``value``."""
    return f'"{typst_string_body(value)}"'


_PLAIN_LABEL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]*")


def typst_label(ident: str) -> str:
    """A typst label for ``ident``: ``<ident>`` when that is safe syntax, else ``#label("…")``."""
    return f"<{ident}>" if _PLAIN_LABEL.fullmatch(ident) else f"#label({typst_string(ident)})"


# Image sizes as pandoc reads them (docs: "px, cm, mm, in, inch and %"; no unit means pixels).
_LENGTH = re.compile(r"\s*(\d+(?:\.\d+)?|\.\d+)\s*(px|cm|mm|in|inch|%)?\s*")
_POINTS = {"px": 0.75, "cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0, "inch": 72.0}
MAX_LENGTH_CM = 50.0


def length_problem(value: str) -> str:
    """Why ``value`` is no image width or height we accept ('' if it is one)."""
    match = _LENGTH.fullmatch(value)
    if not match:
        return (f"'{value}' is not a length; write a number with cm, mm, in, px or % "
                "(e.g. width=50% or width=8cm)")
    number, unit = float(match.group(1)), match.group(2) or "px"
    if number <= 0:
        return f"'{value}' must be more than 0"
    if unit == "%" and number > 100:
        return f"'{value}' is more than 100%"
    if unit != "%" and number * _POINTS[unit] > MAX_LENGTH_CM * 72 / 2.54:
        return f"'{value}' is larger than {MAX_LENGTH_CM:g} cm"
    return ""


def typst_length(value: str) -> str:
    """A typst length (``70%``, ``8cm``, ``75pt``) for a value ``length_problem`` accepts."""
    if length_problem(value):
        raise ValueError(f"not a valid length: {value!r}")
    match = _LENGTH.fullmatch(value)
    assert match is not None
    number, unit = float(match.group(1)), match.group(2) or "px"
    if unit in ("px", "inch"):
        number, unit = (number * 0.75, "pt") if unit == "px" else (number, "in")
    return f"{number:g}{unit}"


IMAGE_SIZES = ("width", "height")


def typst_image(src: str, alt: str, attributes: list[list[str]]) -> str:
    """``#image("src", alt: "…", width: …)``: the path and alt text as strings, sizes parsed."""
    sizes = dict(attributes)
    args = [typst_string(src), f"alt: {typst_string(alt)}"]
    args += [f"{key}: {typst_length(sizes[key])}" for key in IMAGE_SIZES if key in sizes]
    return f"#image({', '.join(args)})"


# --- the pandoc AST on its way to typst --------------------------------------------------------


def _raw(code: str) -> Node:
    return {"t": "RawInline", "c": ["typst", code]}


def _rebuild(node: Any, visit: Callable[[list[Any]], list[Any]]) -> Any:
    """``node`` with ``visit`` applied to every list of inlines/blocks below it; a copy only where
    something changed (the DOCX renders the original blocks)."""
    if isinstance(node, list):
        new = visit(node)
        new = [_rebuild(item, visit) for item in new]
        return new if len(new) != len(node) or any(x is not y for x, y in zip(new, node, strict=True)) else node
    if not isinstance(node, dict) or "c" not in node:
        return node
    content = _rebuild(node["c"], visit)
    return node if content is node["c"] else {**node, "c": content}


LINE_START = re.compile(r"=+|[-+/]|\d+\.")


def _line_starts(items: list[Any]) -> list[Any]:
    """Typst reads ``= ``, ``- ``, ``+ ``, ``/ ``, ``1. `` at the start of a list item, table cell or
    heading as heading/list markup, and pandoc escapes them only at the start of a paragraph: a first step
    "= Ziel" broke the build, "- x" lost its dash, a subtitle "= x" became a heading on the cover
    (template values sit in ``[…]``). Such a leading word becomes a typst string."""
    out = []
    for node in items:
        kind = node.get("t") if isinstance(node, dict) else None
        if kind in ("Plain", "Para", "MetaInlines", "Header"):  # a heading "1. Der Weg" too
            content = node["c"][2] if kind == "Header" else node["c"]
            if content and content[0].get("t") == "Str" and LINE_START.fullmatch(content[0]["c"]) \
                    and (len(content) == 1 or content[1].get("t") in ("Space", "SoftBreak", "LineBreak")):
                content = [_raw(f'#"{content[0]["c"]}"'), *content[1:]]
                node = {**node, "c": [*node["c"][:2], content] if kind == "Header" else content}
        out.append(node)
    return out


SHORTHAND = re.compile(r"\.\.\.|-\?")
WORD_BREAK_AFTER = 40  # a longer run without a break opportunity gets one every WORD_PIECE characters
WORD_PIECE = 20
ZERO_WIDTH_SPACE = "\u200b"
# Where typst breaks a word by itself: after a hyphen or dash, '/' or '?', before a letter or digit
# (also where two Str nodes may safely meet: pandoc escapes '//', '...' only inside one Str).
NATURAL_BREAK = re.compile(r"(?<=[-\u2010-\u2015/?])(?=\w)")


def _breakable(word: str) -> list[Node]:
    """``word`` as Str nodes. A run of more than ``WORD_BREAK_AFTER`` characters where typst could
    not break gets a zero-width space every ``WORD_PIECE`` characters (file names and links, which
    break at their hyphens and slashes, stay as they are). Long words become several nodes:
    pandoc's typst writer takes time quadratic in the length of one Str."""
    if len(word) <= WORD_BREAK_AFTER:
        return [{"t": "Str", "c": word}]
    out: list[Node] = []
    for run in NATURAL_BREAK.split(word):
        if len(run) <= WORD_BREAK_AFTER:
            out.append({"t": "Str", "c": run})
            continue
        pieces = [run[i:i + WORD_PIECE] for i in range(0, len(run), WORD_PIECE)]
        out += [{"t": "Str", "c": piece + ZERO_WIDTH_SPACE} for piece in pieces[:-1]] + [{"t": "Str", "c": pieces[-1]}]
    return out


def _strings(items: list[Any]) -> list[Any]:
    """Text stays text: typst turns ``...`` into an ellipsis and ``-?`` into a soft hyphen and
    pandoc does not escape them, so they become escaped characters (``\\.\\.\\.``). A run of more
    than ``WORD_BREAK_AFTER`` characters without a break opportunity could only run off the page: it
    may break every ``WORD_PIECE`` characters (``_breakable``; the text itself stays complete)."""
    out: list[Any] = []
    for node in items:
        if not (isinstance(node, dict) and node.get("t") == "Str"):
            out.append(node)
            continue
        value = node["c"]
        if not SHORTHAND.search(value) and len(value) <= WORD_BREAK_AFTER:
            out.append(node)
            continue
        parts = SHORTHAND.split(value)
        for text, sign in zip(parts, [*SHORTHAND.findall(value), ""], strict=True):
            out += _breakable(text) if text else []
            out += [_raw("".join("\\" + c for c in sign))] if sign else []
    return out


def _calls(items: list[Any]) -> list[Any]:
    """Images become ``#image(…)`` (pandoc's typst writer drops the alt text PDF/UA needs) with
    sizes parsed by ``typst_length``; spans of the pipeline's classes become calls of the
    template's functions: a page reference (``pageref``: its target and prefix as strings), the
    illustrative mark (small), record ids and dates (``id``, ``nobreak``: an unbreakable box with
    the span's label), file names (``file``: never hyphenated)."""
    out: list[Any] = []
    for node in items:
        classes = a.classes(node) if a.is_a(node, "Span") else []
        if a.is_a(node, "Image"):
            out.append(_raw(typst_image(a.target(node), a.stringify(a.inlines_of(node)), a.attr_of(node)[2])))
        elif "pageref" in classes:
            values = dict(a.attr_of(node)[2])
            out.append(_raw(f"#ikon-pageref(label({typst_string(values.get('target', ''))}), "
                            f"{typst_string(values.get('prefix', ''))})"))
        elif "illustrative-mark" in classes:
            out += [_raw("#ikon-mark["), *_calls(a.inlines_of(node)), _raw("]")]
        elif "file" in classes:  # a file name: breaks only where it has hyphens, never hyphenated
            out += [_raw("#text(hyphenate: false)["), *_calls(a.inlines_of(node)), _raw("]")]
        elif "id" in classes or "nobreak" in classes:
            ident = a.ident(node)
            out += [_raw("#box["), *_calls(a.inlines_of(node)), _raw("]" + (typst_label(ident) if ident else ""))]
        else:
            out.append(node)
    return out


def for_typst(node: Any) -> Any:
    """``node`` (blocks, or a metadata value) as the typst writer must see it; unchanged parts are shared."""
    for visit in (_calls, _line_starts, _strings):
        node = _rebuild(node, visit)
    return node
