"""The Excel import checks through the same code as the YAML: the same mistake gives the same
message, at its cell (``angebote.xlsx:Angebote!H2``) instead of its ``path:line``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from excel_helpers import exported_copy
from openpyxl import load_workbook
from test_broken import BASE

from conftest import run_cli

# (what, the edit of data/services.yaml, the column header and the cell value of the same mistake)
MISTAKES = [
    ("age not a number", ("age_min: 27", "age_min: zwölf"), "Alter von", "zwölf"),
    ("age out of range", ("age_min: 27", "age_min: 130"), "Alter von", 130),
    ("unknown gender", ("gender: all", "gender: Frau"), "Geschlecht", "Frau"),
    ("unknown residence status", ("[settled, citizen]", "[settled, refugee]"), "Aufenthaltsstatus",
     "settled, refugee"),
    ("unknown field", ("fields: [ZT]", "fields: [XY]"), "Handlungsfelder", "XY"),
    ("missing title", ("    title: Migrationsberatung\n", ""), "Titel", None),
    ("id of another record", ("id: S-01", "id: M-01"), "ID", "M-01"),
    ("bad id", ("id: S-01", "id: S 01"), "ID", "S 01"),
    ("not yes or no", ("barrier_free: true", "barrier_free: vielleicht"), "Barrierefrei", "vielleicht"),
    ("no such date", ("last_checked: 2020-01-15", "last_checked: '2020-02-31'"), "Zuletzt geprüft", "31.02.2020"),
    ("translation without title", ("        title: Migration counselling\n", ""), "Titel (en)", None),
]
PROBLEM = re.compile(r"^(?P<at>\S+): error: (?P<message>.*)$")


def _copy(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    shutil.copytree(BASE, root)
    return root


def _errors(stderr: str) -> list[tuple[str, str]]:
    return [(m.group("at"), m.group("message")) for line in stderr.splitlines() if (m := PROBLEM.match(line))]


@pytest.mark.parametrize(("yaml_edit", "header", "value"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_same_mistake_same_message(tmp_path, yaml_edit, header, value):
    in_yaml = _copy(tmp_path, "yaml")
    services = in_yaml / "data" / "services.yaml"
    old, new = yaml_edit
    assert old in services.read_text(encoding="utf-8")
    services.write_text(services.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    checked = run_cli("check", str(in_yaml))
    assert checked.returncode == 1, checked.stderr
    [(yaml_at, yaml_message)] = _errors(checked.stderr)
    assert yaml_at.startswith("data/services.yaml:")

    in_excel = _copy(tmp_path, "excel")
    book = exported_copy(BASE, tmp_path / "angebote.xlsx")  # what `services export` of in_excel writes
    wb = load_workbook(book)
    ws = wb["Angebote"]
    column = next(c.column_letter for c in ws[1] if c.value == header)
    ws[f"{column}2"] = value
    wb.save(book)
    before = (in_excel / "data" / "services.yaml").read_bytes()
    imported = run_cli("services", "import", str(in_excel), str(book))
    assert imported.returncode == 1 and "Traceback" not in imported.stderr, imported.stderr
    assert _errors(imported.stderr) == [(f"{book.name}:Angebote!{column}2", yaml_message)]
    assert (in_excel / "data" / "services.yaml").read_bytes() == before


def test_a_workbook_location_reads_as_file_sheet_and_cell_and_sorts_by_row_then_column():
    from ikon_report.errors import Problem

    sheet = "angebote.xlsx:Angebote"
    found = [Problem(sheet, 5, "error", "b", "H"), Problem(sheet, 5, "error", "a", "AB"),
             Problem(sheet, 5, "error", "c", "B"), Problem(sheet, 4, "error", "d", "C"),
             Problem("angebote.xlsx", 0, "error", "f"), Problem("data/services.yaml", 3, "warning", "e")]
    assert [str(p) for p in sorted(found)] == [
        "angebote.xlsx: error: f", "angebote.xlsx:Angebote!C4: error: d", "angebote.xlsx:Angebote!B5: error: c",
        "angebote.xlsx:Angebote!H5: error: b", "angebote.xlsx:Angebote!AB5: error: a",
        "data/services.yaml:3: warning: e"]


def test_the_project_is_checked_with_the_workbooks_services(tmp_path):
    """A row deleted in the workbook whose service a chapter cites: the chapter's line is reported."""
    root = _copy(tmp_path, "excel")
    chapter = root / "chapters" / "01-einleitung.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nSiehe [@S-01].\n", encoding="utf-8")
    line = chapter.read_text(encoding="utf-8").splitlines().index("Siehe [@S-01].") + 1
    assert run_cli("check", str(root)).returncode == 0
    book = tmp_path / "angebote.xlsx"
    assert run_cli("services", "export", str(root), str(book)).returncode == 0
    wb = load_workbook(book)
    wb["Angebote"].delete_rows(2)
    wb.save(book)
    imported = run_cli("services", "import", str(root), str(book))
    assert imported.returncode == 1, imported.stderr
    [(at, message)] = _errors(imported.stderr)
    assert at == f"chapters/01-einleitung.md:{line}" and "'@S-01' names no record" in message, imported.stderr
