"""Measures: overview table by priority and field, and a one-page fact sheet per measure.

With more measures than ``measure_profiles_annex_above`` the fact sheets leave the concept for an
annex document of their own (``profiles_annex``); the concept keeps the overview, whose rows are
then the targets of references to measures.
"""

from __future__ import annotations

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.context import Ctx, heading_id
from ikon_report.content.fields import cites
from ikon_report.content.illustrative import marked
from ikon_report.project.model import PRIORITY_ORDER, IkonProject, Measure


def sorted_measures(p: IkonProject) -> list[Measure]:
    order = {f.id: f.order for f in p.fields}
    return sorted(p.measures, key=lambda x: (PRIORITY_ORDER[x.priority], order.get(x.field, 0), x.id))


def profiles_in_annex(p: IkonProject) -> bool:
    """Whether the measures' profiles stand in an annex document instead of the concept."""
    return len(p.measures) > p.project.measure_profiles_annex_above


def measures_section(ctx: Ctx) -> list[a.Node]:
    p = ctx.project
    annex = profiles_in_annex(p)
    rows: list[list[a.Cell]] = [[a.record_id(x.id, anchor=annex, link=not annex), marked(x.title, x),
                                 p.field(x.field).name,
             marked(german.PRIORITY[x.priority], x, "priority"), marked(x.lead or "–", x, "lead"),
             marked(x.time_frame, x, "time_frame")] for x in sorted_measures(p)]
    overview = a.table(["Nr.", "Maßnahme", "Handlungsfeld", "Priorität", "Federführung", "Zeitraum"], rows,
                       caption="Maßnahmen nach Priorität und Handlungsfeld", ident="tab-measures",
                       widths=[0.09, 0.3, 0.16, 0.08, 0.22, 0.15])
    intro = [a.para(f"Die Profile der {german.number(len(p.measures))} Maßnahmen (Ziel, Beschreibung, Zielgruppen, "
                    "Federführung, Partner*innen, Kosten, Erste Schritte) stehen im Anlagenband „Maßnahmenprofile“"
                    + (f" (Datei „{ctx.profiles_file}“)." if ctx.profiles_file else "."))] if annex else []
    blocks = [a.landscape([a.header(1, "Maßnahmen", heading_id("measures")),
                           a.header(2, "Übersicht nach Priorität und Handlungsfeld", heading_id("measures-overview")),
                           *intro, overview])]
    return blocks if annex else blocks + profiles(ctx)


def profiles(ctx: Ctx, level: int = 2) -> list[a.Node]:
    """Each field's measures as fact sheets, one a page, under a heading of ``level`` per field (in the
    concept level 2 after a page break; in the annex level 1, which starts a page itself)."""
    p = ctx.project
    blocks: list[a.Node] = []
    for f in sorted(p.fields, key=lambda f: f.order):
        measures = [x for x in p.measures if x.field == f.id]
        if measures:
            blocks += [a.page_break()] if level > 1 else []
            blocks.append(a.header(level, f"Maßnahmenprofile: {f.name}", heading_id(f"profiles-{f.id}")))
            for n, x in enumerate(measures):
                blocks += ([a.page_break()] if n else []) + profile(ctx, x, level + 1)
    return blocks


def profile(ctx: Ctx, x: Measure, level: int = 3) -> list[a.Node]:
    """The fact sheet: key–value block, description, first steps as a numbered list."""
    p = ctx.project
    total = sum(c.amount for c in x.costs)
    costs = "; ".join(f"{c.period}: {german.euro(c.amount)}" + (f" ({c.funding})" if c.funding else "")
                      for c in x.costs)
    values: list[tuple[str, str, str]] = [
        ("Handlungsfeld", "field", p.field(x.field).name),
        ("Ziel", "goal", x.goal),
        ("Zielgruppen", "target_groups", ", ".join(x.target_groups) or "alle"),
        ("Federführung", "lead", x.lead or "–"),
        ("Partner*innen", "partners", ", ".join(x.partners) or "–"),
        ("Zeitraum", "time_frame", x.time_frame),
        ("Priorität", "priority", german.PRIORITY[x.priority]),
        ("Status", "status", x.status),  # the statuses are German words
        ("Kosten", "costs", (costs + f"; gesamt {german.euro(total)}") if x.costs else "noch offen"),
        ("Finanzierung", "funding", x.funding or "–"),
    ]
    rows: list[tuple[str, a.Cell]] = [(label, marked(value, x, key)) for label, key, value in values]
    rows += [("Herausforderungen", cites(x.challenges)), ("Indikatoren", cites(x.indicators))]
    if x.see:
        rows.append(("Siehe", cites(x.see)))
    blocks = [a.header(level, marked(x.title, x), x.id, classes=["measure-profile"]),
              a.keyvalue(rows),
              a.para([a.strong("Beschreibung")]), *a.paras(x.description)]
    if x.first_steps:
        blocks += [a.para([a.strong("Erste Schritte")]), a.numbered(x.first_steps)]
    return [a.div(blocks, classes=["profile"])]
