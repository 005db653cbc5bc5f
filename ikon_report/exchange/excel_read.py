"""Reading the services workbook back (``services import``): streamed, within limits, and every row
checked by the same code as ``data/services.yaml``.

The sheet is read with openpyxl in read-only mode, row by row as the file holds them (never padded
to the size the file claims), after the archive passed the checks in ``archive.py`` and every sheet
the row and cell checks in ``xlsx_scan.py`` (which stop a row bomb early). Limits
(``limits.py``, docs/limits.md): ``MAX_ROWS`` services, ``MAX_COLUMNS`` columns, ``CELL_MAX``
characters per cell; anything beyond is an error naming the cell. A formula is an error too
(its value would be whatever the last program to save the file computed, or nothing).

A row becomes the mapping a YAML file would hold, with positions (``excel_records``); then
``project/validate`` checks each row (``record``) and the project with the workbook's services
(``recheck``): a mistake gets the message it gets in YAML, at its cell
(``angebote.xlsx:Angebote!H5: error: service S-01: …``). All problems are reported at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from ikon_report.errors import Problem
from ikon_report.exchange.archive import UnsafeDocument, open_zip
from ikon_report.exchange.excel import BASE, HELP, SHEET, Col, SheetProblems, columns
from ikon_report.exchange.excel_records import REQUIRED, lookup, row_record, services_of, text
from ikon_report.exchange.hours_cell import hours_problem
from ikon_report.exchange.limits import CELL_MAX, MAX_COLUMNS, WORKBOOK, excel_length
from ikon_report.exchange.xlsx_scan import LIMITS, scan_sheets
from ikon_report.project.model import IkonProject, Service


def read_workbook(file: Path, project: IkonProject) -> list[Service]:
    """The services in ``file``; raises ``SheetProblems`` listing every problem with its cell."""
    try:
        return _read_file(file, project)
    except SheetProblems as exc:
        exc.workbook = file
        raise


def _read_file(file: Path, project: IkonProject) -> list[Service]:
    try:
        archive = open_zip(file, WORKBOOK, "readable Excel workbook (.xlsx)")[0]
    except UnsafeDocument as exc:
        raise SheetProblems([Problem(file.name, 0, "error", f"rejected: {exc.reason}")]) from exc
    with archive:
        if problems := scan_sheets(archive, file.name):
            raise SheetProblems(problems)
    try:
        wb = load_workbook(file, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken or foreign file
        raise SheetProblems([Problem(file.name, 0, "error", f"not a readable Excel workbook (.xlsx): {exc}")]) from exc
    try:
        if SHEET not in wb.sheetnames:
            raise SheetProblems([Problem(file.name, 0, "error", f"no sheet '{SHEET}' (export one with "
                                         "'ikon-report services export')")])
        return _read(_rows(wb[SHEET], f"{file.name}:{SHEET}"), project, f"{file.name}:{SHEET}")
    finally:
        wb.close()


def _rows(ws: ReadOnlyWorksheet, where: str) -> Iterator[tuple[int, tuple]]:
    """(row number, cells) as the file holds them; ``SheetProblems`` at a value beyond the last column."""
    ws.reset_dimensions()  # read the cells that are there, not a grid of the size the file claims
    cells: Iterator[tuple] = ws.iter_rows()  # type: ignore[misc]  # the stubs give it Worksheet's self type
    for r, row in enumerate(cells, start=1):  # rows beyond MAX_ROWS: refused by scan_sheets
        if len(row) > MAX_COLUMNS:
            beyond = next((cell for cell in row[MAX_COLUMNS:] if cell.value is not None), None)
            if beyond is not None:
                last = get_column_letter(MAX_COLUMNS)
                raise SheetProblems([Problem(where, r, "error", f"a value beyond column {last}; {LIMITS}",
                                             get_column_letter(beyond.column))])
            row = row[:MAX_COLUMNS]
        yield r, row


def _read(rows: Iterator[tuple[int, tuple]], project: IkonProject, where: str) -> list[Service]:
    mapping, problems = _header(next(rows, (1, ()))[1], columns(project), where)
    if any(p.line == 1 and p.message.startswith("missing column") for p in problems):
        raise SheetProblems(problems)  # every row would fail: report the columns only
    records, skipped = [], set()
    for r, row in rows:
        values, found = _values(r, row, mapping, where)
        if values is None:
            continue
        if found:  # a formula or an over-long cell: the row is not read
            problems += found
            skipped.add(text(values[_column_of(mapping, "id") - 1]) if _column_of(mapping, "id") <= len(values)
                        else None)
            continue
        records.append(row_record(r, values, mapping, where))
        problems += _hours_problems(r, values, mapping, where)  # the row is read too: its other mistakes count
    services, found = services_of(records, project, {ident for ident in skipped if ident})
    if problems or found:
        raise SheetProblems(problems + found)
    return services


def _hours_problems(r: int, values: list[object], mapping: dict[int, Col], where: str) -> list[Problem]:
    """An opening-hours cell that looks like hours but is not in the cell's form: an error, not a note."""
    out = []
    for idx, col in mapping.items():
        cell = text(values[idx - 1]) if col.kind == "hours" and idx <= len(values) else None
        why = hours_problem(cell) if cell is not None else None
        if why:
            out.append(Problem(where, r, "error", f"{col.header}: {why}", get_column_letter(idx)))
    return out


def _column_of(mapping: dict[int, Col], key: str) -> int:
    return next((i for i, c in mapping.items() if c.key == key), 1)


def _header(row: tuple, cols: list[Col], where: str) -> tuple[dict[int, Col], list[Problem]]:
    """Column number → column, from the header row, and what is wrong with it."""
    mapping: dict[int, Col] = {}
    problems: list[Problem] = []
    for idx, cell in enumerate(row, start=1):
        if cell.value is None or not str(cell.value).strip():
            continue
        col, letter = lookup(cell.value, cols), get_column_letter(idx)
        if cell.data_type == "f":
            problems.append(Problem(where, 1, "error", "a formula is no column name; type the name itself", letter))
        elif col is None:
            problems.append(Problem(where, 1, "error", f"unknown column {str(cell.value)!r}; see sheet '{HELP}'",
                                    letter))
        elif col.key in {c.key for c in mapping.values()}:
            problems.append(Problem(where, 1, "error", f"column {str(cell.value)!r} appears twice", letter))
        else:
            mapping[idx] = col
    present = {c.key for c in mapping.values()}
    after = get_column_letter(min(len(row), MAX_COLUMNS) + 1)  # where the missing column could go
    problems += [Problem(where, 1, "error", f"missing column '{c.header}'; add it to the header row", after)
                 for c in BASE if c.key in REQUIRED and c.key not in present]
    return mapping, problems


def _values(r: int, row: tuple, mapping: dict[int, Col], where: str) -> tuple[list[object] | None, list[Problem]]:
    """The row's values (None: an empty row) and its formulas and over-long texts."""
    values = [cell.value for cell in row]
    if all(text(v) is None for v in values):
        return None, []
    problems = []
    for idx, col in mapping.items():
        cell = row[idx - 1] if idx - 1 < len(row) else None
        if cell is None or cell.value is None:
            continue
        letter = get_column_letter(idx)
        if cell.data_type == "f":
            formula = getattr(cell.value, "text", cell.value)
            problems.append(Problem(where, r, "error", f"{col.header}: holds a formula ({formula}), not a value; type "
                                    "the value itself (or copy the cell and paste it as values only)", letter))
        elif isinstance(cell.value, str) and (length := excel_length(cell.value)) > CELL_MAX:
            problems.append(Problem(where, r, "error", f"{col.header}: {length:,} characters, more than the "
                                    f"{CELL_MAX:,} an Excel cell holds; shorten it", letter))
    return values, problems
