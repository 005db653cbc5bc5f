"""``ikon-report new``: a fresh city's project checks (warnings about placeholder content only) and
builds at once; its outputs carry the new city's name verbatim; ``--from`` takes settings, templates
and fonts of another project but none of its content; the example records block a final build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from project_helpers import concept_of

from conftest import ROOT, docx_text, pdf_text, run_cli

HOSTILE = "Sankt O'Hara & <Söhne> {{ x }} *Stadt* #1 [a] $5 100% _ü_"


@pytest.mark.parametrize("city", ["Bad Oeynhausen", HOSTILE])
def test_new_project_checks_and_builds_with_the_city_name(city: str, tmp_path: Path):
    folder = tmp_path / "city"
    proc = run_cli("new", str(folder), "--city", city)
    assert proc.returncode == 0, proc.stderr
    for part in ("ikon.yaml", "Makefile", ".gitignore", "assets/images/logo.png", "schema/data.schema.json"):
        assert (folder / part).is_file(), part
    chapters = sorted(p.name for p in (folder / "chapters").glob("*.md"))
    assert len(chapters) == 9 and chapters[0] == "01-vorwort.md" and chapters[-1] == "09-anhang.md"
    ikon = (folder / "ikon.yaml").read_text(encoding="utf-8")
    assert ikon.startswith("# yaml-language-server: $schema=schema/ikon.schema.json")
    assert yaml.safe_load(ikon)["city"] == city
    assert all((f.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schema/"))
               for f in (folder / "data").glob("*.yaml"))
    check = run_cli("check", str(folder))
    assert check.returncode == 0, check.stderr
    assert all(": warning: " in line for line in check.stderr.splitlines() if line.startswith(("chapters/", "data/")))
    build = run_cli("build", str(folder), "--out", str(tmp_path / "out"), "-q")
    assert build.returncode == 0, build.stderr
    concept = concept_of(list((tmp_path / "out").glob("IKON-*")), ".pdf")
    text = " ".join(pdf_text(concept).split())
    assert f"Integrationskonzept der Stadt {city}" in text
    assert "Minden" not in text
    docx = concept_of(list((tmp_path / "out").glob("IKON-*")), ".docx")
    assert city in docx_text(docx)
    final = run_cli("build", str(folder), "--out", str(tmp_path / "final"), "--final", "-q")
    assert final.returncode == 1 and "open TODO marker" in final.stderr  # the skeletons must be written first
    assert not (tmp_path / "final").exists() or not any((tmp_path / "final").glob("*.pdf"))


def test_new_from_another_project_takes_settings_not_content(tmp_path: Path):
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "tests", "bench",
                                                                  "ikon_report", "examples", "docs"))
    (source / "templates").mkdir(exist_ok=True)
    shutil.copy(ROOT / "ikon_report" / "resources" / "templates" / "concept.typ", source / "templates" / "concept.typ")
    folder = tmp_path / "herford"
    proc = run_cli("new", str(folder), "--city", "Herford", "--from", str(source))
    assert proc.returncode == 0, proc.stderr
    settings = yaml.safe_load((folder / "ikon.yaml").read_text(encoding="utf-8"))
    theirs = yaml.safe_load((source / "ikon.yaml").read_text(encoding="utf-8"))
    assert settings["contractor"] == theirs["contractor"] and settings["accent_color"] == theirs["accent_color"]
    assert settings["city"] == "Herford" and settings["client"] == "Stadt Herford"
    assert (folder / "templates" / "concept.typ").is_file()
    data = "".join(p.read_text(encoding="utf-8") for p in (folder / "data").glob("*.yaml"))
    chapters = "".join(p.read_text(encoding="utf-8") for p in (folder / "chapters").glob("*.md"))
    assert "Minden" not in data + chapters  # none of the other city's content
    assert run_cli("check", str(folder)).returncode == 0


def test_new_refuses_a_folder_in_use(tmp_path: Path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("keep me", encoding="utf-8")
    proc = run_cli("new", str(tmp_path / "used"), "--city", "Herford")
    assert proc.returncode == 1 and "not empty" in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "used" / "notes.txt").read_text(encoding="utf-8") == "keep me"
