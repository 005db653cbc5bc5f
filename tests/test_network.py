"""A build opens no network connection and writes nothing outside its output folder.

In-process, an audit hook refuses every socket connection and name lookup while the build runs
(and records which programs it starts); as a user runs it, the CLI builds inside a network
namespace without any network (``unshare -rn``), with HOME and TMPDIR pointing at empty folders.
Chapters naming a web image are refused (pandoc would download it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from project_helpers import cli, small_project

from ikon_report.build import build
from ikon_report.errors import InvalidProject

NETWORK_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                  "socket.sendto", "socket.sendmsg", "urllib.Request")
GUARD = {"on": False, "attempts": [], "programs": []}


def _hook(event: str, args: tuple) -> None:
    if not GUARD["on"]:
        return
    if event in NETWORK_EVENTS:
        GUARD["attempts"].append((event, args))
        raise ConnectionRefusedError(f"network access during a build: {event} {args!r}")
    if event == "subprocess.Popen":
        GUARD["programs"].append(Path(os.fsdecode(args[0])).stem)


sys.addaudithook(_hook)  # audit hooks cannot be removed: this one only acts while GUARD is on


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_in_process_build_opens_no_socket(tmp_path):
    from ikon_report.render.pdf import make_compiler

    project, out = small_project(tmp_path / "project"), tmp_path / "out"
    before = snapshot(project)
    compiler = make_compiler()
    GUARD.update(on=True, attempts=[], programs=[])
    try:
        result = build(project, out, compiler=compiler, force=True)
    finally:
        GUARD["on"] = False
    assert GUARD["attempts"] == []
    assert set(GUARD["programs"]) <= {"pandoc", "fc-list"}, GUARD["programs"]  # fc-list: matplotlib font scan
    assert {p.suffix for p in result.written} >= {".docx", ".pdf"}
    assert snapshot(project) == before
    assert all(p.parent == out for p in result.written)


def _namespace_available() -> bool:
    exe = shutil.which("unshare")
    return bool(exe) and subprocess.run([exe, "-rn", "true"], capture_output=True).returncode == 0


def test_cli_builds_without_any_network(tmp_path):
    if not _namespace_available():
        pytest.fail("unshare -rn (user and network namespaces) is needed to prove the build uses no network")
    project, out = small_project(tmp_path / "project"), tmp_path / "out"
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmp.mkdir()
    before = snapshot(project)
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("MPLCONFIGDIR", None)
    proc = subprocess.run(["unshare", "-rn", *cli(), "build", str(project), "--out", str(out)], env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert {p.suffix for p in out.iterdir() if p.is_file()} >= {".docx", ".pdf"}
    assert snapshot(project) == before, "the build wrote into the project folder"
    assert list(tmp.iterdir()) == [], "the build left files in TMPDIR"
    # Nothing outside the output folder: even matplotlib's font cache goes to OUT/.cache.
    stray = [p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file()]
    assert stray == []


def test_web_images_in_chapters_are_refused(tmp_path):
    project = small_project(tmp_path / "project")
    chapter = project / "chapters" / "01-einleitung.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n![Bild](https://example.org/bild.png)\n",
                       encoding="utf-8")
    with pytest.raises(InvalidProject) as exc:
        build(project, tmp_path / "out")
    [problem] = exc.value.problems
    assert problem.path == "chapters/01-einleitung.md" and "web address" in problem.message
    assert chapter.read_text(encoding="utf-8").splitlines()[problem.line - 1].startswith("![Bild](https://")
