"""An import that writes several data files changes them together or not at all (issue 13): the
XLIFF import below writes data/services.yaml, data/fields.yaml and i18n/<tag>.yaml through the
build's output set (staged temps, a journal, renames). Killed or failing while staging: every file
as before; killed between two renames: the next command that reads the project finishes the set.
On Minden and Lindenfeld."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_translations import copy, export, fill

from conftest import EXAMPLES, run_cli
from ikon_report.output import TMP_PREFIX
from ikon_report.output_set import DATA_CACHE, JOURNAL
from ikon_report.project.validate import load_project

INTERRUPTED = """
import errno, os, sys
from pathlib import Path
import ikon_report.output_set as sets
mode, root = sys.argv[1], Path(sys.argv[4])
journal = root / ".ikon-cache" / "commit.json"
calls = []
real_temp, real_replace = sets.write_temp, os.replace
def write_temp(path, data):
    calls.append(path)
    if len(calls) == 2 and mode == "kill-staging":
        os._exit(9)  # killed after the first file was staged, before the second
    if len(calls) == 2 and mode == "fail-staging":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))  # the disk is full at the second file
    return real_temp(path, data)
def replace(src, dst):
    real_replace(src, dst)
    if mode == "kill-renaming" and journal.exists() and Path(dst) != journal:
        os._exit(9)  # killed right after the first data file was renamed
sets.write_temp, os.replace = write_temp, replace
from ikon_report.cli import main
sys.argv = ["ikon-report", *sys.argv[2:]]
main()
"""


@pytest.fixture(params=sorted(EXAMPLES))
def project(request, tmp_path) -> Path:
    return copy(EXAMPLES[request.param], tmp_path / request.param)


def snapshot(project: Path) -> dict[str, bytes]:
    """The project's data and label files (an interrupted import's hidden temps are no data)."""
    return {p.relative_to(project).as_posix(): p.read_bytes() for folder in ("data", "i18n")
            for p in sorted((project / folder).rglob("*")) if p.is_file() and not p.name.startswith(TMP_PREFIX)}


def temps(project: Path) -> list[Path]:
    return list(project.rglob(TMP_PREFIX + "*"))


def translated(project: Path, tmp_path: Path) -> Path:
    """An XLIFF file whose import changes three files: services, fields and the label file."""
    model = load_project(project)[0]
    lang = next(t for t in model.project.languages if t != "de")
    s = model.services[0]
    file = tmp_path / "three.xliff"
    export(project, lang, file)
    fill(file, {f"services/{s.id}/title": "عنوان جديد", f"services/{s.id}/description": "وصف جديد",
                f"fields/{model.fields[0].id}/name": "اسم جديد", "labels/hours": "ساعات العمل الجديدة"})
    return file


def interrupted(mode: str, project: Path, file: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", INTERRUPTED, mode, "translations", "import", str(project), str(file)],
                          capture_output=True, text=True, check=False)


def expected(project: Path, file: Path, tmp_path: Path) -> dict[str, bytes]:
    """What the import writes when nothing interrupts it (on a copy)."""
    clean = copy(project, tmp_path / "clean")
    proc = run_cli("translations", "import", str(clean), str(file))
    assert proc.returncode == 0, proc.stderr
    return snapshot(clean)


def test_the_import_writes_three_files(project, tmp_path):
    file = translated(project, tmp_path)
    before, after = snapshot(project), expected(project, file, tmp_path)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert len(changed) == 3 and changed[0].startswith("data/") and changed[-1].startswith("i18n/"), changed


def test_killed_while_staging_leaves_every_file_as_before(project, tmp_path):
    file = translated(project, tmp_path)
    before, after = snapshot(project), expected(project, file, tmp_path)
    proc = interrupted("kill-staging", project, file)
    assert proc.returncode == 9, proc.stderr
    assert snapshot(project) == before and temps(project)  # one staged temp left behind, no file replaced
    check = run_cli("check", str(project))
    assert check.returncode == 0, check.stderr  # the temp is not read as data
    assert run_cli("translations", "import", str(project), str(file)).returncode == 0  # run again: done
    assert snapshot(project) == after
    assert not temps(project) and not (project / DATA_CACHE / JOURNAL.name).exists()


def test_a_failure_while_staging_leaves_every_file_as_before(project, tmp_path):
    file = translated(project, tmp_path)
    before = snapshot(project)
    proc = interrupted("fail-staging", project, file)
    assert proc.returncode == 1, proc.stderr
    assert "No space left on device" in proc.stderr and "Traceback" not in proc.stderr
    assert "internal error" not in proc.stderr
    assert snapshot(project) == before and not temps(project)


def test_killed_between_two_renames_the_next_command_finishes_the_set(project, tmp_path):
    file = translated(project, tmp_path)
    before, after = snapshot(project), expected(project, file, tmp_path)
    proc = interrupted("kill-renaming", project, file)
    assert proc.returncode == 9, proc.stderr
    mixed = snapshot(project)
    assert sum(mixed[name] != before[name] for name in before) == 1  # one file new, the others old
    assert (project / DATA_CACHE / JOURNAL.name).exists()
    check = run_cli("check", str(project))  # reading the project finishes the interrupted import first
    assert check.returncode == 0, check.stderr
    assert snapshot(project) == after and not temps(project)
    assert not (project / DATA_CACHE / JOURNAL.name).exists()
