"""Incremental builds: nothing changed → nothing read or written; one measure edited → only the
editions that depend on measures are rewritten; an interrupted build changes nothing."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from project_helpers import add_to_chapter, concept_of, is_concept, small_project

from conftest import ROOT, pdf_text, run_cli
from ikon_report import uptodate
from ikon_report.build import BuildResult, _read_state, build
from ikon_report.render.typst_parts import SEPARATOR
from ikon_report.tools import pandoc

PROJECT_FILES = ("ikon.yaml", "data", "chapters", "assets", "i18n")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("incremental")
    for name in PROJECT_FILES:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, root / name)
    return root


@pytest.fixture(scope="module")
def cold_build(project, tmp_path_factory, compiler) -> tuple[Path, BuildResult]:
    """The first build of ``project`` (nothing built before), made once for the tests that start from it."""
    out = tmp_path_factory.mktemp("cold") / "out"
    return out, build(project, out, compiler=compiler)


@pytest.fixture
def first_build(project, cold_build, tmp_path) -> Iterator[tuple[Path, BuildResult]]:
    """``tmp_path/out`` as the first build of ``project`` left it (a copy of ``cold_build``'s folder; the
    up-to-date check reads the project's paths and bytes, not the output folder's) and that build's
    result, naming the copies. The measures a test edits are restored afterwards, so the next test's
    copy is up to date again."""
    cold, result = cold_build
    out = tmp_path / "out"
    shutil.copytree(cold, out, symlinks=True)
    measures = project / "data" / "measures.yaml"
    before = measures.read_bytes()
    yield out, replace(result, written=[out / p.relative_to(cold) for p in result.written],
                       skipped=[out / p.relative_to(cold) for p in result.skipped])
    measures.write_bytes(before)


def names(paths: list[Path]) -> list[str]:
    return sorted(p.name for p in paths)


def edit_first_measure(root: Path, suffix: str) -> None:
    file = root / "data" / "measures.yaml"
    text = file.read_text(encoding="utf-8")
    start = text.index("\n    title: ", text.index("- id: M-")) + len("\n    title: ")
    end = text.index("\n", start)
    file.write_text(text[:end] + suffix + text[end:], encoding="utf-8")


def test_incremental_builds(project, first_build, compiler, monkeypatch):
    out, first = first_build
    outputs = names(first.written)
    assert any(n.endswith(".pdf") for n in outputs) and any(n.endswith(".docx") for n in outputs)
    stamps = {p: p.stat().st_mtime_ns for p in first.written}

    # Nothing changed: the fast path answers without loading the project.
    import ikon_report.project.validate

    monkeypatch.setattr(ikon_report.project.validate, "load_project", lambda *a, **k: pytest.fail("project was read"))
    again = build(project, out, compiler=compiler)
    assert again.written == [] and names(again.skipped) == outputs
    assert again.warnings == first.warnings
    assert {p: p.stat().st_mtime_ns for p in first.written} == stamps
    monkeypatch.undo()

    # Touching a file (same bytes) changes nothing either.
    (project / "ikon.yaml").touch()
    assert build(project, out, compiler=compiler).written == []

    # One measure edited: the concept depends on it, the catalogue (services only) does not.
    edit_first_measure(project, " (geändert)")
    edited = build(project, out, compiler=compiler)
    concept = [n for n in outputs if is_concept(n, outputs)]
    assert set(concept) <= set(names(edited.written))
    assert all("Angebotskatalog" in n or "Leichte-Sprache" in n for n in names(edited.skipped))  # no measures

    # A removed output is rebuilt, nothing else.
    removed = out / concept[0]
    removed.unlink()
    assert build(project, out, compiler=compiler).written != []
    assert removed.exists()


def test_interrupted_build_changes_nothing_and_a_revert_is_up_to_date(project, first_build, compiler, monkeypatch):
    """A build stopped after rendering an edition commits nothing: the outputs and the state stay
    those of the last finished build, so after a revert there is nothing to do."""
    out, first = first_build
    before_outputs = {p.name: p.read_bytes() for p in first.written}
    measures = project / "data" / "measures.yaml"
    before = measures.read_text(encoding="utf-8")
    edit_first_measure(project, " (Zwischenstand)")
    import ikon_report.render.publish

    real = ikon_report.render.publish.publish
    calls = []

    def publish_then_fail(*args, **kwargs):
        written = real(*args, **kwargs)
        calls.append(written)
        raise KeyboardInterrupt  # as if the build was stopped right after rendering

    monkeypatch.setattr(ikon_report.render.publish, "publish", publish_then_fail)
    with pytest.raises(KeyboardInterrupt):
        build(project, out, compiler=compiler)
    monkeypatch.undo()
    assert calls, "the concept was rendered before the interruption"
    assert {p.name: p.read_bytes() for p in first.written} == before_outputs
    assert not list(out.rglob(".ikon-tmp-*")), "the interrupted build left its staged files"
    measures.write_text(before, encoding="utf-8")
    assert uptodate.INPUTS in _read_state(out / ".cache" / "state.json")
    rebuilt = build(project, out, compiler=compiler)
    assert rebuilt.written == [] and names(rebuilt.skipped) == names(first.written)


def test_status_final_in_ikon_yaml_drives_the_build(tmp_path: Path):
    """``status: final`` makes every build final: file names say Endfassung, illustrative data refused."""
    project = small_project(tmp_path / "p")
    ikon = project / "ikon.yaml"
    ikon.write_text(ikon.read_text(encoding="utf-8").replace("status: draft", "status: final"), encoding="utf-8")
    proc = run_cli("build", str(project), "--out", str(tmp_path / "out"), "-q")
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_file())
    assert names and all("Endfassung" in n for n in names), names
    services = project / "data" / "services.yaml"
    services.write_text(services.read_text(encoding="utf-8").replace("residence_status: [settled, citizen]",
                                                                     "residence_status: [settled, citizen]\n"
                                                                     "    illustrative: true"), encoding="utf-8")
    proc = run_cli("build", str(project), "--out", str(tmp_path / "out2"), "-q")
    assert proc.returncode == 1 and "final build refused" in proc.stderr, proc.stderr
    assert "illustrative" in proc.stderr and "Traceback" not in proc.stderr


def test_a_new_cross_check_warning_keeps_the_up_to_date_check(tmp_path: Path, compiler) -> None:
    """An edit that brings a new cross-check warning rebuilds what depends on it once; the next build
    with nothing changed is up to date (nothing read, nothing written) and still shows the warning."""
    root, out = small_project(tmp_path / "project"), tmp_path / "out"
    first = build(root, out, compiler=compiler)
    assert first.written
    services = root / "data" / "services.yaml"
    services.write_text(services.read_text(encoding="utf-8").replace("last_checked: 2020-01-15",
                                                                     "last_checked: 2010-01-15", 1), encoding="utf-8")
    edited = build(root, out, compiler=compiler)
    new = [w for w in edited.warnings if w not in first.warnings]
    assert len(new) == 1 and "check it again" in new[0].message and new[0].path == "data/services.yaml"
    assert any("Angebotskatalog" in name for name in names(edited.written))  # services changed
    stamps = {p: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}
    for _ in range(2):
        again = build(root, out, compiler=compiler)
        assert again.written == [] and names(again.skipped) == names(first.written)
        assert again.warnings == edited.warnings
    assert {p: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()} == stamps



def _typst_is_whole_conversion(out: Path) -> None:
    """Every document's typst source is pandoc's conversion of its whole (kept) input in one call."""
    for folder in (out / ".cache" / "work").iterdir():
        if (folder / "concept.typ").is_file():
            args = json.loads((folder / "concept.pandoc-args.json").read_text(encoding="utf-8"))
            whole = pandoc(args, (folder / "concept.pandoc.json").read_bytes()).decode("utf-8")
            assert (folder / "concept.typ").read_text(encoding="utf-8") == whole, folder.name


def test_reused_typst_sections_survive_damaged_entries_and_a_text_with_the_separator(tmp_path: Path, compiler) -> None:
    """A damaged entry of the section cache is converted again; a chapter holding the separator's text
    is converted whole; either way the typst source is pandoc's conversion of the whole document and
    the PDF shows the edit."""
    root, out = small_project(tmp_path / "project"), tmp_path / "out"
    build(root, out, compiler=compiler)
    entries = [p for p in (out / ".cache" / "typst-parts").rglob("*") if p.is_file()]
    assert entries
    for n, entry in enumerate(entries):
        entry.write_bytes([b"", b"\xff\xfe", b"[1, 2]", b'{"a": 1}'][n % 4])
    for sentence in ("Ein neuer Satz nach beschädigten Einträgen.", f"Ein Satz mit {SEPARATOR} darin."):
        add_to_chapter(root, sentence)
        edited = build(root, out, compiler=compiler)
        pdf = concept_of(edited.written, ".pdf")
        assert sentence in " ".join(pdf_text(pdf).split())
        _typst_is_whole_conversion(out)
