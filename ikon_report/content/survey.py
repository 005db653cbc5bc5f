"""Process and survey chapter: process steps, samples as tables and charts with small-cell suppression."""

from __future__ import annotations

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.charts import bar_chart
from ikon_report.content.context import Ctx, heading_id
from ikon_report.content.illustrative import invented, mark_if, marked, marked_points
from ikon_report.project.model import Sample
from ikon_report.project.vocabulary import SMALL_CELL

SMALL, HIDDEN = f"<{SMALL_CELL}", "x"
SUPPRESSION_NOTE = (f"Werte unter {SMALL_CELL} werden zum Schutz der Befragten nicht ausgewiesen („{SMALL}“). "
                    f"„{HIDDEN}“: Wert ausgeblendet, weil sich sonst ein Wert unter {SMALL_CELL} aus den "
                    "Summen errechnen ließe.")
Shown = int | str


def suppress(counts: list[list[int]], totals_known: bool = True) -> list[list[Shown]]:
    """Primary (< 5, shown „<5“) and secondary suppression (shown „x“): no hidden cell can be
    recovered from totals that are published elsewhere."""
    shown: list[list[Shown]] = [[c if c >= SMALL_CELL else SMALL for c in row] for row in counts]
    if not totals_known:
        return shown
    changed = True
    while changed:
        changed = False
        lines = [[(r, c) for c in range(len(row))] for r, row in enumerate(shown)]
        lines += [[(r, c) for r in range(len(shown))] for c in range(len(shown[0]) if shown else 0)]
        for cells in lines:
            hidden = [rc for rc in cells if isinstance(shown[rc[0]][rc[1]], str)]
            visible = [rc for rc in cells if isinstance(shown[rc[0]][rc[1]], int)]
            if len(hidden) == 1 and visible:
                r, c = min(visible, key=lambda rc: counts[rc[0]][rc[1]])
                shown[r][c] = HIDDEN
                changed = True
    return shown


def _fmt(value: Shown) -> str:
    return value if isinstance(value, str) else german.number(value)


def _chartable(values: list[Shown]) -> bool:
    return sum(isinstance(v, int) for v in values) >= 2


def process_section(ctx: Ctx) -> list[a.Node]:
    """The process steps as a numbered list (a project whose chapters describe the process in
    prose leaves ``process`` out of its outline)."""
    p = ctx.project
    if not p.process:
        return []
    steps = []
    for step in p.process:
        lead = a.plain([a.strong(marked(step.title, step, "title")), {"t": "Str", "c": ":"}, {"t": "Space"},
                        *marked(step.description, step, "description")])
        steps.append(a.div([lead, a.bullets(marked_points(step.items))]) if step.items else lead)
    return [a.header(1, "Ablauf des Prozesses", heading_id("process")), a.numbered(steps)]


def survey_section(ctx: Ctx) -> list[a.Node]:
    blocks = [a.header(1, "Befragungen der Bestandsaufnahme", heading_id("survey"))]
    for sample in ctx.project.samples:
        blocks += _sample(ctx, sample)
    return blocks


def method_rows(s: Sample) -> list[tuple[str, a.Cell]]:
    """Method, field period, invitations and response rate of a sample (what is known of them)."""
    rows: list[tuple[str, a.Cell]] = []
    if s.method:
        rows.append(("Methode", marked(s.method, s, "method")))
    if s.start:
        period = german.date(s.start)
        if s.end and s.end != s.start:
            period += f" bis {german.date(s.end)}"
        rows.append(("Erhebungszeitraum", mark_if(period, invented(s, "start") or invented(s, "end"))))
    if s.invited is not None:
        rows.append(("Angefragt", marked(german.number(s.invited), s, "invited")))
        rows.append(("Beteiligt", marked(german.number(s.total), s, "total")))
        if s.invited:
            rate = german.percent(100 * s.total / s.invited)
            rows.append(("Rücklaufquote", mark_if(rate, invented(s, "invited") or invented(s, "total"))))
    return rows


def _sample(ctx: Ctx, s: Sample) -> list[a.Node]:
    blocks = [a.header(2, marked(s.title, s), s.id), *a.paras(s.description)]
    method = method_rows(s)
    if method:
        blocks.append(a.keyvalue(method))
    rows = []
    for b in s.breakdowns:
        shown = suppress([[c.count for c in b.cells]], totals_known=sum(c.count for c in b.cells) == s.total)[0]
        rows += [[b.title, c.label, _fmt(v)] for c, v in zip(b.cells, shown, strict=True)]
        if not _chartable(shown):
            continue
        path = bar_chart(ctx.chart_dir, b.title, [c.label for c in b.cells], {b.unit: shown}, b.unit)
        alt = (f"Balkendiagramm: {s.title}, {b.title}. "
               + "; ".join(f"{c.label}: {_fmt(v)}" for c, v in zip(b.cells, shown, strict=True)) + ".")
        blocks.append(a.figure(f"fig-{s.id}-{b.id}", f"{s.title}: {b.title}",
                               [a.plain([a.image(path.as_posix(), alt, width="80%")])]))
    if rows:
        blocks.append(a.table(["Merkmal", "Ausprägung", "Anzahl"], rows,
                              caption=f"{s.title}: Stichprobe (n = {german.number(s.total)})",
                              ident=f"tab-{s.id}", widths=[0.35, 0.45, 0.2], align="llr"))
    for t in s.cross:
        cells = suppress(t.counts)
        series = {col: [cells[r][c] for r in range(len(t.rows))] for c, col in enumerate(t.columns)}
        if _chartable([v for row in cells for v in row]):
            path = bar_chart(ctx.chart_dir, t.title, t.rows, series, "Personen")
            alt = f"Gruppiertes Balkendiagramm: {s.title}, {t.title}. " + "; ".join(
                f"{row}, {col}: {_fmt(cells[r][c])}" for r, row in enumerate(t.rows)
                for c, col in enumerate(t.columns))
            blocks.append(a.figure(f"fig-{s.id}-{t.id}", f"{s.title}: {t.title}",
                                   [a.plain([a.image(path.as_posix(), alt, width="80%")])]))
        blocks.append(a.table(["", *t.columns, "Summe"],
                              [[row, *[_fmt(v) for v in cells[r]], german.number(sum(t.counts[r]))]
                               for r, row in enumerate(t.rows)],
                              caption=f"{s.title}: {t.title}", ident=f"tab-{s.id}-{t.id}",
                              align="l" + "r" * (len(t.columns) + 1),
                              widths=[0.28] + [0.72 / (len(t.columns) + 1)] * (len(t.columns) + 1)))
    if any(c.count < SMALL_CELL for b in s.breakdowns for c in b.cells) or any(
            v < SMALL_CELL for t in s.cross for r in t.counts for v in r):
        blocks.append(a.para(a.text(SUPPRESSION_NOTE)))
    if s.sectors:
        blocks.append(a.para(f"Vertretene Bereiche: {german.join(s.sectors)}."))
    return blocks
