"""PDF: pandoc writes typst markup (``escaping.for_typst`` prepares the AST, the Lua filter maps
styled Divs), typst compiles it as PDF/UA-1 with the shipped fonts only and its root at the
edition's staging folder (``staging.py``): nothing else is readable from the document."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ikon_report import languages, resources
from ikon_report import pandoc_ast as a
from ikon_report.escaping import for_typst, typst_string_body
from ikon_report.render.typst_parts import TypstParts
from ikon_report.tools import Compiler, Typst, TypstProcess, pandoc

# The languages typst hyphenates (its hyphenation library hypher, looked up by the two-letter ISO 639-1
# code only: ``ku`` hyphenates, ``kmr`` does not); tests/test_hyphenation.py checks samples against typst.
TYPST_HYPHENATION = frozenset({
    "af", "as", "be", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "gl", "gu", "hi", "hr",
    "hu", "is", "it", "ka", "kn", "ku", "la", "lt", "ml", "mn", "mr", "nb", "nl", "nn", "no", "or", "pa", "pl", "pt",
    "ru", "sa", "sk", "sl", "sq", "sr", "sv", "ta", "te", "tk", "tr", "uk"})
# Scripts whose justified lines rely on hyphenation (long words between spaces); Arabic script and
# Ethiopic are set justified without it, as their typography does.
HYPHENATED_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Armn", "Geor"})


def ragged(tag: str) -> bool:
    """Whether an edition in language ``tag`` is set ragged right: justified lines without
    hyphenation open wide gaps, so a language typst cannot hyphenate (Somali ``so``, Kurmanji as
    ``kmr``) in such a script is not justified."""
    return languages.base(tag) not in TYPST_HYPHENATION and languages.script(tag) in HYPHENATED_SCRIPTS


@dataclass
class PdfMeta:
    """Values for the typst template: text values go through pandoc metadata (escaped); the
    others are typst string contents (``typst_string_body``). ``logo`` is the staged file's path
    relative to the staging folder."""

    text: dict[str, str]
    imprint: list[str]
    draft: bool
    accent: str
    lang: str
    region: str
    logo: str | None
    logo_alt: str
    author: str = ""
    toc: bool = True
    cover: bool = True  # the template's cover and imprint pages
    rtl: bool = False
    ragged: bool = False  # no justification (``ragged``)
    extra: dict[str, str] = field(default_factory=dict)


def to_typst(blocks: list[a.Node], meta: PdfMeta, template: str = "concept.typ", keep: Path | None = None,
             project_root: Path | None = None, parts: Path | None = None) -> str:
    """Typst source for the document (no files written unless ``keep`` asks for pandoc's input).
    ``parts``: a folder where each section's markup is kept by content hash (``typst_parts``), so
    the next conversion of the document converts only the sections that changed."""
    doc = a.document([], meta.text)
    doc["meta"]["imprint"] = {"t": "MetaList", "c": [{"t": "MetaInlines", "c": a.text(line)}
                                                     for line in meta.imprint]}
    doc["meta"] = {k: for_typst([v])[0] for k, v in doc["meta"].items()}
    variables = {"accent": meta.accent, "lang": meta.lang, "region": meta.region, **meta.extra,
                 "author-string": meta.author}
    flags = {"rtl": meta.rtl, "draft": meta.draft, "toc": meta.toc, "cover": meta.cover, "ragged": meta.ragged}
    if meta.logo:
        variables |= {"logo": meta.logo, "logo-alt": meta.logo_alt}
    args = ["-f", "json", "-t", "typst", "--template", str(resources.template(template, project_root)),
            "--lua-filter", str(resources.template("typst-filter.lua")), "--wrap=preserve"]
    for key, value in variables.items():
        if value:
            args += ["-V", f"{key}={typst_string_body(value)}"]
    args += [arg for key, on in flags.items() if on for arg in ("-V", f"{key}=true")]
    if parts is not None:
        return TypstParts(parts).convert(blocks, doc["meta"], args, keep=keep)
    doc["blocks"] = for_typst(blocks)
    return pandoc(args, json.dumps(doc), keep=keep).decode("utf-8")


def render_pdf(source: str, work: Path, compiler: Compiler, timestamp: int, name: str = "concept") -> bytes:
    """Compile typst source to PDF/UA-1 bytes; ``work`` (the staging folder) is typst's root and
    keeps the .typ file for inspection."""
    work.mkdir(parents=True, exist_ok=True)
    main = work / f"{name}.typ"
    main.write_text(source, encoding="utf-8")
    return compiler.pdf(main, timestamp)


def make_compiler(in_process: bool = True, project_root: Path | None = None) -> Compiler:
    """In-process (warm caches for repeated compiles, e.g. ``watch``) or a child process per
    document (``build``: memory returned after each document). Each document's root is the
    folder of its main file."""
    return (Typst if in_process else TypstProcess)(resources.font_dirs(project_root))
