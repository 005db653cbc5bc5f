"""``ikon-report paper``: the committee paper (Vorlage) of both example projects as DOCX and PDF,
read back with python-docx, poppler (pdftotext -layout, pdfimages) and LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, LINDENFELD, ROOT, docx_text, libreoffice_convert, pdf_text, require_tool, run_cli
from ikon_report.documents.naming import event_stems, output_stem
from ikon_report.project.validate import load_project

STEM = {"minden": "IKON-Beschlussvorlage-Minden-v0.9-Entwurf",
        "lindenfeld": "IKON-Beschlussvorlage-Lindenfeld-v1.2-Entwurf"}


def amount(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if value else "–"


def settings(root: Path) -> dict:
    return yaml.safe_load((root / "ikon.yaml").read_text(encoding="utf-8"))


def text_of(point: str | dict) -> str:
    return " ".join((point if isinstance(point, str) else point["text"]).split())


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def paper(request, made) -> tuple[str, Path]:
    """Each example's committee paper (``paper PROJECT``, made once per session)."""
    return request.param, made("paper", str(EXAMPLES[request.param]))


def table_rows(docx: Path) -> list[list[str]]:
    from docx import Document

    # dates are set with no-break spaces („18. Juni 2020“ never splits): read them as spaces
    return [[c.text.replace("\xa0", " ").replace(" [Beispiel]", "") for c in row.cells]
            for t in Document(str(docx)).tables for row in t.rows]


def page_text(pdf: Path, page: int, *layout: str) -> str:
    exe = require_tool("pdftotext")
    return subprocess.run([exe, *layout, "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout.replace("\xa0", " ")


def test_first_page_is_the_form(paper: tuple[str, Path]):
    """Page 1 holds logo, paper type and number, date, offices, subject and the consultation
    sequence — no report cover, no imprint page."""
    name, out = paper
    data = settings(EXAMPLES[name])
    form = data["paper"]
    pdf = out / f"{STEM[name]}.pdf"
    first = " ".join(page_text(pdf, 1).split())
    for expected in (form["type"], form["number"], form["lead_office"], " ".join(form["subject"].split()[:6]),
                     "Beratungsfolge", *[c["body"] for c in form["consultation"]], "Beschlussvorschlag",
                     *[text_of(o) for o in form.get("offices", [])]):
        assert expected in first, (name, expected)
    assert "Impressum" not in pdf_text(pdf) and "Auftraggeberin" not in first
    images = subprocess.run([require_tool("pdfimages"), "-list", "-f", "1", "-l", "1", str(pdf)],
                            capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert [line.split()[2] for line in images if line.split()[2] == "image"] == ["image"], images  # the logo
    from docx import Document

    doc = Document(str(out / f"{STEM[name]}.docx"))
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0].text == form["type"] and headings[0].style.name == "Heading 1"
    assert not any(p.text == "Impressum" for p in doc.paragraphs)


def test_form_and_consultation_roles(paper: tuple[str, Path]):
    name, out = paper
    form = settings(EXAMPLES[name])["paper"]
    rows = table_rows(out / f"{STEM[name]}.docx")
    assert ["Vorlage Nr.", form["number"]] in rows
    assert ["Federführung", form["lead_office"]] in rows
    assert ["Betreff", " ".join(form["subject"].split())] in rows
    assert ["Beteiligt", "\n".join(text_of(o) for o in form["offices"])] in rows
    assert ["Gremium", "Sitzung", "Zuständigkeit", "Status"] in rows
    from ikon_report import german

    for c in form["consultation"]:
        row = [c["body"], german.date(c["date"]), c["role"], "öffentlich" if c["public"] else "nicht öffentlich"]
        assert row in rows, row
    assert any(c["role"] == "Vorberatung und Empfehlung" for c in form["consultation"])


def test_resolution_is_numbered_points(paper: tuple[str, Path]):
    """Each point of the resolution is its own numbered list item (in Word: a numbered paragraph)."""
    name, out = paper
    points = [text_of(p) for p in settings(EXAMPLES[name])["paper"]["resolution"]]
    assert len(points) >= 4
    from docx import Document

    doc = Document(str(out / f"{STEM[name]}.docx"))
    numbered = [" ".join(p.text.split()) for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    for point in points:
        assert point in numbered, point
    text = " ".join(pdf_text(out / f"{STEM[name]}.pdf").split())
    for n, point in enumerate(points, 1):
        assert f"{n}. {point[:40]}" in text.replace("- ", "-"), point  # hyphenated line ends read back


def test_sections_in_order_with_finance_text_and_attachments(paper: tuple[str, Path]):
    name, out = paper
    form = settings(EXAMPLES[name])["paper"]
    text = " ".join(docx_text(out / f"{STEM[name]}.docx").split())
    order = [text.index(h) for h in ("Beschlussvorschlag", "Sachverhalt und Begründung", "Finanzielle Auswirkungen",
                                     "Anlagen")]
    assert order == sorted(order)
    for paragraph in form["financial_impact"]:
        assert text_of(paragraph) in text
    for attachment in form["attachments"]:
        assert text_of(attachment) in text
    # the generated attachments by the names `build` gives them
    assert re.search(r"\(IKON-[A-Za-z]+-v[\d.]+-Entwurf\.pdf\)", text)
    assert "Angebotskatalog (IKON-Angebotskatalog" in text


def test_attachments_list_each_events_documentation(paper: tuple[str, Path]):
    """Beside the concept: every event's documentation by the file name `build` writes it under,
    in the DOCX and the PDF, in the order of the events, before the catalogue."""
    name, out = paper
    model = load_project(EXAMPLES[name])[0]
    stems = event_stems(model, final=False)
    assert len(stems) == len(model.events) >= 3
    for text in (docx_text(out / f"{STEM[name]}.docx"), pdf_text(out / f"{STEM[name]}.pdf")):
        words = "".join(text.split()).replace("\u00ad", "")  # pdftotext drops a hyphen that ends a line
        words = words.replace("-", "")
        attachments = words[words.rindex("Anlagen"):]
        at = [attachments.index(f"({stems[e.id]}.pdf)".replace("-", "")) for e in model.events]
        assert at == sorted(at) and attachments.index(f"({output_stem(model, False)}.pdf)".replace("-", "")) < at[0]
        assert at[-1] < attachments.index("(IKONAngebotskatalog")
        assert all("".join(f"Dokumentation: {e.title}".split()).replace("-", "") in attachments for e in model.events)
    shown = "".join(pdf_text(out / f"{STEM[name]}.pdf").split())
    names = re.findall(r"\(IKON[^()]*?\.pdf\)", shown[shown.rindex("Anlagen"):])
    assert len(names) >= len(stems) + 1 and not [n for n in names if "\u00ad" in n]  # file names never hyphenated


HORIZONS = ("kurzfristig", "mittelfristig", "langfristig")


def expected_costs(root: Path) -> tuple[list[int | str], dict[str, list[str]], list[str]]:
    """The cost table computed here from the YAML: periods (years, then horizons), per field name
    its row, the sum row."""
    data = yaml.safe_load((root / "data" / "measures.yaml").read_text(encoding="utf-8"))["measures"]
    fields = {f["id"]: f["name"] for f in
              yaml.safe_load((root / "data" / "fields.yaml").read_text(encoding="utf-8"))["fields"]}
    sums: dict[str, dict[int | str, float]] = defaultdict(lambda: defaultdict(float))
    for m in data:
        for c in m.get("costs", []):
            sums[m["field"]][c.get("year", c.get("horizon"))] += c["amount"]
    used = {p for s in sums.values() for p in s}
    periods = [*sorted(p for p in used if isinstance(p, int)), *[h for h in HORIZONS if h in used]]
    rows = {fields[f]: [fields[f], *[amount(s.get(p, 0)) for p in periods], amount(sum(s.values()))]
            for f, s in sums.items()}
    total = [amount(sum(s.get(p, 0) for s in sums.values())) for p in periods]
    return periods, rows, ["Summe", *total, amount(sum(sum(s.values()) for s in sums.values()))]


def test_cost_table_sums_measure_costs_by_field_and_year(paper: tuple[str, Path]):
    name, out = paper
    periods, expected, total = expected_costs(EXAMPLES[name])
    rows = table_rows(out / f"{STEM[name]}.docx")
    assert ["Handlungsfeld", *map(str, periods), "Summe"] in rows
    for row in expected.values():
        assert row in rows, row
    assert total in rows
    assert any(p in HORIZONS for p in periods)  # both examples plan some costs by time horizon


def test_a_measure_with_only_a_horizon_is_in_the_table(tmp_path: Path):
    """Minden's M-WOH-04 plans its costs kurz- and mittelfristig, by no year: its field's row
    carries them in the horizon columns, and it is not listed as without costs."""
    measures = yaml.safe_load((ROOT / "data" / "measures.yaml").read_text(encoding="utf-8"))["measures"]
    woh = next(m for m in measures if m["id"] == "M-WOH-04")
    assert woh["costs"] and all("horizon" in c and "year" not in c for c in woh["costs"])
    proc = run_cli("paper", str(ROOT), "--out", str(tmp_path), "--format", "pdf")
    assert proc.returncode == 0, proc.stderr
    text = pdf_text(tmp_path / f"{STEM['minden']}.pdf")
    assert "kurzfristig" in text and "mittelfristig" in text and "M-WOH-04" not in text


def test_seven_year_columns_stay_readable(tmp_path: Path):
    """Lindenfeld's costs run over eight years: pdftotext -layout reads every amount as a word of
    its own, in its row, in the typst PDF and in LibreOffice's rendering of the DOCX; python-docx
    reads each in a cell of its own."""
    name, root = "lindenfeld", LINDENFELD
    periods, expected, total = expected_costs(root)
    assert len([p for p in periods if isinstance(p, int)]) >= 7
    proc = run_cli("paper", str(root), "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    docx, pdf = tmp_path / f"{STEM[name]}.docx", tmp_path / f"{STEM[name]}.pdf"
    rows = table_rows(docx)
    for row in [*expected.values(), total]:
        assert row in rows, row
    office = libreoffice_convert(docx, "pdf", tmp_path / "lo")
    for reader in (pdf, office):
        lines = [" ".join(line.split()) for page in range(1, 10) if (t := _page_or_none(reader, page))
                 for line in t.splitlines()]
        header = next(line for line in lines if line.startswith("Handlungsfeld "))
        assert header.split()[1:] == [*map(str, periods), "Summe"], (reader.name, header)
        for row in [*expected.values(), total]:
            amounts = row[1:]
            found = [line for line in lines if line.endswith(" ".join(amounts))]
            assert found, (reader.name, row, [line for line in lines if amounts[-1] in line])


def _page_or_none(pdf: Path, page: int) -> str | None:
    exe = require_tool("pdftotext")
    proc = subprocess.run([exe, "-layout", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=False)
    return proc.stdout.replace("\xa0", " ") if proc.returncode == 0 else None


def test_old_keys_still_load(tmp_path: Path):
    """A paper written before the form keys (a resolution as one text, no type, offices, finance
    text or attachments, roles from the old choice) still builds: its resolution as a paragraph."""
    root = tmp_path / "p"
    root.mkdir()
    for part in ("ikon.yaml", "data", "chapters", "assets", "i18n"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / part)
    data = settings(root)
    old = {k: v for k, v in data["paper"].items() if k in ("number", "subject", "lead_office", "consultation",
                                                           "reasons")}
    old["resolution"] = "Der Rat beschließt das Konzept. Die Verwaltung setzt es um."
    old["consultation"] = [{**c, "role": "Vorberatung"} for c in old["consultation"]]
    data["paper"] = old
    (root / "ikon.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    proc = run_cli("paper", str(root), "--out", str(tmp_path / "out"), "--format", "docx")
    assert proc.returncode == 0, proc.stderr
    from docx import Document

    doc = Document(str(tmp_path / "out" / f"{STEM['minden']}.docx"))
    paragraph = next(p for p in doc.paragraphs if p.text.startswith("Der Rat beschließt"))
    assert paragraph._p.pPr is None or paragraph._p.pPr.numPr is None
    assert doc.paragraphs[0].text or doc.tables  # the form starts the document


def test_without_paper_settings_clean_error(tmp_path: Path):
    for part in ("ikon.yaml", "data", "chapters", "assets", "i18n"):
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / part)
    data = settings(tmp_path)
    del data["paper"]
    (tmp_path / "ikon.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    proc = run_cli("paper", str(tmp_path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1
    assert "ikon.yaml has no 'paper:' section" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()
