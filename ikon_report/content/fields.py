"""Interim findings, fields of action with prioritised challenges, and the coverage matrix."""

from __future__ import annotations

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.context import Ctx, heading_id
from ikon_report.content.illustrative import marked, marked_points
from ikon_report.project.crosscheck import all_ids
from ikon_report.project.model import PRIORITY_ORDER, Challenge, FieldOfAction, Finding, Measure


def findings_section(ctx: Ctx) -> list[a.Node]:
    blocks = [a.header(1, "Zwischenergebnisse der Bestandsaufnahme", heading_id("findings"))]
    for f in ctx.project.findings:
        blocks += [a.header(2, marked(f.topic, f), f.id), *(a.paras(f.text) if f.text else [])]
        if f.points:
            blocks.append(a.bullets(marked_points(f.points)))
        if f.fields or f.sources:
            blocks.append(_finding_links(ctx, f))
        for q in f.quotes:
            blocks.append({"t": "BlockQuote", "c": [a.para(marked([a.quoted(q.text)], q)),
                                                    a.para([{"t": "Str", "c": "—"}, {"t": "Space"},
                                                            a.emph(q.role)])]})
    return blocks


def _finding_links(ctx: Ctx, f: Finding) -> a.Node:
    """„Handlungsfelder: …; Quellen: …“ under a finding."""
    p = ctx.project
    parts: list[a.Node] = []
    if f.fields:
        parts += [a.emph("Handlungsfelder:"), {"t": "Space"},
                  *a.text(german.join([f"„{p.field(i).name}“" for i in f.fields if any(x.id == i for x in p.fields)]))]
    if f.sources:
        known = all_ids(p)
        names = [getattr(known.get(i), "title", i) for i in f.sources]
        parts += [*(a.text("; ") if parts else []), a.emph("Quellen:"), {"t": "Space"},
                  *a.text("; ".join(names))]
    return a.para(parts)


def sorted_challenges(challenges: list[Challenge]) -> list[Challenge]:
    return sorted(challenges, key=lambda c: (PRIORITY_ORDER[c.level], -(c.votes or 0), c.id))


def fields_section(ctx: Ctx) -> list[a.Node]:
    p = ctx.project
    blocks = [a.header(1, "Handlungsfelder", heading_id("fields"))]
    for f in sorted(p.fields, key=lambda f: f.order):
        blocks += _field(ctx, f)
    return blocks


def _field(ctx: Ctx, f: FieldOfAction) -> list[a.Node]:
    p = ctx.project
    blocks = [a.header(2, marked(f.name, f), f.id),
              a.para([a.strong("Leitziel:"), {"t": "Space"}, *marked(f.goal, f, "goal")])]
    if f.labels:
        blocks.append(a.para(a.text("Mehrsprachige Bezeichnung: ")
                             + a.text(" ∣ ".join(f.labels[k] for k in sorted(f.labels)))))
    challenges = sorted_challenges([c for c in p.challenges if c.field == f.id])
    if challenges:
        addressed = _addressing(ctx)
        blocks.append(a.header(3, "Herausforderungen", f"{f.id}-challenges"))
        rows: list[list[a.Cell]] = [
            [a.record_id(c.id, anchor=True), marked(c.text, c), marked(german.PRIORITY[c.level], c, "priority"),
             "–" if c.votes is None else marked(german.number(c.votes), c, "votes"),
             marked(german.ORIGIN[c.origin], c, "origin"), ids(addressed.get(c.id, []))] for c in challenges]
        blocks.append(a.table(["Nr.", "Herausforderung", "Priorität", "Punkte", "Herkunft", "Maßnahmen"],
                              rows, caption=f"Herausforderungen im Handlungsfeld „{f.name}“ nach Priorität",
                              ident=f"tab-{f.id}-challenges", widths=[0.12, 0.36, 0.11, 0.1, 0.16, 0.15],
                              align="llcrll"))
    measures = [x for x in p.measures if x.field == f.id]
    if measures:
        blocks.append(a.header(3, "Maßnahmen", f"{f.id}-measures"))
        blocks.append(a.bullets([[a.record_id(x.id, link=True), {"t": "Space"},
                                  *marked(f"{x.title} (Priorität {x.priority})", x)] for x in measures]))
    if f.see:
        blocks.append(a.para([a.emph("Siehe auch:"), {"t": "Space"},
                              *[a.cite(ref) for ref in f.see]]))
    return blocks


def cites(ids: list[str]) -> list[a.Node] | str:
    """References to several ids, separated by semicolons (``–`` for none)."""
    if not ids:
        return "–"
    out: list[a.Node] = []
    for i, ident in enumerate(ids):
        if i:
            out += [{"t": "Str", "c": ";"}, {"t": "Space"}]
        out.append(a.cite(ident))
    return [a.plain(out)]


def _addressing(ctx: Ctx) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for x in ctx.project.measures:
        for cid in x.challenges:
            out.setdefault(cid, []).append(x.id)
    return out


COVERAGE_PORTRAIT_COLUMNS = 5  # more measures than this: the matrix gets a landscape page
COVERAGE_MATRIX_COLUMNS = 10  # more measures than this in a field: the list form (docs/data-format.md, "coverage")
MIN_LABEL_SHARE = 0.3  # the challenges' column keeps at least this share of the text width
PORTRAIT_PT, LANDSCAPE_PT = 459, 706  # text widths of the page templates


def _id_column(idents: list[str], text_width: float) -> float:
    """Share of the text width a column needs to show the widest of ``idents`` on one line in
    bold 9 pt Noto Sans (advance widths in em: capitals ≤ 0.72 on average, digits 0.572, hyphen
    0.322) plus cell insets and a little slack."""
    def em(ch: str) -> float:
        return 0.572 if ch.isdigit() else 0.33 if ch in "-_" else 0.6 if ch.islower() else 0.75
    widest = max((sum(em(ch) for ch in ident) for ident in idents), default=0.0)
    return (9 * widest + 14) / text_width


def matrix_fits(idents: list[str]) -> bool:
    """Whether a matrix with one column per measure stays readable: at most ``COVERAGE_MATRIX_COLUMNS``
    columns, each wide enough for its id, beside a challenges' column of ``MIN_LABEL_SHARE`` on a landscape page."""
    return len(idents) <= COVERAGE_MATRIX_COLUMNS and \
        len(idents) * _id_column(idents, LANDSCAPE_PT) <= 1 - MIN_LABEL_SHARE


def coverage_section(ctx: Ctx) -> list[a.Node]:
    """Challenges × measures per field, each code with its text; uncovered high-priority
    challenges called out. A field whose measures fit (``matrix_fits``) gets a matrix, the measures'
    titles in its last row (every page); a larger one a list: each challenge with the measures taking it up."""
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
        taken = {c.id for c in challenges if any(c.id in x.challenges for x in cols)}
        uncovered += [c for c in challenges if c.priority == "hoch" and c.id not in taken]
        if matrix_fits([x.id for x in cols]):
            blocks.append(_matrix(f, challenges, taken, cols))
        else:
            blocks += _coverage_list(f, challenges, taken, cols)
    if uncovered:
        blocks.append(a.div([a.para("Herausforderungen hoher Priorität ohne Maßnahme: "
                                    + "; ".join(f"{c.id} ({c.text})" for c in uncovered))],
                            classes=["warning"], custom_style="Hinweis"))
    else:
        blocks.append(a.para("Jede Herausforderung hoher Priorität wird von mindestens einer Maßnahme "
                             "aufgegriffen."))
    return blocks


def _challenge_label(c: Challenge, taken: set[str], *, priority: bool) -> list[a.Node]:
    """Code and text (and priority); a high-priority challenge no measure takes up in bold, so marked."""
    label: list[a.Node] = [a.record_id(c.id), {"t": "Space"}, *marked(c.text, c)]
    if priority:
        label += [{"t": "Space"}, *marked(f"(Priorität {german.PRIORITY[c.level]})", c, "priority")]
    if c.priority == "hoch" and c.id not in taken:
        label = [a.strong(label), *a.text(" (ohne Maßnahme)")]
    return label


def _matrix(f: FieldOfAction, challenges: list[Challenge], taken: set[str], cols: list[Measure]) -> a.Node:
    """One row per challenge, one column per measure („●“ where it takes the challenge up)."""
    rows: list[list[a.Cell]] = [[_challenge_label(c, taken, priority=True),
                                 *["●" if c.id in x.challenges else "" for x in cols]] for c in challenges]
    legend: list[a.Node] = [a.strong("Maßnahmen:")]
    for n, x in enumerate(cols):
        legend += [{"t": "Str", "c": ";"}] if n else []
        legend += [{"t": "Space"}, a.record_id(x.id), {"t": "Space"}, *marked(x.title, x)]
    wide = len(cols) > COVERAGE_PORTRAIT_COLUMNS
    share = _id_column([x.id for x in cols], LANDSCAPE_PT if wide else PORTRAIT_PT)
    table = a.table(["Herausforderung", *[[a.record_id(x.id)] for x in cols]], rows,
                    caption=f"Abdeckungsmatrix „{f.name}“", ident=f"tab-{f.id}-coverage",
                    align="l" + "c" * len(cols), widths=[1 - share * len(cols), *[share] * len(cols)],
                    foot=[a.plain(legend)] if cols else None)
    return a.landscape([table]) if wide else table


def _coverage_list(f: FieldOfAction, challenges: list[Challenge], taken: set[str],
                   cols: list[Measure]) -> list[a.Node]:
    """The list form: each challenge with its priority and the measures taking it up (linked ids)."""
    rows: list[list[a.Cell]] = [
        [_challenge_label(c, taken, priority=False), marked(german.PRIORITY[c.level], c, "priority"),
         ids([x.id for x in cols if c.id in x.challenges], link=True)] for c in challenges]
    note = a.para(f"Für das Handlungsfeld „{f.name}“ sind es {german.number(len(cols))} Maßnahmen, "
                  "zu viele für eine Matrix: Die Tabelle nennt zu jeder Herausforderung die Maßnahmen, "
                  "die sie aufgreifen.")
    return [note, a.table(["Herausforderung", "Priorität", "Aufgegriffen durch"], rows,
                          caption=f"Abdeckung der Herausforderungen „{f.name}“", ident=f"tab-{f.id}-coverage",
                          widths=[0.55, 0.12, 0.33], align="lll")]


def ids(idents: list[str], *, link: bool = False) -> list[a.Node] | str:
    """Record ids separated by commas, each unbreakable (``–`` for none); ``link``: each a link to its record."""
    out: list[a.Node] = []
    for n, ident in enumerate(idents):
        out += [{"t": "Str", "c": ","}, {"t": "Space"}] if n else []
        out.append(a.record_id(ident, link=link))
    return out or "–"
