"""Read a PDF's pages back as a reader sees them (poppler): holes and the fonts used.

- ``near_empty_pages(pdf)``: pages (1-based) other than the last whose body holds fewer than
  ``min_lines`` lines of text — blank pages included. Lines are visual lines (poppler's text
  lines on one baseline count once, so a table row is one line however many cells it has).
  Not counted: the running header and footer (lines in the outer 7.5 % of a page whose text,
  digits blanked, recurs there on another page: „Seite 7 von 58“), and lines of a single
  character (the rotated draft watermark comes out one letter per line). A drawn picture
  counts as lines of its height (one per 0.5 cm): a page with a chart and its caption is no hole.
- ``pdf_fonts(pdf)``: the fonts as ``pdffonts`` lists them, subset prefixes removed.

Usage::

    from pagecheck import near_empty_pages
    assert near_empty_pages(pdf) == []
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from conftest import require_tool

LINE_CM = 0.5  # a picture counts as one body line per this height
BAND = 0.075  # header and footer lie in the outer 7.5 % of the page height (body margins are wider)
BASELINE_PT = 3.0  # lines whose bottoms are this close stand on one visual line
XHTML = "{http://www.w3.org/1999/xhtml}"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class Line:
    """One text line as poppler finds it: its text and where it stands (points, top-left origin)."""

    text: str
    top: float
    bottom: float
    page_height: float

    @property
    def in_band(self) -> bool:
        return self.bottom < BAND * self.page_height or self.top > (1 - BAND) * self.page_height


def page_lines(pdf: Path) -> list[list[Line]]:
    """The text lines of every page (``pdftotext -bbox-layout``)."""
    xhtml = subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"],
                           capture_output=True, check=True, text=True).stdout
    pages = []
    for page in ET.fromstring(xhtml).iter(f"{XHTML}page"):
        height = float(page.get("height"))
        lines = [Line(" ".join(w.text or "" for w in line.iter(f"{XHTML}word")), float(line.get("yMin")),
                      float(line.get("yMax")), height) for line in page.iter(f"{XHTML}line")]
        pages.append(lines)
    return pages


def _shape(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text)


def body_lines(pdf: Path) -> list[list[str]]:
    """Each page's visual body lines (their texts joined), without header, footer and watermark."""
    pages = page_lines(pdf)
    banded = Counter(shape for lines in pages for shape in {_shape(x) for x in lines if x.in_band})
    out = []
    for lines in pages:
        body = [x for x in lines if len(x.text.replace(" ", "")) > 1
                and not (x.in_band and banded[_shape(x)] >= 2)]
        rows: list[list[Line]] = []
        for line in sorted(body, key=lambda x: x.bottom):
            if rows and line.bottom - rows[-1][0].bottom < BASELINE_PT:
                rows[-1].append(line)
            else:
                rows.append([line])
        out.append([" | ".join(x.text for x in row) for row in rows])
    return out


def picture_heights(pdf: Path) -> dict[int, float]:
    """Page → the summed drawn height (cm) of the raster pictures on it (``pdfimages -list``)."""
    listing = subprocess.run([require_tool("pdfimages"), "-list", str(pdf)], capture_output=True, check=True,
                             text=True).stdout.splitlines()[2:]
    heights: dict[int, float] = {}
    for row in listing:
        cols = row.split()
        if len(cols) < 14 or cols[2] not in ("image", "stencil") or cols[13] in ("0", "-"):
            continue
        page, height, y_ppi = int(cols[0]), int(cols[4]), float(cols[13])
        heights[page] = heights.get(page, 0.0) + height / y_ppi * 2.54
    return heights


def near_empty_pages(pdf: Path, min_lines: int = 4) -> list[tuple[int, list[str]]]:
    """(page, its body lines) of every page but the last with fewer than ``min_lines`` lines."""
    pages = body_lines(pdf)
    pictures = picture_heights(pdf)
    holes = []
    for number, lines in enumerate(pages[:-1], 1):
        if len(lines) + int(pictures.get(number, 0.0) / LINE_CM) < min_lines:
            holes.append((number, lines))
    return holes


def page_count(pdf: Path) -> int:
    info = subprocess.run([require_tool("pdfinfo"), str(pdf)], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_fonts(pdf: Path) -> list[str]:
    """Font names as ``pdffonts`` lists them, without the ``ABCDEF+`` subset prefix."""
    rows = subprocess.run([require_tool("pdffonts"), str(pdf)], capture_output=True, check=True,
                          text=True).stdout.splitlines()[2:]
    return sorted({re.sub(r"^[A-Z]{6}\+", "", row.split()[0]) for row in rows if row.strip()})


_EDGE_PUNCT = "\"'„“”‚‘’«»()[]{}.,;:!?*…،፣።"


def _plain(text: str) -> str:
    """Text without soft hyphens, with format characters (bidi marks and isolates) as spaces and
    Arabic presentation forms as their letters (NFKC)."""
    text = text.replace("\u00ad", "")
    return unicodedata.normalize("NFKC", "".join(" " if unicodedata.category(c) == "Cf" else c for c in text))


def text_words(text: str) -> list[str]:
    """The words of a text as a reader sees them: format characters and edge punctuation removed."""
    return [w.strip(_EDGE_PUNCT) for w in _plain(text).split()]


def _docx_cells_and_words(docx: Path) -> tuple[set[str], Counter[str], dict[str, tuple[str, str]]]:
    """The words (two letters or more) of every table cell, how often each stands in cells, and
    each word that ends in a hyphen joined to the word after it („Aufenthaltsoder“ → „Aufenthalts-“,
    „oder“: what a break at that hyphen becomes once the lines are joined)."""
    from docx import Document

    doc = Document(str(docx))
    counts: Counter[str] = Counter()
    joins: dict[str, tuple[str, str]] = {}
    for cell in doc.element.body.iter(f"{{{W}}}tc"):
        for paragraph in cell.iter(f"{{{W}}}p"):
            text = "".join(t.text or "" if t.tag == f"{{{W}}}t" else "-" if t.tag == f"{{{W}}}noBreakHyphen" else " "
                           for t in paragraph.iter(f"{{{W}}}t", f"{{{W}}}noBreakHyphen", f"{{{W}}}br",
                                                   f"{{{W}}}cr", f"{{{W}}}tab"))  # line breaks part words
            words = text_words(text)
            counts.update(w for w in words if len(w) > 1 and any(c.isalpha() for c in w))
            for w, after in pairwise(words):
                if w.endswith("-") and after:
                    joins[w[:-1] + after] = (w, after)
    return set(counts), counts, joins


def table_words(docx: Path) -> set[str]:
    """Every word (two letters or more) of every table cell of a DOCX, as python-docx reads it."""
    return _docx_cells_and_words(docx)[0]


ETHIOPIC = "\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f"


def broken_words(docx: Path, pdf: Path) -> list[str]:
    """The table words of ``docx`` that do not come out whole in ``pdf`` (its rendering) as often
    as the DOCX's cells have them. Lines that end at a hyphen are joined first (a break at a
    hyphen, the word's own or hyphenation's, is allowed). A word counts as whole as a token of its
    own (hyphens aside); right-to-left words (present at least once) also
    in poppler's visual (reversed) order and without their vowel marks; and a break at a hyphen
    (poppler joins „ESF-“ + „Förderung“ into „ESFFörderung“; a soft hyphen's break comes out
    whole; „Aufenthalts-“ broken before „oder“ comes out as „Aufenthaltsoder“). A break without
    hyphen („Priorit|ät“) leaves both halves as other tokens."""
    cells, counts, joins = _docx_cells_and_words(docx)
    text = subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          check=True, text=True).stdout
    joined = re.sub(r"[-\u2010\u00ad][ \t]*\n[ \t]*|\n[ \t]*-", "", text)  # lines broken at a hyphen, joined
    tokens: Counter[str] = Counter()
    for token in text_words(joined):
        tokens.update({token, token.replace("-", ""), _bare(token)})
    for line in joined.splitlines():  # a font change inside a word (digits in Noto Sans, a Tigrinya suffix
        words = text_words(line)  # „ን“ in Noto Sans Ethiopic) comes out as two tokens on one line
        tokens.update(a + b for a, b in zip(words, words[1:], strict=False)
                      if a[-1:].isdigit() and re.match(f"[{ETHIOPIC}]", b))
    for both, (before, after) in joins.items():  # a line ending at a word's own hyphen: two words
        tokens[before] += tokens[both]
        tokens[after] += tokens[both]

    def found(w: str) -> int:
        return max(tokens[v] for v in {w, w[::-1], w.replace("-", ""), _bare(w), _bare(w)[::-1]})
    return sorted(w for w in cells if found(w) < (1 if _rtl(w) else counts[w]))


def _rtl(word: str) -> bool:
    """Right-to-left words: poppler's visual order mixes their occurrences with the neighbouring
    runs, so only their presence is checked (not how often)."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in word)


def _bare(word: str) -> str:
    """The word without combining marks (poppler's visual order puts Arabic vowel marks apart)."""
    return "".join(c for c in word if not unicodedata.combining(c))
