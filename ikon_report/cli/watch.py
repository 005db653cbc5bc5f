"""``ikon-report watch``: rebuild whenever a source changes; a broken edit keeps the last good output.

Watches ``ikon.yaml``, ``data/``, ``chapters/`` and ``assets/`` below the project (never the output
folder), waits until edits settle (debounce), then runs the normal incremental ``build()`` with a
typst compiler kept warm between builds (recompiling an edited document takes a fraction of a cold
compile). Validation errors are printed as ``path:line`` and nothing is written, so the previous
DOCX and PDF stay in place until the project is valid again.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import click

from ikon_report.errors import IkonError, InvalidProject
from ikon_report.tools import Compiler

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


def rebuild(root: Path, out: Path, formats: tuple[str, ...], compiler: Compiler | None, quiet: bool,
            verbose: bool) -> bool:
    """One build; problems are printed, never raised. True if the outputs are now up to date."""
    from ikon_report.build import build
    from ikon_report.cli.progress import Progress

    try:
        with Progress(quiet, verbose) as progress:
            result = build(root, out, formats=formats, report=progress, compiler=compiler)
    except InvalidProject as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        errors = sum(p.severity == "error" for p in exc.problems)
        click.echo(f"{exc.reason or 'project is invalid'}: {errors} error(s); kept the last good output", err=True)
        return False
    except IkonError as exc:
        click.echo(f"error: {exc}; kept the last good output", err=True)
        return False
    except Exception as exc:  # noqa: BLE001 - a watcher must survive a bug in one build
        click.echo(f"internal error: {type(exc).__name__}: {exc}; kept the last good output", err=True)
        return False
    for problem in result.warnings:
        click.echo(str(problem), err=True)
    for path in result.written:
        click.echo(f"wrote {path}", err=True)
    if not result.written:
        click.echo(f"up to date: {len(result.skipped)} file(s) unchanged", err=True)
    return True


def watch_project(root: Path, out: Path, *, formats: tuple[str, ...], debounce_ms: int = 400, quiet: bool = False,
                  verbose: bool = False, stop: threading.Event | None = None) -> None:
    """Build, then rebuild on every settled change until ``stop`` is set (or Ctrl-C)."""
    import watchfiles

    from ikon_report.render.pdf import make_compiler

    root, out = root.resolve(), out.resolve()
    compiler = make_compiler(project_root=root) if "pdf" in formats else None
    rebuild(root, out, formats, compiler, quiet, verbose)
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
        rebuild(root, out, formats, compiler, quiet, verbose)
    click.echo("stopped watching", err=True)


@click.command()
@click.argument("project", type=click.Path(file_okay=False, exists=True, path_type=Path), default=".")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: PROJECT/build).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["docx", "pdf"]),
              help="Only these formats (default: all).")
@click.option("--debounce", default=400, show_default=True, help="Milliseconds to wait for edits to settle.")
@click.option("-q", "--quiet", is_flag=True, help="No progress output.")
@click.option("-v", "--verbose", is_flag=True, help="Per-stage timings.")
def watch(project: Path, out: Path | None, formats: tuple[str, ...], debounce: int, quiet: bool,
          verbose: bool) -> None:
    """Build PROJECT, then rebuild whenever its sources change (Ctrl-C stops).

    An edit that breaks the project prints its problems as path:line and keeps the last good output."""
    from ikon_report.build import FORMATS

    try:
        watch_project(project, out or project / "build", formats=formats or FORMATS, debounce_ms=debounce,
                      quiet=quiet, verbose=verbose)
    except KeyboardInterrupt:  # during a build: outputs are written atomically, nothing half-done
        click.echo("stopped watching", err=True)
