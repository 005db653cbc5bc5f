"""Review files from outside (issue 10): nothing lost, no internal error, linear work.

Reply cycles and replies to no comment are reported and every comment reaches the register; a
comment longer than an Excel cell is kept whole; 5,000 nested elements are read; an .xlsx named
.docx is refused; the register writer never looks cells up again (it streams)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml
from excel_helpers import exported_copy
from openpyxl import load_workbook
from review_helpers import BODY, W14, W15, W, make_docx

from conftest import EXAMPLES, ROOT, run_cli
from ikon_report.exchange.limits import CELL_MAX
from ikon_report.exchange.review.collect import collect_file, read_review
from ikon_report.exchange.review.package import UnsafeDocument
from ikon_report.exchange.review.register import COLUMNS, read_register, write_register


def comments_docx(path: Path, texts: list[str], parents: dict[int, int]) -> Path:
    """A document with one comment per text, all anchored in one paragraph; ``parents`` maps a
    comment's number to the number whose paragraph it names as its parent (paraIdParent)."""
    refs = "".join(f'<w:commentRangeStart w:id="{i}"/><w:r><w:t>Satz {i}. </w:t></w:r><w:commentRangeEnd w:id="{i}"/>'
                   f'<w:r><w:commentReference w:id="{i}"/></w:r>' for i in range(len(texts)))
    body = (f'<w:document {W}><w:body><w:bookmarkStart w:id="0" w:name="M-ZT-01"/>'
            f'<w:p>{refs}</w:p></w:body></w:document>')
    comments = "".join(f'<w:comment w:id="{i}" w:author="R{i}" w:date="2024-02-01T10:00:00Z">'
                       f'<w:p w14:paraId="{i + 1:08X}"><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>'
                       for i, text in enumerate(texts))
    extended = "".join(f'<w15:commentEx w15:paraId="{i + 1:08X}"'
                       + (f' w15:paraIdParent="{parents[i] + 1:08X}"' if i in parents else "") + "/>"
                       for i in range(len(texts)))
    return make_docx(path, {"word/document.xml": body,
                            "word/comments.xml": f"<w:comments {W} {W14}>{comments}</w:comments>",
                            "word/commentsExtended.xml": f"<w15:commentsEx {W15}>{extended}</w15:commentsEx>"})


def test_reply_cycles_and_dangling_parents_keep_every_comment(tmp_path: Path):
    # The reproduction: 2,001 comments whose parents pair them up (i <-> i xor 1); the
    # last one names comment 2,001, which does not exist.
    n = 2001
    docx = comments_docx(tmp_path / "cycles.docx", [f"Kommentar {i}" for i in range(n)],
                         {i: i ^ 1 for i in range(n)})
    review = read_review(docx)
    assert len(review.items) == n and sorted(i.text for i in review.items) == sorted(f"Kommentar {i}" for i in range(n))
    assert len(review.warnings) == 2
    dangling, cycles = review.warnings
    assert "1 reply/replies to no comment: comment 2000 (R2000) replies to paragraph 000007D2" in dangling
    assert "1000 reply cycle(s): comment 0 → comment 1 → comment 0" in cycles and "and 995 more" in cycles

    register = tmp_path / "register.yaml"
    proc = run_cli("review", "collect", str(ROOT), str(docx), "--out", str(register))
    assert proc.returncode == 0, proc.stderr
    assert f"{n} comment(s) with 0 reply/replies" in proc.stderr and "warning: word/commentsExtended.xml" in proc.stderr
    items = yaml.safe_load(register.read_text(encoding="utf-8"))["items"]
    assert len(items) == n


def test_a_reply_into_a_cycle_stays_a_reply(tmp_path: Path):
    docx = comments_docx(tmp_path / "tail.docx", ["A", "B", "C", "D"], {0: 1, 1: 0, 2: 0, 3: 2})
    items = collect_file(docx)
    assert [i.text for i in items] == ["A", "B"]  # the cycle A <-> B is broken, C and D thread under A
    assert items[0].replies == ["R2 (2024-02-01): C", "R3 (2024-02-01): D"]


def test_identical_comments_in_one_file_are_separate_rows(tmp_path: Path):
    docx = comments_docx(tmp_path / "same.docx", ["Bitte prüfen"] * 3, {})
    body = open_member(docx, "word/comments.xml").replace('w:author="R1"', 'w:author="R0"')
    body = body.replace('w:author="R2"', 'w:author="R0"')
    docx = make_docx(tmp_path / "same2.docx", {**members_of(docx), "word/comments.xml": body})
    register = tmp_path / "register.yaml"
    for _ in range(2):  # and collecting the same file again adds nothing
        assert run_cli("review", "collect", str(ROOT), str(docx), "--out", str(register)).returncode == 0
    items = yaml.safe_load(register.read_text(encoding="utf-8"))["items"]
    assert [i["author"] for i in items] == ["R0"] * 3 and len({i["key"] for i in items}) == 3


def open_member(docx: Path, name: str) -> str:
    with zipfile.ZipFile(docx) as z:
        return z.read(name).decode()


def members_of(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as z:
        return {name: z.read(name).decode() for name in z.namelist()}


@pytest.mark.parametrize("suffix", [".xlsx", ".yaml"])
def test_a_comment_longer_than_a_cell_is_kept_whole(tmp_path: Path, suffix: str):
    text = "".join(f"Wort{i % 10} " for i in range(8001))[:40_004]  # the 40,004 characters
    assert len(text) == 40_004
    docx = comments_docx(tmp_path / "long.docx", [text], {})
    register = tmp_path / f"register{suffix}"
    proc = run_cli("review", "collect", str(ROOT), str(docx), "--out", str(register))
    assert proc.returncode == 0, proc.stderr
    [(_, row)] = read_register(register)
    assert row["text"] == text.strip()
    if suffix == ".xlsx":  # the text continues in a second column, no cell above Excel's limit
        sheet = load_workbook(register).active
        header = [c.value for c in sheet[1]]
        assert header[len(COLUMNS):] == ["text (2)"]
        assert all(len(str(c.value or "")) <= CELL_MAX for c in sheet[2])
        # and merging into it again keeps it whole (the status column stays the consultancy's)
        assert run_cli("review", "collect", str(ROOT), str(docx), "--out", str(register)).returncode == 0
        assert read_register(register)[0][1]["text"] == text.strip()


def test_5000_nested_elements_are_read(tmp_path: Path):
    inner = BODY.split("<w:body>")[1].split("</w:body>")[0]
    depth = 5000
    nested = f'<w:document {W}><w:body>{"<w:customXml>" * depth}{inner}{"</w:customXml>" * depth}</w:body></w:document>'
    docx = make_docx(tmp_path / "deep.docx", {"word/document.xml": nested})
    items = collect_file(docx)
    assert [(i.kind, i.text) for i in items] == [("comment", "Bitte prüfen"), ("insertion", "neuer Text"),
                                                ("deletion", "weg")]
    assert items[0].trail[0] == "M-ZT-01" and items[1].context == "Alter neuer Text."
    proc = run_cli("review", "collect", str(ROOT), str(docx), "--out", str(tmp_path / "r.yaml"))
    assert proc.returncode == 0 and "internal error" not in proc.stderr, proc.stderr


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_an_xlsx_named_docx_is_refused(tmp_path: Path, name: str):
    book = exported_copy(EXAMPLES[name], tmp_path / "angebote.xlsx")  # what `services export` writes
    fake = tmp_path / "review.docx"
    fake.write_bytes(book.read_bytes())
    with pytest.raises(UnsafeDocument, match="main part xl/workbook.xml is an Excel workbook, not a Word document"):
        collect_file(fake)
    register = tmp_path / "register.xlsx"
    proc = run_cli("review", "collect", str(EXAMPLES[name]), str(fake), "--out", str(register))
    assert proc.returncode == 1 and "is an Excel workbook, not a Word document" in proc.stderr
    assert "0 comment(s)" not in proc.stderr and not register.exists()


def test_a_package_without_content_types_is_refused(tmp_path: Path):
    docx = make_docx(tmp_path / "r.docx")
    members = members_of(docx)
    del members["[Content_Types].xml"]
    bare = tmp_path / "bare.docx"
    with zipfile.ZipFile(bare, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    with pytest.raises(UnsafeDocument, match=r"no \[Content_Types\].xml"):
        collect_file(bare)


def test_register_writer_streams_and_never_looks_cells_up(tmp_path: Path, monkeypatch):
    """The quadratic writer called ``sheet[sheet.max_row]`` per row (a scan of every cell). The
    writer must not use any random-access worksheet API: each is made to fail here."""
    from openpyxl.worksheet.worksheet import Worksheet

    def forbidden(*_args, **_kwargs):
        raise AssertionError("the register writer looked cells up")

    for name in ("__getitem__", "cell", "iter_rows", "iter_cols", "_cells_by_row", "_cells_by_col"):
        monkeypatch.setattr(Worksheet, name, forbidden)
    for name in ("max_row", "max_column", "dimensions"):
        monkeypatch.setattr(Worksheet, name, property(forbidden))
    rows = [{c: "" for c in COLUMNS} | {"key": f"k{i:05}", "status": "open", "kind": "insertion", "text": f"=T{i}"}
            for i in range(2000)]
    path = write_register(tmp_path / "register.xlsx", rows)
    monkeypatch.undo()
    back = read_register(path)
    assert [r["key"] for _, r in back] == [r["key"] for r in rows] and back[-1][1]["text"] == "=T1999"
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    assert sheet["L2001"].data_type == "s" and sheet.freeze_panes == "D2"
    assert str(sheet.data_validations.dataValidation[0].sqref) == "B2:B2501"
