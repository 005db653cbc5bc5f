"""Issue 12, „What the format cannot hold today“: project facts (period, inhabitants, contacts,
distribution note), unknown yes/no facts, findings' links, survey samples' method, the Ausgangslage
from YAML and CSV, glossary, abbreviations and sources — read back with pdftotext and python-docx
on Minden and Lindenfeld."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from conftest import Example, body_text, docx_text, pdf_text, run_cli
from ikon_report import german
from ikon_report.content.statistics import shown_values
from ikon_report.project.statistics import parse_value
from ikon_report.project.validate import load_project


def _flat(text: str) -> str:
    """PDF text as one line: words hyphenated at a line end joined, whitespace single spaces."""
    return " ".join(text.replace("\u00ad\n", "").replace("\u00ad", "").replace("\u00a0", " ").split())


def _model(example: Example):
    return load_project(example.root)[0]


def _last_page(pdf: Path) -> str:
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                            text=True, check=True).stdout).group(1))
    return subprocess.run(["pdftotext", "-f", str(pages), "-l", str(pages), str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def _first_page(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_period_contacts_and_distribution_on_cover_imprint_and_contact_page(example):
    p = _model(example).project
    assert p.period and p.contacts.client and p.contacts.contractor and p.distribution
    period = f"{p.period.start}–{p.period.end}"
    cover = " ".join(_first_page(example.concept_pdf).split())
    assert "Laufzeit" in cover and period in cover
    assert " ".join(p.distribution.split()) in cover
    text = " ".join(pdf_text(example.concept_pdf).split())
    for contact in (p.contacts.client, p.contacts.contractor):  # the imprint's lines
        assert f"{contact.email}" in text and f"Tel. {contact.phone}" in text
    last = " ".join(_last_page(example.concept_pdf).split())  # the closing contact page
    assert "Kontakt Auftraggeberin" in last
    for contact in (p.contacts.client, p.contacts.contractor):
        assert f"E-Mail: {contact.email}" in last and f"Telefon: {contact.phone}" in last
        assert contact.address and contact.address.splitlines()[0] in last
    assert f"Laufzeit des Konzepts: {period}" in last
    docx = docx_text(example.concept_docx)
    assert f"Laufzeit: {period}" in docx and p.distribution in docx
    assert f"Telefon: {p.contacts.client.phone}" in docx and p.contacts.contractor.email in docx
    paragraphs = [par.text for par in Document(str(example.concept_docx)).paragraphs if par.text.strip()]
    assert "Kontakt" in paragraphs[-12:]  # the contact page closes the document


def test_inhabitants_with_reference_date_and_source(example):
    people = _model(example).project.inhabitants
    assert people is not None
    sentence = (f"hat {german.number(people.count)} Einwohner*innen (Stand: {german.date(people.date)}; "
                f"Quelle: {people.source})")
    assert sentence in _flat(body_text(example.concept_pdf))
    assert sentence in docx_text(example.concept_docx).replace("\u00a0", " ")


def test_statistics_tables_with_source_date_and_charts(example):
    model = _model(example)
    assert model.statistics and any(s.csv for s in model.statistics)
    text = _flat(body_text(example.concept_pdf))
    docx = docx_text(example.concept_docx).replace("\u00a0", " ")
    assert "Ausgangslage in Zahlen" in text and "Ausgangslage in Zahlen" in docx
    for stat in model.statistics:
        source = f"Quelle: {stat.source}; Stand: {german.date(stat.date)}."
        assert source in text and source in docx, source
        assert stat.rows[0] in docx and stat.columns[-1] in docx
        shown = shown_values(stat)
        first = shown[0][0]
        assert (german.number(first) if not isinstance(first, str) else first) in docx
    charts = [s for s in model.statistics if s.chart]
    figures = re.findall(r"Abbildung \d+: ([^\n(]+)\(", docx)
    assert all(any(s.title.startswith(f.strip()[:30]) for f in figures) for s in charts)


def test_small_cells_of_statistics_are_suppressed(lindenfeld):
    stat = next(s for s in _model(lindenfeld).statistics if s.id == "ST-SGB")
    shown = shown_values(stat)
    assert stat.values[3][2] == 4 and shown[3][2] == "<5"
    assert any(v == "x" for row in shown for v in row)  # the secondary cell
    table = next(t for t in Document(str(lindenfeld.concept_docx)).tables
                 if t.rows[0].cells[0].text == "Personengruppe")
    last = [c.text for c in table.rows[4].cells]
    assert last[-1] == "<5" and "4" not in last[1:]


def test_csv_as_statistical_offices_publish_it():
    assert parse_value("1.234") == 1234 and parse_value("12,5") == 12.5 and parse_value("1.234,5") == 1234.5
    assert parse_value("-") == 0 and parse_value(".") is None and parse_value("x") is None
    for bad in ("1,234.5", "12.34", "abc", "1e3"):
        with pytest.raises(ValueError):
            parse_value(bad)


def test_findings_links_and_sample_method_are_printed(example):
    model = _model(example)
    text = _flat(body_text(example.concept_pdf))
    finding = next(f for f in model.findings if f.fields and f.sources)
    assert f"Handlungsfelder: „{model.field(finding.fields[0]).name}“" in text
    assert "Quellen:" in text
    sample = next(s for s in model.samples if s.method)
    assert f"Methode {sample.method}" in text or f"Methode {sample.method}" in " ".join(
        docx_text(example.concept_docx).split())
    assert "Erhebungszeitraum" in text
    invited = next((s for s in model.samples if s.invited), None)
    if invited is not None:
        rate = german.percent(100 * invited.total / invited.invited)
        assert rate in text.replace("\u00a0", " ")


def test_glossary_abbreviations_and_sources_list(example):
    model = _model(example)
    text = _flat(body_text(example.concept_pdf))
    docx = docx_text(example.concept_docx)
    assert "Abkürzungsverzeichnis" in text and "Quellenverzeichnis" in text
    for term in model.glossary:
        assert term.term in docx
        if term.long:
            assert term.long in docx
    for source in model.sources:
        assert source.title in text


@pytest.mark.parametrize("reader", ["pdf", "docx", "web"])
def test_unknown_yes_no_reads_keine_angabe(example, reader):
    services = _model(example).services
    unknown = [s for s in services if s.barrier_free is None]
    assert unknown and any(s.barrier_free is False for s in services)
    if reader == "web":
        page = example.one("IKON-Angebotskatalog-*.html").read_text(encoding="utf-8")
        assert '"barrier_free_unknown"' in page and "keine Angabe" in page
        found = re.search(r'<script type="application/json" id="catalogue-data">(.*?)</script>', page, re.S)
        assert found
        by_id = {s["id"]: s for s in json.loads(found.group(1))["services"]}
        assert all(by_id[s.id]["barrierFree"] is None for s in unknown)
        assert all(by_id[s.id]["barrierFree"] is False for s in services if s.barrier_free is False)
        return
    text = pdf_text(example.catalogue_pdf) if reader == "pdf" else docx_text(example.catalogue_docx)
    text = " ".join(text.split())
    assert text.count("Barrierefreiheit: keine Angabe") == len(unknown)
    assert text.count("nicht barrierefrei") == sum(s.barrier_free is False for s in services)


def test_excel_round_trip_keeps_unknown_as_unknown(tmp_path):
    from conftest import LINDENFELD

    project = tmp_path / "lf"
    shutil.copytree(LINDENFELD, project)
    book = tmp_path / "angebote.xlsx"
    assert run_cli("services", "export", str(project), str(book)).returncode == 0
    ws = load_workbook(book)["Angebote"]
    header = [c.value for c in ws[1]]
    col = header.index("Barrierefrei")
    unknown = {s.id for s in load_project(project)[0].services if s.barrier_free is None}
    rows = {row[0].value: row[col].value for row in ws.iter_rows(min_row=2)}
    assert unknown and all(rows[i] is None for i in unknown)
    before = (project / "data" / "services.yaml").read_bytes()
    proc = run_cli("services", "import", str(project), str(book))
    assert proc.returncode == 0, proc.stderr
    assert (project / "data" / "services.yaml").read_bytes() == before
    wb = load_workbook(book)
    changed = next(iter(sorted(unknown)))
    row = next(r for r in wb["Angebote"].iter_rows(min_row=2) if r[0].value == changed)
    row[header.index("Titel")].value = "Neu betitelt"  # the service is written anew: still no barrier_free key
    wb.save(book)
    assert run_cli("services", "import", str(project), str(book)).returncode == 0
    data = yaml.safe_load((project / "data" / "services.yaml").read_text(encoding="utf-8"))
    record = next(s for s in data["services"] if s["id"] == changed)
    assert record["title"] == "Neu betitelt" and "barrier_free" not in record
    assert next(s for s in load_project(project)[0].services if s.id == changed).barrier_free is None
