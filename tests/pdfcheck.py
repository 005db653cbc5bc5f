"""Read a PDF's shown glyphs back with pikepdf: missing glyphs (.notdef) and unembedded fonts.

Typst draws a character that no font has as glyph 0 (``.notdef``, an empty box) without any
warning. This module walks the content stream of every page, every form XObject it draws (and
annotation appearance streams), follows the current font through ``q``/``Q``/``Tf``, splits every
shown string (``Tj``, ``TJ``, ``'``, ``"``) into character codes as the font's encoding says, maps
them to glyph ids and — where the font has a ``/ToUnicode`` map — to the text they stand for.

- Type0 fonts with ``Identity-H``/``Identity-V`` (what typst writes): 2-byte codes are CIDs; the
  CID is the glyph id when ``/CIDToGIDMap`` is ``/Identity`` (else it is looked up in the map
  stream). Glyph id 0 is ``.notdef``. Other CMaps: 2-byte codes, CID 0 counted as ``.notdef``.
- Simple fonts (TrueType, Type1, Type3): 1-byte codes; a code is ``.notdef`` when the encoding's
  ``/Differences`` name it so (the font program is not parsed), and ``gid`` is None.

Usage::

    from pdfcheck import notdef_glyphs, unembedded_fonts
    assert notdef_glyphs(pdf_path) == []
    assert unembedded_fonts(pdf_path) == []
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf

TEXT_SHOW = {"Tj", "TJ", "'", '"'}


@dataclass(frozen=True)
class Glyph:
    """One shown glyph: 1-based page, font base name, character code, glyph id, text (if known)."""

    page: int
    font: str
    code: int
    gid: int | None
    text: str
    notdef: bool

    def __str__(self) -> str:
        what = f"U+{ord(self.text[0]):04X} {self.text!r}" if self.text else f"code {self.code}"
        return f"page {self.page}: {what} in {self.font} is .notdef"


class FontReader:
    """Splits shown strings of one font into (code, gid, text, notdef)."""

    def __init__(self, font: pikepdf.Dictionary) -> None:
        self.name = str(font.get("/BaseFont", "?")).lstrip("/")
        self.type0 = font.get("/Subtype") == "/Type0"
        self.to_unicode = parse_to_unicode(font.get("/ToUnicode"))
        self.cid_to_gid: bytes | None = None
        self.notdef_codes: set[int] = set()
        if self.type0:
            descendant = font.DescendantFonts[0]
            mapping = descendant.get("/CIDToGIDMap")
            if isinstance(mapping, pikepdf.Stream):
                self.cid_to_gid = mapping.read_bytes()
        else:
            encoding = font.get("/Encoding")
            if isinstance(encoding, pikepdf.Dictionary):
                code = 0
                for item in encoding.get("/Differences", []):
                    if isinstance(item, int):
                        code = int(item)
                    else:
                        if str(item) == "/.notdef":
                            self.notdef_codes.add(code)
                        code += 1

    def glyphs(self, data: bytes) -> Iterator[tuple[int, int | None, str, bool]]:
        if not self.type0:
            for code in data:
                yield code, None, self.to_unicode.get(code, ""), code in self.notdef_codes
            return
        for i in range(0, len(data) - 1, 2):
            cid = data[i] << 8 | data[i + 1]
            gid = cid
            if self.cid_to_gid is not None:
                gid = int.from_bytes(self.cid_to_gid[2 * cid: 2 * cid + 2] or b"\0\0", "big")
            yield cid, gid, self.to_unicode.get(cid, ""), gid == 0


def parse_to_unicode(stream: object) -> dict[int, str]:
    """Code → text from a ToUnicode CMap (``bfchar`` and ``bfrange``, incl. the array form)."""
    if not isinstance(stream, pikepdf.Stream):
        return {}
    text = stream.read_bytes().decode("latin-1")
    out: dict[int, str] = {}

    def utf16(hexstr: str) -> str:
        return bytes.fromhex(hexstr).decode("utf-16-be", "replace")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(src, 16)] = utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
            lo_i, hi_i = int(lo, 16), int(hi, 16)
            if dst.startswith("["):
                for n, item in enumerate(re.findall(r"<([0-9A-Fa-f]*)>", dst)):
                    out[lo_i + n] = utf16(item)
            else:
                start = bytes.fromhex(dst[1:-1])
                base = int.from_bytes(start, "big")
                for n in range(hi_i - lo_i + 1):
                    out[lo_i + n] = utf16((base + n).to_bytes(len(start), "big").hex())
    return out


def glyphs(pdf_path: Path | str) -> Iterator[Glyph]:
    """Every glyph shown on every page (including form XObjects and annotation appearances)."""
    with pikepdf.open(pdf_path) as pdf:
        readers: dict[tuple[int, int], FontReader] = {}
        for number, page in enumerate(pdf.pages, 1):
            yield from _walk(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), number, readers, set())
            for annot in page.obj.get("/Annots", []):
                appearance = annot.get("/AP", {}).get("/N") if isinstance(annot, pikepdf.Dictionary) else None
                if isinstance(appearance, pikepdf.Stream):
                    res = appearance.get("/Resources", page.obj.get("/Resources", pikepdf.Dictionary()))
                    yield from _walk(appearance, res, number, readers, set())


def _walk(stream: object, resources: pikepdf.Dictionary, page: int, readers: dict, active: set) -> Iterator[Glyph]:
    key = stream.objgen if isinstance(stream, pikepdf.Object) else (id(stream), 0)
    if key in active:  # a form that draws itself
        return
    active = active | {key}
    fonts = resources.get("/Font", pikepdf.Dictionary())
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    stack: list[FontReader | None] = []
    current: FontReader | None = None
    for operands, operator in pikepdf.parse_content_stream(stream):
        op = str(operator)
        if op == "q":
            stack.append(current)
        elif op == "Q":
            current = stack.pop() if stack else current
        elif op == "Tf":
            font = fonts.get(str(operands[0]))
            if font is None:
                current = None
                continue
            fkey = font.objgen if font.is_indirect else (id(font), 0)
            current = readers.get(fkey) or readers.setdefault(fkey, FontReader(font))
        elif op in TEXT_SHOW and current is not None:
            parts = operands[-1] if op == "TJ" else [operands[-1]]
            for part in parts:
                if isinstance(part, pikepdf.String):
                    for code, gid, text, notdef in current.glyphs(bytes(part)):
                        yield Glyph(page, current.name, code, gid, text, notdef)
        elif op == "Do":
            xobject = xobjects.get(str(operands[0]))
            if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form":
                yield from _walk(xobject, xobject.get("/Resources", resources), page, readers, active)


def notdef_glyphs(pdf_path: Path | str) -> list[Glyph]:
    """Every use of a missing glyph (``.notdef``); an empty list is what a good PDF gives."""
    return [g for g in glyphs(pdf_path) if g.notdef]


def shown_text(pdf_path: Path | str) -> str:
    """The text of all shown glyphs as their ToUnicode maps say (no layout, no spaces added)."""
    return "".join(g.text for g in glyphs(pdf_path))


def unembedded_fonts(pdf_path: Path | str) -> list[str]:
    """Base names of fonts used on any page (or in its forms) without an embedded font program."""
    missing: set[str] = set()
    with pikepdf.open(pdf_path) as pdf:
        for font in _all_fonts(pdf):
            if font.get("/Subtype") == "/Type3":
                continue  # glyphs are drawn by content streams inside the font
            target = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
            descriptor = target.get("/FontDescriptor")
            if not isinstance(descriptor, pikepdf.Dictionary) or not any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont", "?")).lstrip("/"))
    return sorted(missing)


def _all_fonts(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    seen: set = set()
    todo = [page.obj.get("/Resources", pikepdf.Dictionary()) for page in pdf.pages]
    while todo:
        resources = todo.pop()
        for font in resources.get("/Font", pikepdf.Dictionary()).values():
            if font.objgen not in seen or not font.is_indirect:
                seen.add(font.objgen)
                yield font
        for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
            if isinstance(xobject, pikepdf.Stream) and "/Resources" in xobject and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                todo.append(xobject.Resources)
