"""Run fonts for text the document's faces lack, so Word and LibreOffice never guess a system font.

- Characters the styles' Western faces (Noto Sans/Serif) cannot show get the face typst falls
  back to (``FALLBACK``, the order of the typst templates' font lists; then any other face in
  the font folders) in all four font slots of their own run.
- In a paragraph with right-to-left or complex script, LibreOffice sets neutral characters
  (digits, punctuation, „·“, parentheses) after an Arabic word with the complex-script face,
  and Word sets a right-to-left run wholly in it; Noto Naskh Arabic lacks most of them. Those
  characters get the run's Western face in the complex-script slot (``w:cs``).
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from lxml import etree

from ikon_report.render.font_subset import coverage, font_faces, regular

FALLBACK = ("Noto Naskh Arabic", "Noto Sans Ethiopic", "Noto Sans Math", "Noto Sans Symbols2")  # as the .typ
SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
TEXT_PARTS = (CT.WML_DOCUMENT_MAIN, CT.WML_HEADER, CT.WML_FOOTER, CT.WML_FOOTNOTES, CT.WML_ENDNOTES,
              CT.WML_COMMENTS)
NEUTRAL = frozenset({"EN", "ES", "ET", "AN", "CS", "NSM", "BN", "B", "S", "WS", "ON"})  # bidi classes
STRONG_RTL = frozenset({"R", "AL"})

Segment = tuple[str | None, str | None, str]  # (face for all slots, face for w:cs only, text)


def text_elements(doc: Document) -> Iterator[etree._Element]:
    """The root element of every part that holds text (body, headers, footers, notes, comments)."""
    for part in doc.part.package.iter_parts():
        if isinstance(part, XmlPart) and part.content_type in TEXT_PARTS:
            yield part.element


class StyleFonts:
    """The face a run gets in one font slot, resolved as Word does: direct formatting, character
    style, paragraph style, table style, document defaults (each style through ``basedOn``)."""

    def __init__(self, doc: Document) -> None:
        root = doc.styles.element
        self._styles = {s.get(qn("w:styleId")): s for s in root.iter(qn("w:style"))}
        defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        self._default = {slot: defaults.get(qn(slot)) if defaults is not None else None for slot in SLOTS}
        self._cache: dict[tuple[str, str], str | None] = {}

    def style_font(self, style_id: str | None, slot: str) -> str | None:
        """The face ``slot`` of a paragraph or character style (through ``basedOn``), else the default."""
        return self._style(style_id, slot) or self._default[slot]

    def _style(self, style_id: str | None, slot: str) -> str | None:
        if style_id is None:
            return None
        key = (style_id, slot)
        if key not in self._cache:
            found, seen, name = None, set(), style_id
            while name in self._styles and name not in seen and found is None:
                seen.add(name)
                fonts = self._styles[name].find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
                found = fonts.get(qn(slot)) if fonts is not None else None
                based = self._styles[name].find(qn("w:basedOn"))
                name = based.get(qn("w:val"), "") if based is not None else ""
            self._cache[key] = found
        return self._cache[key]

    def font(self, run: etree._Element, slot: str) -> str | None:
        direct = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if direct is not None and direct.get(qn(slot)):
            return direct.get(qn(slot))
        char_style = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        paragraph = next(run.iterancestors(qn("w:p")), None)
        para_style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") if paragraph is not None else None
        table = next(run.iterancestors(qn("w:tbl")), None)
        table_style = table.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}") if table is not None else None
        for ref, fallback in ((char_style, None), (para_style, "Normal"), (table_style, None)):
            name = ref.get(qn("w:val")) if ref is not None else fallback
            if found := self._style(name, slot):
                return found
        return self._default[slot]


def fallback_fonts(doc: Document, dirs: tuple[Path, ...]) -> None:
    """Set run fonts for text the Western faces lack and for neutral characters beside complex script."""
    faces = font_faces(dirs)
    fonts = StyleFonts(doc)
    western = {f for root in text_elements(doc) for r in root.iter(qn("w:r")) if (f := fonts.font(r, "w:ascii"))}
    covered = [coverage(regular(faces[f])) for f in western if f in faces]
    if not covered:
        return
    primary = frozenset.intersection(*covered)
    chain = [(f, coverage(regular(faces[f]))) for f in FALLBACK if f in faces]
    chain += [(f, coverage(regular(faces[f]))) for f in sorted(faces) if f not in FALLBACK]
    cover = {f: coverage(regular(files)) for f, files in faces.items()}
    for root in text_elements(doc):
        for paragraph in root.iter(qn("w:p")):
            text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
            mixed = paragraph.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None or any(
                c not in primary and unicodedata.bidirectional(c) not in NEUTRAL for c in text)
            if set(text) <= primary and not mixed:
                continue
            for run in [r for piece in paragraph.findall(f".//{qn('w:r')}") for r in _one_child_runs(piece)]:
                if next(run.iterancestors(qn("w:p"))) is not paragraph:
                    continue  # a text box's paragraph is handled as its own
                texts = run.findall(qn("w:t"))
                if len(texts) != 1:
                    continue
                cs = fonts.font(run, "w:cs") if mixed else None
                neutral_face = fonts.font(run, "w:ascii") if cs in cover and cs != fonts.font(run, "w:ascii") else None
                segments = _segments(texts[0].text or "", primary, chain, cover.get(cs or ""), neutral_face, cover)
                if any(face or cs_face for face, cs_face, _ in segments):
                    _split(run, segments)


def _one_child_runs(run: etree._Element) -> list[etree._Element]:
    """``run`` as runs of one child each (text, tab, break …) with the same properties."""
    children = [c for c in run if c.tag != qn("w:rPr")]
    if len(children) < 2 or not any(c.tag == qn("w:t") for c in children):
        return [run]
    pieces = []
    for child in children:
        piece = copy.deepcopy(run)
        for extra in [c for c in piece if c.tag != qn("w:rPr")]:
            piece.remove(extra)
        piece.append(child)  # moved out of ``run``
        pieces.append(piece)
    _parent(run).replace(run, pieces[0])
    for before, after in zip(pieces, pieces[1:], strict=False):
        before.addnext(after)
    return pieces


def _segments(text: str, primary: frozenset[str], chain: list[tuple[str, frozenset[str]]],
              cs_cover: frozenset[str] | None, neutral_face: str | None, cover: dict[str, frozenset[str]]
              ) -> list[Segment]:
    """``text`` cut where the face changes; spaces and combining marks stay with their neighbour."""
    out: list[Segment] = []
    for char in text:
        face = None if char in primary else next((f for f, chars in chain if char in chars), None)
        cs_face = None
        if (face is None and neutral_face and cs_cover is not None and char not in cs_cover
                and unicodedata.bidirectional(char) in NEUTRAL and char in cover.get(neutral_face, frozenset())):
            cs_face = neutral_face
        if out:
            last_face, last_cs, chunk = out[-1]
            joins = (face, cs_face) == (last_face, last_cs) or (
                last_face is not None and char in cover[last_face]
                and (char.isspace() or unicodedata.category(char) in ("Mn", "Me")))
            if joins:
                out[-1] = (last_face, last_cs, chunk + char)
                continue
        out.append((face, cs_face, char))
    return out


def _parent(node: etree._Element) -> etree._Element:
    parent = node.getparent()
    if parent is None:
        raise ValueError(f"{node.tag} is not inside a document")
    return parent


def run_fonts(run: etree._Element) -> etree._Element:
    """The run's ``w:rPr/w:rFonts``, created in schema order if missing."""
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = run.makeelement(qn("w:rPr"))
        run.insert(0, rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"))
        rpr.insert(1 if rpr.find(qn("w:rStyle")) is not None else 0, fonts)
    return fonts


def _split(run: etree._Element, segments: list[Segment]) -> None:
    anchor = run
    for face, cs_face, text in segments:
        piece = copy.deepcopy(run)
        for t in piece.iter(qn("w:t")):
            t.text = text
        if face is not None or cs_face is not None:
            fonts = run_fonts(piece)
            if face is not None:
                for attr in list(fonts.attrib):
                    del fonts.attrib[attr]
                for slot in SLOTS:
                    fonts.set(qn(slot), face)
            elif cs_face is not None:
                fonts.set(qn("w:cs"), cs_face)
        anchor.addnext(piece)
        anchor = piece
    _parent(run).remove(run)
