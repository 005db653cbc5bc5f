"""What a workbook may hold, in one place (documented in docs/limits.md).

``CELL_MAX`` is Excel's own limit: a cell holds at most 32,767 characters, counted as Excel
counts them (UTF-16 code units: a character outside the Basic Multilingual Plane, e.g. an emoji,
counts twice). openpyxl cuts longer text silently, so we never hand it any.
"""

from __future__ import annotations

from ikon_report.exchange.archive import MiB, ZipLimits

CELL_MAX = 32_767  # characters per cell (Excel)
MAX_ROWS = 20_000  # services per workbook (a Köln-sized city has about 3,000)
MAX_COLUMNS = 250  # 21 fixed columns and three per translation language (title, description, keywords)
XLIFF_BYTES = 50 * MiB  # one XLIFF file (translations import); a 45-service catalogue in one language: ~50 KiB
WORKBOOK = ZipLimits(file=50 * MiB, part=64 * MiB, total=256 * MiB, members=1000, ratio=100)


def excel_length(text: str) -> int:
    """The length of ``text`` as Excel counts it (UTF-16 code units)."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF) if not text.isascii() else len(text)


def split_cell(text: str, limit: int = CELL_MAX) -> list[str]:
    """``text`` in pieces that each fit a cell; joined they are ``text`` again."""
    if excel_length(text) <= limit:
        return [text]
    pieces, start, units = [], 0, 0
    for index, char in enumerate(text):
        width = 2 if ord(char) > 0xFFFF else 1
        if units + width > limit:
            pieces.append(text[start:index])
            start, units = index, 0
        units += width
    pieces.append(text[start:])
    return pieces
