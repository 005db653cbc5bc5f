"""Font subsets: ``subset_bytes`` cuts a font file down to some characters (the one subsetting
path, for the DOCX and the web edition's fonts); the faces the DOCX embeds are the faces in the
font folders, each reduced to a fixed set of Unicode blocks (plus any other character a document
uses).

The set is the same for every document: LibreOffice keeps the first embedded copy of a face for
its whole session, so the concept and the catalogue opened side by side must embed the same
glyphs; and a reviewer typing in any Latin, Greek or Cyrillic language keeps the face. Hinting
and rarely used layout features are dropped (Word and LibreOffice render the outlines well).
Subsetting takes seconds per face, so the package ships the subsets of its own fonts in
``fonts/docx-embed.zip`` (``python -m ikon_report.render.font_subset`` rewrites it; a test checks
it against the fonts); other faces, or documents with characters outside the blocks, are subset
at build time and kept in the output's cache folder.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.unicodedata import block

from ikon_report import resources
from ikon_report.output import write_atomic

PREBUILT = "docx-embed.zip"
FACES = ("Regular", "Bold", "Italic", "BoldItalic")
EMBED_BLOCKS = frozenset({
    "Basic Latin", "Latin-1 Supplement", "Latin Extended-A", "Latin Extended-B", "Spacing Modifier Letters",
    "Greek and Coptic", "Cyrillic", "General Punctuation", "Superscripts and Subscripts", "Currency Symbols",
    "Letterlike Symbols", "Number Forms", "Arrows", "Mathematical Operators", "Geometric Shapes",
    "Arabic", "Arabic Supplement", "Arabic Extended-A", "Arabic Presentation Forms-A",
    "Arabic Presentation Forms-B", "Ethiopic", "Ethiopic Supplement", "Ethiopic Extended", "Ethiopic Extended-A",
})


def _face_of(font: TTFont) -> str:
    style = font["head"].macStyle
    return FACES[bool(style & 1) + 2 * bool(style & 2)]


@lru_cache(maxsize=8)
def font_faces(dirs: tuple[Path, ...]) -> dict[str, dict[str, Path]]:
    """Family (as Word names it, name ID 1) → face → TrueType file, for every font in ``dirs``
    (a later folder overrides an earlier one; CFF fonts cannot be embedded and are left out)."""
    out: dict[str, dict[str, Path]] = {}
    for folder in dirs:
        for path in sorted(folder.glob("*.[ot]tf")):
            font = TTFont(str(path), lazy=True)
            if "glyf" in font:
                out.setdefault(font["name"].getDebugName(1), {})[_face_of(font)] = path
    return out


def regular(faces: dict[str, Path]) -> Path:
    """The regular face of a family (or whichever it has)."""
    return faces.get("Regular") or next(iter(faces.values()))


@lru_cache(maxsize=64)
def code_points(path: Path) -> frozenset[int]:
    """The code points the font file maps to a glyph."""
    return frozenset(TTFont(str(path), lazy=True).getBestCmap())


@lru_cache(maxsize=64)
def coverage(path: Path) -> frozenset[str]:
    """The characters the font file maps to a glyph."""
    return frozenset(map(chr, code_points(path)))


@lru_cache(maxsize=64)
def embed_set(path: Path) -> frozenset[str]:
    """What of the embedded blocks the font has: the characters every subset of it keeps."""
    return frozenset(c for c in coverage(path) if block(c) in EMBED_BLOCKS)


@lru_cache(maxsize=64)
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def subset_bytes(path: Path, unicodes: Iterable[int], *, flavor: str | None = None,
                 layout_features: list[str] | None = None, name_ids: list[int] | None = None,
                 notdef_outline: bool = False) -> bytes:
    """``path`` with just ``unicodes`` and the glyphs shaping them needs (fontTools' subsetter),
    without hinting (Word, LibreOffice and browsers render the outlines well; about a third
    smaller). ``flavor``: ``"woff2"`` for the web; ``layout_features``: fontTools' default set
    unless given (``["*"]`` keeps all); ``name_ids``: the name records kept (fontTools' default
    unless given); ``notdef_outline``: keep the .notdef box's outline."""
    options = subset.Options()
    options.hinting = False
    options.glyph_names = False
    options.notdef_outline = notdef_outline
    options.flavor = flavor
    if layout_features is not None:
        options.layout_features = layout_features
    if name_ids is not None:
        options.name_IDs = name_ids
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def _subset(path: Path, chars: frozenset[str]) -> bytes:
    """The DOCX's subset: fontTools' default layout features (what shaping needs), a .notdef box."""
    return subset_bytes(path, map(ord, chars), notdef_outline=True)


@lru_cache(maxsize=1)
def _prebuilt() -> tuple[dict[str, str], zipfile.ZipFile | None]:
    archive = resources.font_file(PREBUILT)
    if not archive.is_file():
        return {}, None
    zf = zipfile.ZipFile(archive)
    return json.loads(zf.read("manifest.json")), zf


def prebuilt_subset(path: Path) -> bytes | None:
    """The shipped subset of ``path`` when the package has one made from exactly this file."""
    manifest, zf = _prebuilt()
    if zf is None or manifest.get(path.name) != _digest(path):
        return None
    return zf.read(path.name)


@lru_cache(maxsize=64)
def _subset_cached(path: Path, chars: frozenset[str], cache: Path | None) -> bytes:
    if chars == embed_set(path) and (shipped := prebuilt_subset(path)) is not None:
        return shipped
    if cache is None:
        return _subset(path, chars)
    key = hashlib.sha256((_digest(path) + "".join(sorted(chars))).encode()).hexdigest()[:24]
    stored = cache / f"{path.stem}-{key}.ttf"
    if stored.is_file():
        return stored.read_bytes()
    return write_atomic(stored, _subset(path, chars)).read_bytes()


def subset_font(path: Path, used: set[str], cache: Path | None = None) -> bytes:
    """The face as the DOCX embeds it: the embedded blocks and whatever else of ``used`` it has."""
    return _subset_cached(path, embed_set(path) | (frozenset(used) & coverage(path)), cache)


def write_prebuilt(folder: Path) -> Path:
    """Subset every font of ``folder`` to the embedded blocks into ``folder/docx-embed.zip``."""
    out = io.BytesIO()
    manifest = {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.glob("*.ttf")):
            names = TTFont(str(path), lazy=True)["name"]
            if not embed_set(path) or names.getDebugName(16) not in (None, names.getDebugName(1)):
                continue  # a weight Word cannot ask for (SemiBold: only regular, bold, italic)
            manifest[path.name] = _digest(path)
            zf.writestr(zipfile.ZipInfo(path.name, date_time=(1980, 1, 1, 0, 0, 0)), _subset(path, embed_set(path)),
                        compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr(zipfile.ZipInfo("manifest.json", date_time=(1980, 1, 1, 0, 0, 0)),
                    json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return write_atomic(folder / PREBUILT, out.getvalue())


if __name__ == "__main__":
    print(write_prebuilt(resources.package_dir("fonts")))
