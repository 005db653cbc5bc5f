"""Each event's documentation as a document of its own: facts, 1. agenda, 2. input, 3. results of
the workshops (every section as documented, dot votes), results of the event itself, the measures
developed and the challenges raised there, and the photo documentation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content import events as ev
from ikon_report.content.context import Ctx
from ikon_report.content.illustrative import WORD, invented, marked, marked_paras
from ikon_report.content.numbering import number
from ikon_report.documents.naming import EVENT_DOCUMENTATION, event_stems
from ikon_report.project import model as m
from ikon_report.render.publish import Edition

KIND = EVENT_DOCUMENTATION
DEPENDS_ON = ("events", "fields", "process", "samples", "findings", "challenges", "measures")


MakeEdition = Callable[[m.IkonProject, Path], Edition]


def event_plans(project: m.IkonProject, final: bool) -> list[tuple[str, tuple[str, ...], MakeEdition]]:
    """(stem, depends_on, make) of each event's documentation, for the registry's ``Plan``."""
    stems = event_stems(project, final)

    def maker(event_id: str) -> MakeEdition:
        return lambda p, out: event_edition(p, event_id, final, out, stems[event_id])

    return [(stems[e.id], DEPENDS_ON, maker(e.id)) for e in project.events]


def event_edition(project: m.IkonProject, event_id: str, final: bool, out: Path, stem: str | None = None) -> Edition:
    e = project.event(event_id)
    ctx = Ctx(project, draft=not final, chart_dir=out / ".cache" / "charts")
    blocks = event_blocks(ctx, e)
    short = not (e.agenda or e.input or e.workshops)  # a few pages: no contents, chapters run on
    subtitle = f"{KIND} · {ev.when(e)}" + (f" [{WORD}]" if invented(e, "date") else "")
    return Edition(stem=stem or event_stems(project, final)[event_id], doctype=KIND, blocks=blocks,
                   numbered=number(blocks), title=e.title, subtitle=subtitle, toc=not short, compact=short)


def event_blocks(ctx: Ctx, e: m.Event) -> list[a.Node]:
    p = ctx.project
    first = "Übersicht Veranstaltungsablauf" if e.agenda else "Überblick"
    blocks = [a.header(1, first, f"{e.id}-overview"), ev.facts(ctx, e)]
    if e.description:
        blocks += marked_paras(e.description, e, "description")
    if e.agenda:
        blocks.append(ev.agenda_table(e, f"tab-{e.id}"))
    if e.input:
        blocks.append(a.header(1, f"Input: {e.input.title}", f"{e.id}-input"))
        if e.input.speakers:
            blocks.append(a.para("; ".join(s.name + (f", {s.role}" if s.role else "") for s in e.input.speakers)))
        blocks += ev.sections(ctx, e.input.sections, 2, e)
    if e.workshops:
        blocks.append(a.header(1, "Ergebnisse der Workshopphase", f"{e.id}-workshops"))
        if e.voting:
            blocks.append(a.para([a.strong("Punktabfrage:"), {"t": "Space"}, *marked(e.voting.rule, e.voting, "rule")]))
        for ws in e.workshops:
            blocks += [a.header(2, marked(ws.title, ws), ws.id), *ev.workshop_meta(ctx, ws, slides=True)]
            blocks += ev.sections(ctx, ws.sections, 3)
            blocks += ev.votes_table(ctx, e, ws, f"tab-{ws.id}-votes")
            blocks += [ev.photo(ctx, img, f"fig-{ws.id}-{n}") for n, img in enumerate(ws.photos, 1)]
    if e.sections or e.votes:
        blocks.append(a.header(1, "Ergebnisse", f"{e.id}-results"))
        blocks += ev.sections(ctx, e.sections, 2)
        blocks += ev.votes_table(ctx, e, None, f"tab-{e.id}-votes")
    voted = {v.challenge for _, v in e.all_votes()}  # those stand in their workshop's table already
    raised = [c for c in p.challenges if e.id in c.events and c.id not in voted]
    if raised:
        blocks += [a.header(1, "Weitere Herausforderungen" if voted else "Herausforderungen", f"{e.id}-challenges"),
                   a.table(["Nr.", "Herausforderung", "Priorität"],
                           [[a.record_id(c.id), marked(c.text, c), marked(german.PRIORITY[c.level], c, "priority")]
                            for c in raised],
                           caption=f"Herausforderungen aus: {e.title}", ident=f"tab-{e.id}-challenges",
                           widths=[0.15, 0.7, 0.15])]
    developed = [x for x in p.measures if e.id in x.events]
    if developed:
        blocks += [a.header(1, "Entwickelte Maßnahmen", f"{e.id}-measures"),
                   a.table(["Nr.", "Maßnahme", "Federführung", "Priorität"],
                           [[a.record_id(x.id), marked(x.title, x), x.lead or "–", x.priority] for x in developed],
                           caption=f"Maßnahmen aus: {e.title}", ident=f"tab-{e.id}-measures",
                           widths=[0.13, 0.42, 0.32, 0.13])]
    if e.photos:
        blocks.append(a.header(1, "Fotodokumentation", f"{e.id}-photos"))
        blocks += [ev.photo(ctx, img, f"fig-{e.id}-{n}") for n, img in enumerate(e.photos, 1)]
    return blocks
