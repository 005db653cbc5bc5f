"""The document kinds a build writes; each declares its file stem, what it depends on, how it is made.

A new kind: a module in ``documents/`` that makes an ``Edition``, and one entry in ``plan_editions``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ikon_report.content.context import Ctx
from ikon_report.content.measures import profiles_in_annex
from ikon_report.documents import easy
from ikon_report.documents.catalogue.edition import catalogue_edition, stem_of
from ikon_report.documents.catalogue.volumes import Volume, volume_edition, volumes
from ikon_report.documents.catalogue.web import render_web, web_name
from ikon_report.documents.concept import PROFILES, build_concept, build_profiles, profiles_stem
from ikon_report.documents.event import event_plans
from ikon_report.documents.monitoring_report import data_years, monitoring_edition
from ikon_report.documents.naming import event_stems, output_stem
from ikon_report.documents.paper import paper_edition
from ikon_report.project.model import IkonProject
from ikon_report.project.versions import Version
from ikon_report.render.publish import Edition


@dataclass
class Plan:
    """An edition the build produces: its file stem, what it depends on, how to make it."""

    stem: str
    depends_on: tuple[str, ...]  # model parts ("*": all of it)
    make: Callable[[IkonProject, Path], Edition]
    extra: Callable[[IkonProject], dict[str, bytes]] | None = None  # files besides DOCX/PDF: name → content
    extra_files: tuple[str, ...] = ()  # the names ``extra`` returns (for the up-to-date check)
    inputs_digest: str = ""  # what it reads besides the model (e.g. the version behind ``changes_since``)


def plan_editions(project: IkonProject, final: bool, previous: Version | None = None) -> list[Plan]:
    """The editions ``build`` writes; each names the model parts it depends on. ``previous`` is the
    version ``changes_since`` names (read by the build before any content is made)."""

    def concept(p: IkonProject, out: Path) -> Edition:
        files = {eid: f"{stem}.pdf" for eid, stem in event_stems(p, final).items()}
        annex = f"{profiles_stem(p, final)}.pdf" if profiles_in_annex(p) else ""
        doc = build_concept(Ctx(p, draft=not final, chart_dir=out / ".cache" / "charts", previous=previous,
                                event_files=files, profiles_file=annex))
        return Edition(stem=output_stem(p, final), doctype="Integrationskonzept", blocks=doc.blocks,
                       numbered=doc.numbered, language=p.project.language, cover_facts=True)

    def profiles_annex(p: IkonProject, out: Path) -> Edition:
        doc = build_profiles(Ctx(p, draft=not final, chart_dir=out / ".cache" / "charts"))
        return Edition(stem=profiles_stem(p, final), doctype=PROFILES, blocks=doc.blocks, numbered=doc.numbered,
                       title=PROFILES, subtitle=f"Anlagenband zu „{p.project.title}“", language=p.project.language)

    plans = [Plan(output_stem(project, final), ("*",), concept, inputs_digest=previous.digest if previous else "")]
    if profiles_in_annex(project):  # in its own edition (own typst process): memory bounded by the larger part
        plans.append(Plan(profiles_stem(project, final), ALL_BUT_CHAPTER_TEXTS, profiles_annex))
    if project.services:
        plans += catalogue_plans(project, final)
    plans += [Plan(stem, depends_on, make) for stem, depends_on, make in event_plans(project, final)]
    if easy.has_catalogue(project):  # Leichte Sprache: only when the data has texts written for it
        plans.append(Plan(easy.catalogue_stem(project, final), ("services", "easy"),
                          lambda p, _out: easy.catalogue_edition(p, final=final)))
    if easy.has_summary(project):
        plans.append(Plan(easy.summary_stem(project, final), ("fields", "easy"),
                          lambda p, _out: easy.summary_edition(p, final=final)))
    plans += follow_up_plans(project, final)
    return plans


# The committee paper and the monitoring report show everything but the chapters' texts (a chapter
# edit in ``watch`` rebuilds the concept alone); chapter ids still count: any document binds known ids.
ALL_BUT_CHAPTER_TEXTS = (*(name for name in IkonProject.model_fields if name != "chapters"), "chapters.id")


def follow_up_plans(project: IkonProject, final: bool) -> list[Plan]:
    """What follows the concept, where the data has it: the committee paper (``paper:`` in ikon.yaml) and the
    monitoring report of the last year with updates or values (earlier years: ``ikon-report monitoring --year``)."""
    plans = []
    paper = project.project.paper
    if paper is not None:
        plans.append(Plan(output_stem(project, final, paper.type), ALL_BUT_CHAPTER_TEXTS,
                          lambda p, _out: paper_edition(p, final=final)))
    years = data_years(project)
    if years:
        year = years[-1]

        def report(p: IkonProject, out: Path) -> Edition:
            return monitoring_edition(p, year, final=final, chart_dir=out / ".cache" / "charts")

        plans.append(Plan(output_stem(project, final, f"Monitoringbericht-{year}"), ALL_BUT_CHAPTER_TEXTS, report))
    return plans


def catalogue_plans(project: IkonProject, final: bool) -> list[Plan]:
    """The catalogue in print, as one edition or (above the project's size limit) one per volume;
    the complete web edition comes with the first."""
    stem, depends = stem_of(project, final), ("services", "fields", "categories", "i18n")

    def web(p: IkonProject) -> dict[str, bytes]:
        return {web_name(stem): render_web(p, final=final).encode("utf-8")}

    if not (every := volumes(project, final)):
        return [Plan(stem, depends, lambda p, _out: catalogue_edition(p, final=final), extra=web,
                     extra_files=(web_name(stem),))]

    def make(volume: Volume) -> Callable[[IkonProject, Path], Edition]:
        return lambda p, _out: volume_edition(p, volume, final=final)

    plans = [Plan(v.stem, depends, make(v)) for v in every]
    plans[0].extra, plans[0].extra_files = web, (web_name(stem),)
    return plans
