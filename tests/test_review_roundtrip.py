"""Review round trip with documents written by other programs: python-docx's comment API and
LibreOffice (tracked changes and comments in ODF, saved as DOCX by soffice)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import CLI, ROOT, libreoffice_convert
from ikon_report.exchange.review.collect import collect_file


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False)


def source_line(rel: str, pattern: str) -> str:
    """``path:line`` of the first line matching ``pattern`` (found independently of ikon-report)."""
    lines = (ROOT / rel).read_text(encoding="utf-8").splitlines()
    return f"{rel}:{next(n for n, line in enumerate(lines, 1) if re.search(pattern, line))}"


def record_line(rel: str, ident: str) -> str:
    return source_line(rel, rf"^\s*-\s+id:\s*{re.escape(ident)}\s*$")


# --- python-docx ---------------------------------------------------------------------------------


def python_docx_review(concept: Path, out: Path) -> Path:
    """Comments added with python-docx (>= 1.2) to a copy of the built concept."""
    from docx import Document

    doc = Document(str(concept))

    paragraphs = doc.paragraphs

    def heading(fragment: str) -> int:
        return next(n for n, p in enumerate(paragraphs) if p.style.name.startswith("Heading") and fragment in p.text)

    measure = paragraphs[heading("Netzwerk")]  # a measure profile heading (M-ZT-02)
    doc.add_comment(measure.runs, text="Bitte Ansprechperson beim Kreis ergänzen.", author="Stadt Minden, FB 2",
                    initials="FB2")
    body = next(p for p in paragraphs[heading("Anlass") + 1:] if p.runs)
    doc.add_comment(body.runs[0], text="=HYPERLINK(\"http://x\") Zahlen 2019 aktualisieren", author="Erika Muster")
    cell = next(c for t in doc.tables for r in t.rows for c in r.cells[:1] if c.text.strip() == "C-WOH-01")
    row_text = next(r for t in doc.tables for r in t.rows if r.cells[0].text.strip() == "C-WOH-01").cells[1]
    doc.add_comment(row_text.paragraphs[0].runs, text="Gilt auch für Studierende.", author="Erika Muster")
    assert cell is not None
    target = out / "reviewed-python-docx.docx"
    doc.save(str(target))
    return target


@pytest.fixture(scope="module")
def reviewed_python_docx(minden_docx: Path, tmp_path_factory) -> Path:
    return python_docx_review(minden_docx, tmp_path_factory.mktemp("pd"))


def test_python_docx_comments_map_to_ids(reviewed_python_docx: Path, tmp_path: Path):
    register = tmp_path / "register.yaml"
    proc = run("review", "collect", str(ROOT), str(reviewed_python_docx), "--out", str(register))
    assert proc.returncode == 0, proc.stderr
    assert "3 comment(s) with 0 reply/replies, 0 tracked change(s)" in proc.stderr
    items = yaml.safe_load(register.read_text())["items"]

    def by_text(prefix: str) -> dict:
        return next(i for i in items if i["text"].startswith(prefix))

    measure = by_text("Bitte Ansprechperson")
    assert (measure["id"], measure["record_type"]) == ("M-ZT-02", "measure")
    assert measure["source"] == record_line("data/measures.yaml", "M-ZT-02")
    assert measure["field"] == "Zusammenleben und Teilhabe"
    assert "Netzwerk" in measure["context"]
    section, challenge = by_text("=HYPERLINK"), by_text("Gilt auch")
    assert section["id"] == "anlass" and section["source"] == source_line("chapters/02-einleitung.md", "^## Anlass")
    assert section["chapter"].endswith("Einleitung")
    assert challenge["id"] == "C-WOH-01" and challenge["source"] == record_line("data/challenges.yaml", "C-WOH-01")
    assert challenge["field"] == "Wohnen" and challenge["author"] == "Erika Muster"


def test_register_merge_keeps_status_and_response(reviewed_python_docx: Path, tmp_path: Path):
    from openpyxl import load_workbook

    register = tmp_path / "reviews" / "register.xlsx"
    assert run("review", "collect", str(ROOT), str(reviewed_python_docx), "--out",
               str(register)).returncode == 0
    book = load_workbook(register)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    formula_cell = next(r for r in sheet.iter_rows(min_row=2) if str(r[header.index("text")].value).startswith("="))
    assert formula_cell[header.index("text")].data_type == "s"  # review text never becomes a formula
    sheet.cell(row=2, column=header.index("status") + 1, value="accepted")
    sheet.cell(row=2, column=header.index("response") + 1, value="Übernommen in v1.0")
    key = sheet.cell(row=2, column=1).value
    book.save(register)
    copy = tmp_path / "copy-from-another-reviewer.docx"
    shutil.copy(reviewed_python_docx, copy)
    proc = run("review", "collect", str(ROOT), str(copy), "--out", str(register))
    assert proc.returncode == 0, proc.stderr
    assert "0 new, 3 already known, 3 item(s), 2 open" in proc.stderr
    rows = list(load_workbook(register).active.iter_rows(values_only=True))
    kept = next(r for r in rows if r[0] == key)
    assert kept[header.index("status")] == "accepted" and kept[header.index("response")] == "Übernommen in v1.0"
    assert kept[header.index("files")] == f"{reviewed_python_docx.name}; {copy.name}"
    status = run("review", "status", str(ROOT), "--register", str(register))
    assert status.returncode == 0
    assert "status: open 2, accepted 1" in status.stdout and "Wohnen" in status.stdout


# --- LibreOffice ---------------------------------------------------------------------------------


def _annotation(who: str, date: str, text: str, name: str = "") -> str:
    named = f' office:name="{name}"' if name else ""
    return (f"<office:annotation{named}><dc:creator>{who}</dc:creator><dc:date>{date}</dc:date>"
            f"<text:p>{text}</text:p></office:annotation>")


CHANGES = (
    '<text:tracked-changes text:track-changes="true">'
    '<text:changed-region xml:id="ct1" text:id="ct1"><text:insertion><office:change-info>'
    "<dc:creator>Max Beispiel</dc:creator><dc:date>2024-03-09T08:00:00</dc:date></office:change-info>"
    "</text:insertion></text:changed-region>"
    '<text:changed-region xml:id="ct2" text:id="ct2"><text:deletion><office:change-info>'
    "<dc:creator>Max Beispiel</dc:creator><dc:date>2024-03-09T08:05:00</dc:date></office:change-info>"
    "<text:p>Veralteter Zusatz.</text:p></text:deletion></text:changed-region></text:tracked-changes>"
)


def _end_of_cell_after(odt: str, bookmark: str) -> int:
    """Position before the end of the paragraph in the cell next to ``bookmark``'s cell."""
    start = odt.index(f'text:name="{bookmark}"')
    return odt.index("</text:p>", odt.index("</text:p>", start) + 1)


def libreoffice_review(concept: Path, work: Path) -> Path:
    """Open the concept in LibreOffice (as ODF), add comments and tracked changes, save as DOCX."""
    def convert(src: Path, to: str) -> Path:
        return libreoffice_convert(src, to, work)

    odt = convert(concept, "fodt").read_text(encoding="utf-8")
    head = odt.index('<text:bookmark-start text:name="M-ZT-01"/>') + len('<text:bookmark-start text:name="M-ZT-01"/>')
    end = odt.index("</text:h>", head)
    odt = (odt[:head] + _annotation("Stadt Minden, FB 5", "2024-03-10T09:15:00", "Federführung abstimmen.", "c1")
           + odt[head:end] + '<office:annotation-end office:name="c1"/>' + odt[end:])
    at = _end_of_cell_after(odt, "C-BIL-02")
    inserted = '<text:change-start text:change-id="ct1"/> (auch in Kitas)<text:change-end text:change-id="ct1"/>'
    odt = odt[:at] + inserted + odt[at:]
    at = _end_of_cell_after(odt, "I-WOH-02")
    odt = odt[:at] + '<text:change text:change-id="ct2"/>' + odt[at:]
    heading = odt.index("</text:h>", odt.index('text:name="entstanden-im-dialog"'))
    para = odt.index(">", odt.index("<text:p ", heading)) + 1
    odt = odt[:para] + _annotation("Erika Muster", "2024-03-12T14:30:00", "Quelle &amp; &lt;Jahr&gt; nennen.") \
        + odt[para:]
    body = odt.index(">", odt.index("<office:text")) + 1
    odt = odt[:body] + CHANGES + odt[body:]
    reviewed = work / "reviewed-libreoffice.fodt"
    reviewed.write_text(odt, encoding="utf-8")
    return convert(reviewed, 'docx:MS Word 2007 XML')


def test_libreoffice_comments_and_tracked_changes(minden_docx: Path, tmp_path: Path):
    reviewed = libreoffice_review(minden_docx, tmp_path)
    found = {(f.kind, f.text.strip()): f for f in collect_file(reviewed)}
    assert set(found) == {("comment", "Federführung abstimmen."), ("insertion", "(auch in Kitas)"),
                          ("deletion", "Veralteter Zusatz."), ("comment", "Quelle & <Jahr> nennen.")}
    register = tmp_path / "register.yaml"
    proc = run("review", "collect", str(ROOT), str(reviewed), "--out", str(register))
    assert proc.returncode == 0, proc.stderr
    items = {i["kind"] + ":" + i["id"]: i for i in yaml.safe_load(register.read_text())["items"]}
    assert set(items) == {"comment:M-ZT-01", "insertion:C-BIL-02", "deletion:I-WOH-02",
                          "comment:entstanden-im-dialog"}
    assert items["comment:M-ZT-01"]["source"] == record_line("data/measures.yaml", "M-ZT-01")
    assert items["comment:M-ZT-01"]["author"] == "Stadt Minden, FB 5"
    assert items["comment:M-ZT-01"]["date"] == "2024-03-10 09:15:00"
    assert items["insertion:C-BIL-02"]["source"] == record_line("data/challenges.yaml", "C-BIL-02")
    assert items["insertion:C-BIL-02"]["context"].endswith("(auch in Kitas)")
    assert items["deletion:I-WOH-02"]["source"] == record_line("data/indicators.yaml", "I-WOH-02")
    assert items["deletion:I-WOH-02"]["chapter"].endswith("Monitoringsystem")
    assert items["comment:entstanden-im-dialog"]["source"] == source_line("chapters/01-vorwort.md",
                                                                           "^## Entstanden im Dialog")


def test_every_record_keeps_its_bookmark_through_libreoffice(minden_docx: Path, tmp_path: Path):
    """LibreOffice drops bookmarks it cannot place; ours must all come back."""
    import zipfile

    converted = libreoffice_convert(minden_docx, "docx:MS Word 2007 XML", tmp_path / "lo")
    names = {}
    for label, file in (("ours", minden_docx), ("lo", converted)):
        xml = zipfile.ZipFile(file).read("word/document.xml").decode()
        names[label] = set(re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', xml))
    data = {k: yaml.safe_load((ROOT / "data" / f"{k}.yaml").read_text())[k]
            for k in ("challenges", "measures", "indicators")}
    ids = {r["id"] for records in data.values() for r in records}
    assert ids <= names["ours"]
    assert names["ours"] <= names["lo"]
