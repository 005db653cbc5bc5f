"""Fonts that travel with the web edition: subsets of the shipped Noto fonts as ``data:`` URIs.

A phone without an Ethiopic or Arabic font would show boxes; the page's CSP allows fonts from
``data:`` only. Each face is cut down (fontTools subsetter) to the characters the page can show
that no earlier face in ``FACES`` has, and embedded as WOFF2. A project's own fonts
(``assets/fonts``) come after the package's, for what those lack.
"""

from __future__ import annotations

import base64
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ikon_report import resources

# (file, weight): the package's faces in fallback order; the regular face of a family decides
# which characters that family covers, its bold face gets the same characters.
FACES = (
    ("NotoSans-Regular.ttf", 400), ("NotoSans-Bold.ttf", 700),
    ("NotoNaskhArabic-Regular.ttf", 400), ("NotoNaskhArabic-Bold.ttf", 700),
    ("NotoSansEthiopic-Regular.ttf", 400), ("NotoSansEthiopic-Bold.ttf", 700),
    ("NotoSansSymbols2-Regular.ttf", 400),
)
# Always embedded where the Latin face has them: what people type into the search box.
TYPED = frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset("ÄÖÜäöüßÉéÈèÀàÇçŞşĞğİı€")
NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)  # keep copyright, licence and licence URL (OFL 1.1 asks for them)


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    woff2: bytes
    chars: int  # how many characters the subset maps

    def css(self) -> str:
        data = base64.b64encode(self.woff2).decode("ascii")
        return (f'@font-face {{ font-family: "{self.family}"; font-weight: {self.weight}; font-style: normal; '
                f'font-display: swap; src: url(data:font/woff2;base64,{data}) format("woff2"); }}\n')


@cache
def _family(path: Path) -> str:
    from fontTools.ttLib import TTFont

    return TTFont(str(path), lazy=True)["name"].getBestFamilyName()


@cache
def _subset(path: Path, codepoints: frozenset[int]) -> bytes:
    """WOFF2 of ``path`` with just ``codepoints`` and every layout feature (Arabic joining forms,
    marks, Ethiopic and Latin ligatures)."""
    from ikon_report.render.font_subset import subset_bytes

    return subset_bytes(path, codepoints, flavor="woff2", layout_features=["*"], name_ids=list(NAME_IDS))


def _faces(project_root: Path | None) -> list[tuple[Path, int]]:
    faces = [(resources.font_file(name), weight) for name, weight in FACES]
    own = resources.project_font_dir(project_root)
    if own is not None:
        from fontTools.ttLib import TTFont

        for path in sorted(p for p in own.iterdir() if p.suffix.lower() in resources.FONT_SUFFIXES):
            font = TTFont(str(path), lazy=True)
            if not font["OS/2"].fsSelection & 1:  # not italic
                faces.append((path, font["OS/2"].usWeightClass))
    return faces


def web_faces(text: str, project_root: Path | None = None) -> list[Face]:
    """The subset faces for a page showing ``text``, in fallback order (families without a
    character of ``text`` are left out)."""
    wanted = {ord(c) for c in set(text) | TYPED if unicodedata.category(c) != "Cc"}  # spaces need glyphs too
    covered: set[int] = set()
    family_chars: dict[str, frozenset[int]] = {}
    out = []
    from ikon_report.render.font_subset import code_points

    for path, weight in _faces(project_root):
        family = _family(path)
        if family not in family_chars:  # the first (regular) face of a family decides
            family_chars[family] = frozenset((wanted - covered) & code_points(path))
            covered |= family_chars[family]
        chars = family_chars[family] & code_points(path)
        if chars:
            out.append(Face(family, weight, _subset(path, frozenset(chars)), len(chars)))
    return out


def font_css(faces: list[Face]) -> str:
    """``@font-face`` rules and ``--fonts``: the embedded families in fallback order."""
    families = list(dict.fromkeys(f.family for f in faces))
    stack = ", ".join(f'"{name}"' for name in families)
    return "".join(f.css() for f in faces) + f":root {{ --fonts: {stack}; }}\n"
