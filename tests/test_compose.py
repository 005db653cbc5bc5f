"""FastComposer writes exactly what docxcompose's Composer writes, only faster."""

from __future__ import annotations

import io
import random
import zipfile

import docxcompose.composer
import docxcompose.utils
from docx import Document
from docxcompose.composer import Composer

from ikon_report import resources
from ikon_report.render.compose import FastComposer


def _compose(cls, body_file) -> dict[str, bytes]:
    random.seed(0)  # docxcompose draws random list ids
    composer = cls(Document(str(resources.template("frame.docx"))))
    composer.append(Document(str(body_file)))
    out = io.BytesIO()
    composer.doc.save(out)
    with zipfile.ZipFile(out) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_same_parts_as_docxcompose(minden, monkeypatch):
    bodies = sorted(minden.glob(".cache/work/*/body.docx"))
    assert bodies
    fast = [_compose(FastComposer, body) for body in bodies]
    monkeypatch.setattr(docxcompose.composer, "xpath", docxcompose.utils.xpath)  # docxcompose as shipped
    assert fast == [_compose(Composer, body) for body in bodies]
