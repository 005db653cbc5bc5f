"""``ikon-report monitoring --year``: the yearly progress report of the Minden example."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT, docx_text, pdf_text

EXE = str(ROOT / ".venv" / "bin" / "ikon-report")
STEM = "IKON-Monitoringbericht-{year}-Minden-v0.9-Entwurf"


def data(name: str, key: str) -> list[dict]:
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))[key]


def run(year: int, out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, "monitoring", str(ROOT), "--year", str(year), "--out", str(out), *args],
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def report(made) -> Path:
    """Minden's 2021 report (``monitoring --year 2021``, made once per session)."""
    return made("monitoring", str(ROOT), "--year", "2021")


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


def without_monitoring_data(src: Path, dst: Path, keep_values: bool = False) -> Path:
    """A copy of the project ``src`` before its first yearly updates (and values, unless kept)."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".venv", "build", ".git", "tests", "bench", "examples"))
    (dst / "data" / "monitoring.yaml").unlink()
    if not keep_values:
        file = dst / "data" / "indicators.yaml"
        content = yaml.safe_load(file.read_text(encoding="utf-8"))
        for indicator in content["indicators"]:
            indicator.pop("values", None)
        file.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dst


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_without_updates_the_planned_state(name: str, tmp_path: Path):
    """No updates and no values yet: every measure with its planned status, time frame and lead,
    every indicator with baseline and target; no status table of zeros, no empty changes."""
    root = without_monitoring_data(EXAMPLES[name], tmp_path / "p")
    proc = subprocess.run([EXE, "monitoring", str(root), "--out", str(tmp_path / "out")], capture_output=True,
                          text=True, check=False)  # no --year: the concept's year
    assert proc.returncode == 0, proc.stderr
    docx = next((tmp_path / "out").glob("*.docx"))
    pdf = next((tmp_path / "out").glob("*.pdf"))
    measures = yaml.safe_load((root / "data" / "measures.yaml").read_text(encoding="utf-8"))["measures"]
    table = {r[0]: [c.replace(" [Beispiel]", "") for c in r] for r in
             rows(docx, ["Nr.", "Maßnahme", "Status laut Konzept", "Zeitraum", "Federführung", "Priorität"])}
    for m in measures:
        assert table[m["id"]][2:5] == [m.get("status", "geplant"), " ".join(m["time_frame"].split()),
                                       m["lead"]], m["id"]
    indicators = yaml.safe_load((root / "data" / "indicators.yaml").read_text(encoding="utf-8"))["indicators"]
    shown = {r[0]: r for t in tables(docx) if t[0][:4] == ["Nr.", "Indikator (Einheit)", "Ausgangswert", "Zielwert"]
             for r in t[1:]}
    from ikon_report import german

    for i in indicators:
        row = [c.replace(" [Beispiel]", "") for c in shown[i["id"]]]
        assert row[2:4] == [f"{german.number(i['baseline'])} ({i['baseline_year']})",
                            f"{german.number(i['target'])} ({i['target_year']})"], row
    for t in tables(docx):  # no table of zeros
        numbers = [c for r in t[1:] for c in r[1:] if re.fullmatch(r"[\d.]+", c)]
        assert not numbers or any(c != "0" for c in numbers), t
    plan = next(t for t in tables(docx) if t[0][:2] == ["Handlungsfeld", "Maßnahmen"] and t[0][-1] == "Indikatoren")
    summe = next(r for r in plan if r[0] == "Summe")
    assert summe[1] == str(len(measures)) and summe[-1] == str(len(indicators))
    text = docx_text(docx)
    assert "Veränderungen gegenüber" not in text and "Planungsstand laut" in text
    assert "Planungsstand laut" in pdf_text(pdf) and "geplanten Stand laut Konzept" in pdf_text(pdf)


def test_values_without_updates_count_every_measure(report: Path, tmp_path: Path):
    """Indicator values but no measure updates: the status table counts each measure in its status
    laut Konzept (not zeros), the measures stand as planned, the indicators with their values."""
    root = without_monitoring_data(ROOT, tmp_path / "p", keep_values=True)
    # the same values make the same charts as the 2021 report's: its chart cache is reused, not drawn again
    shutil.copytree(report / ".cache" / "charts", tmp_path / "out" / ".cache" / "charts")
    proc = subprocess.run([EXE, "monitoring", str(root), "--year", "2021", "--out", str(tmp_path / "out"),
                           "--format", "docx"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    docx = tmp_path / "out" / f"{STEM.format(year=2021)}.docx"
    status = rows(docx, ["Status der Maßnahmen", "2021", "2020"])
    measures = data("measures.yaml", "measures")
    counted = sum(int(r[1]) for r in status if r[0] != "davon gemeldet")
    assert counted == len(measures)
    assert ["davon gemeldet", "0", "0"] in status
    assert rows(docx, ["Nr.", "Maßnahme", "Status laut Konzept", "Zeitraum", "Federführung", "Priorität"])
    assert rows(docx, ["Nr.", "Indikator (Einheit)", "Ausgangswert", "2020", "2021", "Zielwert", "Zielerreichung"])


def test_year_without_data_shows_the_plan(tmp_path: Path):
    """2019, before the first updates (2020): the planned state, not an error."""
    proc = run(2019, tmp_path / "out", "--format", "docx")
    assert proc.returncode == 0, proc.stderr
    text = docx_text(tmp_path / "out" / f"{STEM.format(year=2019)}.docx")
    assert "Für 2019 liegen noch keine Sachstandsberichte" in text


def test_impossible_year_is_a_clean_error(tmp_path: Path):
    proc = run(20211, tmp_path / "out")
    assert proc.returncode == 1
    assert "--year 20211 is no report year" in proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "out").exists()


def test_every_status_counted_in_lindenfeld(tmp_path: Path):
    """Lindenfeld's measures use the statuses beyond geplant/begonnen (vorgeschlagen, in Vorbereitung,
    laufend): the status table counts each measure in its last reported status, else the planned
    one, in the vocabulary's order."""
    from ikon_report.project.vocabulary import MEASURE_STATUSES

    root = EXAMPLES["lindenfeld"]
    proc = subprocess.run([EXE, "monitoring", str(root), "--year", "2025", "--out", str(tmp_path), "--format",
                           "docx"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    measures = yaml.safe_load((root / "data" / "measures.yaml").read_text(encoding="utf-8"))["measures"]
    updates = {u["measure"]: u["status"] for u in
               yaml.safe_load((root / "data" / "monitoring.yaml").read_text(encoding="utf-8"))["updates"]
               if u["year"] <= 2025}
    status = {m["id"]: updates.get(m["id"], m.get("status", "geplant")) for m in measures}
    docx = next(tmp_path.glob("*.docx"))
    table = rows(docx, ["Status der Maßnahmen", "2025", "2024"])
    expected = [[s, str(sum(v == s for v in status.values()))] for s in MEASURE_STATUSES if s in status.values()]
    assert [r[:2] for r in table if r[0] != "davon gemeldet"] == expected
    assert {"vorgeschlagen", "in Vorbereitung", "laufend"} <= set(status.values())
