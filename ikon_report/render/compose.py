"""docxcompose, minus its quadratic work: the same result, in a fraction of the time.

``Composer.insert`` handles the appended body one top-level element at a time. For every
element it inserts at a growing index (lxml walks the body to find it), re-lists all style ids of
the target document, re-scans the whole numbering part and re-reads the element's style to see
whether a list must restart. For a 500-page concept that was most of the DOCX build time, for a
1,500-page catalogue minutes. ``FastComposer`` remembers what cannot change while one document
is inserted and delegates everything else unchanged, so the output is byte-for-byte what
``Composer`` writes (``tests/test_compose.py``).

Written against docxcompose ``WRITTEN_FOR`` (pinned in pyproject.toml; a test keeps the three in
step): it overrides internals of ``Composer``. Nothing outside these classes is changed; other
``Composer`` instances run docxcompose as shipped.
"""

from __future__ import annotations

import inspect
import sys
import types
from copy import deepcopy
from functools import lru_cache
from typing import Any, cast

from docx.document import Document
from docx.oxml.ns import nsmap, qn
from docx.oxml.section import CT_SectPr
from docxcompose.composer import Composer
from docxcompose.properties import CustomProperties
from docxcompose.utils import NS
from lxml import etree

WRITTEN_FOR = "2.2.0"
STYLE_REFS = ".//w:tblStyle|.//w:pStyle|.//w:rStyle"


@lru_cache(maxsize=1024)
def _compiled(expression: str) -> etree.XPath:
    return etree.XPath(expression, namespaces={**nsmap, **NS})


def xpath(element: etree._Element, expression: str) -> list[Any]:
    """``docxcompose.utils.xpath`` with the expression compiled once, not on every call (a
    composition evaluates a few expressions hundreds of thousands of times)."""
    return cast(list[Any], _compiled(expression)(element))  # every expression here selects nodes


class CompiledXPathComposer(Composer):
    """``Composer`` whose methods evaluate XPath through ``xpath`` above: the same code, with
    ``xpath`` looked up in a copy of docxcompose's module namespace (see ``_rebind``)."""


def _rebind(cls: type, base: type) -> None:
    """Give ``cls`` a copy of every method of ``base`` that calls the module-level ``xpath``,
    its globals a copy of the defining module's with ``xpath`` replaced."""
    scope = {**vars(sys.modules[base.__module__]), "xpath": xpath}
    for name, fn in vars(base).items():
        if inspect.isfunction(fn) and "xpath" in fn.__code__.co_names:
            copy = types.FunctionType(fn.__code__, scope, fn.__name__, fn.__defaults__, fn.__closure__)
            copy.__kwdefaults__, copy.__doc__, copy.__qualname__ = fn.__kwdefaults__, fn.__doc__, fn.__qualname__
            setattr(cls, name, copy)


_rebind(CompiledXPathComposer, Composer)


class FastComposer(CompiledXPathComposer):
    def insert(self, index: int, doc: Document, remove_property_fields: bool = True) -> None:
        """``Composer.insert`` step by step, except that each element goes before the one that
        followed the insertion point (constant time) instead of to ``body.insert(index)``."""
        self._plain_styles: set[str] = set()  # present in the target under the same id, no numbering
        self._never_restart: set[str] = set()  # missing or heading styles: restart_first_numbering returns
        self._no_style_list: set[str] = set()  # styles without numbering: only a paragraph's own list counts
        self._next_ids: list[int] | None = None
        self._list_format: dict[str, str | None] | None = None  # numId → format of its first level
        self.reset_reference_mapping()
        self._current_preserved_styles: dict[str, Any] = {}
        if remove_property_fields:
            cprops = CustomProperties(doc)
            for name in cprops.keys():  # noqa: SIM118 - not a dict
                cprops.dissolve_fields(name)
        self._create_style_id_mapping(doc)
        self.retain_formatting_from_default_styles(doc)
        body = self.doc.element.body
        anchor = body[index] if index < len(body) else None
        for element in doc.element.body:
            if isinstance(element, CT_SectPr):
                continue
            element = deepcopy(element)
            if anchor is None:
                body.append(element)
            else:
                anchor.addprevious(element)
            self.add_referenced_parts(doc.part, self.doc.part, element)
            self.add_styles(doc, element)
            self.add_numberings(doc, element)
            self.restart_first_numbering(doc, element)
            self.add_images(doc, element)
            self.add_diagrams(doc, element)
            self.add_shapes(doc, element)
            self.add_footnotes(doc, element)
            self.remove_header_and_footer_references(doc, element)
        self.add_styles_from_other_parts(doc)
        self.renumber_bookmarks()
        self.renumber_docpr_ids()
        self.renumber_nvpicpr_ids()
        self.fix_section_types(doc)
        self.fix_header_and_footers(doc)

    def add_styles(self, doc: Document, element: etree._Element) -> None:
        """Elements that only use styles already known to need nothing are skipped; ``Composer``
        would only re-list the target's style ids for them."""
        used = {e.val for e in xpath(element, STYLE_REFS)}
        if used <= self._plain_styles:
            return
        super().add_styles(doc, element)
        if self.preserve_styles:
            return
        ours = {s.style_id for s in self.doc.styles}
        for style_id in used - self._plain_styles:
            source = doc.styles.element.get_by_id(style_id)
            if self.mapped_style_id(style_id) == style_id and style_id in ours and (
                    source is None or not xpath(source, ".//w:numId")):
                self._plain_styles.add(style_id)

    def restart_first_numbering(self, doc: Document, element: etree._Element) -> None:
        """Skips the cases ``Composer`` returns from anyway: a missing or heading style, or a style
        without numbering on a paragraph without its own list."""
        if not self.restart_numbering:
            return
        style_ids = xpath(element, ".//w:pStyle/@w:val")
        if not style_ids:
            return
        style_id = style_ids[0]
        if style_id in self._numbering_restarted or style_id in self._never_restart:
            return
        own = xpath(element, ".//w:numPr/w:numId/@w:val")
        if style_id in self._no_style_list and not own or own and self._format(own[0]) == "bullet":
            return
        style = self.doc.styles.element.get_by_id(style_id)
        if style is None or xpath(style, ".//w:outlineLvl"):
            self._never_restart.add(style_id)
            return
        if not xpath(style, ".//w:numId/@w:val"):
            self._no_style_list.add(style_id)
        super().restart_first_numbering(doc, element)

    def _format(self, num_id: str) -> str | None:
        """The first level's number format of list ``num_id`` (bullets are never restarted)."""
        if self._list_format is None:
            part = self.numbering_part().element
            self._abstract_format: dict[str, str | None] = {}
            for abstract in xpath(part, ".//w:abstractNum"):
                self._note_abstract(abstract)
            self._list_format = {}
            for num in xpath(part, ".//w:num"):
                self._note_num(num)
        return self._list_format.get(num_id)

    def _note_abstract(self, abstract: etree._Element) -> None:
        fmt = xpath(abstract, './/w:lvl[@w:ilvl="0"]/w:numFmt/@w:val')
        key = abstract.get(qn("w:abstractNumId"))
        if key is not None:
            self._abstract_format.setdefault(key, fmt[0] if fmt else None)

    def _note_num(self, num: etree._Element) -> None:
        abstract = xpath(num, ".//w:abstractNumId/@w:val")
        key = num.get(qn("w:numId"))
        if self._list_format is not None and key is not None:
            self._list_format.setdefault(key, self._abstract_format.get(abstract[0]) if abstract else None)

    def _next_numbering_ids(self) -> tuple[int, ...]:
        if self._next_ids is None:
            self._next_ids = list(super()._next_numbering_ids())
        return tuple(self._next_ids)

    def _insert_num(self, element: etree._Element) -> None:
        super()._insert_num(element)
        if self._next_ids is not None:
            self._next_ids[0] = max(self._next_ids[0], int(element.get(qn("w:numId"), "0")) + 1)
        if self._list_format is not None:
            self._note_num(element)

    def _insert_abstract_num(self, element: etree._Element) -> None:
        super()._insert_abstract_num(element)
        if self._next_ids is not None:
            self._next_ids[1] = max(self._next_ids[1], int(element.get(qn("w:abstractNumId"), "0")) + 1)
        if self._list_format is not None:
            self._note_abstract(element)
