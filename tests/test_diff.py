"""``ikon-report diff``: two project folders, two git revisions, the standalone document and the
concept's appendix „Änderungen gegenüber Version X“."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, docx_text
from ikon_report.documents.changes.compare import compare
from ikon_report.project.validate import load_project

EXE = str(ROOT / ".venv" / "bin" / "ikon-report")
PARTS = ("ikon.yaml", "data", "chapters", "assets", "i18n")


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for part in PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, target / part)
    return target


def edit(file: Path, old: str, new: str, count: int = 1) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, count), encoding="utf-8")


def make_changes(project: Path) -> None:
    """A later version: a measure's lead and first steps, a new challenge, a removed service, text."""
    edit(project / "ikon.yaml", 'version: "0.9"', 'version: "1.0"')
    edit(project / "data" / "measures.yaml", "lead: Stabsstelle Integration der Stadt Minden",
         "lead: Fachbereich Soziales")
    with (project / "data" / "challenges.yaml").open("a", encoding="utf-8") as fh:
        fh.write("  - id: C-WOH-07\n    field: WOH\n    text: Es fehlen Wohnungen für große Familien.\n"
                 "    origin: inventory\n    priority: hoch\n")
    services = project / "data" / "services.yaml"
    data = yaml.safe_load(services.read_text(encoding="utf-8"))
    data["services"] = [s for s in data["services"] if s["id"] != "S-045"]
    services.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    edit(project / "chapters" / "01-vorwort.md", "## Entstanden im Dialog\n",
         "## Entstanden im Dialog\n\nDieser Satz ist in Version 1.0 neu.\n")
    with (project / "chapters" / "05-umsetzung.md").open("a", encoding="utf-8") as fh:
        fh.write("\n## Ausblick 2025\n\nEin neuer Abschnitt.\n")


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("versions")
    old, new = copy_project(base / "old"), copy_project(base / "new")
    make_changes(new)
    return old, new


def test_compare_lists_records_field_by_field_and_sections(versions):
    old, new = (load_project(p)[0] for p in versions)
    changes = compare(old, new)
    by_id = {r.id: r for r in changes.records}
    assert by_id["C-WOH-07"].status == "added" and by_id["S-045"].status == "removed"
    lead = by_id["M-ZT-01"]
    assert lead.status == "changed"
    assert [(f.key, f.old, f.new) for f in lead.fields] == [("lead", "Stabsstelle Integration der Stadt Minden",
                                                               "Fachbereich Soziales")]
    sections = {s.id: s for s in changes.sections}
    assert sections["entstanden-im-dialog"].status == "changed"
    assert sections["entstanden-im-dialog"].added_words == 7 and sections["entstanden-im-dialog"].removed_words == 0
    assert sections["ausblick-2025"].status == "added"
    assert "anlass" not in sections  # unchanged sections are not listed
    assert not any(r.kind == "indicators" for r in changes.records)


def test_cli_folders_and_standalone_docx(versions, tmp_path: Path):
    old, new = versions
    proc = subprocess.run([EXE, "diff", str(new), str(old), "--out", str(tmp_path)], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "changes from Version 0.9" in out and "to Version 1.0" in out
    assert "+ C-WOH-07" in out and "- S-045" in out
    assert "lead: Stabsstelle Integration der Stadt Minden → Fachbereich Soziales" in out
    assert "~ entstanden-im-dialog  Entstanden im Dialog [Vorwort] (+7/-0 words)" in out
    docx = next(tmp_path.glob("IKON-Änderungen-seit-v0.9-Minden-v1.0-*.docx"))
    text = docx_text(docx)
    assert "Änderungen gegenüber Version 0.9" in text
    for expected in ("Federführung", "Fachbereich Soziales", "C-WOH-07", "entfallen", "Ausblick 2025"):
        assert expected in text, expected


def test_git_revisions(versions, tmp_path: Path):
    old, new = versions
    repo = tmp_path / "repo"
    shutil.copytree(old, repo / "concept")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "v0.9"], check=True)
    shutil.rmtree(repo / "concept")
    shutil.copytree(new, repo / "concept")
    subprocess.run([*git, "rm", "-rq", "--cached", "concept"], check=True)  # re-hash: same size, same second
    subprocess.run([*git, "add", "concept"], check=True)
    subprocess.run([*git, "commit", "-qm", "v1.0"], check=True)
    proc = subprocess.run([EXE, "diff", str(repo / "concept"), "HEAD~1", "HEAD"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "changes from Version 0.9 (HEAD~1) to Version 1.0 (HEAD)" in proc.stdout
    assert "+ C-WOH-07" in proc.stdout
    bad = subprocess.run([EXE, "diff", str(repo / "concept"), "no-such-rev"], capture_output=True,
                         text=True, check=False)
    assert bad.returncode == 1
    assert "'no-such-rev' is neither a project folder nor a git revision" in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.fixture(scope="module")
def appendix_build(tmp_path_factory) -> tuple[Path, list[str], str]:
    """A later version whose ``changes_since`` names a copy of the earlier one, built once (DOCX) for the
    tests of its appendix: the old version's folder, the build's arguments and its concept's text
    as that first build wrote it (read before any test edits the old version)."""
    base = tmp_path_factory.mktemp("appendix")
    old = copy_project(base / "old")
    project = copy_project(base / "p")
    make_changes(project)
    with (project / "ikon.yaml").open("a", encoding="utf-8") as fh:
        fh.write(f"changes_since: {old}\n")
    out = base / "out"
    args = [EXE, "build", str(project), "--out", str(out), "-q", "--format", "docx"]
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    return old, args, docx_text(next(out.glob("IKON-Minden-*.docx")))


def test_concept_appendix(appendix_build):
    _, _, text = appendix_build
    letter = re.search(r"^([A-Z]) Änderungen gegenüber Version 0\.9$", text, re.M)  # an appendix: lettered
    assert letter, "appendix heading missing"
    assert f"{letter.group(1)}.1 Herausforderungen" in text and "Fachbereich Soziales" in text


def test_changed_old_version_rebuilds_the_appendix(appendix_build):
    """The version behind ``changes_since`` is an input: editing it makes the next build redo the
    concept (it used to say "up to date" and keep a stale appendix until --force)."""
    old, args, first = appendix_build
    out = Path(args[args.index("--out") + 1])
    before = re.search(r"(\d+) geänderte Einträge", first)
    assert before, "appendix summary missing"
    # the old version now has the same lead: the appendix must no longer list that change
    edit(old / "data" / "measures.yaml", "lead: Stabsstelle Integration der Stadt Minden",
         "lead: Fachbereich Soziales")
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    after = re.search(r"(\d+) geänderte Einträge", docx_text(next(out.glob("IKON-Minden-*.docx"))))
    assert after and int(after.group(1)) == int(before.group(1)) - 1  # the lead is no longer a change
