"""``ikon-report translations export|import|status``: the texts of a project as XLIFF for
translators, and back (docs/translations.md)."""

from __future__ import annotations

from pathlib import Path

import click

from ikon_report.cli.options import project_argument


@click.group()
def translations() -> None:
    """Translate the catalogue's texts with any translation tool (XLIFF): export, translate, import."""


@translations.command("export")
@project_argument(optional=False)
@click.option("--lang", "lang", required=True, metavar="CODE", help="The language to translate into, e.g. ar.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), help="The XLIFF file to write.")
def export(project: Path, lang: str, file: Path) -> None:
    """Write every translatable text of PROJECT (German source, the LANG translation and its state:
    new, translated, needs review) to FILE as XLIFF."""
    from ikon_report.errors import UsageError
    from ikon_report.exchange.xliff import export_xliff
    from ikon_report.output import write_atomic
    from ikon_report.project.translation_units import languages
    from ikon_report.project.validate import load_project

    model, _ = load_project(project)
    if lang == "de" or lang not in [*languages(model), *model.project.languages]:
        raise UsageError(f"--lang {lang}: not a translation language of this project (languages in ikon.yaml: "
                         f"{', '.join(c for c in model.project.languages if c != 'de') or 'none'})")
    data, units = export_xliff(model, lang)
    write_atomic(file, data)
    counts = _counts(units)
    click.echo(f"wrote {file} ({len(units)} texts: {counts['translated']} translated, {counts['new']} new, "
               f"{counts['outdated']} to review)", err=True)


@translations.command("import")
@project_argument(optional=False)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="The translated XLIFF file.")
def import_(project: Path, file: Path) -> None:
    """Merge the translations in FILE into PROJECT's data. Every problem is listed as FILE:LINE;
    then nothing is written (exit status 1). An unchanged file changes nothing."""
    from ikon_report.exchange.xliff import import_xliff
    from ikon_report.project.validate import load_project

    model, _ = load_project(project)
    lang, changed, written = import_xliff(project, model, file)
    if not written:
        click.echo(f"no changes ({lang}); the data was left as it is", err=True)
        return
    names = ", ".join(path.relative_to(project).as_posix() for path in written)
    click.echo(f"wrote {names} ({changed} {lang} translation(s) changed)", err=True)


@translations.command("status")
@project_argument()
def status(project: Path) -> None:
    """Print per language how many texts are translated, missing and outdated."""
    from ikon_report.project.translation_units import languages, units
    from ikon_report.project.validate import load_project

    model, _ = load_project(project)
    click.echo(f"{'language':<10} {'translated':>10} {'missing':>8} {'outdated':>9} {'texts':>6}")
    for lang in languages(model):
        counts = _counts(units(model, lang))
        total = sum(counts.values())
        click.echo(f"{lang:<10} {counts['translated']:>10} {counts['new']:>8} {counts['outdated']:>9} {total:>6}")


def _counts(units: list) -> dict[str, int]:
    out = {"translated": 0, "new": 0, "outdated": 0}
    for u in units:
        out[u.state] += 1
    return out
