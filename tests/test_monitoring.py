"""``ikon-report monitoring --year``: the yearly progress report of the Minden example."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, docx_text, pdf_text

EXE = str(ROOT / ".venv" / "bin" / "ikon-report")
STEM = "IKON-Monitoringbericht-{year}-Minden-v0.9-Entwurf"


def data(name: str, key: str) -> list[dict]:
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))[key]


def run(year: int, out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, "monitoring", str(ROOT), "--year", str(year), "--out", str(out), *args],
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("monitoring")
    proc = run(2021, out)
    assert proc.returncode == 0, proc.stderr
    return out


def tables(docx: Path) -> list[list[list[str]]]:
    from docx import Document

    return [[[c.text for c in r.cells] for r in t.rows] for t in Document(str(docx)).tables]


def rows(docx: Path, header: list[str] | None = None) -> list[list[str]]:
    """All table rows, or the body rows of the tables with this header row."""
    return [r for t in tables(docx) if header is None or t[0] == header for r in (t if header is None else t[1:])]


def test_every_measure_with_its_2021_status_and_note(report: Path):
    docx = report / f"{STEM.format(year=2021)}.docx"
    table = {r[0]: r for r in rows(docx, ["Nr.", "Maßnahme", "Status 2021", "Sachstand"])}
    updates = {u["measure"]: u for u in data("monitoring.yaml", "updates") if u["year"] == 2021}
    for m in data("measures.yaml", "measures"):
        assert m["id"] in table, m["id"]
        if m["id"] in updates:
            status, note = table[m["id"]][2], table[m["id"]][3]
            assert status == updates[m["id"]]["status"]
            assert " ".join(updates[m["id"]]["note"].split())[:60] in note


def test_indicators_against_baseline_and_target(report: Path):
    docx = report / f"{STEM.format(year=2021)}.docx"
    header = ["Nr.", "Indikator (Einheit)", "Ausgangswert", "2020", "2021", "Zielwert", "Zielerreichung"]
    table = {r[0]: r for r in rows(docx, header)}
    for i in data("indicators.yaml", "indicators"):
        values = {v["year"]: v["value"] for v in i.get("values", [])}
        row = table[i["id"]]
        if 2021 in values and i["target"] != i["baseline"]:
            progress = 100 * (values[2021] - i["baseline"]) / (i["target"] - i["baseline"])
            assert row[6].replace("−", "-") == f"{progress:.1f} %".replace(".", ","), (i["id"], row)
    assert table["I-ZT-01"][2:6] == ["0 (2019)", "310", "540", "1.200 (2023)"]
    assert table["I-ZT-01"][6] == "45,0 %"
    assert ["Frauen", "172", "289"] in rows(docx)  # breakdown of I-ZT-01 for 2020 and 2021


def test_charts_with_alt_text(report: Path):
    docx = report / f"{STEM.format(year=2021)}.docx"
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    with_values = [i for i in data("indicators.yaml", "indicators") if i.get("values")]
    assert xml.count("<pic:pic") == len(with_values) + 1  # one chart per indicator, plus the cover logo
    assert len(re.findall(r'<wp:docPr [^>]*descr="Liniendiagramm ', xml)) == len(with_values)
    assert 'descr="Liniendiagramm Teilnehmende an Begegnungsformaten in den Quartieren: 2019: 0; 2020: 310; ' \
           '2021: 540; Zielwert 1.200 bis 2023."' in xml


def test_changes_since_previous_year(report: Path):
    text = docx_text(report / f"{STEM.format(year=2021)}.docx")
    assert "Veränderungen gegenüber 2020" in text
    assert ["M-ZT-02", "Netzwerk der Migrantenselbstorganisationen und Stärkung des Integrationsrats", "begonnen",
            "umgesetzt"] in rows(report / f"{STEM.format(year=2021)}.docx")
    assert "310 → 540 (+230 Teilnahmen, in Richtung Zielwert)" in text
    pdf = pdf_text(report / f"{STEM.format(year=2021)}.pdf")
    assert "Veränderungen gegenüber 2020" in pdf and "Integrationsmonitoring 2021" in pdf


def test_first_year_has_no_previous(tmp_path: Path):
    proc = run(2020, tmp_path, "--format", "docx")
    assert proc.returncode == 0, proc.stderr
    text = docx_text(tmp_path / f"{STEM.format(year=2020)}.docx")
    assert "Für 2019 liegen keine Monitoringdaten vor; dies ist der erste Bericht." in text


def test_year_without_data_is_a_clean_error(tmp_path: Path):
    proc = run(2019, tmp_path / "out")
    assert proc.returncode == 1
    assert "no monitoring data for 2019" in proc.stderr and "years with data: 2020, 2021" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "out").exists()
