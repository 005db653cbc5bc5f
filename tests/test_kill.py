"""Kill safety: builds killed with SIGKILL in every stage never damage outputs.

Where the kills fall: a build with ``-v`` names each stage on stderr as it starts (``· check``,
``· EDITION: content``, ``· EDITION: docx, pdf``) and each file once staged (``✓ NAME``); the last
one staged is followed by the commit. A first rebuild records when each line comes; then builds
are killed in each stage (while starting up and before each line's successor: as the line comes,
and a fraction of the recorded gap later), every kill on a build that is still running (at most one
may have finished first, never all of a stage's).

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
import subprocess
import time
from pathlib import Path

import pikepdf
import pytest
from docx import Document
from project_helpers import cli, is_concept, small_project

from conftest import docx_text
from ikon_report.output import TMP_PREFIX

# Where in a stage builds are killed: fractions of the gap from the stage's line to the next one
# (index -1: from the start of the process to its first line). The render stage, with its pandoc and
# typst children, and the last file's, ending in the commit, get the most.
AT_START = (0.5,)
IN_STAGE = {"check": (0.0, 0.5), "content": (0.0,), "render": (0.0, 0.3, 0.6, 0.9), "staged": (0.0, 0.5),
            "last staged": (0.0, 0.3)}


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
    return subprocess.Popen([*cli(), "build", str(project), "--out", str(out), "-v"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", start_new_session=True)


def stage_lines(proc: subprocess.Popen, upto: int | None = None) -> list[tuple[float, str]]:
    """(seconds since now, line) of the build's stage lines (``·``, ``✓``; ``· done`` once committed)
    up to index ``upto`` (all if None; fewer if the build ends first)."""
    started, lines = time.monotonic(), []
    assert proc.stderr is not None
    while upto is None or len(lines) <= upto:
        line = proc.stderr.readline()
        if not line:
            break
        if line.lstrip().startswith(("·", "✓")):
            lines.append((time.monotonic() - started, line.strip()))
    return lines


def stage(line: str, last: bool) -> str:
    if line.startswith("✓"):
        return "last staged" if last else "staged"
    return {"· check": "check"}.get(line, "content" if line.endswith(": content") else "render")


@pytest.fixture(scope="module")
def cold_build(tmp_path_factory) -> tuple[Path, Path]:
    """The small project and its output folder, built once (from nothing) for this module's tests."""
    folder = tmp_path_factory.mktemp("kill")
    project, out = small_project(folder / "project"), folder / "out"
    assert subprocess.run([*cli(), "build", str(project), "--out", str(out), "-q"]).returncode == 0
    return project, out


@pytest.fixture
def built(cold_build) -> tuple[Path, Path]:
    """``cold_build``'s project and outputs, up to date: the build after the last test's (its last build
    finished, so this one has nothing to do; the up-to-date check reads project paths, so no copy)."""
    project, out = cold_build
    assert subprocess.run([*cli(), "build", str(project), "--out", str(out), "-q"]).returncode == 0
    return project, out


def test_sigkill_in_every_stage(built):
    project, out = built
    chapter = project / "chapters" / "01-einleitung.md"
    text = chapter.read_text(encoding="utf-8")
    names = sorted(p.name for p in out.iterdir() if p.is_file())
    concept = next(n for n in names if n.endswith(".docx") and is_concept(n, names))

    chapter.write_text(text + "\nMarke 0.\n", encoding="utf-8")
    proc = start_build(project, out)
    reference = stage_lines(proc)  # one rebuild after an edit, as timed here
    assert proc.wait() == 0 and reference[-1][1] == "· done", reference
    kinds = [stage(line, n == len(reference) - 2) for n, (_, line) in enumerate(reference[:-1])]
    assert set(kinds) == set(IN_STAGE), reference
    times = [0.0, *(t for t, _ in reference)]  # the process's start, then each line's
    points = [(-1, f * times[1], "start") for f in AT_START]
    points += [(n, f * (times[n + 2] - times[n + 1]), kind) for n, kind in enumerate(kinds) for f in IN_STAGE[kind]]

    hits: dict[str, int] = {}
    for n, (line, delay, kind) in enumerate(points, 1):
        chapter.write_text(text + f"\nMarke {n}.\n", encoding="utf-8")
        before = snapshot(project)
        proc = start_build(project, out)
        stage_lines(proc, line)
        time.sleep(delay)
        if proc.poll() is None:
            proc.kill()
            hits[kind] = hits.get(kind, 0) + 1
        proc.wait()
        if proc.stderr:
            proc.stderr.close()
        assert group_gone(proc.pid), "the killed build left processes behind"
        check_outputs(out, names)
        assert snapshot(project) == before, "the build wrote into the project folder"
    assert set(hits) == {"start", *IN_STAGE} and sum(hits.values()) >= len(points) - 1, (hits, reference)

    assert subprocess.run([*cli(), "build", str(project), "--out", str(out), "-q"]).returncode == 0
    assert temps(out) == []
    check_outputs(out, names)
    assert f"Marke {len(points)}." in docx_text(out / concept)


def test_next_build_removes_stale_temps(built):
    project, out = built
    stale = [out / f"{TMP_PREFIX}abc.pdf", out / ".cache" / f"{TMP_PREFIX}state.json",
             out / ".cache" / "charts" / f"{TMP_PREFIX}x.png"]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    proc = subprocess.run([*cli(), "build", str(project), "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0 and "up to date" in proc.stderr  # even a build with nothing to do
    assert temps(out) == []
