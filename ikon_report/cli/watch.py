"""``ikon-report watch``: rebuild whenever a source changes; a broken edit keeps the last good output.

Watches ``ikon.yaml``, ``data/``, ``chapters/`` and ``assets/`` below the project (never the output
folder), waits until edits settle (debounce), then runs the normal incremental ``build()`` with a
typst compiler kept warm between builds (recompiling an edited document takes a fraction of a cold
compile), the PDFs first (``rebuild``). pandoc's typst markup of unchanged sections is reused
(``render/typst_parts.py``). Problems are printed exactly as ``check`` and ``build`` print them (the same functions)
and nothing is written, so the previous DOCX and PDF stay in place until the project is valid again.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import click

from ikon_report.cli.app import as_error, debugging
from ikon_report.cli.options import FORMATS, formats_option, out_option, project_argument, quiet_option, verbose_option
from ikon_report.cli.progress import Progress
from ikon_report.cli.project import show_result
from ikon_report.errors import UsageError, problem_lines
from ikon_report.tools import Compiler

KEPT = "kept the last good output"

WATCHED = ("ikon.yaml", "data", "chapters", "assets")


def relevant(root: Path, out: Path, path: str) -> bool:
    """A change below the project that a build reads (not the output folder, not editor litter)."""
    file = Path(path)
    if file == out or out in file.parents or file.name.startswith((".#", "~")) or file.name.endswith(
            ("~", ".swp", ".swx", ".tmp")):
        return False
    try:
        rel = file.relative_to(root)
    except ValueError:
        return False
    return bool(rel.parts) and rel.parts[0] in WATCHED


Landed = Callable[[bool, list[str]], None]  # (outputs up to date, the problem lines printed)


def rebuild(root: Path, out: Path, formats: tuple[str, ...], compiler: Compiler | None, quiet: bool,
            verbose: bool, on_rebuild: Landed | None = None) -> bool:
    """Build the PDFs first, then everything: problems are printed as ``build`` prints them, never
    raised. True if the outputs are now up to date. ``on_rebuild`` hears each step's outcome
    (``preview`` shows it on its page).

    The author looks at the PDF, so the DOCX (its Python work takes several times the PDF's) must
    not hold it back: the first step is a build of the PDFs alone, whose set lands as soon as they
    are made; the second is the normal build of every format, which lands the DOCX and the other
    files as a second set (and the PDFs again, the same bytes: a build renders an edition's formats
    together). Between the two steps the folder holds the new PDF beside the previous DOCX; if
    ``watch`` is stopped there, the state says the DOCX is out of date and the next build makes it.
    """
    start = time.perf_counter()
    steps = [("pdf",), formats] if "pdf" in formats and len(formats) > 1 else [formats]
    times = []
    for step in steps:
        if not _build(root, out, step, compiler, quiet, verbose, on_rebuild):
            return False
        times.append(time.perf_counter() - start)
    if not quiet:
        click.echo(f"{time.strftime('%H:%M:%S')} done: " + (f"PDF after {times[0]:.2f} s, " if len(times) > 1 else "")
                   + f"all after {times[-1]:.2f} s", err=True)
    return True


def _build(root: Path, out: Path, formats: tuple[str, ...], compiler: Compiler | None, quiet: bool,
           verbose: bool, on_rebuild: Landed | None) -> bool:
    """One build of ``formats``; its problems printed and reported, never raised."""
    from ikon_report.build import build

    try:
        with Progress(quiet, verbose) as progress:
            result = build(root, out, formats=formats, report=progress, compiler=compiler)
    except Exception as exc:  # noqa: BLE001 - a watcher must survive a bug in one build
        if debugging():
            traceback.print_exception(exc)
        error = as_error(exc)
        error.show(KEPT)
        if on_rebuild:
            on_rebuild(False, error.format_lines(KEPT))
        return False
    show_result(result, quiet)
    if on_rebuild:
        on_rebuild(True, problem_lines(result.warnings))
    return True


def watch_project(root: Path, out: Path, *, formats: tuple[str, ...] = FORMATS, debounce_ms: int = 400,
                  quiet: bool = False, verbose: bool = False, stop: threading.Event | None = None,
                  on_rebuild: Landed | None = None) -> None:
    """Build, then rebuild on every settled change until ``stop`` is set (or Ctrl-C)."""
    import watchfiles

    from ikon_report.render.pdf import make_compiler

    root, out = root.resolve(), out.resolve()
    compiler = make_compiler(project_root=root) if "pdf" in formats else None
    rebuild(root, out, formats, compiler, quiet, verbose, on_rebuild)
    announced = False
    # yield_on_timeout: the first (empty) yield comes once the watcher is really set up, so
    # "watching" is only said when an edit made from then on is certain to be seen.
    for changes in watchfiles.watch(root, debounce=debounce_ms, stop_event=stop, raise_interrupt=False,
                                    watch_filter=lambda _change, path: relevant(root, out, path),
                                    yield_on_timeout=True, rust_timeout=300):
        if not announced:
            click.echo(f"watching {root} for changes (Ctrl-C to stop)", err=True)
            announced = True
        if not changes:
            continue
        names = sorted({Path(p).relative_to(root).as_posix() for _, p in changes})
        click.echo(f"{time.strftime('%H:%M:%S')} changed: {', '.join(names)}", err=True)
        rebuild(root, out, formats, compiler, quiet, verbose, on_rebuild)
    click.echo("stopped watching", err=True)


@click.command()
@project_argument()
@out_option()
@formats_option()
@click.option("--debounce", default=400, show_default=True, help="Milliseconds to wait for edits to settle.")
@quiet_option
@verbose_option
def watch(project: Path, out: Path | None, formats: tuple[str, ...], debounce: int, quiet: bool,
          verbose: bool) -> None:
    """Build PROJECT, then rebuild whenever its sources change (Ctrl-C stops).

    An edit that breaks the project prints its problems as check does and keeps the last good output."""
    if not project.is_dir():
        raise UsageError(f"{project} is not a folder; watch needs the project folder (with ikon.yaml)")
    try:
        watch_project(project, out or project / "build", formats=formats, debounce_ms=debounce,
                      quiet=quiet, verbose=verbose)
    except KeyboardInterrupt:  # during a build: outputs are written atomically, nothing half-done
        click.echo("stopped watching", err=True)
