"""Kill safety: builds killed with SIGKILL at random moments (fixed seed) never damage outputs.

What "no temporary files left behind" means here, and is tested:

1. Right after a kill, every output in the folder is complete and valid (the old version or the
   new one); a half-written file never carries an output's name. The only debris a SIGKILL can
   leave are ``.ikon-tmp-*`` files (the kernel gives no chance to delete them).
2. The next build removes every ``.ikon-tmp-*`` file in the output folder and its ``.cache``
   before writing anything, so after it no temporary file remains.
3. The killed build leaves no process behind (its typst child dies with it; pandoc finishes or
   gets SIGPIPE) and writes nothing into the project folder.
4. The incremental state never claims outputs are current when they are not: after a completed
   build the outputs show the latest edit.
"""

from __future__ import annotations

import os
import random
import subprocess
import time
from pathlib import Path

import pikepdf
from docx import Document
from project_helpers import cli, is_concept, small_project

from conftest import docx_text
from ikon_report.output import TMP_PREFIX

KILLS = 24
SEED = 20190520


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def temps(out: Path) -> list[Path]:
    return [p for p in out.rglob(TMP_PREFIX + "*")]


def check_outputs(out: Path, names: list[str]) -> None:
    for name in names:
        path = out / name
        assert path.is_file(), f"{name} is missing"
        if path.suffix == ".docx":
            Document(str(path))
        elif path.suffix == ".pdf":
            with pikepdf.open(path) as pdf:
                assert len(pdf.pages) > 0
        elif path.suffix == ".html":
            assert path.read_text(encoding="utf-8").rstrip().endswith("</html>")


def group_gone(pgid: int, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def start_build(project: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([*cli(), "build", str(project), "--out", str(out), "-q"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def test_sigkill_at_random_moments(tmp_path):
    project, out = small_project(tmp_path / "project"), tmp_path / "out"
    chapter = project / "chapters" / "01-einleitung.md"
    text = chapter.read_text(encoding="utf-8")
    assert subprocess.run([*cli(), "build", str(project), "--out", str(out), "-q"]).returncode == 0
    names = sorted(p.name for p in out.iterdir() if p.is_file())
    concept = next(n for n in names if n.endswith(".docx") and is_concept(n, names))

    rng = random.Random(SEED)
    started = time.monotonic()
    chapter.write_text(text + "\nMarke 0.\n", encoding="utf-8")
    assert subprocess.run([*cli(), "build", str(project), "--out", str(out), "-q"]).returncode == 0
    duration = time.monotonic() - started  # one rebuild after an edit, as timed here
    killed = 0
    for n in range(1, KILLS + 1):
        chapter.write_text(text + f"\nMarke {n}.\n", encoding="utf-8")
        before = snapshot(project)
        proc = start_build(project, out)
        time.sleep(rng.uniform(0, duration))
        if proc.poll() is None:
            proc.kill()
            killed += 1
        proc.wait()
        assert group_gone(proc.pid), "the killed build left processes behind"
        check_outputs(out, names)
        assert snapshot(project) == before, "the build wrote into the project folder"
    assert killed >= KILLS * 2 // 3, f"only {killed} of {KILLS} builds were still running when killed"

    assert subprocess.run([*cli(), "build", str(project), "--out", str(out), "-q"]).returncode == 0
    assert temps(out) == []
    check_outputs(out, names)
    assert f"Marke {KILLS}." in docx_text(out / concept)


def test_next_build_removes_stale_temps(tmp_path):
    project, out = small_project(tmp_path / "project"), tmp_path / "out"
    assert subprocess.run([*cli(), "build", str(project), "--out", str(out), "-q"]).returncode == 0
    stale = [out / f"{TMP_PREFIX}abc.pdf", out / ".cache" / f"{TMP_PREFIX}state.json",
             out / ".cache" / "charts" / f"{TMP_PREFIX}x.png"]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    proc = subprocess.run([*cli(), "build", str(project), "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0 and "up to date" in proc.stderr  # even a build with nothing to do
    assert temps(out) == []
