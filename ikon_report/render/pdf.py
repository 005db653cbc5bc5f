"""PDF: pandoc writes typst markup (Lua filter keeps alt text), typst compiles it in-process
as PDF/UA-1 with the fonts shipped in ``assets/fonts`` only."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ikon_report import pandoc_ast as a
from ikon_report import resources
from ikon_report.tools import Compiler, Typst, TypstProcess, pandoc


@dataclass
class PdfMeta:
    """Values for the typst template: text values go through pandoc metadata (escaped)."""

    text: dict[str, str]
    imprint: list[str]
    draft: bool
    accent: str
    lang: str
    region: str
    logo: Path | None
    logo_alt: str
    author: str = ""
    toc: bool = True
    rtl: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def _typst_string(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


LINE_START = re.compile(r"=+|[-+/]|\d+\.")


def _literal_line_starts(node: Any) -> Any:
    """Typst reads ``= ``, ``- ``, ``+ ``, ``/ ``, ``1. `` at the start of a list item or table cell
    as heading/list markup, and pandoc escapes them only at the start of a paragraph: a first step
    "= Ziel" broke the build, "- x" lost its dash, a subtitle "= x" became a heading on the cover
    (template values sit in ``[…]``). Such a leading word becomes a typst string.
    Returns a copy where something changed (the DOCX renders the same blocks), else ``node``."""
    if isinstance(node, list):
        new = [_literal_line_starts(item) for item in node]
        return new if any(x is not y for x, y in zip(new, node, strict=True)) else node
    if not isinstance(node, dict) or "c" not in node:
        return node
    content = _literal_line_starts(node["c"])
    if node.get("t") in ("Plain", "Para", "MetaInlines") and content and content[0].get("t") == "Str" \
            and LINE_START.fullmatch(content[0]["c"]) \
            and (len(content) == 1 or content[1].get("t") in ("Space", "SoftBreak", "LineBreak")):
        content = [{"t": "RawInline", "c": ["typst", f'#"{content[0]["c"]}"']}, *content[1:]]
    return node if content is node["c"] else {**node, "c": content}


SHORTHAND = re.compile(r"\.\.\.|-\?")


def _literal_shorthands(node: Any) -> Any:
    """Typst turns ``...`` into an ellipsis and ``-?`` into a soft hyphen, and pandoc does not
    escape them: in text they become escaped characters (``\\.\\.\\.``), so the PDF shows what
    the data says. Returns a copy where something changed, else ``node``."""
    if isinstance(node, list):
        new: list = []
        for item in node:
            if isinstance(item, dict) and item.get("t") == "Str" and SHORTHAND.search(item["c"]):
                parts = SHORTHAND.split(item["c"])
                for text, sign in zip(parts, [*SHORTHAND.findall(item["c"]), ""], strict=True):
                    new += [{"t": "Str", "c": text}] if text else []
                    new += [{"t": "RawInline", "c": ["typst", "".join("\\" + c for c in sign)]}] if sign else []
            else:
                new.append(_literal_shorthands(item))
        changed = len(new) != len(node) or any(x is not y for x, y in zip(new, node, strict=True))
        return new if changed else node
    if not isinstance(node, dict) or "c" not in node:
        return node
    content = _literal_shorthands(node["c"])
    return node if content is node["c"] else {**node, "c": content}


def to_typst(blocks: list[a.Node], meta: PdfMeta, template: str = "concept.typ", keep: Path | None = None,
             project_root: Path | None = None) -> str:
    """Typst source for the document (no files written unless ``keep`` asks for pandoc's input)."""
    doc = a.document(_literal_shorthands(_literal_line_starts(blocks)), meta.text)
    doc["meta"]["imprint"] = {"t": "MetaList", "c": [{"t": "MetaInlines", "c": a.text(line)}
                                                     for line in meta.imprint]}
    doc["meta"] = {k: _literal_shorthands(_literal_line_starts(v)) for k, v in doc["meta"].items()}
    args = ["-f", "json", "-t", "typst", "--template", str(resources.template(template, project_root)),
            "--lua-filter", str(resources.template("typst-filter.lua")), "--wrap=preserve",
            "-V", f"accent={meta.accent}", "-V", f"lang={meta.lang}"]
    if meta.region:
        args += ["-V", f"region={meta.region}"]
    if meta.rtl:
        args += ["-V", "rtl=true"]
    for key, value in meta.extra.items():
        args += ["-V", f"{key}={value}"]
    if meta.author:
        args += ["-V", f"author-string={_typst_string(meta.author)}"]
    if meta.draft:
        args += ["-V", "draft=true"]
    if meta.toc:
        args += ["-V", "toc=true"]
    if meta.logo:
        args += ["-V", f"logo={_typst_string(meta.logo.resolve().as_posix())}",
                 "-V", f"logo-alt={_typst_string(meta.logo_alt)}"]
    return pandoc(args, json.dumps(doc), keep=keep).decode("utf-8")


def render_pdf(source: str, work: Path, compiler: Compiler, timestamp: int, name: str = "concept") -> bytes:
    """Compile typst source to PDF/UA-1 bytes (the .typ file stays in ``work`` for inspection)."""
    work.mkdir(parents=True, exist_ok=True)
    main = work / f"{name}.typ"
    main.write_text(source, encoding="utf-8")
    return compiler.pdf(main, timestamp)


def make_compiler(in_process: bool = True, project_root: Path | None = None) -> Compiler:
    """In-process (warm caches for repeated compiles, e.g. ``watch``) or a child process per
    document (``build``: memory returned after each document)."""
    return (Typst if in_process else TypstProcess)(Path("/"), resources.font_dirs(project_root))
