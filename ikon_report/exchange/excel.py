"""The catalogue as an Excel workbook (format in docs/catalogue.md; reading it back: excel_read.py).

Sheet „Angebote“ has one row per service: lists as readable comma-separated cells, yes/no as
„ja“/„nein“, dates as date cells, translations in columns „Titel (ar)“, „Beschreibung (ar)“, ….
A value longer than a cell holds is refused at its ``path:line`` (Excel would cut it).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ikon_report.content.labels import Labels
from ikon_report.errors import IkonError, InvalidProject, Problem, UsageError, problem_lines
from ikon_report.exchange.hours_cell import to_cell
from ikon_report.exchange.limits import CELL_MAX, excel_length
from ikon_report.output import write_atomic
from ikon_report.project import vocabulary
from ikon_report.project.hours import OpeningHours
from ikon_report.project.model import IkonProject

SHEET, HELP = "Angebote", "Hinweise"
YES, NO = "ja", "nein"
_DE = Labels("de")
GENDERS: dict[str, str] = {g: _DE.gender(g) for g in vocabulary.GENDERS}
STATUSES: dict[str, str] = {s: _DE.residence(s) for s in vocabulary.RESIDENCE_STATUSES}


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
    Col("district", "Stadtteil", "text", 16, "Stadtteil in {city}"),
    Col("address", "Adresse", "text", 28, "Straße, PLZ Ort"),
    Col("contact", "Kontakt", "text", 34, "Telefon, E-Mail"),
    Col("opening_hours", "Öffnungszeiten", "hours", 28, "z. B. „Mo-Fr 09:00-12:00; Do 14:00-17:00; nach "
        "Vereinbarung; an Feiertagen geschlossen; Hinweis: freier Text“ (Tage Mo Di Mi Do Fr Sa So; auch "
        "ganztägig, geschlossen); Text ohne Tage und Uhrzeiten gilt als Hinweis; was wie Öffnungszeiten aussieht, "
        "aber nicht so geschrieben ist (Mo 9-12), ist ein Fehler: „Hinweis: “ davor hält es als freien Text; "
        "leer: keine Angabe"),
    Col("costs", "Kosten", "text", 18, "„kostenlos“ oder freier Text"),
    Col("barrier_free", "Barrierefrei", "bool", 11, f"{YES}, {NO} oder leer (keine Angabe)"),
    Col("registration", "Anmeldung nötig", "bool", 11, f"{YES}, {NO} oder leer (keine Angabe)"),
    Col("last_checked", "Zuletzt geprüft", "date", 13, "Datum, z. B. 12.11.2019"),
    Col("illustrative", "Beispiel", "bool", 9, f"{YES}: erfundenes Beispiel (verhindert die Endfassung)"),
]


class SheetProblems(IkonError):
    """The workbook (or the project with its services) has errors; nothing was written."""

    def __init__(self, problems: list[Problem], workbook: Path | None = None) -> None:
        self.problems = sorted(problems)
        self.workbook = workbook
        super().__init__(f"{len(problems)} error(s) in the workbook")

    def format_lines(self, outcome: str = "") -> list[str]:
        return [*problem_lines(self.problems), f"{len(self.problems)} error(s) in {self.workbook or 'the workbook'}; "
                f"{outcome or 'data/services.yaml was not changed'}"]


def columns(project: IkonProject) -> list[Col]:
    """Fixed columns, then title and description per translation language."""
    used = {code for s in project.services for code in s.translations}
    configured = [c for c in project.project.languages if c != "de"]
    langs = configured + sorted(used - set(configured))
    out = [replace(c, help=c.help.replace("{city}", project.project.city)) for c in BASE]
    de = Labels("de", project)
    for code in langs:
        name = de.language(code)
        out += [Col(f"translations.{code}.title", f"Titel ({code})", "text", 30, f"Titel auf {name}"),
                Col(f"translations.{code}.description", f"Beschreibung ({code})", "text", 50,
                    f"Beschreibung auf {name} (leer: deutsche Beschreibung)"),
                Col(f"translations.{code}.keywords", f"Schlagwörter ({code})", "list", 24,
                    f"Suchwörter auf {name}, durch Komma getrennt")]
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
    if col.kind == "hours":
        return to_cell(OpeningHours.model_validate(value))
    return value


def export_services(project: IkonProject, file: Path) -> Path:
    """Write the services to ``file``, which must be named ``….xlsx`` (nothing else is written
    under any name); raises ``InvalidProject`` for values a cell cannot hold, ``OutputError``."""
    if file.suffix.lower() != ".xlsx":
        raise UsageError(f"{file}: services export writes an Excel workbook (.xlsx) or open data (.json); name "
                         f"the file {file.with_suffix('.xlsx').name} (other formats such as CSV are not written)")
    return write_atomic(file, export_workbook(project))


def export_workbook(project: IkonProject) -> bytes:
    """The services as an .xlsx file (bytes); refuses values longer than a cell holds."""
    cols = columns(project)
    values = [[_cell(c, _get(s.model_dump(), c.key)) for c in cols] for s in project.services]
    _refuse_long_values(project, cols, values)
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook has one worksheet
    ws.title = SHEET
    ws.append([c.header for c in cols])
    for row_values in values:
        ws.append(row_values)
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


def _refuse_long_values(project: IkonProject, cols: list[Col], rows: list[list[object]]) -> None:
    """Excel cuts a cell after ``CELL_MAX`` characters, and an import would then shorten the data."""
    problems = []
    for service, row in zip(project.services, rows, strict=True):
        for col, value in zip(cols, row, strict=True):
            if isinstance(value, str) and (length := excel_length(value)) > CELL_MAX:
                key = col.key.split(".")[0]
                path, line = (service.src.path, service.src.line_of(key)) if service.src else ("data/services.yaml", 1)
                problems.append(Problem(path, line, "error", f"service {service.id}: {col.header} has {length:,} "
                                        f"characters, but an Excel cell holds at most {CELL_MAX:,}; shorten it to "
                                        "export the services (nothing was written)"))
    if problems:
        raise InvalidProject(problems, "services export refused: values too long for Excel")


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
