"""The document kinds a build writes; each declares its file stem, what it depends on, how it is made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ikon_report.documents.naming import output_stem

if TYPE_CHECKING:
    from ikon_report.project.model import IkonProject
    from ikon_report.render.publish import Edition


@dataclass
class Plan:
    """An edition the build produces: its file stem, what it depends on, how to make it."""

    stem: str
    depends_on: tuple[str, ...]
    make: Callable[[IkonProject, Path], Edition]
    extra: Callable[[IkonProject, Path], list[Path]] | None = None  # writes files besides DOCX/PDF
    extra_files: tuple[str, ...] = ()  # the names ``extra`` writes (for the up-to-date check)


def plan_editions(project: IkonProject, final: bool) -> list[Plan]:
    """The editions ``build`` writes; each names the model parts it depends on."""

    def concept(p: IkonProject, out: Path) -> Edition:
        from ikon_report.content.context import Ctx
        from ikon_report.documents.concept import build_concept
        from ikon_report.render.publish import Edition

        doc = build_concept(Ctx(p, draft=not final, chart_dir=out / ".cache" / "charts"))
        return Edition(stem=output_stem(p, final), doctype="Integrationskonzept", blocks=doc.blocks,
                       numbered=doc.numbered)

    plans = [Plan(output_stem(project, final), ("*",), concept)]
    if project.services:
        from ikon_report.documents.catalogue.edition import catalogue_plan

        plans.append(catalogue_plan(project, final))
    return plans
