"""An import that writes several data files changes them together or not at all (issue 13): the
XLIFF import below writes data/services.yaml, data/fields.yaml and i18n/<tag>.yaml through the
build's output set (staged temps, a journal, renames). Killed or failing while staging: every file
as before; killed between two renames: the next command that reads the project finishes the set.
On Minden and Lindenfeld."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
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


@dataclass
class Case:
    """An example, an XLIFF file whose import changes three of its files, and its files before and
    after an import nothing interrupts (made once per example)."""

    source: Path
    xliff: Path
    before: dict[str, bytes]
    after: dict[str, bytes]


def snapshot(project: Path) -> dict[str, bytes]:
    """The project's data and label files (an interrupted import's hidden temps are no data)."""
    return {p.relative_to(project).as_posix(): p.read_bytes() for folder in ("data", "i18n")
            for p in sorted((project / folder).rglob("*")) if p.is_file() and not p.name.startswith(TMP_PREFIX)}


def temps(project: Path) -> list[Path]:
    return list(project.rglob(TMP_PREFIX + "*"))


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def case(request, tmp_path_factory) -> Case:
    folder = tmp_path_factory.mktemp(request.param)
    source = copy(EXAMPLES[request.param], folder / "source")
    model = load_project(source)[0]
    lang = next(t for t in model.project.languages if t != "de")
    s = model.services[0]
    file = folder / "three.xliff"
    export(source, lang, file)
    fill(file, {f"services/{s.id}/title": "عنوان جديد", f"services/{s.id}/description": "وصف جديد",
                f"fields/{model.fields[0].id}/name": "اسم جديد", "labels/hours": "ساعات العمل الجديدة"})
    clean = copy(source, folder / "clean")
    proc = run_cli("translations", "import", str(clean), str(file))
    assert proc.returncode == 0, proc.stderr
    return Case(source, file, snapshot(source), snapshot(clean))


def interrupted(mode: str, project: Path, file: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", INTERRUPTED, mode, "translations", "import", str(project), str(file)],
                          capture_output=True, text=True, check=False)


def test_the_import_writes_three_files(case):
    changed = sorted(name for name in case.after if case.after[name] != case.before.get(name))
    assert len(changed) == 3 and changed[0].startswith("data/") and changed[-1].startswith("i18n/"), changed


def test_killed_while_staging_leaves_every_file_as_before(case, tmp_path):
    project = copy(case.source, tmp_path / "p")
    proc = interrupted("kill-staging", project, case.xliff)
    assert proc.returncode == 9, proc.stderr
    assert snapshot(project) == case.before and temps(project)  # one staged temp left behind, no file replaced
    check = run_cli("check", str(project))
    assert check.returncode == 0, check.stderr  # the temp is not read as data
    assert run_cli("translations", "import", str(project), str(case.xliff)).returncode == 0  # run again: done
    assert snapshot(project) == case.after
    assert not temps(project) and not (project / DATA_CACHE / JOURNAL.name).exists()


def test_a_failure_while_staging_leaves_every_file_as_before(case, tmp_path):
    project = copy(case.source, tmp_path / "p")
    proc = interrupted("fail-staging", project, case.xliff)
    assert proc.returncode == 1, proc.stderr
    assert "No space left on device" in proc.stderr and "Traceback" not in proc.stderr
    assert "internal error" not in proc.stderr
    assert snapshot(project) == case.before and not temps(project)


def test_killed_between_two_renames_the_next_command_finishes_the_set(case, tmp_path):
    project = copy(case.source, tmp_path / "p")
    proc = interrupted("kill-renaming", project, case.xliff)
    assert proc.returncode == 9, proc.stderr
    mixed = snapshot(project)
    assert sum(mixed[name] != case.before[name] for name in case.before) == 1  # one file new, the others old
    assert (project / DATA_CACHE / JOURNAL.name).exists()
    check = run_cli("check", str(project))  # reading the project finishes the interrupted import first
    assert check.returncode == 0, check.stderr
    assert snapshot(project) == case.after and not temps(project)
    assert not (project / DATA_CACHE / JOURNAL.name).exists()
