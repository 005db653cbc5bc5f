"""Rows of the services workbook as records, checked by the same code as ``data/services.yaml``.

A row becomes the mapping a YAML file would hold, with positions: its ``path`` is
``WORKBOOK:Angebote``, lines are rows, and every key knows its column (``LDict.key_columns``).
Only what a cell cannot say as YAML does is translated here — „ja“/„nein“, German dates,
comma-separated lists, the German labels of genders and residence statuses; anything else goes
to the model as it is. ``project/validate`` then checks each row (``record``) and the project
with the new services (``recheck``): a mistake gets the message it gets in YAML, at its cell.
Reading the file (limits, formulas) is ``excel_read``.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from openpyxl.utils import get_column_letter

from ikon_report.errors import Problem
from ikon_report.exchange.excel import GENDERS, NO, SHEET, STATUSES, YES, Col
from ikon_report.exchange.hours_cell import from_cell
from ikon_report.project.model import IkonProject, Service
from ikon_report.project.sources import LDict, LList
from ikon_report.project.validate import recheck, record

TRUE = (YES, "j", "yes", "x", "1", "true", "wahr")
FALSE = (NO, "n", "no", "0", "false", "falsch")
REQUIRED = tuple(name for name, field in Service.model_fields.items() if field.is_required())  # columns a row needs
_TRANSLATION = re.compile(r"^(titel|beschreibung|schlagwörter|title|description|keywords)\s*\((\w{2,3})\)$", re.I)
_PARTS = {"titel": "title", "beschreibung": "description", "schlagwörter": "keywords"}


def lookup(header: object, cols: list[Col]) -> Col | None:
    """The column a header names (``Titel``, ``title``, ``Titel (ar)`` …), or None."""
    name = str(header).strip().casefold()
    for col in cols:
        if name in (col.header.casefold(), col.key.casefold()):
            return col
    match = _TRANSLATION.match(name)
    if match:
        part = _PARTS.get(match.group(1), match.group(1))
        return Col(f"translations.{match.group(2)}.{part}", str(header), "list" if part == "keywords" else "text",
                   30, "")
    return None


def text(value: object) -> str | None:
    """A cell as text (``None`` when empty); whole numbers without ``.0``."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    out = str(value).strip()
    return out or None


def model_input(col: Col, value: object) -> object:
    """A cell's value as the model reads it (``None``: the key is left out)."""
    if col.kind == "date" and isinstance(value, dt.datetime):
        return value.date()
    if col.kind == "date" and isinstance(value, dt.date):
        return value
    if col.kind == "int" and isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if col.kind == "bool" and isinstance(value, bool):
        return value
    cell = text(value)
    if cell is None:
        return None
    if col.kind == "bool" and cell.casefold() in TRUE + FALSE:
        return cell.casefold() in TRUE
    if col.kind == "date" and (german := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", cell)):
        day, month, year = german.groups()
        return f"{year}-{int(month):02}-{int(day):02}"  # 12.11.2019 as YAML writes it; the model checks it
    if col.kind in ("list", "status"):
        items = [x.strip() for x in re.split(r"[,;\n]", cell) if x.strip()]
        return [_code(x, STATUSES) for x in items] if col.kind == "status" else items
    if col.kind == "gender":
        return _code(cell, GENDERS)
    if col.kind == "hours":  # the cell's form (exchange/hours_cell.py), else the note
        return from_cell(cell).model_dump(mode="json", exclude_defaults=True)
    return cell


def _code(cell: str, labels: dict[str, str]) -> str:
    """The coded value for its German label (or the code itself); unknown text stays as it is."""
    return next((key for key, label in labels.items() if cell.casefold() in (key.casefold(), label.casefold())),
                cell)


def row_record(r: int, values: list[object], mapping: dict[int, Col], where: str = SHEET) -> LDict:
    """Row ``r`` as a positioned mapping, keys in the columns' order, each at its cell. An empty cell
    leaves its key out (a nested mapping appears with its first value) but its column is kept: a
    missing key is reported at its cell."""
    out = _mapping(where, r)
    cells = [(col.key.split("."), get_column_letter(idx), model_input(col, values[idx - 1] if idx <= len(values)
                                                                       else None)) for idx, col in mapping.items()]
    for path, column, value in cells:
        if value is None:
            continue
        node = out
        for part in path[:-1]:
            if part not in node:
                node[part], node.key_lines[part] = _mapping(where, r, column), r
            node = node[part]
        node[path[-1]] = _list(where, r, column, value) if isinstance(value, list) else value
        node.key_lines[path[-1]] = r
    for path, column, _ in cells:  # every key's column, as deep as the mapping goes
        node = out
        for part in path:
            node.key_columns.setdefault(part, column)
            if not isinstance(node.get(part), LDict):
                break
            node = node[part]
    out.column = out.key_columns.get("id", "A")
    return out


def _mapping(where: str, r: int, column: str = "") -> LDict:
    out = LDict()
    out.path, out.line, out.key_lines, out.column, out.key_columns = where, r, {}, column, {}
    return out


def _list(where: str, r: int, column: str, items: list) -> LList:
    out = LList(items)
    out.path, out.line, out.item_lines, out.column = where, r, [r] * len(items), column
    return out


def services_of(rows: Iterable[LDict], project: IkonProject, unread: set[str] | None = None
                ) -> tuple[list[Service], list[Problem]]:
    """The rows as services, and every error: each row checked as a record, then the project with
    these services instead of its own (ids, references to fields, what other records name).
    ``unread``: ids of rows not read (their problems are reported already), as if invalid."""
    problems: list[Problem] = []
    invalid: set[str] = set(unread or ())
    services = [keep_unseen(s, project) for raw in rows
                if isinstance(s := record("services", raw, (raw.path, raw.line), problems, invalid), Service)]
    problems += [p for p in recheck(project, invalid, services=services) if p.severity == "error"]
    return services, sorted(set(problems))


UNSEEN = ("hours_note", "source_hashes")  # translation keys the workbook has no column for


def keep_unseen(s: Service, project: IkonProject) -> Service:
    """Values the workbook has no column for keep what the project has (never lost by a round trip)."""
    old = next((o for o in project.services if o.id == s.id), None)
    if old is None:
        return s
    for code, tr in old.translations.items():
        kept = {k: getattr(tr, k) for k in UNSEEN if getattr(tr, k)}
        mine = s.translations.get(code)
        if kept and mine is not None:  # a translation the workbook dropped goes with its title
            s.translations[code] = mine.model_copy(update=kept)
    return s
