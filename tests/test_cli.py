"""The command line as one package: errors show themselves, ``--debug`` adds the traceback,
``watch`` prints problems exactly as ``check`` does, and every command takes PROJECT the same way."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from project_helpers import small_project
from test_broken import BROKEN

from conftest import ROOT, run_cli
from ikon_report.cli.main import main
from ikon_report.cli.options import PROJECT_HELP
from ikon_report.cli.watch import rebuild
from ikon_report.errors import InternalError, InvalidProject, Problem, UsageError
from ikon_report.exchange.excel import SheetProblems


def test_errors_show_themselves(capsys):
    problems = [Problem("data/measures.yaml", 3, "error", "measure M-01: 'field' is unknown"),
                Problem("chapters/01.md", 7, "warning", "TODO left")]
    assert InvalidProject(problems).format_lines() == [
        "chapters/01.md:7: warning: TODO left",
        "data/measures.yaml:3: error: measure M-01: 'field' is unknown",
        "project is invalid: 1 error(s), 1 warning(s); nothing was built"]
    assert InvalidProject(problems, "final edition refused").format_lines("kept the last good output")[-1] == \
        "final edition refused: 1 error(s), 1 warning(s); kept the last good output"
    assert UsageError("no such year").format_lines() == ["error: no such year"]
    assert UsageError("no such year").format_lines("kept it") == ["error: no such year; kept it"]
    assert InternalError(ZeroDivisionError("division by zero")).format_lines()[0].startswith(
        "internal error: ZeroDivisionError: division by zero (run 'ikon-report --debug …' for the traceback")
    sheet = SheetProblems([Problem("angebote.xlsx:Angebote", 5, "error", "service S-01: 'target.age_max' is 130", "J")],
                          Path("angebote.xlsx"))
    assert sheet.format_lines() == ["angebote.xlsx:Angebote!J5: error: service S-01: 'target.age_max' is 130",
                                    "1 error(s) in angebote.xlsx; data/services.yaml was not changed"]
    UsageError("shown").show()
    assert capsys.readouterr().err == "error: shown\n"


BUG = ("import sys, ikon_report.project.validate as v\n"
       "def load_project(*args, **kwargs):\n"
       "    raise ZeroDivisionError('a bug')\n"
       "v.load_project = load_project\n"
       "from ikon_report.cli import main\n"
       "main()\n")


def run_with_bug(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real entry point with ``load_project`` replaced by one that fails as a bug would."""
    return subprocess.run([sys.executable, "-c", BUG, *args], capture_output=True, text=True, check=False,
                          cwd=ROOT, env=env)


def test_debug_shows_the_traceback_of_a_bug():
    plain = run_with_bug("check", ".", "--no-cache")
    assert plain.returncode == 1
    assert "Traceback" not in plain.stderr
    assert plain.stderr.startswith("internal error: ZeroDivisionError: a bug (run 'ikon-report --debug …'")
    debug = run_with_bug("--debug", "check", ".", "--no-cache")
    assert debug.returncode == 1
    assert "Traceback (most recent call last)" in debug.stderr and "ZeroDivisionError: a bug" in debug.stderr
    env = run_with_bug("check", ".", "--no-cache", env={**os.environ, "IKON_REPORT_DEBUG": "1"})
    assert "Traceback (most recent call last)" in env.stderr


def test_debug_shows_the_traceback_of_an_error_and_the_error(tmp_path):
    missing = tmp_path / "nowhere"
    plain = run_cli("check", str(missing))
    debug = run_cli("--debug", "check", str(missing))
    assert plain.returncode == debug.returncode == 1
    assert "Traceback" not in plain.stderr
    assert "Traceback (most recent call last)" in debug.stderr and "InvalidProject" in debug.stderr
    assert debug.stderr.splitlines()[-2:] == plain.stderr.splitlines() == [
        f"ikon.yaml:1: error: no ikon.yaml here; is this an ikon-report project? (looked in {missing})",
        "project is invalid: 1 error(s), 0 warning(s); nothing was built"]


def test_watch_prints_problems_exactly_as_check(tmp_path, capsys):
    project = small_project(tmp_path / "p")
    for case in ("dangling-measure-field", "warning-unaddressed-challenge"):
        for src in (BROKEN / case / "data").iterdir():
            shutil.copyfile(src, project / "data" / src.name)
    checked = run_cli("check", str(project))
    assert checked.returncode == 1
    assert not rebuild(project, tmp_path / "out", ("docx",), None, quiet=True, verbose=False)
    watched = capsys.readouterr().err.splitlines()
    lines = checked.stderr.splitlines()
    assert lines[:-1] == watched[:-1] == [
        "data/challenges.yaml:14: warning: challenge C-02 has priority 'hoch' but no measure addresses it",
        "data/measures.yaml:3: error: measure M-01: 'field' refers to unknown field of action 'ZTT' "
        "(did you mean 'ZT'?)"]
    assert lines[-1] == "project is invalid: 1 error(s), 1 warning(s); nothing was built"
    assert watched[-1] == "project is invalid: 1 error(s), 1 warning(s); kept the last good output"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.docx"))


def leaf_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    out = []
    ctx = click.Context(group)  # through click's API: the group imports its commands when asked
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        if isinstance(command, click.Group):
            out += leaf_commands(command, (*prefix, name))
        else:
            out.append(((*prefix, name), command))
    return out


COMMANDS = leaf_commands(main)


def test_every_command_is_found():
    """The walk below reaches subcommands of groups too (new commands are checked without listing them)."""
    names = {" ".join(path) for path, _ in COMMANDS}
    assert names >= {"build", "catalogue", "check", "diff", "monitoring", "paper", "review collect",
                     "review status", "services export", "services import", "watch"}


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_takes_project_first(path, command):
    """PROJECT is the first argument, one type and one help; it may be left out exactly where no
    other argument follows it."""
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    first = arguments[0]
    assert first.name == "project"
    assert isinstance(first.type, click.Path) and not first.type.file_okay and first.type.dir_okay
    alone = len(arguments) == 1
    assert first.required is not alone
    assert first.help == (f"{PROJECT_HELP}; default: the current folder." if alone else f"{PROJECT_HELP}.")
    with click.Context(command, info_name=" ".join(("ikon-report", *path))) as ctx:
        usage = command.get_usage(ctx)
    assert f"{' '.join(path)} [OPTIONS] {'[PROJECT]' if alone else 'PROJECT'}" in usage, usage


def test_help_shows_project_as_users_see_it():
    for args in (["build"], ["review", "collect"], ["services", "import"], ["diff"]):
        proc = run_cli(*args, "--help")
        assert proc.returncode == 0, proc.stderr
        assert "PROJECT" in proc.stdout.splitlines()[0], proc.stdout
        assert PROJECT_HELP in proc.stdout


def test_debug_is_an_option_of_the_group():
    proc = run_cli("--help")
    assert proc.returncode == 0 and "--debug" in proc.stdout
    assert "--debug" not in run_cli("build", "--help").stdout


def test_the_command_line_starts_without_the_heavy_libraries():
    """A no-change rebuild takes a tenth of a second only while loading the commands loads neither
    the model (pydantic) nor the writers."""
    code = ("import sys, ikon_report.cli.main\n"
            "print(sorted(m for m in ('pydantic', 'docx', 'matplotlib', 'openpyxl', 'rich', 'ikon_report.build')"
            " if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_a_document_command_takes_the_project_as_a_relative_path(tmp_path: Path):
    """``ikon-report catalogue . --lang uk`` inside the project (its logo is staged like any file)."""
    from conftest import CLI, LINDENFELD

    proc = subprocess.run([*CLI, "catalogue", ".", "--lang", "uk", "--format", "pdf", "--out", str(tmp_path)],
                          cwd=LINDENFELD, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert [p.suffix for p in tmp_path.glob("IKON-Angebotskatalog-*")] == [".pdf"]
