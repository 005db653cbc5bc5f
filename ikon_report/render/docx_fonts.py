"""Fonts inside the DOCX, so Word and LibreOffice show the PDF's faces on a PC without them.

``embed_fonts``: every family the document names (in any style, list or run) and the shipped
  or project fonts have is embedded the OOXML way (ECMA-376 Part 1, §17.8.1): each face subset
  as ``font_subset`` says, its first 32 bytes XORed with the reversed bytes of its
  ``w:fontKey`` GUID, stored as ``word/fonts/fontN.odttf`` and
  named by ``w:embedRegular/Bold/Italic/BoldItalic`` in the font table; ``w:embedTrueTypeFonts``
  and ``w:saveSubsetFonts`` in the settings tell Word to keep them.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from fontTools.ttLib import TTFont
from lxml import etree

from ikon_report.render.font_subset import FACES, font_faces, regular, subset_font
from ikon_report.render.run_fonts import SLOTS, text_elements

PartFactory.part_type_for.setdefault(CT.WML_FONT_TABLE, XmlPart)  # the font table as XML, not bytes

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
# w:settings children that come after w:embedTrueTypeFonts / w:saveSubsetFonts (schema order)
_AFTER_EMBED = ("w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData", "w:mirrorMargins",
                "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader", "w:bordersDoNotSurroundFooter",
                "w:gutterAtTop", "w:hideSpellingErrors", "w:hideGrammaticalErrors", "w:activeWritingStyle",
                "w:proofState", "w:formsDesign", "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter",
                "w:stylePaneSortMethod", "w:documentType", "w:mailMerge", "w:revisionView", "w:trackRevisions",
                "w:doNotTrackMoves", "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
                "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop")
_AFTER_SUBSET = _AFTER_EMBED[2:]


def _style_roots(doc: Document) -> list[etree._Element]:
    roots = [doc.styles.element]
    with contextlib.suppress(KeyError, NotImplementedError):  # a document without lists
        roots.append(doc.part.numbering_part.element)
    return roots


def named_families(doc: Document, slots: Iterable[str] = SLOTS) -> set[str]:
    """Every font family a style, list level or run asks for in ``slots``."""
    names: set[str] = set()
    keys = [qn(s) for s in slots]
    for root in _style_roots(doc) + list(text_elements(doc)):
        for fonts in root.iter(qn("w:rFonts")):
            names.update(v for k in keys if (v := fonts.get(k)))
    return names


def _italic(prop: etree._Element) -> bool:
    return prop.get(qn("w:val"), "true") not in ("0", "false", "off")


def _uses_italic(doc: Document) -> bool:
    """Whether any run, or any style a paragraph or run names (through its ``basedOn`` chain),
    is italic; else the regular and bold faces suffice."""
    used: set[str] = set()
    for root in text_elements(doc):
        for rpr in root.iter(qn("w:rPr")):
            if (prop := rpr.find(qn("w:i"))) is not None and _italic(prop):
                return True
        used.update(s.get(qn("w:val"), "") for s in root.iter(qn("w:pStyle"), qn("w:rStyle")))
    styles = {s.get(qn("w:styleId")): s for s in doc.styles.element.iter(qn("w:style"))}
    for name in used:
        seen: set[str] = set()
        while name in styles and name not in seen:
            seen.add(name)
            prop = styles[name].find(f"{qn('w:rPr')}/{qn('w:i')}")
            if prop is not None:
                if _italic(prop):
                    return True
                break
            based = styles[name].find(qn("w:basedOn"))
            name = based.get(qn("w:val"), "") if based is not None else ""
    return False


def _used_text(doc: Document) -> set[str]:
    chars: set[str] = set()
    for root in text_elements(doc):
        for t in root.iter(qn("w:t")):
            chars.update(t.text or "")
        for path in root.iter("{urn:schemas-microsoft-com:vml}textpath"):
            chars.update(path.get("string", ""))
    for root in _style_roots(doc):
        for level_text in root.iter(qn("w:lvlText")):
            chars.update(level_text.get(qn("w:val"), ""))
    return chars


def obfuscate(data: bytes, key: uuid.UUID) -> bytes:
    """ECMA-376 font obfuscation: the first 32 bytes XORed with the key GUID's 16 bytes, reversed
    (the same operation undoes it)."""
    mask = bytes.fromhex(key.hex)[::-1]
    head = bytes(b ^ mask[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def font_key(data: bytes) -> uuid.UUID:
    """A key that depends only on the font bytes (the same DOCX for the same content)."""
    return uuid.UUID(bytes=hashlib.sha256(data).digest()[:16], version=4)


def embed_fonts(doc: Document, dirs: tuple[Path, ...], cache: Path | None = None) -> dict[str, int]:
    """Embed every face of every named family that ``dirs`` have; ``{file name: bytes}`` embedded."""
    faces = font_faces(dirs)
    families = sorted(f for f in named_families(doc, ("w:ascii", "w:hAnsi")) if f in faces)
    if not families:
        return {}
    chars = _used_text(doc)
    wanted = FACES if _uses_italic(doc) else FACES[:2]
    table = _font_table(doc)
    sizes: dict[str, int] = {}
    for family in families:
        entry = _font_entry(table.element, family, faces[family])
        for face in wanted:
            path = faces[family].get(face)
            if path is None:
                continue
            data = subset_font(path, chars, cache)
            key = font_key(data)
            name = f"font{len(sizes) + 1}.odttf"
            part = Part(PackURI(f"/word/fonts/{name}"), OBFUSCATED_FONT, obfuscate(data, key), doc.part.package)
            rid = table.relate_to(part, RT.FONT)
            element(f"w:embed{face}", entry, r_id=rid, w_fontKey=f"{{{str(key).upper()}}}", w_subsetted="1")
            sizes[name] = len(data)
    _settings(doc)
    return sizes


def _font_table(doc: Document) -> XmlPart:
    try:
        part = doc.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        part = None
    if not isinstance(part, XmlPart):
        root = cast(BaseOxmlElement, parse_xml(part.blob) if part is not None else element("w:fonts"))
        new = XmlPart(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, root, doc.part.package)
        if part is not None:
            doc.part.drop_rel(next(r for r, rel in doc.part.rels.items() if rel.reltype == RT.FONT_TABLE))
        doc.part.relate_to(new, RT.FONT_TABLE)
        part = new
    return part


def element(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    """A new WordprocessingML element ``tag`` (``w:font``) with ``w:``/``r:``-prefixed attributes
    given as ``w_name="…"``, appended to ``parent`` if given."""
    node = parse_xml(f"<{tag} {nsdecls('w', 'r')}/>")
    for key, value in attrs.items():
        node.set(qn(key.replace("_", ":", 1)), value)
    if parent is not None:
        parent.append(node)
    return node


def _font_entry(fonts: etree._Element, family: str, faces: dict[str, Path]) -> etree._Element:
    """The ``w:font`` of ``family``, described from its regular face, without earlier embeds."""
    for old in fonts.findall(qn("w:font")):
        if old.get(qn("w:name")) == family:
            fonts.remove(old)
    os2 = TTFont(str(regular(faces)), lazy=True)["OS/2"]
    panose = os2.panose
    digits = bytes(getattr(panose, k) for k in ("bFamilyType", "bSerifStyle", "bWeight", "bProportion",
                                                  "bContrast", "bStrokeVariation", "bArmStyle", "bLetterForm",
                                                  "bMidline", "bXHeight")).hex().upper()
    usb = (os2.ulUnicodeRange1, os2.ulUnicodeRange2, os2.ulUnicodeRange3, os2.ulUnicodeRange4)
    csb = (os2.ulCodePageRange1, os2.ulCodePageRange2)
    entry = element("w:font", fonts, w_name=family)
    element("w:panose1", entry, w_val=digits)
    element("w:charset", entry, w_val="00")
    element("w:family", entry, w_val="swiss" if 11 <= panose.bSerifStyle <= 13 else "roman")
    element("w:pitch", entry, w_val="variable")
    element("w:sig", entry, **{f"w_usb{i}": f"{v:08X}" for i, v in enumerate(usb)},
            **{f"w_csb{i}": f"{v:08X}" for i, v in enumerate(csb)})
    return entry


def _settings(doc: Document) -> None:
    settings = doc.settings.element
    settings.remove_all("w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts")
    settings.insert_element_before(element("w:embedTrueTypeFonts"), *_AFTER_EMBED)
    settings.insert_element_before(element("w:saveSubsetFonts"), *_AFTER_SUBSET)
