"""Tables in the DOCX, finished after composition.

- Column widths come from the content, measured with the fonts' advance widths: no column is
  narrower than its longest word (so Word and LibreOffice never break „Priorität“ inside the
  word), the rest of the width goes where the text is (the automatic table layout of CSS 2.1,
  §17.5.2.2). Tables whose widths the content sets keep those proportions where the words fit.
- Fact sheets (the „Key Value Table“ style) stay in one piece with their heading and the
  paragraphs between (keep with next); a header row stays with the first row; rows never split
  (``docx_layout``).
- Accessibility: the header row is flagged in ``w:tblLook`` as well as ``w:tblHeader``; every
  table has ``w:tblCaption`` (its caption, else the heading it stands under) and
  ``w:tblDescription`` (the caption with its column heads or row keys).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from lxml import etree

from ikon_report.render.docx_fonts import element
from ikon_report.render.font_subset import font_faces, regular
from ikon_report.render.run_fonts import StyleFonts

KEYVALUE = "KeyValueTable"
BREAK_AFTER = frozenset("-–—/\u00ad\u200b")  # a line may break after these inside a word
TWIPS_PER_PT = 20
SLACK = 1.04  # measured widths ignore kerning and shaping; a little room for them
_AFTER_LOOK = ("w:tblCaption", "w:tblDescription", "w:tblPrChange")


@lru_cache(maxsize=32)
def _advances(path: Path) -> tuple[dict[str, int], int]:
    font = TTFont(str(path), lazy=True)
    metrics, cmap = font["hmtx"].metrics, font.getBestCmap()
    return {chr(cp): metrics[name][0] for cp, name in cmap.items()}, font["head"].unitsPerEm


@dataclass
class Measure:
    """Text widths in points for the document's faces."""

    faces: dict[str, dict[str, Path]]
    fonts: StyleFonts

    def char_widths(self, run: etree._Element, size: float, bold: bool) -> list[tuple[str, float]]:
        family = self.fonts.font(run, "w:ascii") or ""
        rpr = run.find(qn("w:rPr"))
        bold = bold or (rpr is not None and _on(rpr.find(qn("w:b"))))
        italic = rpr is not None and _on(rpr.find(qn("w:i")))
        files = self.faces.get(family)
        if not files:
            return [(c, size * 0.6) for c in _run_text(run)]
        path = files.get(("Bold" if bold else "") + ("Italic" if italic else "") or "Regular") or regular(files)
        advances, upm = _advances(path)
        return [(c, advances.get(c, upm // 2) * size / upm) for c in _run_text(run)]


def _on(prop: etree._Element | None) -> bool:
    return prop is not None and prop.get(qn("w:val"), "true") not in ("0", "false", "off")


RUN_CHARS = {qn("w:tab"): " ", qn("w:noBreakHyphen"): "\u2011"}  # what other run children stand for


def _run_text(run: etree._Element) -> str:
    return "".join(t.text or "" if t.tag == qn("w:t") else RUN_CHARS[t.tag] for t in run
                   if t.tag == qn("w:t") or t.tag in RUN_CHARS)


def _cell_widths(cell: etree._Element, measure: Measure, size: float, bold: bool) -> tuple[float, float, float]:
    """(longest unbreakable piece, longest piece no hyphenation can split, longest paragraph) of a
    cell in points: a word of letters may be hyphenated when a table is too narrow for its words,
    an id or number may not."""
    longest_piece = longest_hard = longest_line = 0.0
    for paragraph in cell.iter(qn("w:p")):
        chars = [cw for run in paragraph.iter(qn("w:r")) for cw in measure.char_widths(run, size, bold)]
        line = piece = 0.0
        letters = True
        for char, width in chars:
            line += width
            if char.isspace():
                piece, letters = 0.0, True
                continue
            piece += width
            letters = letters and char.isalpha()
            longest_piece = max(longest_piece, piece + (width if char == "\u00ad" else 0.0))
            if not letters:
                longest_hard = max(longest_hard, piece)
            if char in BREAK_AFTER:
                piece, letters = 0.0, True
        longest_line = max(longest_line, line)
    return longest_piece * SLACK, longest_hard * SLACK, longest_line * SLACK


def _style_value(doc: DocxDocument, style_id: str | None, path: str) -> str | None:
    styles = {s.get(qn("w:styleId")): s for s in doc.styles.element.iter(qn("w:style"))}
    seen: set[str] = set()
    while style_id is not None and style_id in styles and style_id not in seen:
        seen.add(style_id)
        found = styles[style_id].find(path)
        if found is not None:
            return found.get(qn("w:w")) or found.get(qn("w:val"))
        based = styles[style_id].find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return None


def _sections(body: etree._Element) -> Iterator[tuple[etree._Element, float]]:
    """Every top-level table with the text width (points) of the section it stands in."""
    pending: list[etree._Element] = []
    for child in body:
        if child.tag == qn("w:tbl"):
            pending.append(child)
            continue
        sect = child if child.tag == qn("w:sectPr") else child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if sect is None:
            continue
        size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
        if size is None or margins is None:
            continue
        width = int(size.get(qn("w:w"), "0")) - sum(int(margins.get(qn(k), "0")) for k in ("w:left", "w:right"))
        for table in pending:
            yield table, width / TWIPS_PER_PT
        pending = []


def fit_columns(mins: list[float], maxes: list[float], total: float,
                preferred: list[float] | None = None) -> list[float]:
    """Column widths summing to ``total``: ``preferred`` proportions where every column keeps its
    minimum, else the automatic layout (minimums first, the rest by the columns' wish for more)."""
    if preferred:
        scale = total / sum(preferred)
        wanted = [p * scale for p in preferred]
        if all(w >= m for w, m in zip(wanted, mins, strict=True)):
            return wanted
        short = [max(m, w) for w, m in zip(wanted, mins, strict=True)]
        extra = sum(short) - total
        slack = [s - m for s, m in zip(short, mins, strict=True)]
        if extra <= sum(slack):
            return [s - extra * sl / sum(slack) if sum(slack) else s for s, sl in zip(short, slack, strict=True)]
    if sum(maxes) <= total:
        return [x + (total - sum(maxes)) * x / sum(maxes) if sum(maxes) else total / len(maxes) for x in maxes]
    if sum(mins) <= total:
        room = [x - m for x, m in zip(maxes, mins, strict=True)]
        return [m + (total - sum(mins)) * r / sum(room) for m, r in zip(mins, room, strict=True)]
    return [m * total / sum(mins) for m in mins]


def complete_tables(doc: DocxDocument, dirs: tuple[Path, ...]) -> None:
    """Widths, style ids, keep-together and descriptions of every table (see the module text)."""
    _style_ids(doc)
    measure = Measure(font_faces(dirs), StyleFonts(doc))
    for table, width in _sections(doc.element.body):
        _widths(doc, table, width, measure)
        _describe(table)
        if _style_of(table) == KEYVALUE:
            _keep_with_heading(table)
        rows = _rows(table)
        if len(rows) > 1 and _is_header(rows[0]):  # a header row never ends a page alone (LibreOffice
            for paragraph in rows[0].iter(qn("w:p")):  # drops the rows after such a page)
                _keep_next(paragraph)


def _style_ids(doc: DocxDocument) -> None:
    """pandoc writes a table's ``custom-style`` name where Word wants the style id."""
    ids = {s.find(qn("w:name")).get(qn("w:val")): s.get(qn("w:styleId"))
           for s in doc.styles.element.iter(qn("w:style")) if s.find(qn("w:name")) is not None}
    for style in doc.element.body.iter(qn("w:tblStyle")):
        if style.get(qn("w:val")) in ids:
            style.set(qn("w:val"), ids[style.get(qn("w:val"))])


def _style_of(table: etree._Element) -> str | None:
    style = table.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def _rows(table: etree._Element) -> list[etree._Element]:
    return table.findall(qn("w:tr"))


def _is_header(row: etree._Element) -> bool:
    return row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def _widths(doc: DocxDocument, table: etree._Element, width: float, measure: Measure) -> None:
    grid = table.find(qn("w:tblGrid"))
    if grid is None:
        return
    cols = grid.findall(qn("w:gridCol"))
    style = _style_of(table)
    size = int(_style_value(doc, style, f"{qn('w:rPr')}/{qn('w:sz')}") or 21) / 2
    margin = sum(int(_style_value(doc, style, f"{qn('w:tblPr')}/{qn('w:tblCellMar')}/{qn(side)}") or 108)
                 for side in ("w:left", "w:right")) / TWIPS_PER_PT
    mins, hards, maxes = [margin] * len(cols), [margin] * len(cols), [margin] * len(cols)
    for row in _rows(table):
        cells = row.findall(qn("w:tc"))
        if len(cells) != len(cols):  # merged cells: their widths follow the others
            continue
        for i, cell in enumerate(cells):
            low, hard, high = _cell_widths(cell, measure, size, _is_header(row))
            mins[i], maxes[i] = max(mins[i], low + margin), max(maxes[i], high + margin)
            hards[i] = max(hards[i], hard + margin)
    if sum(mins) > width and sum(hards) <= width:  # too narrow for its words: only words of letters
        room = [m - h for m, h in zip(mins, hards, strict=True)]  # give way (Word, LibreOffice hyphenate)
        mins = [h + (width - sum(hards)) * r / sum(room) for h, r in zip(hards, room, strict=True)]
    table_width = table.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
    explicit = table_width is not None and table_width.get(qn("w:type")) == "pct"
    preferred = [float(c.get(qn("w:w"), "0")) for c in cols] if explicit else None
    result = fit_columns(mins, maxes, width, preferred)
    twips = [round(w * TWIPS_PER_PT) for w in result]
    for col, value in zip(cols, twips, strict=True):
        col.set(qn("w:w"), str(value))
    for row in _rows(table):
        start = 0
        for cell in row.findall(qn("w:tc")):
            span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            n = int(span.get(qn("w:val"), "1")) if span is not None else 1
            _cell_width(cell, sum(twips[start:start + n]))
            start += n


def _cell_width(cell: etree._Element, twips: int) -> None:
    tcpr = cell.find(qn("w:tcPr"))
    if tcpr is None:
        tcpr = element("w:tcPr")
        cell.insert(0, tcpr)
    for old in tcpr.findall(qn("w:tcW")):
        tcpr.remove(old)
    tcpr.insert(0, element("w:tcW", w_w=str(twips), w_type="dxa"))


def _text(node: etree._Element) -> str:
    return "".join(t.text or "" for t in node.iter(qn("w:t"))).strip()


def _describe(table: etree._Element) -> None:
    tblpr = table.find(qn("w:tblPr"))
    if tblpr is None:
        return
    rows = _rows(table)
    header = bool(rows) and _is_header(rows[0])
    look = tblpr.find(qn("w:tblLook"))
    if look is None:
        look = element("w:tblLook")
        later = [c for c in tblpr if c.tag in {qn(t) for t in _AFTER_LOOK}]
        if later:
            later[0].addprevious(look)
        else:
            tblpr.append(look)
    look.set(qn("w:firstRow"), "1" if header else "0")
    flags = int(look.get(qn("w:val"), "0"), 16) & ~0x0020 | (0x0020 if header else 0)
    look.set(qn("w:val"), f"{flags:04X}")
    caption_node = tblpr.find(qn("w:tblCaption"))
    caption = caption_node.get(qn("w:val")) if caption_node is not None else _heading_before(table)
    if not caption:
        return
    if caption_node is None:
        caption_node = element("w:tblCaption", w_val=caption[:255])
        look.addnext(caption_node)
    firsts = [r.find(qn("w:tc")) for r in rows]
    labels = [_text(c) for c in rows[0].findall(qn("w:tc"))] if header else [_text(c) for c in firsts if c is not None]
    shown = " · ".join(x for x in labels if x)
    description = f"{caption} ({shown})" if shown else caption
    for old in tblpr.findall(qn("w:tblDescription")):
        tblpr.remove(old)
    caption_node.addnext(element("w:tblDescription", w_val=description[:1000]))


def _heading_before(table: etree._Element) -> str | None:
    for node in table.itersiblings(preceding=True):
        style = node.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val"), "").startswith("Heading"):
            return _text(node) or None
    return None


def _keep_with_heading(table: etree._Element) -> None:
    """The table in one piece, and together with the paragraphs back to its heading."""
    rows = _rows(table)
    for row in rows[:-1]:
        for paragraph in row.iter(qn("w:p")):
            _keep_next(paragraph)
    for node in table.itersiblings(preceding=True):
        if node.tag != qn("w:p"):
            break
        _keep_next(node)
        style = node.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val"), "").startswith("Heading"):
            break


def _keep_next(paragraph: etree._Element) -> None:
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = element("w:pPr")
        paragraph.insert(0, ppr)
    if ppr.find(qn("w:keepNext")) is None:
        style = ppr.find(qn("w:pStyle"))
        keep = element("w:keepNext")
        if style is not None:
            style.addnext(keep)
        else:
            ppr.insert(0, keep)
