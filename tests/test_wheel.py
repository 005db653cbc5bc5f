"""The wheel is the product: built from the repository, installed into a fresh venv outside it (no
editable install, the repository not on ``sys.path``), it builds a copy of the Minden project placed
in a temporary folder exactly as the repository build does, and a project's own templates and fonts
override and extend the package's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from project_helpers import concept_of

from conftest import ROOT, pdf_text

PROJECT_PARTS = ("ikon.yaml", "data", "chapters", "assets", "i18n")


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False, env=env)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built from the repository (once for this module)."""
    dist = tmp_path_factory.mktemp("dist")
    proc = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, ROOT, cwd=dist)
    assert proc.returncode == 0, proc.stderr
    return next(dist.glob("ikon_report-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory) -> Path:
    """``bin/`` of a fresh venv with the wheel (and its pinned dependencies) installed."""
    base = tmp_path_factory.mktemp("wheel")
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    proc = _run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                "-c", ROOT / "constraints.txt", wheel, cwd=base)
    assert proc.returncode == 0, proc.stderr
    return bin_dir


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


def test_wheel_holds_the_resources(wheel: Path):
    """Templates, fonts with their licence and coverage data, and translations are inside the wheel."""
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("ikon_report/resources/templates/concept.typ", "ikon_report/resources/templates/reference.docx",
                   "ikon_report/resources/templates/typst-filter.lua", "ikon_report/resources/fonts/OFL.txt",
                   "ikon_report/resources/fonts/coverage.json", "ikon_report/resources/fonts/NotoSerif-Regular.ttf",
                   "ikon_report/resources/i18n/de.yaml"):
        assert needed in names, needed


def test_installed_wheel_builds_a_copy_of_minden_like_the_repository(installed: Path, minden: Path, tmp_path: Path):
    project = tmp_path / "city"
    project.mkdir()
    for part in PROJECT_PARTS:
        src = ROOT / part
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / part)
    where = _run(installed / "python", "-c", "import ikon_report, sys; print(ikon_report.__file__); print(sys.path)",
                 cwd=tmp_path, env=_clean_env())
    assert where.returncode == 0, where.stderr
    assert str(installed.parent) in where.stdout.splitlines()[0]  # the installed copy, not the repository's
    assert str(ROOT) not in where.stdout
    proc = _run(installed / "ikon-report", "build", project, "--out", tmp_path / "out", "-q", cwd=tmp_path,
                env=_clean_env())
    assert proc.returncode == 0, proc.stderr
    built = sorted(p.name for p in (tmp_path / "out").iterdir() if p.is_file())
    expected = sorted(p.name for p in minden.iterdir() if p.is_file())
    assert built == expected
    for name in built:  # the build is reproducible: byte for byte the repository's outputs
        if name.endswith(".pdf"):
            assert pdf_text(tmp_path / "out" / name) == pdf_text(minden / name), name
        assert (tmp_path / "out" / name).read_bytes() == (minden / name).read_bytes(), name


def _city_font(path: Path, char: str) -> None:
    """A tiny TrueType font ``City Glyphs`` whose one glyph (a box) shows ``char``."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def box(width: int) -> object:
        pen = TTGlyphPen(None)
        pen.moveTo((50, 0)), pen.lineTo((50, 700)), pen.lineTo((width - 50, 700)), pen.lineTo((width - 50, 0))
        pen.closePath()
        return pen.glyph()

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "city"])
    fb.setupCharacterMap({ord(char): "city"})
    fb.setupGlyf({".notdef": box(500), "city": box(600)})
    fb.setupHorizontalMetrics({".notdef": (500, 50), "city": (600, 50)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "City Glyphs", "styleName": "Regular", "fullName": "City Glyphs Regular",
                       "uniqueFontIdentifier": "CityGlyphs-Regular", "psName": "CityGlyphs-Regular",
                       "version": "Version 1.0"})  # typst skips fonts without these names
    fb.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200, usWeightClass=400,
                fsSelection=0x40)
    fb.setupPost()
    fb.save(str(path))


def test_project_templates_override_and_project_fonts_add(installed: Path, tmp_path: Path):
    """A project's ``templates/NAME`` replaces the package's template; ``assets/fonts`` adds fonts
    that the glyph check and typst both use."""
    from project_helpers import SMALL

    project = tmp_path / "p"
    shutil.copytree(SMALL, project)
    (project / "templates").mkdir()
    concept = (ROOT / "ikon_report" / "resources" / "templates" / "concept.typ").read_text(encoding="utf-8")
    marker = "Eigene Vorlage der Stadt"
    assert "$body$" in concept
    (project / "templates" / "concept.typ").write_text(concept.replace("$body$", f"{marker}\n\n$body$", 1),
                                                       encoding="utf-8")
    armenian = "\u0531"  # in none of the shipped fonts
    services = project / "data" / "services.yaml"
    services.write_text(services.read_text(encoding="utf-8").replace("title: Migrationsberatung",
                                                                     f"title: Migrationsberatung {armenian}"),
                        encoding="utf-8")
    env = _clean_env()
    refused = _run(installed / "ikon-report", "check", project, cwd=tmp_path, env=env)
    assert refused.returncode == 1 and "data/services.yaml:" in refused.stderr and "U+0531" in refused.stderr
    (project / "assets" / "fonts").mkdir(parents=True)
    _city_font(project / "assets" / "fonts" / "CityGlyphs-Regular.ttf", armenian)
    proc = _run(installed / "ikon-report", "build", project, "--out", tmp_path / "out", "-q", "--format", "pdf",
                cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    concept_pdf = concept_of(list((tmp_path / "out").glob("IKON-*")), ".pdf")
    assert marker in pdf_text(concept_pdf)
    catalogue_pdf = next((tmp_path / "out").glob("IKON-Angebotskatalog-*.pdf"))
    assert marker not in pdf_text(catalogue_pdf)  # only the template the project replaced
    fonts = subprocess.run(["pdffonts", str(catalogue_pdf)], capture_output=True, text=True, check=True).stdout
    assert "CityGlyphs" in fonts
    # the project's template is an input: changing it rebuilds what uses it
    template = project / "templates" / "concept.typ"
    template.write_text(template.read_text(encoding="utf-8").replace(marker, "Zweite Fassung der Vorlage"),
                        encoding="utf-8")
    proc = _run(installed / "ikon-report", "build", project, "--out", tmp_path / "out", "-q", "--format", "pdf",
                cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Zweite Fassung der Vorlage" in pdf_text(concept_pdf)
