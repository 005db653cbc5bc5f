"""The services workbook (issue 10): nothing cut, no formula taken for data, bounded work.

Export refuses a value longer than an Excel cell at its ``data/services.yaml:LINE``; import
rejects formulas (with or without a cached value) naming the cell, streams the sheet and rejects
what lies beyond the documented limits quickly; export writes .xlsx files only."""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from catalogue_helpers import copy_project
from excel_helpers import exported_copy
from openpyxl import load_workbook
from project_helpers import SMALL, copy_example, small_project

from conftest import EXAMPLES, run_cli
from ikon_report.exchange.limits import CELL_MAX, MAX_COLUMNS, MAX_ROWS

SHEET = "xl/worksheets/sheet1.xml"


def services(*args: str) -> subprocess.CompletedProcess:
    return run_cli("services", *args)


@pytest.fixture
def project(tmp_path) -> Path:
    return small_project(tmp_path / "project")


@pytest.fixture
def exported(project, tmp_path) -> Path:
    """What ``services export`` writes for ``project`` (a copy of one export of the small project)."""
    return exported_copy(SMALL, tmp_path / "angebote.xlsx")


def column(book: Path, header: str) -> str:
    return next(c.column_letter for c in load_workbook(book)["Angebote"][1] if c.value == header)


def rewrite_sheet(book: Path, change: Callable[[str], str], dst: Path) -> Path:
    """A copy of ``book`` whose sheet XML went through ``change`` (what other programs may write)."""
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            out.writestr(info.filename, change(data.decode()).encode() if info.filename == SHEET else data)
    return dst


def assert_rejected(proc: subprocess.CompletedProcess, *messages: str) -> None:
    assert proc.returncode == 1, proc.stderr
    for message in messages:
        assert message in proc.stderr, proc.stderr
    assert "data/services.yaml was not changed" in proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_export_refuses_a_description_longer_than_a_cell(tmp_path):
    project = copy_project(tmp_path / "minden")
    yaml_file = project / "data" / "services.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    start = text.index("\n    description: ", text.index("- id: S-001")) + 1
    end = text.index("\n    target:", start) + 1
    long = ("Beratung " * 4446)[:40_010]  # the 40,010 characters
    text = text[:start] + f"    description: {long}\n" + text[end:]
    yaml_file.write_text(text, encoding="utf-8")
    book = tmp_path / "angebote.xlsx"
    proc = services("export", str(project), str(book))
    assert proc.returncode == 1, proc.stderr
    line = line_of(text, f"description: {long[:20]}")
    assert (f"data/services.yaml:{line}: error: service S-001: Beschreibung has 40,010 characters, "
            f"but an Excel cell holds at most {CELL_MAX:,}") in proc.stderr
    assert not book.exists() and yaml_file.read_text(encoding="utf-8") == text


def test_a_value_of_exactly_a_cell_makes_an_unchanged_round_trip(project, tmp_path):
    yaml_file = project / "data" / "services.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    full = "ä" * CELL_MAX
    yaml_file.write_text(text.replace("description: Beratung zu Sprache, Arbeit und Wohnen.",
                                      f"description: {full}"), encoding="utf-8")
    before = yaml_file.read_bytes()
    book = tmp_path / "a.xlsx"
    assert services("export", str(project), str(book)).returncode == 0
    assert load_workbook(book)["Angebote"][f"{column(book, 'Beschreibung')}2"].value == full
    proc = services("import", str(project), str(book))
    assert proc.returncode == 0 and "no changes" in proc.stderr, proc.stderr
    assert yaml_file.read_bytes() == before
    yaml_file.write_text(text.replace("description: Beratung zu Sprache, Arbeit und Wohnen.",
                                      f"description: {full}x"), encoding="utf-8")
    assert services("export", str(project), str(book)).returncode == 1  # one more is refused


def test_import_rejects_a_cell_longer_than_excel_allows(project, exported, tmp_path):
    letter = column(exported, "Öffnungszeiten")
    too_long = "x" * (CELL_MAX + 1)  # openpyxl would cut it; other programs may write it

    def long_cell(xml: str) -> str:
        return xml.replace("</row></sheetData>",
                           f'<c r="{letter}2" t="inlineStr"><is><t>{too_long}</t></is></c></row></sheetData>')

    book = rewrite_sheet(exported, long_cell, tmp_path / "long.xlsx")
    assert_rejected(services("import", str(project), str(book)),
                    f"Angebote!{letter}2: error: Öffnungszeiten: 32,768 characters, more than the 32,767 an Excel "
                    "cell holds")


@pytest.mark.parametrize("cached", [False, True])
def test_formulas_are_errors_naming_their_cell(project, exported, tmp_path, cached):
    formulas_are_rejected(project, exported, tmp_path, cached)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_formulas_are_errors_in_the_examples_too(name, tmp_path):
    project = copy_example(EXAMPLES[name], tmp_path / name)
    book = exported_copy(EXAMPLES[name], tmp_path / "angebote.xlsx")  # what `services export` of project writes
    assert services("import", str(project), str(book)).returncode == 0  # unchanged round trip first
    formulas_are_rejected(project, book, tmp_path, cached=True)


def formulas_are_rejected(project: Path, exported: Path, tmp_path: Path, cached: bool) -> None:
    age, hours, costs = column(exported, "Alter von"), column(exported, "Öffnungszeiten"), column(exported, "Kosten")
    wb = load_workbook(exported)
    wb["Angebote"][f"{age}2"] = "=20+7"
    wb["Angebote"][f"{hours}2"] = '=CONCAT("Mo ","9–12 Uhr")'
    wb["Angebote"][f"{costs}1"] = '="Kos"&"ten"'
    wb.save(exported)
    if cached:  # as Excel or LibreOffice save it: the formula with the value it last computed
        exported = rewrite_sheet(exported, lambda xml: xml.replace("<v></v>", "<v>27</v>"), tmp_path / "cached.xlsx")
        assert "<f>20+7</f><v>27</v>" in zipfile.ZipFile(exported).read(SHEET).decode()
    yaml_file = project / "data" / "services.yaml"
    before = yaml_file.read_bytes()
    assert_rejected(services("import", str(project), str(exported)),
                    f"Angebote!{age}2: error: Alter von: holds a formula (=20+7), not a value; type the value itself",
                    f"Angebote!{hours}2: error: Öffnungszeiten: holds a formula (=CONCAT(",
                    f"Angebote!{costs}1: error: a formula is no column name")
    assert yaml_file.read_bytes() == before


def test_a_value_in_the_last_cell_of_the_sheet_is_rejected_at_once(project, exported, tmp_path):
    # The 29 KB file: one value in XFD1048576 (openpyxl loading it whole needed 8 GB).
    wb = load_workbook(exported)
    wb["Angebote"]["XFD1048576"] = "x"
    wb.save(exported)
    assert exported.stat().st_size < 30_000
    assert_rejected(services("import", str(project), str(exported)),
                    "Angebote!XFD1048576: error: the sheet's used range reaches XFD1048576; at most 20,000 services")
    # The same without the <dimension> a writer may omit: found while streaming, at the row.
    bare = rewrite_sheet(exported, lambda xml: re.sub(r"<dimension [^>]*/>", "", xml), tmp_path / "bare.xlsx")
    assert_rejected(services("import", str(project), str(bare)),
                    f"Angebote!A1048576: error: the sheet goes on beyond row {MAX_ROWS + 1:,}")


def test_a_value_beyond_the_column_limit_is_rejected(project, exported, tmp_path):
    from openpyxl.utils import get_column_letter

    far = f"{get_column_letter(MAX_COLUMNS + 1)}2"
    bare = rewrite_sheet(exported, lambda xml: re.sub(r"<dimension [^>]*/>", "", xml).replace(
        "</row></sheetData>", f'<c r="{far}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'),
        tmp_path / "wide.xlsx")
    assert_rejected(services("import", str(project), str(bare)), f"Angebote!{far}: error: a value beyond column IP")


def test_a_row_bomb_is_rejected_while_streaming(project, exported, tmp_path):
    # Like the 2.9 MB row bomb: a million rows (about 40 MB of sheet XML, a few MB zipped).
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(3, 1_048_577))

    def bomb(xml: str) -> str:
        return re.sub(r"<dimension [^>]*/>", "", xml).replace("</sheetData>", rows + "</sheetData>")

    book = rewrite_sheet(exported, bomb, tmp_path / "bomb.xlsx")
    assert book.stat().st_size < 10_000_000
    assert_rejected(services("import", str(project), str(book)),
                    f"Angebote!A{MAX_ROWS + 2}: error: the sheet goes on beyond row {MAX_ROWS + 1:,}; at most")


def test_a_zip_bomb_is_rejected_before_it_is_read(project, exported, tmp_path):
    book = rewrite_sheet(exported, lambda xml: xml.replace("</worksheet>", " " * (20 * 2**20) + "</worksheet>"),
                         tmp_path / "zipbomb.xlsx")
    assert_rejected(services("import", str(project), str(book)), "rejected: member 'xl/worksheets/sheet1.xml' expands")


@pytest.mark.parametrize("name", ["angebote.csv", "angebote", "angebote.xls", "angebote.ods"])
def test_export_writes_xlsx_files_only(project, tmp_path, name):
    target = tmp_path / name
    proc = services("export", str(project), str(target))
    assert proc.returncode == 1 and "services export writes an Excel workbook (.xlsx)" in proc.stderr, proc.stderr
    assert "name the file angebote.xlsx" in proc.stderr and not target.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "project"]


def test_cell_length_counts_as_excel_does():
    from ikon_report.exchange.limits import excel_length, split_cell

    assert excel_length("äöü") == 3 and excel_length("a😀") == 3  # UTF-16 code units
    text = "ab😀" * 20_000
    pieces = split_cell(text)
    assert "".join(pieces) == text and all(excel_length(p) <= CELL_MAX for p in pieces) and len(pieces) == 3
    assert split_cell("kurz") == ["kurz"]
