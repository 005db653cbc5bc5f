"""Interim findings, fields of action with prioritised challenges, and the coverage matrix."""

from __future__ import annotations

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.context import Ctx, heading_id
from ikon_report.project.model import PRIORITY_ORDER, Challenge, FieldOfAction


def findings_section(ctx: Ctx) -> list[a.Node]:
    blocks = [a.header(1, "Zwischenergebnisse der Bestandsaufnahme", heading_id("findings"))]
    for f in ctx.project.findings:
        blocks += [a.header(2, f.topic, f.id), a.bullets(f.points)]
        for q in f.quotes:
            blocks.append({"t": "BlockQuote", "c": [a.para([a.quoted(q.text)]),
                                                    a.para([{"t": "Str", "c": "—"}, {"t": "Space"},
                                                            a.emph(q.role)])]})
    return blocks


def sorted_challenges(challenges: list[Challenge]) -> list[Challenge]:
    return sorted(challenges, key=lambda c: (PRIORITY_ORDER[c.priority], -(c.votes or 0), c.id))


def fields_section(ctx: Ctx) -> list[a.Node]:
    p = ctx.project
    blocks = [a.header(1, "Handlungsfelder", heading_id("fields"))]
    blocks += ctx.note_if_illustrative(p.challenges + p.measures,
                                       "Herausforderungen mit Stimmenzahlen und Maßnahmen sind in diesem "
                                       "Entwurf teils illustrativ ergänzt.")
    for f in sorted(p.fields, key=lambda f: f.order):
        blocks += _field(ctx, f)
    return blocks


def _field(ctx: Ctx, f: FieldOfAction) -> list[a.Node]:
    p = ctx.project
    blocks = [a.header(2, f.name, f.id), a.para([a.strong("Leitziel:"), {"t": "Space"}, *a.text(f.goal)])]
    if f.labels:
        blocks.append(a.para(a.text("Mehrsprachige Bezeichnung: ")
                             + a.text(" ∣ ".join(f.labels[k] for k in sorted(f.labels)))))
    challenges = sorted_challenges([c for c in p.challenges if c.field == f.id])
    if challenges:
        addressed = _addressing(ctx)
        blocks.append(a.header(3, "Herausforderungen", f"{f.id}-challenges"))
        rows: list[list[a.Cell]] = [[a.record_id(c.id, anchor=True), c.text, german.PRIORITY[c.priority],
                 "–" if c.votes is None else german.number(c.votes), german.ORIGIN[c.origin],
                 ", ".join(addressed.get(c.id, [])) or "–"] for c in challenges]
        blocks.append(a.table(["Nr.", "Herausforderung", "Priorität", "Stimmen", "Herkunft", "Maßnahmen"],
                              rows, caption=f"Herausforderungen im Handlungsfeld „{f.name}“ nach Priorität",
                              ident=f"tab-{f.id}-challenges", widths=[0.12, 0.38, 0.11, 0.1, 0.14, 0.15],
                              align="llcrll"))
    measures = [x for x in p.measures if x.field == f.id]
    if measures:
        blocks.append(a.header(3, "Maßnahmen", f"{f.id}-measures"))
        blocks.append(a.bullets([[a.record_id(x.id, link=True), {"t": "Space"}, *a.text(x.title),
                                  *a.text(f" (Priorität {x.priority})")] for x in measures]))
    if f.see:
        blocks.append(a.para([a.emph("Siehe auch:"), {"t": "Space"},
                              *[{"t": "Cite", "c": [[_citation(ref)], []]} for ref in f.see]]))
    return blocks


def _citation(ident: str) -> dict:
    return {"citationId": ident, "citationPrefix": [], "citationSuffix": [],
            "citationMode": {"t": "NormalCitation"}, "citationNoteNum": 0, "citationHash": 0}


def cite(ident: str) -> a.Node:
    """A reference to any id, resolved to number and title after numbering."""
    return {"t": "Cite", "c": [[_citation(ident)], []]}


def cites(ids: list[str]) -> list[a.Node] | str:
    """References to several ids, separated by semicolons (``–`` for none)."""
    if not ids:
        return "–"
    out: list[a.Node] = []
    for i, ident in enumerate(ids):
        if i:
            out += [{"t": "Str", "c": ";"}, {"t": "Space"}]
        out.append(cite(ident))
    return [a.plain(out)]


def _addressing(ctx: Ctx) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for x in ctx.project.measures:
        for cid in x.challenges:
            out.setdefault(cid, []).append(x.id)
    return out


def coverage_section(ctx: Ctx) -> list[a.Node]:
    """Challenges × measures per field; uncovered high-priority challenges called out."""
    p = ctx.project
    blocks = [a.header(1, "Abdeckung der Herausforderungen durch Maßnahmen", heading_id("coverage")),
              a.para("Die Übersicht zeigt je Handlungsfeld, welche Maßnahme welche Herausforderung "
                     "aufgreift („●“). Herausforderungen hoher Priorität ohne Maßnahme sind hervorgehoben.")]
    uncovered = []
    for f in sorted(p.fields, key=lambda f: f.order):
        challenges = sorted_challenges([c for c in p.challenges if c.field == f.id])
        measures = [x for x in p.measures if x.field == f.id]
        if not challenges:
            continue
        others = [x for x in p.measures if x.field != f.id and any(c.id in x.challenges for c in challenges)]
        cols = measures + others
        rows: list[list[a.Cell]] = []
        for c in challenges:
            marks = ["●" if c.id in x.challenges else "" for x in cols]
            label = [a.record_id(c.id)]
            if c.priority == "hoch" and not any(marks):
                uncovered.append(c)
                label = [a.strong(c.id + " (ohne Maßnahme)")]
            rows.append([label, german.PRIORITY[c.priority], *marks])
        blocks.append(a.table(["Herausforderung", "Priorität", *[x.id for x in cols]], rows,
                              caption=f"Abdeckungsmatrix „{f.name}“", ident=f"tab-{f.id}-coverage",
                              align="ll" + "c" * len(cols)))
    if uncovered:
        blocks.append(a.div([a.para("Herausforderungen hoher Priorität ohne Maßnahme: "
                                    + "; ".join(f"{c.id} ({c.text})" for c in uncovered))],
                            classes=["warning"], custom_style="Hinweis"))
    else:
        blocks.append(a.para("Jede Herausforderung hoher Priorität wird von mindestens einer Maßnahme "
                             "aufgegriffen."))
    return blocks
