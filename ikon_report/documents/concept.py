"""The integration concept as one pandoc document: outline → blocks → numbering → references."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ikon_report import pandoc_ast as a
from ikon_report.content.chapters import chapter_blocks, parse_chapters
from ikon_report.content.citations import resolve_citations
from ikon_report.content.context import Ctx
from ikon_report.content.fields import coverage_section, fields_section, findings_section
from ikon_report.content.glossary import contact_section, glossary_section, sources_section
from ikon_report.content.measures import measures_section, profiles, profiles_in_annex
from ikon_report.content.monitoring import monitoring_section
from ikon_report.content.numbering import Numbered, Target, number, resolve_refs
from ikon_report.content.participation import events_appendix, participation_section
from ikon_report.content.statistics import statistics_section
from ikon_report.content.survey import process_section, survey_section
from ikon_report.documents.changes.document import changes_section
from ikon_report.documents.naming import output_stem
from ikon_report.project.model import IkonProject
from ikon_report.project.vocabulary import OUTLINE_SECTIONS

# How each generated section is made (its names: vocabulary.OutlineSection; a test keeps both in step).
SECTIONS: dict[str, Callable[[Ctx], list[a.Node]]] = {
    "process": process_section,
    "statistics": statistics_section,
    "survey": survey_section,
    "participation": participation_section,
    "findings": findings_section,
    "fields": fields_section,
    "measures": measures_section,
    "coverage": coverage_section,
    "monitoring": monitoring_section,
    "events": events_appendix,
    "conference": lambda ctx: events_appendix(ctx, "conference"),  # the older name of "events"
    "glossary": glossary_section,
    "sources": sources_section,
    "changes": changes_section,
    "contact": contact_section,
}
# Without ``ikon.yaml: outline``: the generated sections between the main chapters and the appendix, in their
# declared order; the changes come last, and only with ``changes_since`` ("conference" is the older name of "events").
DEFAULT_SECTIONS = [s for s in OUTLINE_SECTIONS if s not in ("changes", "conference", "contact")]


@dataclass
class ConceptDoc:
    """The concept body plus what the renderers need for TOCs and metadata."""

    blocks: list[a.Node]
    numbered: Numbered


def outline(p: IkonProject) -> list[str]:
    """The order of chapters and generated sections: ``ikon.yaml: outline`` or a sensible default."""
    if p.project.outline:
        names = list(p.project.outline)
    else:
        main = [c.id for c in p.chapters if not c.appendix]
        appendix = [c.id for c in p.chapters if c.appendix]
        names = main + DEFAULT_SECTIONS + appendix
    if p.project.changes_since and "changes" not in names:
        names.append("changes")  # the appendix "Änderungen gegenüber Version X" comes last
    if "contact" not in names:
        names.append("contact")  # the closing contact page (empty without contacts)
    return names


def build_concept(ctx: Ctx) -> ConceptDoc:
    p = ctx.project
    bodies = parse_chapters(p.chapters)
    chapters = {c.id: c for c in p.chapters}
    blocks: list[a.Node] = []
    names = outline(p)
    for name in names:
        if name in chapters:
            blocks += chapter_blocks(chapters[name], bodies[name])
        else:
            blocks += SECTIONS[name](ctx)
    numbered = number(blocks)
    _record_targets(p, numbered)
    resolve_citations(blocks, p.sources, linked=bool(p.sources) and "sources" in names)
    resolve_refs(blocks, numbered, lambda ident, target: describe(p, ident, target))
    return ConceptDoc(blocks, numbered)


def _record_targets(p: IkonProject, numbered: Numbered) -> None:
    """Records without a heading of their own (challenges, services; measures whose profiles stand in
    the annex: their row of the overview) are still linkable."""
    for c in p.challenges:
        numbered.targets.setdefault(c.id, Target("", c.text))
    for s in p.services:
        numbered.targets.setdefault(s.id, Target("", s.title))
    if profiles_in_annex(p):
        for x in p.measures:
            numbered.targets.setdefault(x.id, Target("", x.title))


PROFILES = "Maßnahmenprofile"  # the annex document's kind, in its file name and on its cover


def profiles_stem(p: IkonProject, final: bool) -> str:
    """The annex's file stem, e.g. ``IKON-Maßnahmenprofile-Lindenfeld-v1.2-Entwurf`` (only above
    ``measure_profiles_annex_above`` measures: ``profiles_in_annex``)."""
    return output_stem(p, final, PROFILES)


def build_profiles(ctx: Ctx) -> ConceptDoc:
    """The annex document: the measures' profiles by field. A reference to a record of the concept
    (challenge, indicator, chapter) names it in words, as the annex cannot link into another file."""
    p = ctx.project
    blocks = profiles(ctx, level=1)
    numbered = number(blocks)
    local = set(numbered.targets)
    concept = Numbered()
    _record_targets(p, concept)
    for i in p.indicators:
        concept.targets.setdefault(i.id, Target("", i.name))
    for c in p.chapters:
        concept.targets.setdefault(c.id, Target("", c.title))

    def _cite(node: a.Node) -> list[a.Node]:
        out: list[a.Node] = []
        for n, citation in enumerate(a.citations(node)):
            ident = citation["citationId"]
            out += [{"t": "Str", "c": ";"}, {"t": "Space"}] if n else []
            out += citation["citationPrefix"]
            if ident in local:
                out.append(a.link(describe(p, ident, numbered.targets[ident]), "#" + ident))
            elif ident in concept.targets:
                out += describe(p, ident, concept.targets[ident])
            else:
                out.append({"t": "Str", "c": ident})
        return out

    blocks[:] = a.replace_cites(blocks, _cite)
    return ConceptDoc(blocks, numbered)


KINDS = (("measures", "Maßnahme"), ("indicators", "Indikator"), ("challenges", "Herausforderung"),
         ("services", "Angebot"), ("events", "Veranstaltung"))


def describe(p: IkonProject, ident: str, target: Target) -> list[a.Node]:
    """Link text for a reference: kind, id (and section number), title in German quotes."""
    if ident in {c.id for c in p.chapters} or ident.startswith("sec-"):
        return a.text(f"Kapitel {target.number}") if target.number else [a.quoted(target.title)]
    if ident in {f.id for f in p.fields}:
        return [*a.text(f"Handlungsfeld {target.number} "), a.quoted(p.field(ident).name)]
    label = next((name for kind, name in KINDS if any(r.id == ident for r in getattr(p, kind))), "")
    parts = a.text(" ".join(x for x in (label, ident) if x))
    if target.number and label == "Maßnahme":
        parts += a.text(f" (Abschnitt {target.number})")
    return [*parts, {"t": "Space"}, a.quoted(target.title)]
