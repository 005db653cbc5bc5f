"""Official figures for the Ausgangslage: a statistic's table from YAML ``values`` or from a CSV
file as German statistical offices publish it (``;`` between values, decimal comma, ``.`` as
thousands separator, ``-`` for nothing, ``.``/``x``/``…`` for unknown or secret).

The CSV file lies below ``data/`` (every file there is a build input). Its layout: ``skip_lines``
lines of preamble, then the header line (the label column's heading, then one heading per column),
then one line per row (its label, then its values) up to the first empty line; what follows an
empty line is footnotes and is not read. Every problem names ``file.csv:LINE``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from ikon_report.errors import Problem
from ikon_report.project import limits
from ikon_report.project.images import inside
from ikon_report.project.model import Statistic, StatValue
from ikon_report.project.sources import read_text

NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
UNKNOWN = {".", "x", "…", "...", "/"}  # Zahlenwert unbekannt, geheim, nicht sinnvoll, nicht sicher genug
NOTHING = {"-", "–"}  # genau null („nichts vorhanden“)


def parse_value(text: str) -> StatValue:
    """One cell: ``1.234`` → 1234, ``12,5`` → 12.5, ``-`` → 0, ``.`` → None; ValueError otherwise."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    if text in NOTHING:
        return 0
    if text in UNKNOWN:
        return None
    if not NUMBER.fullmatch(text):
        raise ValueError(f"'{text}' is not a number in German notation (1.234 or 12,5; '-' for none, "
                         "'.' for unknown)")
    digits = text.replace(".", "")
    return float(digits.replace(",", ".")) if "," in digits else int(digits)


def _err(path: str, line: int, stat: Statistic, message: str) -> Problem:
    return Problem(path, line, "error", f"statistic {stat.id}: {message}")


def read_statistic(stat: Statistic, root: Path, files: list[Path]) -> list[Problem]:
    """Fill ``stat`` from its CSV file (if it names one) and check the table's shape."""
    src = stat.src
    at = (src.path, src.line_of("csv")) if src else ("ikon.yaml", 1)
    if stat.csv is None:
        if not stat.values:
            return [_err(at[0], src.line if src else 1, stat, "has neither 'values' nor 'csv'; give the "
                         "figures as 'values' (one list per row) or name a CSV file below data/")]
        return _shape(stat, src.path if src else at[0], src.line_of("values") if src else 1)
    if stat.values or stat.rows or stat.columns:
        return [_err(*at, stat, "gives 'csv' and 'rows'/'columns'/'values'; the CSV file has them, remove "
                     "the others")]
    file = root / stat.csv
    if not stat.csv.endswith(".csv") or not stat.csv.startswith("data/") or not inside(file, root / "data"):
        return [_err(*at, stat, f"'csv: {stat.csv}' must name a .csv file below data/ of this project "
                     "(e.g. data/statistik/bevoelkerung.csv)")]
    if not file.is_file():
        return [_err(*at, stat, f"the file '{stat.csv}' does not exist")]
    problems: list[Problem] = []
    text = read_text(file, stat.csv, problems, limits.YAML_FILE_BYTES, "split the table into several files")
    if text is None:
        return problems
    files.append(file)
    return _from_csv(stat, stat.csv, text)


def _from_csv(stat: Statistic, rel: str, text: str) -> list[Problem]:
    lines = text.split("\n")
    header_at = stat.skip_lines + 1
    if len(lines) < header_at or not lines[header_at - 1].strip():
        return [_err(rel, min(header_at, len(lines)), stat, f"no header line at line {header_at} (after "
                     f"skip_lines: {stat.skip_lines}); the header names the label column, then each column")]
    reader = csv.reader(lines[header_at - 1:], delimiter=";", quotechar='"')
    problems: list[Problem] = []
    header = [cell.strip() for cell in next(reader)]
    while header and not header[-1]:
        header.pop()
    if len(header) < 2:
        return [_err(rel, header_at, stat, "the header line has fewer than two values; values are separated "
                     "by ';' (a file with ',' between values is not a German CSV: save it with ';')")]
    rows, values = [], []
    for offset, cells in enumerate(reader, start=1):
        line = header_at + offset
        if not any(c.strip() for c in cells):
            break  # footnotes follow
        cells = [c.strip() for c in cells]
        while len(cells) > len(header) and not cells[-1]:
            cells.pop()
        if len(cells) != len(header):
            problems.append(_err(rel, line, stat, f"{len(cells)} values where the header has {len(header)} "
                                 f"({header[0] or 'label'}; {'; '.join(header[1:])})"))
            continue
        row: list[StatValue] = []
        for column, cell in zip(header[1:], cells[1:], strict=True):
            try:
                row.append(parse_value(cell))
            except ValueError as exc:
                problems.append(_err(rel, line, stat, f"column '{column}': {exc}"))
        rows.append(cells[0])
        values.append(row)
    if not rows and not problems:
        problems.append(_err(rel, header_at + 1, stat, "the file has a header but no rows"))
    if not problems:
        stat.rows, stat.columns, stat.values = rows, header[1:], values
        stat.row_label = stat.row_label or header[0] or None
    return problems


def _shape(stat: Statistic, path: str, line: int) -> list[Problem]:
    """Rows × columns as the labels say."""
    columns = len(stat.columns)
    if not columns or not stat.rows:
        return [_err(path, line, stat, "gives 'values' without 'rows' and 'columns'; name the row labels and "
                     "the column headings (one column: columns: [Anzahl])")]
    problems = []
    if len(stat.values) != len(stat.rows):
        problems.append(_err(path, line, stat, f"{len(stat.values)} rows of values for {len(stat.rows)} row labels "
                             "('rows')"))
    for index, row in enumerate(stat.values):
        if len(row) != columns:
            problems.append(_err(path, stat.src.line_of("values", index) if stat.src else line, stat,
                                 f"row {index + 1} has {len(row)} values for {columns} column(s)"))
    return problems
