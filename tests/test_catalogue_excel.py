"""Excel round trip: export → import changes nothing; edits land in services.yaml; every error is
reported with its cell and nothing is written."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from catalogue_helpers import copy_project, minden_model
from excel_helpers import exported_copy
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from conftest import ROOT, run_cli
from ikon_report.project.validate import load_project


def cli(*args: str) -> subprocess.CompletedProcess:
    return run_cli("services", *args)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def exported(project, tmp_path) -> Path:
    """What ``services export`` writes for ``project`` (a copy of one export of the Minden example)."""
    return exported_copy(ROOT, tmp_path / "angebote.xlsx")


def services_of(project: Path) -> list[dict]:
    return [s.model_dump() for s in load_project(project)[0].services]


def edit(book: Path, **cells: object) -> Path:
    wb = load_workbook(book)
    for ref, value in cells.items():
        wb["Angebote"][ref] = value
    wb.save(book)
    return book


def test_export_has_one_row_per_service_readable_lists_and_translation_columns(exported):
    ws = load_workbook(exported)["Angebote"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["ID", "Titel", "Anbieter", "Handlungsfelder", "Kategorie", "Beschreibung"]
    assert {"Titel (ar)", "Beschreibung (ar)", "Titel (ti)", "Beschreibung (uk)"} <= set(header)
    assert ws.max_row == len(minden_model().services) + 1
    first = dict(zip(header, [c.value for c in ws[2]], strict=True))
    s = minden_model().services[0]
    assert first["ID"] == s.id and first["Handlungsfelder"] == ", ".join(s.fields)
    assert first["Barrierefrei"] in ("ja", "nein") and isinstance(first["Zuletzt geprüft"], dt.datetime)
    assert first["Aufenthaltsstatus"].startswith("Asylsuchende, Geduldete")
    assert first["Titel (ar)"] == s.translations["ar"].title
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in ws.iter_rows(min_row=2)]
    keyed = next(s for s in minden_model().services if s.keywords and "ar" in s.translations
                 and s.translations["ar"].keywords)
    row = next(r for r in rows if r["ID"] == keyed.id)  # search keywords travel through Excel too
    assert row["Schlagwörter"] == ", ".join(keyed.keywords)
    assert row["Schlagwörter (ar)"] == ", ".join(keyed.translations["ar"].keywords)
    assert "Hinweise" in load_workbook(exported).sheetnames


def test_export_then_import_without_edits_changes_nothing(project, exported):
    yaml_file = project / "data" / "services.yaml"
    before_bytes, before = yaml_file.read_bytes(), services_of(project)
    proc = cli("import", str(project), str(exported))
    assert proc.returncode == 0, proc.stderr
    assert "no changes" in proc.stderr
    assert yaml_file.read_bytes() == before_bytes
    assert services_of(project) == before


def test_edits_are_written_back_with_a_minimal_diff(project, exported):
    yaml_file = project / "data" / "services.yaml"
    before = yaml_file.read_text(encoding="utf-8")
    ws = load_workbook(exported)["Angebote"]
    header = [c.value for c in ws[1]]
    col = {name: chr(ord("A") + i) for i, name in enumerate(header) if i < 26}
    edit(exported, **{f"{col['Titel']}3": "Jugendmigrationsdienst Minden", f"{col['Alter von']}4": 18,
                      f"{col['Barrierefrei']}5": "ja"})
    wb = load_workbook(exported)
    wb["Angebote"].delete_rows(6)  # remove the 5th service
    wb.save(exported)
    proc = cli("import", str(project), str(exported))
    assert proc.returncode == 0, proc.stderr
    services = {s["id"]: s for s in services_of(project)}
    old = {s.id: s for s in minden_model().services}
    removed = minden_model().services[4].id
    assert removed not in services and len(services) == len(old) - 1
    assert services["S-002"]["title"] == "Jugendmigrationsdienst Minden"
    assert services["S-003"]["target"]["age_min"] == 18
    assert services["S-004"]["barrier_free"] is True
    unchanged = [i for i in services if i not in ("S-002", "S-003", "S-004")]
    assert all(services[i] == old[i].model_dump() for i in unchanged)
    after = yaml_file.read_text(encoding="utf-8")
    assert after.splitlines()[:8] == before.splitlines()[:8]  # the file's own comments stay
    changed = set(after.splitlines()) ^ set(before.splitlines())
    assert len(changed) < 60, "only the edited services are rewritten"


def test_all_errors_are_reported_by_cell_and_nothing_is_written(project, exported):
    yaml_file = project / "data" / "services.yaml"
    before = yaml_file.read_bytes()
    ws = load_workbook(exported)["Angebote"]
    header = [c.value for c in ws[1]]
    col = {name: chr(ord("A") + i) for i, name in enumerate(header) if i < 26}
    edit(exported, **{f"{col['Alter von']}5": "zwölf", f"{col['Barrierefrei']}6": "vielleicht",
                      f"{col['Handlungsfelder']}7": "ZT, XX", f"{col['ID']}8": "S-001",
                      f"{col['Zuletzt geprüft']}9": "gestern", f"{col['Titel']}10": None,
                      f"{col['Geschlecht']}11": "Kinder", f"{col['Alter bis']}12": 130})
    proc = cli("import", str(project), str(exported))
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    at = f"{exported.name}:Angebote!"  # the same messages as for data/services.yaml, at the cells
    expected = [f"{at}{col['Alter von']}5: error: service S-004: 'target.age_min' should be a whole number",
                f"{at}{col['Barrierefrei']}6: error: service S-005: 'barrier_free' should be true or false",
                f"{at}{col['Handlungsfelder']}7: error: service S-006: 'fields' refers to unknown field of action 'XX'",
                f"{at}{col['ID']}8: error: duplicate id 'S-001' (first used at {at}{col['ID']}2)",
                f"{at}{col['Zuletzt geprüft']}9: error: service S-008: 'last_checked' should be a date",
                f"{at}{col['Titel']}10: error: service S-009: missing required key 'title'",
                f"{at}{col['Geschlecht']}11: error: service S-010: 'target.gender' is 'Kinder'",
                f"{at}{col['Alter bis']}12: error: service S-011: 'target.age_max' is 130"]
    assert len(lines) == len(expected) + 1
    for start, line in zip(expected, lines, strict=False):
        assert line.startswith(start), (start, lines)
    assert lines[-1] == f"8 error(s) in {exported}; data/services.yaml was not changed"
    assert "Traceback" not in proc.stderr
    assert yaml_file.read_bytes() == before


def test_unknown_and_missing_columns(project, exported):
    wb = load_workbook(exported)
    ws = wb["Angebote"]
    ws.cell(1, ws.max_column + 1, "Farbe")
    ws.delete_cols(2)  # Titel
    wb.save(exported)
    proc = cli("import", str(project), str(exported))
    assert proc.returncode == 1
    at = f"{exported.name}:Angebote!"
    assert f"{at}{get_column_letter(ws.max_column)}1: error: unknown column 'Farbe'" in proc.stderr
    assert f"{at}{get_column_letter(ws.max_column + 1)}1: error: missing column 'Titel'" in proc.stderr


def test_not_a_workbook(project, tmp_path):
    fake = tmp_path / "liste.xlsx"
    fake.write_text("id;title\n", encoding="utf-8")
    proc = cli("import", str(project), str(fake))
    assert proc.returncode == 1 and "not a readable Excel workbook" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_text_that_looks_like_a_formula_stays_text(project, tmp_path):
    yaml_file = project / "data" / "services.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    yaml_file.write_text(text.replace("title: Sprachcafé", 'title: "=HYPERLINK(\\"x\\") & <b>Sprachcafé</b>"', 1),
                         encoding="utf-8")
    book = tmp_path / "a.xlsx"
    assert cli("export", str(project), str(book)).returncode == 0
    cell = next(c for row in load_workbook(book)["Angebote"].iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    before = yaml_file.read_bytes()
    proc = cli("import", str(project), str(book))
    assert proc.returncode == 0 and yaml_file.read_bytes() == before, proc.stderr
