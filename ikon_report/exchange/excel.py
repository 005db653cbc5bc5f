"""The catalogue as an Excel workbook and back (format in docs/catalogue.md).

Sheet „Angebote“ has one row per service: lists as readable comma-separated cells, yes/no as
„ja“/„nein“, dates as date cells, translations in columns „Titel (ar)“, „Beschreibung (ar)“, ….
Reading it back checks every cell and reports *all* problems as ``Angebote!G5: message``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError

from ikon_report.content.labels import LANGS, Labels
from ikon_report.errors import IkonError
from ikon_report.project.model import IkonProject, Service

SHEET, HELP = "Angebote", "Hinweise"
YES, NO = "ja", "nein"
_DE = Labels("de")
GENDERS = {g: _DE.gender(g) for g in ("all", "female", "male", "diverse")}
STATUSES = {s: _DE.residence(s) for s in ("all", "asylum_seeker", "tolerated", "protection", "eu_citizen",
                                          "temporary_protection", "settled", "citizen")}


@dataclass(frozen=True)
class Col:
    key: str  # path in the service mapping: "title", "target.age_min", "translations.ar.title"
    header: str
    kind: str  # text, int, list, bool, date, gender, status
    width: int
    help: str


BASE = [
    Col("id", "ID", "text", 9, "feste Kennung, z. B. S-046; nie ändern, nie doppelt vergeben"),
    Col("title", "Titel", "text", 34, "Name des Angebots"),
    Col("provider", "Anbieter", "text", 30, "Träger oder Einrichtung"),
    Col("fields", "Handlungsfelder", "list", 14, "Kennungen der Handlungsfelder, durch Komma getrennt; das erste "
        "ist das Haupt-Handlungsfeld"),
    Col("category", "Kategorie", "text", 16, "Art des Angebots, z. B. Beratung, Sprachkurs"),
    Col("description", "Beschreibung", "text", 60, "ein bis drei Sätze"),
    Col("keywords", "Schlagwörter", "list", 24, "Suchwörter für die Web-Ausgabe, die nicht im Text stehen, "
        "durch Komma getrennt, z. B. Deutschkurs, Sprachcafé"),
    Col("target.gender", "Geschlecht", "gender", 16, "; ".join(GENDERS.values())),
    Col("target.age_min", "Alter von", "int", 9, "ganze Zahl oder leer (ohne Untergrenze)"),
    Col("target.age_max", "Alter bis", "int", 9, "ganze Zahl oder leer (ohne Obergrenze)"),
    Col("target.residence_status", "Aufenthaltsstatus", "status", 30,
        "durch Komma getrennt: " + "; ".join(STATUSES.values())),
    Col("languages", "Sprachen", "list", 18, "ISO-Codes der Sprachen des Angebots, z. B. de, ar, fa"),
    Col("district", "Stadtteil", "text", 16, "Stadtteil in Minden"),
    Col("address", "Adresse", "text", 28, "Straße, PLZ Ort"),
    Col("contact", "Kontakt", "text", 34, "Telefon, E-Mail"),
    Col("opening_hours", "Öffnungszeiten", "text", 28, "freier Text oder leer"),
    Col("costs", "Kosten", "text", 18, "„kostenlos“ oder freier Text"),
    Col("barrier_free", "Barrierefrei", "bool", 11, f"{YES} oder {NO}"),
    Col("registration", "Anmeldung nötig", "bool", 11, f"{YES} oder {NO}"),
    Col("last_checked", "Zuletzt geprüft", "date", 13, "Datum, z. B. 12.11.2019"),
    Col("illustrative", "Beispiel", "bool", 9, f"{YES}: erfundenes Beispiel (verhindert die Endfassung)"),
]


class SheetProblems(IkonError):
    """The workbook has errors; ``lines`` are ``Angebote!G5: message``; nothing was written."""

    def __init__(self, lines: list[str], workbook: Path | None = None) -> None:
        self.lines = lines
        self.workbook = workbook
        super().__init__(f"{len(lines)} error(s) in the workbook")

    def format_lines(self, outcome: str = "") -> list[str]:
        return [*self.lines, f"{len(self.lines)} error(s) in {self.workbook or 'the workbook'}; "
                f"{outcome or 'data/services.yaml was not changed'}"]


def columns(project: IkonProject) -> list[Col]:
    """Fixed columns, then title and description per translation language."""
    used = {code for s in project.services for code in s.translations}
    langs = [c for c in LANGS[1:]] + sorted(used - set(LANGS))
    out = list(BASE)
    for code in langs:
        out += [Col(f"translations.{code}.title", f"Titel ({code})", "text", 30, f"Titel auf {_DE.language(code)}"),
                Col(f"translations.{code}.description", f"Beschreibung ({code})", "text", 50,
                    f"Beschreibung auf {_DE.language(code)} (leer: deutsche Beschreibung)"),
                Col(f"translations.{code}.keywords", f"Schlagwörter ({code})", "list", 24,
                    f"Suchwörter auf {_DE.language(code)}, durch Komma getrennt")]
    return out


# ---- export --------------------------------------------------------------------------------------


def _get(data: dict, key: str) -> object:
    for part in key.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _cell(col: Col, value: Any) -> object:
    if value is None:
        return None
    if col.kind == "bool":
        return YES if value else NO
    if col.kind == "list":
        return ", ".join(value)
    if col.kind == "gender":
        return GENDERS[value]
    if col.kind == "status":
        return ", ".join(STATUSES[v] for v in value)
    return value


def export_workbook(project: IkonProject) -> bytes:
    """The services as an .xlsx file (bytes)."""
    cols = columns(project)
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one worksheet
    ws.title = SHEET
    ws.append([c.header for c in cols])
    for s in project.services:
        data = s.model_dump()
        ws.append([_cell(c, _get(data, c.key)) for c in cols])
    head = PatternFill("solid", fgColor="F2D7DB")
    for i, col in enumerate(cols, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        ws.cell(1, i).font = Font(bold=True)
        ws.cell(1, i).fill = head
        for row in range(2, ws.max_row + 1):
            cell = ws.cell(row, i)
            cell.alignment = Alignment(wrap_text=col.width >= 28, vertical="top")
            if col.kind == "date":
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # data text, never a formula
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions
    rows = f"2:{max(ws.max_row, 2) + 200}"
    for kind, choices in (("bool", [YES, NO]), ("gender", list(GENDERS.values()))):
        check = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        ws.add_data_validation(check)
        for i, col in enumerate(cols, start=1):
            if col.kind == kind:
                letter = get_column_letter(i)
                check.add(f"{letter}{rows.split(':')[0]}:{letter}{rows.split(':')[1]}")
    _help_sheet(wb, cols, project)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _help_sheet(wb: Workbook, cols: list[Col], project: IkonProject) -> None:
    ws = wb.create_sheet(HELP)
    ws.append(["Spalte", "Inhalt"])
    ws.append(["", "Eine Zeile je Angebot. Leere Zeilen werden übersprungen. Nach dem Bearbeiten: "
               "ikon-report services import DATEI.xlsx"])
    for col in cols:
        ws.append([col.header, col.help])
    ws.append([])
    ws.append(["Handlungsfelder", ", ".join(f"{f.id} = {f.name}" for f in project.fields)])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 110
    ws.cell(1, 1).font = ws.cell(1, 2).font = Font(bold=True)


# ---- import --------------------------------------------------------------------------------------


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


def read_workbook(file: Path, project: IkonProject) -> list[Service]:
    """The services in ``file``; raises ``SheetProblems`` listing every problem with its cell."""
    try:
        wb = load_workbook(file, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken or foreign file
        raise SheetProblems([f"{file.name}: not a readable Excel workbook (.xlsx): {exc}"], file) from exc
    if SHEET not in wb.sheetnames:
        raise SheetProblems([f"{file.name}: no sheet '{SHEET}' (export one with 'ikon-report services export')"],
                            file)
    ws = wb[SHEET]
    cols = columns(project)
    problems: list[str] = []
    mapping: dict[int, Col] = {}
    for idx, cell in enumerate(ws[1], start=1):
        if cell.value is None or not str(cell.value).strip():
            continue
        col = _lookup(cell.value, cols)
        if col is None:
            problems.append(f"{SHEET}!{cell.coordinate}: unknown column {str(cell.value)!r}; see sheet '{HELP}'")
        elif col.key in {c.key for c in mapping.values()}:
            problems.append(f"{SHEET}!{cell.coordinate}: column {str(cell.value)!r} appears twice")
        else:
            mapping[idx] = col
    present = {c.key for c in mapping.values()}
    missing = [f"{SHEET}!1:1: missing column '{c.header}'" for c in BASE if c.key in REQUIRED and c.key not in present]
    if missing:  # every row would fail: report the columns only
        raise SheetProblems(problems + missing, file)
    services: list[Service] = []
    id_cells: dict[str, list[str]] = {}
    for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if all(_text(v) is None for v in row):
            continue
        service = _row(r, row, mapping, problems)
        if service is not None:
            services.append(service)
            id_cells.setdefault(service.id, []).append(f"{SHEET}!{_letter(mapping, 'id')}{r}")
    problems += _crosscheck(services, id_cells, mapping, project)
    if problems:
        raise SheetProblems(sorted(problems, key=_position), file)
    return services


def _position(line: str) -> tuple[int, int]:
    """Sort key: row, then column, of ``Angebote!AB12: …`` (sheet-wide problems first)."""
    match = re.match(rf"{SHEET}!([A-Z]+)(\d+):", line)
    if not match:
        return (0, 0)
    letters = match.group(1)
    return int(match.group(2)), sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(letters)))


def _letter(mapping: dict[int, Col], key: str) -> str:
    return next((get_column_letter(i) for i, c in mapping.items() if c.key == key), "A")


def _row(r: int, row: tuple, mapping: dict[int, Col], problems: list[str]) -> Service | None:
    data: dict = {}
    cells = {c.key: f"{SHEET}!{get_column_letter(i)}{r}" for i, c in mapping.items()}
    before = len(problems)
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
