"""An opening-hours cell of the services workbook that looks like hours but is not in the cell's form
is an error at FILE.xlsx:Sheet!CELL naming the form; genuine free text stays the note (issue 13) —
on Minden and Lindenfeld."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from excel_helpers import exported_copy
from openpyxl import load_workbook

from conftest import EXAMPLES, run_cli
from ikon_report.exchange.hours_cell import FORM, from_cell, hours_problem, looks_like_hours, to_cell
from ikon_report.project.hours import OpeningHours
from ikon_report.project.validate import load_project

WRONG = ["Mo 9-25", "Mx 9-12", "Mo 09:00-25:00", "Di 12:00-09:00", "Mo, Di und Do 9–12 Uhr", "Fr 10 bis 12 Uhr"]
FREE = ["Termine nach Absprache", "jeden ersten Samstag im Monat 15–18 Uhr", "So erreichen Sie uns: Tel. 0571 12",
        "Sprechstunde 9-12 Uhr", "Hinweis: Mo 9-25"]


@pytest.fixture(params=sorted(EXAMPLES))
def project(request, tmp_path) -> Path:
    root, dest = EXAMPLES[request.param], tmp_path / request.param
    dest.mkdir()
    shutil.copy2(root / "ikon.yaml", dest / "ikon.yaml")
    for name in ("data", "chapters", "assets", "i18n"):
        if (root / name).is_dir():
            shutil.copytree(root / name, dest / name, ignore=shutil.ignore_patterns("fonts"))
    return dest


def test_the_cell_tells_hours_from_free_text():
    for text in WRONG:
        assert looks_like_hours(text) and hours_problem(text), text
        assert FORM in (hours_problem(text) or "")
    assert "must be a time from 00:00 to 23:59" in (hours_problem("Mo 09:00-25:00") or "")
    assert "ends (09:00) before it starts (12:00)" in (hours_problem("Di 12:00-09:00") or "")
    for text in FREE:
        assert hours_problem(text) is None, text
    assert from_cell("Hinweis: Mo 9-25") == OpeningHours(note="Mo 9-25")
    assert hours_problem("Mo-Fr 09:00-12:00; nach Vereinbarung") is None


def test_every_note_of_the_examples_is_exported_so_that_it_reads_back(project):
    for s in load_project(project)[0].services:
        if s.opening_hours is not None:
            cell = to_cell(s.opening_hours)
            assert hours_problem(cell) is None and from_cell(cell) == s.opening_hours, (s.id, cell)


def test_a_wrong_hours_cell_is_an_error_at_its_cell_and_free_text_stays_a_note(project, tmp_path):
    book = exported_copy(EXAMPLES[project.name], tmp_path / "angebote.xlsx")  # what `services export` writes
    wb = load_workbook(book)
    ws = wb["Angebote"]
    col = next(c.column_letter for c in ws[1] if c.value == "Öffnungszeiten")
    for row, text in enumerate(WRONG, start=3):
        ws[f"{col}{row}"] = text
    ws[f"{col}2"] = FREE[0]
    ws[f"B{len(WRONG) + 3}"] = None  # another mistake in the same import: reported with them
    wb.save(book)
    services = project / "data" / "services.yaml"
    before = services.read_bytes()
    proc = run_cli("services", "import", str(project), str(book))
    assert proc.returncode == 1
    for row, text in enumerate(WRONG, start=3):
        assert f"{book.name}:Angebote!{col}{row}: error: Öffnungszeiten: {text!r} looks like opening hours" \
               in proc.stderr, proc.stderr
    assert f"Angebote!{col}2:" not in proc.stderr  # free text is no mistake
    assert f"Angebote!B{len(WRONG) + 3}: error:" in proc.stderr and "missing required key 'title'" in proc.stderr
    assert "Traceback" not in proc.stderr and FORM in proc.stderr
    assert services.read_bytes() == before  # nothing written

    wb = load_workbook(book)  # the fixes: the form, or 'Hinweis: ' for free text; the title back
    ws = wb["Angebote"]
    ws[f"{col}3"], ws[f"{col}4"] = "Mo 09:00-12:00", "Hinweis: Mx 9-12"
    for row in range(5, len(WRONG) + 3):
        ws[f"{col}{row}"] = None
    ws[f"B{len(WRONG) + 3}"] = "Ein Titel"
    wb.save(book)
    proc = run_cli("services", "import", str(project), str(book))
    assert proc.returncode == 0, proc.stderr
    after = load_project(project)[0].services
    assert after[0].opening_hours == OpeningHours(note=FREE[0])
    assert after[1].opening_hours is not None and [(d, [(t.start, t.end) for t in h.time_slots])
                                                   for d, h in after[1].opening_hours.week()] == [
        ("monday", [("09:00", "12:00")])]
    assert after[2].opening_hours == OpeningHours(note="Mx 9-12")
