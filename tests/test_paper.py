"""``ikon-report paper``: the Beschlussvorlage of the Minden example as DOCX and PDF."""

from __future__ import annotations

import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, pdf_text

EXE = str(ROOT / ".venv" / "bin" / "ikon-report")


def euro(value: float) -> str:
    return f"{value:,.0f} €".replace(",", ".")


@pytest.fixture(scope="module")
def paper(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("paper")
    proc = subprocess.run([EXE, "paper", str(ROOT), "--out", str(out)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return out


def table_rows(docx: Path) -> list[list[str]]:
    from docx import Document

    # dates are set with no-break spaces („18. Juni 2020“ never splits): read them as spaces
    return [[c.text.replace("\xa0", " ") for c in row.cells] for t in Document(str(docx)).tables for row in t.rows]


def test_paper_content(paper: Path):
    from conftest import docx_text

    docx = paper / "IKON-Beschlussvorlage-Minden-v0.9-Entwurf.docx"
    text = docx_text(docx)
    settings = yaml.safe_load((ROOT / "ikon.yaml").read_text(encoding="utf-8"))["paper"]
    for expected in ("Beschlussvorlage Nr. 0087/2020", settings["subject"], "Stabsstelle Integration",
                     "Beschlussvorschlag", "Sachverhalt und Begründung", "Finanzielle Auswirkungen", "Anlagen",
                     settings["resolution"][:60]):
        assert expected in text, expected
    rows = table_rows(docx)
    assert ["Gremium", "Sitzung", "Zuständigkeit", "Status"] in rows
    assert ["Rat der Stadt Minden", "18. Juni 2020", "Entscheidung", "öffentlich"] in rows
    assert ["Integrationsrat", "12. Mai 2020", "Vorberatung", "öffentlich"] in rows


def test_financial_impact_sums_measure_costs_by_field_and_year(paper: Path):
    data = yaml.safe_load((ROOT / "data" / "measures.yaml").read_text(encoding="utf-8"))["measures"]
    fields = {f["id"]: f["name"] for f in yaml.safe_load((ROOT / "data" / "fields.yaml").read_text())["fields"]}
    sums: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for m in data:
        for c in m.get("costs", []):
            sums[m["field"]][c["year"]] += c["amount"]
    years = sorted({y for s in sums.values() for y in s})
    rows = [[cell.removesuffix(" [Beispiel]") for cell in row]  # sums of illustrative measures are marked
            for row in table_rows(paper / "IKON-Beschlussvorlage-Minden-v0.9-Entwurf.docx")]
    assert ["Handlungsfeld", *map(str, years), "Summe"] in rows
    for field, per_year in sums.items():
        expected = [fields[field], *[euro(per_year.get(y, 0)) for y in years], euro(sum(per_year.values()))]
        assert expected in rows, expected
    total = [euro(sum(s.get(y, 0) for s in sums.values())) for y in years]
    assert ["Summe", *total, euro(sum(sum(s.values()) for s in sums.values()))] in rows


def test_attachments_name_the_files_build_writes(paper: Path, minden: Path):
    text = pdf_text(paper / "IKON-Beschlussvorlage-Minden-v0.9-Entwurf.pdf")
    for name in ("IKON-Minden-v0.9-Entwurf.pdf", "IKON-Angebotskatalog-Minden-v0.9-Entwurf.pdf"):
        assert (minden / name).exists(), name
        assert name in text.replace("\n", ""), name


def test_without_paper_settings_clean_error(tmp_path: Path):
    import shutil

    for part in ("ikon.yaml", "data", "chapters", "assets"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / part)
    settings = yaml.safe_load((tmp_path / "ikon.yaml").read_text(encoding="utf-8"))
    del settings["paper"]
    (tmp_path / "ikon.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    proc = subprocess.run([EXE, "paper", str(tmp_path), "--out", str(tmp_path / "out")], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 1
    assert "ikon.yaml has no 'paper:' section" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()
