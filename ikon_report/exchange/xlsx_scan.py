"""Check every sheet of an untrusted .xlsx against the row and column limits before openpyxl reads it.

openpyxl, even in read-only mode, parses a sheet without a ``<dimension>`` element to its end just
to learn its size, and holds a whole row in memory before handing it out. This scan streams each
sheet's XML with the C parser (DTDs and entities refused), looking only at element starts, and stops
at the first row beyond ``MAX_ROWS`` or cell beyond Excel's last column: a row bomb or a value in
XFD1048576 is rejected after a few thousand elements, not after the whole file.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from typing import IO

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from openpyxl.utils import column_index_from_string, get_column_letter

from ikon_report.errors import Problem
from ikon_report.exchange.limits import MAX_COLUMNS, MAX_ROWS

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
EXCEL_COLUMNS = 16_384  # XFD
_REF = re.compile(r"([A-Za-z]{1,3})(\d+)$")
LIMITS = (f"at most {MAX_ROWS:,} services (rows 2 to {MAX_ROWS + 1:,}) and {MAX_COLUMNS} columns (up to "
          f"{get_column_letter(MAX_COLUMNS)}) are read; delete what lies beyond (docs/limits.md)")


def scan_sheets(archive: zipfile.ZipFile, book: str) -> list[Problem]:
    """The problem (at ``BOOK:Sheet!A1``) of the first sheet that breaks a limit; [] if none does."""
    for name, member in _sheets(archive):
        where = f"{book}:{name}"
        try:
            with archive.open(member) as stream:
                problem = _scan(stream, where)
        except (SafeET.ParseError, DefusedXmlException, zipfile.BadZipFile, OSError, EOFError) as exc:
            return [Problem(where, 0, "error", f"the sheet cannot be read ({type(exc).__name__}: {exc})")]
        if problem:
            return [problem]
    return []


def _sheets(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, member) of each worksheet, from the workbook part and its relationships."""
    try:
        book = SafeET.fromstring(archive.read("xl/workbook.xml"), forbid_dtd=True)
        rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
    except (KeyError, SafeET.ParseError, DefusedXmlException):
        return []  # openpyxl reports a workbook it cannot open
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(PKG + "Relationship")}
    out = []
    for sheet in book.iter(MAIN + "sheet"):
        target = targets.get(sheet.get(REL + "id"), "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        if member in archive.NameToInfo:
            out.append((sheet.get("name", "?"), member))
    return out


def _scan(stream: IO[bytes], where: str) -> Problem | None:
    row = 0
    cells = 0
    for event, elem in SafeET.iterparse(stream, events=("start", "end"), forbid_dtd=True):
        tag = elem.tag
        if event == "end":
            if tag == MAIN + "row":
                elem.clear()
            continue
        if tag == MAIN + "dimension":
            last = (elem.get("ref") or "").split(":")[-1]
            if (match := _REF.match(last)) and _beyond(int(match.group(2)), column_index_from_string(
                    match.group(1).upper()) if len(match.group(1)) <= 3 else EXCEL_COLUMNS + 1):
                return Problem(where, int(match.group(2)), "error", f"the sheet's used range reaches "
                               f"{last.upper()}; {LIMITS}", match.group(1).upper())
        elif tag == MAIN + "row":
            row = _number(elem.get("r"), row + 1)
            cells = 0
            if row > MAX_ROWS + 1:
                return Problem(where, row, "error", f"the sheet goes on beyond row {MAX_ROWS + 1:,}; {LIMITS}", "A")
        elif tag == MAIN + "c":
            cells += 1
            match = _REF.match(elem.get("r") or "")
            column = column_index_from_string(match.group(1).upper()) if match else cells
            if column > EXCEL_COLUMNS or cells > EXCEL_COLUMNS:
                return Problem(where, row, "error", f"this row has more cells than an Excel row has "
                               f"({EXCEL_COLUMNS:,}); {LIMITS}", "A")
    return None


def _beyond(row: int, column: int) -> bool:
    return row > MAX_ROWS + 1 or column > MAX_COLUMNS


def _number(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() and len(text) < 10 else default
