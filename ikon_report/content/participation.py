"""The concept's sections about the participation process: the overview of all events with the
voting and priority rules (``participation``) and the appendix with a short form of each event's
documentation (``events``; older name ``conference``), which refers to the event's own document."""

from __future__ import annotations

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content import events as ev
from ikon_report.content.context import Ctx, heading_id
from ikon_report.content.illustrative import mark_if, marked, marked_paras
from ikon_report.project import model as m
from ikon_report.project.events import PriorityRule


def participation_section(ctx: Ctx) -> list[a.Node]:
    p = ctx.project
    if not p.events:
        return []
    first, last = p.events[0], max(p.events, key=lambda e: e.until or e.date)
    blocks = [a.header(1, "Beteiligungsverfahren", heading_id("participation")),
              a.para([*a.text(f"Das Konzept ist in {_count(len(p.events))} Beteiligungsveranstaltungen "
                                  "entstanden, vom "), *marked(german.date(first.date), first, "date"),
                      *a.text(" bis zum "), *marked(german.date(last.until or last.date), last, "date"),
                      *a.text(". Jede ist in einer eigenen Dokumentation festgehalten; eine Kurzfassung steht "
                              "im Anhang.")])]
    rows: list[list[a.Cell]] = []
    for e in sorted(p.events, key=lambda e: e.date):
        doc = ctx.event_files.get(e.id)
        pt = e.participants
        count = f"{ev.COUNT_IS[pt.count_is]}{german.number(pt.count)}" if pt and pt.count is not None else ""
        what = [a.strong(ev.KIND[e.kind] + ":"), {"t": "Space"}, *marked(e.title, e)]
        if doc:
            what += [{"t": "LineBreak"}, a.emph("Dokumentation:"), {"t": "Space"}, file_name(doc)]
        rows.append([[a.plain(marked(ev.when(e), e, "date"))], [a.plain(what)], count or "–"])
    blocks.append(a.table(["Datum", "Veranstaltung und Dokumentation", "Teilnehmende"], rows,
                          caption="Beteiligungsveranstaltungen", ident="tab-participation",
                          widths=[0.22, 0.6, 0.18]))
    blocks += _priorities(ctx)
    return blocks


def file_name(name: str) -> a.Node:
    """A document's file name, set so that it breaks only at its own hyphens."""
    return a.span(name, classes=["file"])


def _count(n: int) -> str:
    return ["null", "einer", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
            "elf", "zwölf"][n] if n <= 12 else german.number(n)


def _priorities(ctx: Ctx) -> list[a.Node]:
    """How dots were given and how priorities follow from them (the method, printed once)."""
    p = ctx.project
    voting = [e for e in p.events if e.voting]
    rule = p.project.priority_rule
    if not voting and rule is None:
        return []
    blocks = [a.header(2, "Priorisierung der Herausforderungen", heading_id("priority-rule"))]
    for e in voting:
        votes = [v for _, v in e.all_votes()]
        dots = sum(v.dots for v in votes)
        total = mark_if(f"Insgesamt wurden {german.number(dots)} Punkte vergeben.",
                        any(v.is_illustrative() for v in votes)) if dots else []
        blocks.append(a.para([a.strong(f"{ev.label(e)} ({german.date(e.date)}):"), {"t": "Space"},
                              *(marked(e.voting.rule, e.voting, "rule") if e.voting else []), {"t": "Space"},
                              *total]))
    if rule is not None:
        blocks.append(a.para(rule_text(rule)))
        own = [c.id for c in p.challenges if not c.priority_derived]
        if own:
            blocks.append(a.para(f"Für {len(own)} Herausforderung(en) wurde die Priorität ohne Punktabfrage "
                                 "festgelegt (" + ", ".join(own) + ")."))
    return blocks


def rule_text(rule: PriorityRule) -> str:
    """The priority rule in one German sentence, as the method section prints it."""
    if rule.thresholds is not None:
        t = rule.thresholds
        parts = [f"ab {german.number(t[k])} Punkten „{k}“" for k in ("hoch", "mittel") if k in t]
        return ("Die Priorität einer Herausforderung ergibt sich aus ihren Klebepunkten: "
                + ", ".join(parts) + ", darunter „niedrig“.")
    r = rule.ranks or {}
    parts = []
    if "hoch" in r:
        parts.append(f"die {german.number(r['hoch'])} Herausforderungen mit den meisten Punkten die Priorität „hoch“")
    if "mittel" in r:
        start = r.get("hoch", 0) + 1
        parts.append(f"die Plätze {start} bis {r['mittel']} „mittel“" if start > 1 else
                     f"die ersten {r['mittel']} Plätze „mittel“")
    return ("Die Priorität ergibt sich aus der Rangfolge der Klebepunkte je Handlungsfeld: Es erhalten "
            + ", ".join(parts) + ", alle übrigen „niedrig“; bei Punktgleichheit zählt der bessere Platz.")


def events_appendix(ctx: Ctx, name: str = "events") -> list[a.Node]:
    """Appendix: each event in short form (facts, workshops and their results), with a pointer to
    its own documentation. Result sections (I., I.I …) sit below their workshop heading."""
    p = ctx.project
    if not p.events:
        return []
    title = "Dokumentation der Beteiligung" if len(p.events) > 1 else f"Dokumentation: {p.events[0].title}"
    blocks = [a.header(1, title, heading_id(name), classes=["appendix"])]
    for e in p.events:
        level = 2 if len(p.events) > 1 else 1
        if level == 2:
            blocks.append(a.header(2, marked(e.title, e), e.id))
        blocks += _short_form(ctx, e, level)
    return blocks


def _short_form(ctx: Ctx, e: m.Event, level: int) -> list[a.Node]:
    facts = [x for x in (ev.when(e), e.venue, ev.participants(e.participants)) if x]
    blocks = [a.para(marked(f"{ev.KIND[e.kind]} · " + " · ".join(facts), e, "date"))]
    if e.description:
        blocks += marked_paras(e.description, e, "description")
    doc = ctx.event_files.get(e.id)
    if doc:
        blocks.append(a.para([*a.text("Die vollständige Dokumentation mit Ablauf, Input, Ergebnissen und Fotos ist "
                                      "als eigenes Dokument erschienen:"), {"t": "Space"}, file_name(doc),
                              {"t": "Str", "c": "."}]))
    blocks += ev.sections(ctx, e.sections, level + 1)
    for ws in e.workshops:
        blocks += [a.header(level + 1, marked(ws.title, ws), ws.id), *ev.workshop_meta(ctx, ws)]
        blocks += ev.sections(ctx, ws.sections, level + 2)
    developed = [x for x in ctx.project.measures if e.id in x.events]
    if developed:
        ids: list[a.Node] = []
        for n, x in enumerate(developed):
            ids += ([{"t": "Str", "c": ","}, {"t": "Space"}] if n else []) + [a.record_id(x.id, link=True)]
        blocks.append(a.para([*a.text(f"Hier entwickelte Maßnahmen ({len(developed)}):"), {"t": "Space"}, *ids,
                              {"t": "Str", "c": "."}]))
    return blocks
