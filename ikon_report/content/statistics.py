"""The Ausgangslage in figures: the city's population and each statistic as a table with source and
reference date, and a bar chart, under the small-number rule of the survey."""

from __future__ import annotations

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.charts import bar_chart
from ikon_report.content.context import Ctx, heading_id
from ikon_report.content.illustrative import marked
from ikon_report.content.survey import HIDDEN, Shown, suppress
from ikon_report.project.model import Inhabitants, Statistic
from ikon_report.project.vocabulary import SMALL_CELL

UNKNOWN = "."
UNKNOWN_NOTE = "„.“: Zahlenwert unbekannt oder geheim zu halten."
SUPPRESSION_NOTE = (f"Werte unter {SMALL_CELL} Personen werden zum Schutz der Betroffenen nicht ausgewiesen "
                    f"(„<{SMALL_CELL}“); „{HIDDEN}“: Wert ausgeblendet, weil sich sonst ein solcher Wert aus den "
                    "übrigen Werten errechnen ließe.")
Cell = int | float | str


def inhabitants_sentence(city: str, people: Inhabitants) -> a.Node:
    """„Lindenfeld hat 48.000 Einwohner*innen (Stand: 31. Dezember 2023; Quelle: …).“"""
    return a.para([*a.text(f"{city} hat "), *marked(german.number(people.count), people, "count"),
                   *a.text(f" Einwohner*innen (Stand: {german.date(people.date)}; Quelle: {people.source})."),
                   *marked([], people)])


def statistics_section(ctx: Ctx) -> list[a.Node]:
    p = ctx.project
    people = p.project.inhabitants
    if not p.statistics and people is None:
        return []
    blocks = [a.header(1, "Ausgangslage in Zahlen", heading_id("statistics"))]
    if people is not None:
        blocks.append(inhabitants_sentence(p.project.city, people))
    suppressed = unknown = False
    for stat in p.statistics:
        shown = shown_values(stat)
        suppressed |= any(v in (f"<{SMALL_CELL}", HIDDEN) for row in shown for v in row)
        unknown |= any(v == UNKNOWN for row in shown for v in row)
        blocks += _statistic(ctx, stat, shown)
    notes = [SUPPRESSION_NOTE] if suppressed else []
    notes += [UNKNOWN_NOTE] if unknown else []
    if notes:
        blocks.append(a.para(a.text(" ".join(notes))))
    return blocks


def shown_values(stat: Statistic) -> list[list[Cell]]:
    """The values as printed: counts of persons below 5 suppressed (and what would reveal them)."""
    if stat.personal and all(isinstance(v, int) or v is None for row in stat.values for v in row):
        big = 10**12  # an unknown cell reveals nothing; it never becomes the secondary cell
        counts = [[big if v is None else int(v) for v in row] for row in stat.values]
        shown: list[list[Shown]] = suppress(counts)
        return [[UNKNOWN if v is None else s for v, s in zip(row, srow, strict=True)]
                for row, srow in zip(stat.values, shown, strict=True)]
    return [[UNKNOWN if v is None else v for v in row] for row in stat.values]


def _fmt(value: Cell) -> str:
    return value if isinstance(value, str) else german.number(value)


def _source(stat: Statistic) -> str:
    return f"Quelle: {stat.source}; Stand: {german.date(stat.date)}."


def _statistic(ctx: Ctx, stat: Statistic, shown: list[list[Cell]]) -> list[a.Node]:
    blocks = [a.header(2, marked(stat.title, stat), stat.id)]
    if stat.note:
        blocks += a.paras(stat.note)
    series = {col: [shown[r][c] for r in range(len(stat.rows))] for c, col in enumerate(stat.columns)}
    if stat.chart and sum(isinstance(v, int | float) for vs in series.values() for v in vs) >= 2:
        path = bar_chart(ctx.chart_dir, stat.title, stat.rows, series, stat.unit,
                         bar_inches=0.42 if len(stat.columns) == 1 else 0.22)
        alt = (f"Balkendiagramm: {stat.title} ({stat.unit}). " + "; ".join(
            f"{row}{', ' + col if len(stat.columns) > 1 else ''}: {_fmt(shown[r][c])}"
            for r, row in enumerate(stat.rows) for c, col in enumerate(stat.columns)) + ".")
        blocks.append(a.figure(f"fig-{stat.id}", f"{stat.title} ({german.date(stat.date)})",
                               [a.plain([a.image(path.as_posix(), alt, width="80%")])]))
    width = 0.72 / len(stat.columns)
    rows = [[row, *[_fmt(v) for v in shown[r]]] for r, row in enumerate(stat.rows)]
    blocks.append(a.table([stat.row_label or "", *stat.columns], rows,
                          caption=f"{stat.title} ({stat.unit}, Stand: {german.date(stat.date)})",
                          ident=f"tab-{stat.id}", widths=[0.28] + [width] * len(stat.columns),
                          align="l" + "r" * len(stat.columns), foot=[a.plain([a.emph(_source(stat))])]))
    return blocks
