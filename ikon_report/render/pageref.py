"""Page references in Word: a ``pageref`` span (an index line's page) becomes a ``PAGEREF`` field.

The field points at the bookmark pandoc writes for the target heading's id; Word and LibreOffice
compute its page from their own layout (LibreOffice on loading, Word when fields are updated,
e.g. before printing). Its stored result is the page of the same heading in the PDF, the best
estimate available when the DOCX is written, or a dash when no PDF page is known.
"""

from __future__ import annotations

from collections.abc import Mapping

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from ikon_report import pandoc_ast as a

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NBSP = "\u00a0"


def page_fields(node: object, pages: Mapping[str, int] | None = None) -> object:
    """``node`` with every ``pageref`` span replaced by raw OpenXML runs (a copy where something
    changed: the PDF renders the same blocks at the same time)."""
    if isinstance(node, list):
        new = [page_fields(item, pages) for item in node]
        return new if any(x is not y for x, y in zip(new, node, strict=True)) else node
    if not isinstance(node, dict) or "c" not in node:
        return node
    if a.is_a(node, "Span") and "pageref" in a.classes(node):
        values = dict(a.attr_of(node)[2])
        target = values.get("target", "")
        page = (pages or {}).get(target)
        return {"t": "RawInline", "c": ["openxml", _field_runs(values.get("prefix", ""), target, page)]}
    content = page_fields(node["c"], pages)
    return node if content is node["c"] else {**node, "c": content}


def _run(kind: str, text: str | None = None, **attrs: str) -> etree._Element:
    run = OxmlElement("w:r")
    el = etree.SubElement(run, qn(f"w:{kind}"))
    for key, value in attrs.items():
        el.set(XML_SPACE if key == "space" else qn(f"w:{key}"), value)
    if text is not None:
        el.text = text
    return run


def _field_runs(prefix: str, target: str, page: int | None) -> str:
    """`` S. 14``: the prefix as text, then the field (lxml escapes every value)."""
    runs = [_run("t", f" {prefix}{NBSP}", space="preserve"),
            _run("fldChar", fldCharType="begin"),
            _run("instrText", f" PAGEREF {target} \\h ", space="preserve"),
            _run("fldChar", fldCharType="separate"),
            _run("t", str(page) if page is not None else "–"),
            _run("fldChar", fldCharType="end")]
    return "".join(etree.tostring(r, encoding="unicode") for r in runs)
