"""Build progress: stage lines and a bar on a terminal, nothing when piped or quiet, timings with -v."""

from __future__ import annotations

from pathlib import Path

from ikon_report.cli.progress import Progress


def run_stages(progress: Progress) -> None:
    with progress:
        progress("check")
        progress.outputs(2)
        progress("X: docx, pdf")
        progress.wrote(Path("/out/X.docx"))
        progress.wrote(Path("/out/X.pdf"))


def test_terminal_shows_stages_and_files(capsys):
    run_stages(Progress(quiet=False, verbose=False, tty=True))
    err = capsys.readouterr().err
    assert "· check" in err and "· X: docx, pdf" in err
    assert "✓ X.docx" in err and "✓ X.pdf" in err
    assert "total:" not in err


def test_piped_or_quiet_is_silent(capsys):
    run_stages(Progress(quiet=False, verbose=False, tty=False))
    run_stages(Progress(quiet=True, verbose=False, tty=True))
    assert capsys.readouterr().err == ""


def test_verbose_prints_timings_even_when_piped(capsys):
    run_stages(Progress(quiet=False, verbose=True, tty=False))
    err = capsys.readouterr().err
    assert "  check: " in err and "  X: docx, pdf: " in err and "  total: " in err


def test_bar_is_stopped_after_an_error(capsys):
    progress = Progress(quiet=False, verbose=True, tty=True)
    try:
        with progress:
            progress.outputs(3)
            raise RuntimeError
    except RuntimeError:
        pass
    assert progress._bar is None and "total:" not in capsys.readouterr().err
