"""Commands that make one document each: ``catalogue``, ``paper``, ``monitoring`` and ``diff``."""

from __future__ import annotations

from pathlib import Path

import click

from ikon_report import pandoc_ast as a
from ikon_report.cli.options import final_option, formats_option, out_option, project_argument, quiet_option
from ikon_report.documents.catalogue.filters import GENDERS, STATUSES, Filter, parse_age


def _wrote(paths: list[Path]) -> None:
    for path in paths:
        click.echo(f"wrote {path}", err=True)


@click.command()
@project_argument()
@click.option("--gender", multiple=True, type=click.Choice(GENDERS),
              help="Services for this gender (services for all genders match too).")
@click.option("--age", default=None, help="An age (30) or a range (18-26, 65-, -12); matches overlapping age ranges.")
@click.option("--status", multiple=True, type=click.Choice(STATUSES),
              help="Residence status (services for every status match too).")
@click.option("--language", multiple=True, metavar="CODE", help="Offered in this language, e.g. ar.")
@click.option("--field", multiple=True, metavar="ID", help="Field of action (id or name).")
@click.option("--district", multiple=True, help="District (Stadtteil).")
@click.option("--lang", default="de", show_default=True, metavar="TAG|all",
              help="Language of the edition: a tag from ikon.yaml's languages, or 'all' for one edition per language.")
@out_option()
@formats_option()
@final_option("Final edition: no watermark or notes; refuses illustrative data.")
@quiet_option
def catalogue(project: Path, gender: tuple[str, ...], age: str | None, status: tuple[str, ...],
              language: tuple[str, ...], field: tuple[str, ...], district: tuple[str, ...], lang: str,
              out: Path | None, formats: tuple[str, ...], final: bool, quiet: bool) -> None:
    """Build a catalogue of services for PROJECT: filtered (options narrow it down; repeat an option
    to allow several values) and in a language (--lang). Writes DOCX and PDF."""
    from ikon_report.documents.catalogue.edition import catalogue_edition, edition_languages
    from ikon_report.project.final import refuse_unfinished
    from ikon_report.project.validate import load_project
    from ikon_report.render.publish import publish

    flt = Filter(gender=gender, age=parse_age(age) if age else None, status=status, language=language,
                 field=field, district=district)
    model, _ = load_project(project, strict=final)
    if final:
        refuse_unfinished(model)
    for tag in edition_languages(model, lang):
        edition = catalogue_edition(model, final=final, lang=tag, flt=flt)
        written = publish(model, edition, (out or project / "build").resolve(), formats, final=final)
        if not quiet:
            count = sum(a.is_a(b, "Div") and "service" in a.classes(b) for b in edition.blocks)
            click.echo(f"{tag}: {count} service(s)" if lang == "all" else f"{count} service(s)", err=True)
            _wrote(written)


@click.command()
@project_argument()
@out_option()
@final_option("Final edition: no watermark; attachments named as final files; refuses illustrative data.")
@formats_option()
def paper(project: Path, out: Path | None, final: bool, formats: tuple[str, ...]) -> None:
    """Build the committee paper (Beschlussvorlage) of PROJECT as DOCX and PDF."""
    from ikon_report.documents.paper import paper_edition
    from ikon_report.project.final import refuse_unfinished
    from ikon_report.project.validate import load_project
    from ikon_report.render.publish import publish

    model = load_project(project, strict=final)[0]
    if final:
        refuse_unfinished(model)
    _wrote(publish(model, paper_edition(model, final=final), out or project / "build", formats, final=final))


@click.command()
@project_argument()
@click.option("--year", type=int, default=None,
              help="Report year (e.g. 2021); default: the last year with updates or values, else the concept's. "
                   "Before the first updates the report shows the planned state from the concept.")
@out_option()
@final_option("Final edition: no watermark; refuses illustrative data.")
@formats_option()
def monitoring(project: Path, year: int | None, out: Path | None, final: bool, formats: tuple[str, ...]) -> None:
    """Build the yearly monitoring report of PROJECT for --year as DOCX and PDF."""
    from ikon_report.documents.monitoring_report import default_year, monitoring_edition
    from ikon_report.output_set import output_set
    from ikon_report.project.final import refuse_unfinished
    from ikon_report.project.validate import load_project
    from ikon_report.render.publish import publish

    model = load_project(project, strict=final)[0]
    if final:
        refuse_unfinished(model)
    out = (out or project / "build").resolve()
    year = default_year(model) if year is None else year
    with output_set(out) as outputs:  # the folder is locked while the charts are drawn, too
        edition = monitoring_edition(model, year, final=final, chart_dir=out / ".cache" / "charts")
        written = publish(model, edition, out, formats, final=final, outputs=outputs)
        outputs.commit()
    _wrote(written)


@click.command()
@project_argument(optional=False)
@click.argument("old", help="The earlier version: a project folder or a git revision (v0.8, HEAD~3).")
@click.argument("new", default=None, required=False,
                help="The later version, as OLD; default: PROJECT as it is now.")
@out_option("Also write the changes as a document for the steering group into this folder.")
@formats_option(default=("docx",))
def diff(project: Path, old: str, new: str | None, out: Path | None, formats: tuple[str, ...]) -> None:
    """List what changed in PROJECT from OLD to NEW.

    OLD and NEW are project folders (relative to the working folder or to PROJECT) or git revisions
    of the repository PROJECT lies in: added, removed and changed challenges, measures, services,
    indicators and fields of action (field by field, old -> new) and changed chapter sections.
    With --out, also a DOCX (default) or PDF titled "Änderungen gegenüber Version X".
    """
    from ikon_report.documents.changes.compare import as_text, compare
    from ikon_report.documents.changes.document import changes_edition
    from ikon_report.project.versions import open_version
    from ikon_report.render.publish import publish

    with open_version(old, project) as before, open_version(new or str(project), project) as after:
        changes = compare(before.project, after.project)
        click.echo(as_text(changes, before.label, after.label))
        if out is not None:
            edition = changes_edition(after.project, changes, before.label)
            _wrote(publish(after.project, edition, out, formats, final=False))
