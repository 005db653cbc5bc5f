"""A build's outputs change together or not at all; one build at a time writes a folder; a write
that cannot happen says where and what to do (issue 10, items 7, 12, 13, 25).

The full and read-only disks are real: a tiny tmpfs in a private mount namespace
(``unshare -rm``, see fs_driver.py), so ENOSPC and EROFS come from the kernel, not from a mock.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from project_helpers import cli, is_concept, small_project
from test_kill import check_outputs

from conftest import docx_text, pdf_text, run_cli
from ikon_report.output import OutputError
from ikon_report.output_set import JOURNAL, LOCK, output_set

HERE = Path(__file__).parent


def build(project: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*cli(), "build", str(project), "--out", str(out), *args], capture_output=True, text=True,
                          check=False)


def files(out: Path) -> dict[str, bytes]:
    """The outputs (a killed build's staged temp files are hidden debris, not outputs)."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith(".")}


def test_staged_files_appear_together_and_a_failure_keeps_the_old_ones(tmp_path):
    out = tmp_path / "out"
    with output_set(out) as outputs:
        outputs.write(out / "a.docx", b"old a")
        outputs.write(out / "b.pdf", b"old b")
        assert not (out / "a.docx").exists()  # nothing visible before the commit
        outputs.commit()
    assert files(out) == {"a.docx": b"old a", "b.pdf": b"old b"}
    with pytest.raises(OutputError), output_set(out) as outputs:
        outputs.write(out / "a.docx", b"new a")
        raise OutputError("the PDF could not be written")
    assert files(out) == {"a.docx": b"old a", "b.pdf": b"old b"}
    assert not list(out.rglob(".ikon-tmp-*")) and not (out / JOURNAL).exists()


KILLED_MID_COMMIT = """
import os, sys
from pathlib import Path
real = os.replace
def replace(src, dst):
    real(src, dst)
    journal = Path(sys.argv[4]) / ".cache" / "commit.json"
    if journal.exists() and Path(dst) != journal:
        os._exit(9)  # killed right after the first output was renamed
os.replace = replace
from ikon_report.cli import main
sys.argv = ["ikon-report", *sys.argv[1:]]
main()
"""


def test_a_build_killed_between_renames_is_completed_by_the_next(tmp_path):
    project, out = small_project(tmp_path / "project"), tmp_path / "out"
    assert build(project, out, "-q").returncode == 0
    before = files(out)
    chapter = project / "chapters" / "01-einleitung.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nMarke nach dem Abbruch.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", KILLED_MID_COMMIT, "build", str(project), "--out", str(out), "-q"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 9, proc.stderr
    changed = [name for name, data in files(out).items() if data != before[name]]
    assert len(changed) == 1 and (out / JOURNAL).exists()  # mixed: one new file beside old ones
    check_outputs(out, list(before))

    again = build(project, out)  # finishes the commit (roll forward), then finds nothing to do
    assert again.returncode == 0 and "up to date" in again.stderr, again.stderr
    concept = [name for name in before if is_concept(name, list(before))]
    changed = {name for name, data in files(out).items() if data != before[name]}
    assert set(concept) <= changed and not any("Angebotskatalog" in name for name in changed), changed
    docx, pdf = (out / name for name in sorted(concept))
    assert "Marke nach dem Abbruch." in docx_text(docx) and "Marke nach dem Abbruch." in pdf_text(pdf)
    assert not (out / JOURNAL).exists() and not list(out.rglob(".ikon-tmp-*"))


def test_a_second_build_waits_for_the_first(tmp_path):
    project, out = small_project(tmp_path / "project"), tmp_path / "out"
    (out / LOCK).parent.mkdir(parents=True)
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as a running build holds it
    os.pwrite(fd, b"4242\n", 0)
    proc = subprocess.Popen([*cli(), "build", str(project), "--out", str(out)], stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([proc.stderr], [], [], 120)
        assert ready, "the second build said nothing while waiting"
        line = proc.stderr.readline()
        assert line.strip() == f"another build is writing into {out} (process 4242); waiting until it has finished"
        time.sleep(0.5)
        assert proc.poll() is None and not list(out.glob("*.docx"))  # it waits, writing nothing
    finally:
        os.close(fd)  # the first build ends
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    check_outputs(out, [p.name for p in out.iterdir() if p.is_file()])


def test_a_waiting_build_locks_the_folder_again_if_the_first_removed_it(tmp_path):
    """The first build (an invalid project) removes the folder it made; the waiting one must not
    keep a lock on the deleted file (a third build would then run beside it)."""
    project, out = small_project(tmp_path / "project"), tmp_path / "out"
    (out / LOCK).parent.mkdir(parents=True)
    fd = os.open(out / LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    proc = subprocess.Popen([*cli(), "build", str(project), "--out", str(out)], stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([proc.stderr], [], [], 120)
        assert ready and "waiting until it has finished" in proc.stderr.readline()
        shutil.rmtree(out)
    finally:
        os.close(fd)
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    assert (out / LOCK).read_text().strip() == str(proc.pid)
    check_outputs(out, [p.name for p in out.iterdir() if p.is_file()])


def test_an_invalid_project_leaves_no_folder_behind(tmp_path):
    project, out = small_project(tmp_path / "project"), tmp_path / "new" / "out"
    (project / "ikon.yaml").write_text("project: [\n", encoding="utf-8")
    assert build(project, out).returncode == 1
    assert not out.exists()


def test_every_command_writing_a_folder_waits_for_its_lock(example, tmp_path):
    """Both examples: a build (here with nothing to do) and a catalogue edition wait while
    another build holds the output folder, then finish."""
    out = tmp_path / "out"
    shutil.copytree(example.out, out)  # the example's finished build, state included
    fd = os.open(out / LOCK, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.pwrite(fd, b"77\n", 0)
    procs = [subprocess.Popen([*cli(), *args], stderr=subprocess.PIPE, text=True) for args in (
        ["build", str(example.root), "--out", str(out)],
        ["catalogue", str(example.root), "--out", str(out), "--format", "docx", "--lang", "en"])]
    try:
        for proc in procs:
            ready, _, _ = select.select([proc.stderr], [], [], 120)
            assert ready and "(process 77); waiting until it has finished" in proc.stderr.readline()
        assert [p.poll() for p in procs] == [None, None]
    finally:
        os.close(fd)
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    assert results[0][0] == 0 and "up to date" in results[0][1], results
    assert results[1][0] == 0 and "wrote" in results[1][1], results
    check_outputs(out, [p.name for p in out.iterdir() if p.is_file()])


def a_whole_set(names: list[str]) -> bool:
    """The concept in both formats and the catalogue in three are among ``names`` (events, paper and
    monitoring report as the project's data has them)."""
    concept = [n for n in names if is_concept(n, names)]
    catalogue = [n for n in names if "Angebotskatalog" in n]
    return sorted(Path(n).suffix for n in concept) == [".docx", ".pdf"] and \
        sorted(Path(n).suffix for n in catalogue) == [".docx", ".html", ".pdf"]


def test_two_builds_started_together_both_succeed(tmp_path):
    # The race: two builds into one --out 0.4 s apart (PackageNotFoundError before).
    project, out = small_project(tmp_path / "project"), tmp_path / "out"
    procs = []
    for _ in range(2):
        procs.append(subprocess.Popen([*cli(), "build", str(project), "--out", str(out), "--force"],
                                      stderr=subprocess.PIPE, text=True))
        time.sleep(0.4)
    results = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    assert [rc for rc, _ in results] == [0, 0], results
    assert sum("waiting until it has finished" in err for _, err in results) == 1
    names = [p.name for p in out.iterdir() if p.is_file()]
    assert a_whole_set(names), names
    check_outputs(out, names)


def test_export_to_a_place_that_cannot_hold_files(tmp_path):
    project = small_project(tmp_path / "project")
    proc = run_cli("services", "export", str(project), "/proc/x.xlsx")
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: /proc/x.xlsx: cannot write: No such file or directory (Errno 2): "
                                  "the folder does not exist and cannot be created there; choose another location")
    assert "Traceback" not in proc.stderr and ".ikon-tmp" not in proc.stderr


@pytest.fixture(scope="module")
def real_disks(tmp_path_factory) -> dict:
    """What fs_driver.py saw on a full and a read-only tmpfs (one run for the tests below)."""
    if not shutil.which("unshare"):
        pytest.fail("unshare (util-linux) is needed for the full-disk and read-only tests")
    base = tmp_path_factory.mktemp("disks")
    project, mount = small_project(base / "project"), base / "mnt"
    mount.mkdir()
    proc = subprocess.run(["unshare", "-rm", sys.executable, str(HERE / "fs_driver.py"), str(mount), str(project),
                           *cli()], capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_a_full_disk_keeps_the_previous_set(real_disks):
    assert real_disks["first"]["rc"] == 0 and a_whole_set(list(real_disks["before"])), real_disks["before"]
    for attempt in real_disks["full"]:
        assert attempt["rc"] == 1, attempt
        err = attempt["stderr"]
        assert "No space left on device (Errno 28): the disk is full; free some space and run again; " \
               "the previous outputs are unchanged" in err, err
        assert "Traceback" not in err and "internal error" not in err and "backtrace" not in err
        assert attempt["outputs"] == real_disks["before"], "a failed build changed outputs"
        assert attempt["temps"] == []
    after = real_disks["after"]
    assert after["rc"] == 0 and after["temps"] == [], after
    changed = {n for n, digest in after["outputs"].items() if digest != real_disks["before"][n]}
    concept = {n for n in after["outputs"] if is_concept(n, list(after["outputs"]))}
    assert concept <= changed and not any("Angebotskatalog" in n for n in changed), changed  # the concept, both formats


def test_export_on_a_full_disk(real_disks):
    err = real_disks["export_full"]["stderr"]
    assert real_disks["export_full"]["rc"] == 1
    assert "angebote.xlsx: cannot write: No space left on device (Errno 28): the disk is full" in err


@pytest.mark.parametrize("command", ["readonly_build", "readonly_fresh", "readonly_monitoring", "readonly_export",
                                     "readonly_chart"])
def test_a_read_only_folder_is_a_clear_error(real_disks, command):
    result = real_disks[command]
    assert result["rc"] == 1
    assert "cannot write: Read-only file system (Errno 30): the folder is on a read-only file system; " \
           "choose a writable folder" in result["stderr"], result["stderr"]
    assert "Matplotlib" not in result["stderr"] and "Traceback" not in result["stderr"]
    assert real_disks["readonly_outputs"] == real_disks["after"]["outputs"]
