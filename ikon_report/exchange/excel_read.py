"""Reading the services workbook back (``services import``): streamed, within limits, every cell checked.

The sheet is read with openpyxl in read-only mode, row by row as the file holds them (never padded
to the size the file claims), after the archive passed the checks in ``archive.py`` and every sheet
the row and cell checks in ``xlsx_scan.py`` (which stop a row bomb early). Limits
(``limits.py``, docs/limits.md): ``MAX_ROWS`` services, ``MAX_COLUMNS`` columns, ``CELL_MAX``
characters per cell; anything beyond is an error naming the cell. A formula is an error too
(its value would be whatever the last program to save the file computed, or nothing). All
problems are collected and reported at once as ``Angebote!G5: message``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from pydantic import ValidationError

from ikon_report.exchange.archive import UnsafeDocument, open_zip
from ikon_report.exchange.excel import BASE, GENDERS, HELP, NO, SHEET, STATUSES, YES, Col, SheetProblems, columns
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
        raise SheetProblems([str(exc)]) from exc
    with archive:
        if problems := scan_sheets(archive):
            raise SheetProblems(problems)
    try:
        wb = load_workbook(file, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken or foreign file
        raise SheetProblems([f"{file.name}: not a readable Excel workbook (.xlsx): {exc}"]) from exc
    try:
        if SHEET not in wb.sheetnames:
            raise SheetProblems([f"{file.name}: no sheet '{SHEET}' (export one with 'ikon-report services export')"])
        return _read(_rows(wb[SHEET]), project)
    finally:
        wb.close()


def _rows(ws: ReadOnlyWorksheet) -> Iterator[tuple[int, tuple]]:
    """(row number, cells) as the file holds them; ``SheetProblems`` at a value beyond the last column."""
    ws.reset_dimensions()  # read the cells that are there, not a grid of the size the file claims
    cells: Iterator[tuple] = ws.iter_rows()  # type: ignore[misc]  # the stubs give it Worksheet's self type
    for r, row in enumerate(cells, start=1):  # rows beyond MAX_ROWS: refused by scan_sheets
        if len(row) > MAX_COLUMNS:
            beyond = next((cell for cell in row[MAX_COLUMNS:] if cell.value is not None), None)
            if beyond is not None:
                raise SheetProblems([f"{SHEET}!{beyond.coordinate}: a value beyond column "
                                     f"{get_column_letter(MAX_COLUMNS)}; {LIMITS}"])
            row = row[:MAX_COLUMNS]
        yield r, row


def _read(rows: Iterator[tuple[int, tuple]], project: IkonProject) -> list[Service]:
    cols = columns(project)
    problems: list[str] = []
    mapping = _header(next(rows, (1, ()))[1], cols, problems)
    present = {c.key for c in mapping.values()}
    missing = [f"{SHEET}!1:1: missing column '{c.header}'" for c in BASE if c.key in REQUIRED and c.key not in present]
    if missing:  # every row would fail: report the columns only
        raise SheetProblems(problems + missing)
    services: list[Service] = []
    id_cells: dict[str, list[str]] = {}
    for r, row in rows:
        before = len(problems)
        values = _values(r, row, mapping, problems)
        if values is None:
            continue
        service = _row(r, values, mapping, problems, before)
        if service is not None:
            services.append(service)
            id_cells.setdefault(service.id, []).append(f"{SHEET}!{_letter(mapping, 'id')}{r}")
    problems += _crosscheck(services, id_cells, mapping, project)
    if problems:
        raise SheetProblems(sorted(problems, key=_position))
    return services


def _header(row: tuple, cols: list[Col], problems: list[str]) -> dict[int, Col]:
    """Column number → column, from the header row."""
    mapping: dict[int, Col] = {}
    for idx, cell in enumerate(row, start=1):
        if cell.value is None or not str(cell.value).strip():
            continue
        col = _lookup(cell.value, cols)
        ref = f"{SHEET}!{get_column_letter(idx)}1"
        if cell.data_type == "f":
            problems.append(f"{ref}: a formula is no column name; type the name itself")
        elif col is None:
            problems.append(f"{ref}: unknown column {str(cell.value)!r}; see sheet '{HELP}'")
        elif col.key in {c.key for c in mapping.values()}:
            problems.append(f"{ref}: column {str(cell.value)!r} appears twice")
        else:
            mapping[idx] = col
    return mapping


def _values(r: int, row: tuple, mapping: dict[int, Col], problems: list[str]) -> list[object] | None:
    """The row's values (None: an empty row); formulas and over-long text are problems."""
    values = [cell.value for cell in row]
    if all(_text(v) is None for v in values):
        return None
    for idx, col in mapping.items():
        cell = row[idx - 1] if idx - 1 < len(row) else None
        if cell is None or cell.value is None:
            continue
        ref = f"{SHEET}!{get_column_letter(idx)}{r}"
        if cell.data_type == "f":
            formula = getattr(cell.value, "text", cell.value)
            problems.append(f"{ref}: {col.header}: holds a formula ({formula}), not a value; type the value itself "
                            "(or copy the cell and paste it as values only)")
            values[idx - 1] = None
        elif isinstance(cell.value, str) and (length := excel_length(cell.value)) > CELL_MAX:
            problems.append(f"{ref}: {col.header}: {length:,} characters, more than the {CELL_MAX:,} an Excel "
                            "cell holds; shorten it")
            values[idx - 1] = None
    return values


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _convert(col: Col, value: object) -> object:
    """The cell as model input; raises ValueError with a message for the user."""
    if col.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
    text = _text(value)
    if text is None:
        return None
    if col.kind == "int":
        if isinstance(value, bool) or not re.fullmatch(r"\d+(\.0+)?", text):
            raise ValueError(f"must be a whole number or empty, got {text!r}")
        return int(float(text))
    if col.kind == "bool":
        if isinstance(value, bool):
            return value
        if text.casefold() in ("ja", "j", "yes", "x", "1", "true", "wahr"):
            return True
        if text.casefold() in ("nein", "n", "no", "0", "false", "falsch"):
            return False
        raise ValueError(f"write '{YES}' or '{NO}', got {text!r}")
    if col.kind == "date":
        for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(f"must be a date such as 12.11.2019, got {text!r}")
    if col.kind in ("list", "status"):
        items = [x.strip() for x in re.split(r"[,;\n]", text) if x.strip()]
        return [_choice(col, x, STATUSES) for x in items] if col.kind == "status" else items
    if col.kind == "gender":
        return _choice(col, text, GENDERS)
    return text


def _choice(col: Col, text: str, choices: dict[str, str]) -> str:
    for key, label in choices.items():
        if text.casefold() in (key.casefold(), label.casefold()):
            return key
    raise ValueError(f"{text!r} is not one of: {'; '.join(choices.values())}")


REQUIRED = ("id", "title", "provider", "fields", "category", "description", "district", "address", "contact",
            "last_checked")
_TRANSLATION = re.compile(r"^(titel|beschreibung|schlagwörter|title|description|keywords)\s*\((\w{2,3})\)$", re.I)
_PARTS = {"titel": "title", "beschreibung": "description", "schlagwörter": "keywords"}


def _lookup(header: object, cols: list[Col]) -> Col | None:
    text = str(header).strip().casefold()
    for col in cols:
        if text in (col.header.casefold(), col.key.casefold()):
            return col
    match = _TRANSLATION.match(text)
    if match:
        part = _PARTS.get(match.group(1), match.group(1))
        return Col(f"translations.{match.group(2)}.{part}", str(header), "list" if part == "keywords" else "text",
                   30, "")
    return None


def _set(data: dict, key: str, value: object) -> None:
    *parents, last = key.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def _position(line: str) -> tuple[int, int]:
    """Sort key: row, then column, of ``Angebote!AB12: …`` (sheet-wide problems first)."""
    match = re.match(rf"{SHEET}!([A-Z]+)(\d+):", line)
    if not match:
        return (0, 0)
    letters = match.group(1)
    return int(match.group(2)), sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(letters)))


def _letter(mapping: dict[int, Col], key: str) -> str:
    return next((get_column_letter(i) for i, c in mapping.items() if c.key == key), "A")


def _row(r: int, row: list[object], mapping: dict[int, Col], problems: list[str], before: int) -> Service | None:
    """The row as a service, or None with its problems added (``before``: the count before this row)."""
    data: dict = {}
    cells = {c.key: f"{SHEET}!{get_column_letter(i)}{r}" for i, c in mapping.items()}
    for idx, col in mapping.items():
        try:
            value = _convert(col, row[idx - 1] if idx - 1 < len(row) else None)
        except ValueError as exc:
            problems.append(f"{cells[col.key]}: {col.header}: {exc}")
            continue
        if value is not None:
            _set(data, col.key, value)
    for code, tr in data.get("translations", {}).items():
        if "title" not in tr:
            problems.append(f"{cells.get(f'translations.{code}.title', cells['id'])}: the translation ({code}) "
                            "has a description or keywords but no title; add the title or clear the other cells")
    if len(problems) > before:
        return None
    try:
        return Service.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            key = ".".join(str(p) for p in err["loc"])
            cell = cells.get(key) or next((v for k, v in cells.items() if key.startswith(k)), f"{SHEET}!{r}:{r}")
            header = next((c.header for c in mapping.values() if c.key == key), key)
            message = "required; fill in this cell" if err["type"] == "missing" else \
                err["msg"].removeprefix("Value error, ").replace("Input should", "should")
            if err["type"] == "string_pattern_mismatch":
                message = "ids start with a letter and use only letters, digits, '-' and '_', e.g. S-046"
            problems.append(f"{cell}: {header}: {message}")
        return None


def _crosscheck(services: list[Service], id_cells: dict[str, list[str]], mapping: dict[int, Col],
                project: IkonProject) -> list[str]:
    problems = []
    for ident, cells in id_cells.items():
        problems += [f"{cell}: duplicate id '{ident}' (first in {cells[0]})" for cell in cells[1:]]
    others = {r.id: kind for kind in ("fields", "process", "samples", "findings", "challenges", "measures",
                                      "indicators", "chapters") for r in getattr(project, kind)}
    fields = [f.id for f in project.fields]
    column = _letter(mapping, "fields")
    for s in services:
        row = id_cells[s.id][0].removeprefix(f"{SHEET}!{_letter(mapping, 'id')}")
        if s.id in others:
            problems.append(f"{id_cells[s.id][0]}: id '{s.id}' is already used by a record in '{others[s.id]}'")
        if not s.fields:
            problems.append(f"{SHEET}!{column}{row}: Handlungsfelder: name at least one of {', '.join(fields)}")
        for fid in s.fields:
            if fid not in fields:
                problems.append(f"{SHEET}!{column}{row}: Handlungsfelder: unknown field of action '{fid}'; "
                                f"known: {', '.join(fields)}")
    return problems
