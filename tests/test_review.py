"""Review collection: untrusted files are rejected cleanly, threads and changes are read, the
register merges without duplicates and the final build waits for open items."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from review_helpers import W, make_docx

from conftest import ROOT
from ikon_report.errors import InvalidProject
from ikon_report.exchange.review import package
from ikon_report.exchange.review.collect import collect_file
from ikon_report.exchange.review.package import UnsafeDocument
from ikon_report.exchange.review.register import merge, read_register
from ikon_report.exchange.review.status import check_final


def test_reads_threads_changes_and_commented_text(tmp_path: Path):
    items = collect_file(make_docx(tmp_path / "r.docx"))
    kinds = [(i.kind, i.author, i.text) for i in items]
    assert kinds == [("comment", "Erika", "Bitte prüfen"), ("insertion", "A", "neuer Text"), ("deletion", "B", "weg")]
    comment = items[0]
    assert comment.context == "Alter neuer Text" and comment.replies == ["Ibis (2024-02-02): Geprüft."]
    assert all(i.trail[0] == "M-ZT-01" and i.chapter == "8 Maßnahmen" for i in items)
    assert items[1].context == "Alter neuer Text."  # the paragraph as it reads now, without deleted text


ENTITY_BOMB = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
               f']><w:document {W}><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')
XXE = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       f'<w:document {W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')


@pytest.mark.parametrize(("members", "message"), [
    ({"word/document.xml": ENTITY_BOMB}, "declares a DTD or entities"),
    ({"word/document.xml": XXE}, "declares a DTD or entities"),
    ({"word/comments.xml": XXE}, "declares a DTD or entities"),
    ({"word/document.xml": "<w:document><unclosed>"}, "not well-formed XML"),
    ({"../../evil.txt": "x"}, "path-like member name"),
    ({"/etc/cron.d/evil": "x"}, "path-like member name"),
    ({"word\\..\\evil": "x"}, "path-like member name"),
    ({"C:/evil": "x"}, "path-like member name"),
    ({"bomb.bin": b"\0" * (3 * 2**20)}, "expands"),
])
def test_malicious_documents_are_rejected(tmp_path: Path, members: dict, message: str):
    with pytest.raises(UnsafeDocument, match=message):
        collect_file(make_docx(tmp_path / "bad.docx", members))


def test_not_a_zip_and_not_a_word_file(tmp_path: Path):
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(UnsafeDocument, match="not a DOCX"):
        collect_file(junk)
    empty = tmp_path / "empty.docx"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(UnsafeDocument, match="no main document part"):
        collect_file(empty)


def test_decompressed_size_is_capped_whatever_the_header_says(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(package, "MAX_PART", 1000)
    monkeypatch.setattr(package, "MAX_RATIO", 10**9)
    big = f'<w:document {W}><w:body><w:p><w:r><w:t>{"x" * 5000}</w:t></w:r></w:p></w:body></w:document>'
    with pytest.raises(UnsafeDocument, match="expands beyond"):
        collect_file(make_docx(tmp_path / "big.docx", {"word/document.xml": big}))


def test_rejected_file_writes_nothing(tmp_path: Path):
    good, bad = make_docx(tmp_path / "good.docx"), make_docx(tmp_path / "bad.docx", {"../x": "x"})
    register = tmp_path / "reviews" / "register.yaml"
    exe = ROOT / ".venv" / "bin" / "ikon-report"
    proc = subprocess.run([str(exe), "review", "collect", str(ROOT), str(good), str(bad), "--out",
                           str(register)], capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "bad.docx: rejected: path-like member name '../x'; nothing was written" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not register.exists() and not register.parent.exists()


def row(key: str, **kw: str) -> dict[str, str]:
    base = {c: "" for c in ("key", "status", "response", "files", "replies")}
    return base | {"key": key, "status": "open"} | kw


def test_merge_adds_new_keeps_status_and_response():
    existing = [row("a", status="done", response="erledigt", files="v1.docx", source="old:1")]
    incoming = [row("a", files="v2.docx", replies="X (2024-01-01): ok", source="new:2"), row("b", files="v2.docx")]
    result = merge(existing, incoming)
    assert (result.added, result.known) == (1, 1)
    first = result.rows[0]
    assert (first["status"], first["response"], first["files"], first["source"]) == \
        ("done", "erledigt", "v1.docx; v2.docx", "new:2")
    assert first["replies"] == "X (2024-01-01): ok" and result.rows[1]["key"] == "b"


def test_register_with_bad_status_is_reported_with_its_line(tmp_path: Path):
    register = tmp_path / "register.yaml"
    register.write_text(yaml.safe_dump({"items": [row("a"), row("b", status="erledigt")]}))
    with pytest.raises(InvalidProject) as exc:
        read_register(register)
    assert "status 'erledigt' is not one of open, accepted, rejected, done" in str(exc.value.problems[0])


def test_final_build_gate(tmp_path: Path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "register.yaml").write_text(yaml.safe_dump({"items": [
        row("a", kind="comment", author="Erika", id="M-ZT-01"), row("b", status="done")]}))
    with pytest.raises(InvalidProject) as exc:
        check_final(tmp_path, None)
    assert "final build refused while review items are open" in exc.value.reason
    assert "review item a (comment by Erika on M-ZT-01) is still open" in str(exc.value.problems[0])
    warning = check_final(tmp_path, "Rat tagt am 18.6.; Rückmeldungen fließen in v1.1 ein")
    assert warning[0].severity == "warning" and "1 open review item(s) overridden" in warning[0].message
    (tmp_path / "reviews" / "register.yaml").write_text(yaml.safe_dump({"items": [row("a", status="accepted")]}))
    assert check_final(tmp_path, None) == []


def test_xlsx_register_is_text_only(tmp_path: Path):
    from openpyxl import load_workbook

    from ikon_report.exchange.review.register import write_register

    path = write_register(tmp_path / "r.xlsx", [row("a", text="=1+1\x0b", kind="comment")])
    cell = load_workbook(io.BytesIO(path.read_bytes())).active["L2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_final_build_refused_then_overridden(tmp_path: Path):
    (tmp_path / "ikon.yaml").write_text('city: Testdorf\ntitle: Integrationskonzept Testdorf\nclient: Gemeinde\n'
                                        'contractor: Büro\nversion: "1.0"\ndate: 2024-01-15\n', encoding="utf-8")
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "register.yaml").write_text(yaml.safe_dump({"items": [
        row("k1", kind="comment", author="Erika", id="ch-x")]}))
    exe = str(ROOT / ".venv" / "bin" / "ikon-report")
    build = [exe, "build", str(tmp_path), "--final", "--format", "docx", "--out", str(tmp_path / "out")]
    refused = subprocess.run(build, capture_output=True, text=True, check=False)
    assert refused.returncode == 1
    assert "reviews/register.yaml:2: error: review item k1 (comment by Erika on ch-x) is still open" in refused.stderr
    assert not (tmp_path / "out" / "IKON-Testdorf-v1.0-Endfassung.docx").exists()
    allowed = subprocess.run([*build, "--override-reviews", "Rat tagt morgen"], capture_output=True, text=True,
                             check=False)
    assert allowed.returncode == 0, allowed.stderr
    assert "1 open review item(s) overridden for this final build: Rat tagt morgen" in allowed.stderr
    assert (tmp_path / "out" / "IKON-Testdorf-v1.0-Endfassung.docx").exists()
