"""The broken-project corpus (tests/broken/, see its README): `ikon-report check` on each case.

Each case is `_base` plus the files in the case folder; `expected.txt` lists the problem lines
`check` must print. All cases run through the real command group (``ikon_report.cli.main``, its error
handler included) in this process, once per session: one interpreter start and one import of the
package instead of one per case (``_base`` itself is checked by the installed command in a process of
its own).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cache_helpers import EDIT, check, unreadable_or_large

from conftest import CLI
from ikon_report.project.check_cache import FOLDER

BROKEN = Path(__file__).parent / "broken"
BASE = BROKEN / "_base"
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_"))
PROBLEM = re.compile(r"^(?P<path>[^:\s/][^:]*):(?P<line>[1-9]\d*): (?P<severity>error|warning): (?P<message>\S.*)$")
SUMMARY = re.compile(r"^(project is invalid: \d+ error\(s\), \d+ warning\(s\); nothing was built"
                     r"|ok: no errors, \d+ warning\(s\))$")


@dataclass
class Case:
    """A parsed ``expected.txt``: directives (``# args:``, ``# exit:``, ``# delete:``) and lines."""

    name: str
    expected: list[str] = field(default_factory=list)
    args: list[str] = field(default_factory=list)
    exit: int = 1
    delete: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, name: str) -> Case:
        case = cls(name)
        for line in (BROKEN / name / "expected.txt").read_text(encoding="utf-8").splitlines():
            if line.startswith("# args:"):
                case.args = line.split(":", 1)[1].split()
            elif line.startswith("# exit:"):
                case.exit = int(line.split(":", 1)[1])
            elif line.startswith("# delete:"):
                case.delete.append(line.split(":", 1)[1].strip())
            elif line.strip() and not line.startswith("#"):
                case.expected.append(line)
        return case


def materialise(name: str, dest: Path) -> Path:
    """Copy ``_base`` to ``dest`` and lay the case's files over it; returns the project folder."""
    case = Case.read(name)
    shutil.copytree(BASE, dest)
    for src in sorted((BROKEN / name).rglob("*")):
        rel = src.relative_to(BROKEN / name)
        if src.is_file() and rel.as_posix() != "expected.txt":
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    for rel in case.delete:
        (dest / rel).unlink()
    return dest


def run_check(project: Path, *args: str) -> subprocess.CompletedProcess:
    """``ikon-report check PROJECT ARGS`` through the command group in this process. An exception
    that escaped the command's error handler comes back as its traceback in stderr, as the real
    command would print it."""
    from click.testing import CliRunner

    from ikon_report.cli import main

    result = CliRunner().invoke(main, ["check", str(project), *args], prog_name="ikon-report")
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["ikon-report", "check", str(project), *args], result.exit_code,
                                       result.stdout, stderr)


@pytest.fixture(scope="session")
def results(request, tmp_path_factory) -> dict[str, tuple[Path, subprocess.CompletedProcess]]:
    """Run `check` on every selected case (in this process, one after the other)."""
    wanted = sorted({item.callspec.params["name"] for item in request.session.items
                     if getattr(item, "originalname", "") in ("test_broken_case", "test_broken_case_cached")})
    tmp = tmp_path_factory.mktemp("broken")
    found = {}
    for name in wanted:
        project = materialise(name, tmp / name)
        found[name] = (project, run_check(project, *Case.read(name).args))
    return found


def test_corpus_is_large_enough():
    assert len(CASES) >= 55, CASES


@pytest.mark.parametrize("name", CASES)
def test_broken_case(name: str, results) -> None:
    case = Case.read(name)
    project, proc = results[name]
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    assert proc.returncode == case.exit, output
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines and SUMMARY.match(lines[-1]), f"no summary line:\n{output}"
    problems = lines[:-1]
    for line in problems:
        match = PROBLEM.match(line)
        assert match, f"not 'path:line: severity: message': {line!r}"
        path = match["path"]
        assert str(project) not in line.split(": ", 1)[0] and ".." not in Path(path).parts, line
        assert (project / path).is_file() or (path == "ikon.yaml" and "ikon.yaml" in case.delete), \
            f"{path} is not a file of the project: {line}"
    # Matching rule (README): one expected line per printed problem, same order; each expected
    # line is the printed line or a prefix of it that reaches into the message.
    for want in case.expected:
        assert PROBLEM.match(want), f"{name}/expected.txt: {want!r} is not 'path:line: severity: message'"
    assert len(problems) == len(case.expected), "\n".join(["printed:", *problems, "expected:", *case.expected])
    for got, want in zip(problems, case.expected, strict=True):
        assert got.startswith(want), f"\nprinted:  {got}\nexpected: {want}"
    if case.exit == 1 and not case.args:
        assert any(" error: " in line for line in problems), "exit 1 needs an error"


@pytest.mark.parametrize("name", CASES)
def test_broken_case_cached(name: str, results, parsed: list[str], tmp_path: Path) -> None:
    """The corpus's cold run left its cache; warm, the same output; after editing another file
    the same output as a check without any cache."""
    project, cold = results[name]
    args = Case.read(name).args
    assert (project / "build" / FOLDER).is_dir(), "the cold check kept nothing"
    code, out, err = check(project, *args)
    assert (code, out, err) == (cold.returncode, cold.stdout, cold.stderr)
    assert set(parsed) <= unreadable_or_large(project), f"parsed again on a warm cache: {parsed}"
    edited = shutil.copytree(project, tmp_path / name, symlinks=True)
    target = next(f for f in ("data/fields.yaml", "data/process.yaml", "data/findings.yaml")
                  if (edited / f).is_file() and not (Path(__file__).parent / "broken" / name / f).exists())
    with (edited / target).open("a", encoding="utf-8") as fh:
        fh.write(EDIT)
    parsed.clear()
    warm = check(edited, *args)
    assert parsed == [target] or set(parsed) - {target} <= unreadable_or_large(edited), parsed
    assert warm == check(edited, *args, "--no-cache")


def test_base_is_valid(tmp_path):
    """Every case is `_base` broken in one way, so `_base` itself must pass without any problem."""
    proc = subprocess.run([*CLI, "check", str(materialise_base(tmp_path / "base"))], capture_output=True,
                          text=True, timeout=60, check=False)  # the installed command, as users run it
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().splitlines() == ["ok: no errors, 0 warning(s)"]


def materialise_base(dest: Path) -> Path:
    shutil.copytree(BASE, dest)
    return dest
