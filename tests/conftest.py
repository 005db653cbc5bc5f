"""Shared fixtures: the example project built once, real readers for DOCX and PDF."""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from shared_run import WORKER, lock, locked, once, run_folder, start_run

from ikon_report.tools import Compiler

ROOT = Path(__file__).resolve().parents[1]


def require_tool(name: str) -> str:
    """Path of an external reader (soffice, pdftotext, chromium). A missing one fails the test:
    a check that did not run never counts as passed (`make test` installs them)."""
    path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} is not installed; run `bash .ci/install-test-tools` (as root)")
    return path


def _convert(todo: list[tuple[Path, Path]], to: str) -> None:
    """Convert each ``src`` of ``todo`` into its ``result`` path with one ``soffice`` run (this
    process's LibreOffice profile); each result appears complete or not at all."""
    folder = run_folder()
    into = Path(tempfile.mkdtemp(dir=folder))
    profile = f"-env:UserInstallation=file://{(folder / f'libreoffice-profile-{WORKER or 0}').resolve()}"
    proc = subprocess.run([require_tool("soffice"), profile, "--headless", "--convert-to", to, "--outdir", str(into),
                           *(str(src) for src, _ in todo)], capture_output=True, timeout=300 * len(todo), check=False)
    for src, result in todo:
        out = into / f"{src.stem}.{to.split(':')[0]}"
        assert proc.returncode == 0 and out.exists(), (src, proc.stderr)
        result.parent.mkdir(exist_ok=True)
        os.replace(out, result)
    shutil.rmtree(into)


def libreoffice_convert_all(srcs: list[Path], to: str, outdir: Path) -> list[Path]:
    """Convert each of ``srcs`` with LibreOffice into ``outdir``; ``to`` as for ``--convert-to``
    (``pdf``, ``fodt``, ``docx:MS Word 2007 XML``). Returns the written files, in order.

    A file converted before in this test run (same name, same bytes, same target), by this process or
    another xdist worker, is not converted again: its result is copied. The others are converted in
    one ``soffice`` run; one being converted by another worker is waited for."""
    ext = to.split(":")[0]
    store = run_folder() / "libreoffice"
    store.mkdir(exist_ok=True)
    results = {}
    for src in srcs:
        key = hashlib.sha256(f"{src.name}\0{to}\0".encode() + src.read_bytes()).hexdigest()[:32]
        results[src] = store / key / f"{src.stem}.{ext}"
    todo = {src: result for src, result in results.items() if not result.exists()}
    with ExitStack() as held:  # lock what no other worker converts now, convert that, then wait for the rest
        mine, theirs = [], []
        for src, result in todo.items():
            fd = lock(result.parent.with_suffix(".lock"), wait=False)
            if fd is None:
                theirs.append((src, result))
                continue
            held.callback(os.close, fd)
            if not result.exists():  # (not finished by another worker meanwhile)
                mine.append((src, result))
        if mine:
            _convert(mine, to)
    for src, result in theirs:
        with locked(result.parent.with_suffix(".lock")):
            if not result.exists():  # the other worker failed: its error shows in its test
                _convert([(src, result)], to)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for src in srcs:
        shutil.copyfile(results[src], outdir / f"{src.stem}.{ext}")
        written.append(outdir / f"{src.stem}.{ext}")
    return written


def libreoffice_convert(src: Path, to: str, outdir: Path) -> Path:
    """Convert ``src`` with LibreOffice (``libreoffice_convert_all``); returns the written file."""
    return libreoffice_convert_all([src], to, outdir)[0]


def pdf_text(pdf: Path) -> str:
    """Text of a PDF as poppler reads it."""
    exe = require_tool("pdftotext")
    return subprocess.run([exe, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout


MARGIN = 2.0 / 2.54 * 72  # running header and footer sit within 2 cm of the edge (margins are ≥ 2.3 cm)


def body_text(pdf: Path) -> str:
    """PDF text without running header, footer and watermark, so a text broken across pages reads as one."""
    exe = require_tool("pdftotext")
    raw = subprocess.run([exe, "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    # poppler writes characters beyond U+FFFF as UTF-8-encoded surrogate pairs here (CESU-8)
    xml = raw.decode("utf-8", "surrogatepass").encode("utf-16", "surrogatepass").decode("utf-16")
    lines = []
    for height, page in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', xml, re.S):
        for top, bottom, words in re.findall(r'<line [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)">(.*?)</line>', page,
                                             re.S):
            text = " ".join(html.unescape(w) for w in re.findall(r"<word [^>]*>(.*?)</word>", words))
            if float(top) >= MARGIN and float(bottom) <= float(height) - MARGIN and text not in set("ENTWURF"):
                lines.append(text)  # (the draft watermark's rotated letters come as lines of one letter)
    return "\n".join(lines)


def docx_text(docx: Path) -> str:
    """All paragraph and table text of a DOCX as python-docx reads it (body, headers, footers)."""
    from docx import Document

    doc = Document(str(docx))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


_EXE = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "ikon-report"
CLI = [str(_EXE)] if _EXE.exists() else [sys.executable, "-m", "ikon_report.cli"]  # the real command


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """Run ``ikon-report ARGS`` as a user would; the finished process (text output)."""
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False)


def build_project(root: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    """``ikon-report build ROOT --out OUT -q ARGS``."""
    return run_cli("build", str(root), "--out", str(out), "-q", *args)


LINDENFELD = ROOT / "examples" / "lindenfeld"
EXAMPLES = {"minden": ROOT, "lindenfeld": LINDENFELD}  # every feature is tested on both


@dataclass(frozen=True)
class Example:
    """An example project built once per session: its name, source folder and output folder."""

    name: str
    root: Path
    out: Path

    def one(self, pattern: str) -> Path:
        """The single output matching ``pattern`` (e.g. ``IKON-Angebotskatalog-*.pdf``)."""
        found = sorted(self.out.glob(pattern))
        assert len(found) == 1, (pattern, sorted(p.name for p in self.out.iterdir()))
        return found[0]

    @property
    def concept_pdf(self) -> Path:
        return self.one(f"IKON-{self.city}-*.pdf")

    @property
    def concept_docx(self) -> Path:
        return self.one(f"IKON-{self.city}-*.docx")

    @property
    def catalogue_pdf(self) -> Path:
        return self.one("IKON-Angebotskatalog-*.pdf")

    @property
    def catalogue_docx(self) -> Path:
        return self.one("IKON-Angebotskatalog-*.docx")

    @property
    def city(self) -> str:
        return self.name.capitalize()


_BUILT: dict[str, Example] = {}


def built_example(name: str, tmp_path_factory) -> Example:
    """Build the example ``name`` once per test run (shared by every fixture and xdist worker that needs it;
    a worker waiting for another's build of it builds the other examples meanwhile)."""
    if name not in _BUILT:
        others = {other: _builder(other) for other in sorted(EXAMPLES) if other != name}
        _BUILT[name] = Example(name, EXAMPLES[name], once(name, _builder(name), meanwhile=others))
    return _BUILT[name]


def _builder(name: str) -> Callable[[Path], None]:
    def make(out: Path) -> None:
        proc = build_project(EXAMPLES[name], out)
        assert proc.returncode == 0, proc.stderr

    return make


_MADE: dict[tuple[str, ...], Path] = {}


def made_once(tmp_path_factory, *args: str) -> Path:
    """The folder ``ikon-report ARGS --out FOLDER`` wrote, run once per test run for the same ARGS
    (``"catalogue", str(ROOT), "--lang", "all"``); every test (and xdist worker) asking for the same
    ARGS reads that one folder: read-only, copy what a test changes."""
    if args not in _MADE:
        def make(out: Path) -> None:
            proc = run_cli(*args, "--out", str(out))
            assert proc.returncode == 0, proc.stdout + proc.stderr

        digest = hashlib.sha256("\0".join(args).encode()).hexdigest()[:12]
        _MADE[args] = once(f"made-{args[0]}-{digest}", make)
    return _MADE[args]


@pytest.fixture(scope="session", autouse=True)
def _shared_run(tmp_path_factory) -> Path:
    """The folder of this test run's shared outputs (``shared_run``), fixed before any test."""
    return start_run(tmp_path_factory)


@pytest.fixture(scope="session")
def made(tmp_path_factory) -> Callable[..., Path]:
    """``made(*ARGS)``: the output folder of ``ikon-report ARGS --out …`` run once per test run (``made_once``)."""
    return lambda *args: made_once(tmp_path_factory, *args)


def catalogue_editions(root: Path, tmp_path_factory) -> Path:
    """Every language edition (DOCX, PDF) of ``root``'s catalogue, ``catalogue --lang all`` once per
    session; file names end in ``-LANG`` (none for German)."""
    return made_once(tmp_path_factory, "catalogue", str(root), "--lang", "all", "-q")


@pytest.fixture(scope="session", params=sorted(EXAMPLES))
def example(request, tmp_path_factory) -> Example:
    """Each example project (Minden, Lindenfeld) built once; tests using it run for both."""
    return built_example(request.param, tmp_path_factory)


@pytest.fixture(scope="session")
def lindenfeld(tmp_path_factory) -> Example:
    return built_example("lindenfeld", tmp_path_factory)


@pytest.fixture(scope="module")
def compiler() -> Compiler:
    """An in-process typst compiler (warm caches), as ``watch`` keeps one, for ``build(compiler=…)``."""
    from ikon_report.render.pdf import make_compiler

    return make_compiler()


@pytest.fixture(scope="session")
def minden(tmp_path_factory) -> Path:
    """The Minden example built once per test session; returns the output folder."""
    return built_example("minden", tmp_path_factory).out


@pytest.fixture(scope="session")
def minden_docx(minden: Path) -> Path:
    return next(p for p in minden.glob("IKON-Minden-*.docx"))


@pytest.fixture(scope="session")
def minden_pdf(minden: Path) -> Path:
    return next(p for p in minden.glob("IKON-Minden-*.pdf"))


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The data files the check cache's reader had to parse (its misses), by path."""
    from cache_helpers import parsed_files

    return parsed_files(monkeypatch)
