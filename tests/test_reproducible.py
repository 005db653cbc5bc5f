"""A draft built again (another day, another folder) is byte-for-byte the same."""

from __future__ import annotations

from conftest import ROOT, build_project


def test_two_builds_give_identical_files(minden, tmp_path):
    proc = build_project(ROOT, tmp_path / "again", "--force")
    assert proc.returncode == 0, proc.stderr
    first = sorted(p for p in minden.iterdir() if p.suffix in (".docx", ".pdf", ".html", ".xlsx"))
    assert {p.suffix for p in first} >= {".docx", ".pdf"}
    for path in first:
        again = tmp_path / "again" / path.name
        assert again.read_bytes() == path.read_bytes(), path.name


def test_no_build_paths_inside_the_docx(minden_docx):
    import zipfile

    with zipfile.ZipFile(minden_docx) as z:
        xml = z.read("word/document.xml").decode()
    assert str(minden_docx.parent) not in xml
    assert ".cache" not in xml
