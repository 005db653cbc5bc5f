"""FastComposer writes exactly what docxcompose's Composer writes, only faster, and changes
nothing outside its own classes."""

from __future__ import annotations

import io
import random
import re
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import docxcompose.composer
import docxcompose.utils
from docx import Document
from docxcompose.composer import Composer

from ikon_report import resources
from ikon_report.render import compose
from ikon_report.render.compose import CompiledXPathComposer, FastComposer

ROOT = Path(__file__).resolve().parents[1]


def _compose(cls, body_file) -> dict[str, bytes]:
    random.seed(0)  # docxcompose draws random list ids
    composer = cls(Document(str(resources.template("frame.docx"))))
    composer.append(Document(str(body_file)))
    out = io.BytesIO()
    composer.doc.save(out)
    with zipfile.ZipFile(out) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_same_parts_as_docxcompose(minden):
    bodies = sorted(minden.glob(".cache/work/*/body.docx"))
    assert bodies
    assert [_compose(FastComposer, body) for body in bodies] == [_compose(Composer, body) for body in bodies]


def test_docxcompose_itself_is_untouched():
    """Importing the fast composer replaces nothing in docxcompose: other Composers run as shipped."""
    assert docxcompose.composer.xpath is docxcompose.utils.xpath
    assert Composer.add_styles.__globals__["xpath"] is docxcompose.utils.xpath
    assert CompiledXPathComposer.add_styles.__globals__["xpath"] is compose.xpath
    assert CompiledXPathComposer.add_styles.__code__ is Composer.add_styles.__code__  # same code, faster lookups
    rebound = {name for name, fn in vars(CompiledXPathComposer).items() if callable(fn)}
    calling = {name for name, fn in vars(Composer).items()
               if callable(fn) and "xpath" in getattr(fn, "__code__", compose.xpath.__code__).co_names}
    assert rebound == calling and "restart_first_numbering" in rebound


def test_docxcompose_pinned_to_the_version_compose_was_written_for():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [d for d in project["dependencies"] if re.match(r"docxcompose\b", d)]
    constraints = re.search(r"^docxcompose==(\S+)$", (ROOT / "constraints.txt").read_text(), re.M)
    assert pins == [f"docxcompose=={compose.WRITTEN_FOR}"]
    assert constraints and constraints.group(1) == compose.WRITTEN_FOR
    assert version("docxcompose") == compose.WRITTEN_FOR
