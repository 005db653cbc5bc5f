"""The committee paper's cost table: measure costs summed by field of action and budget year, then
by time horizon (kurz-, mittel-, langfristig) for costs the concept plans that way.

Amounts are whole euros without a currency sign in each cell (the caption says „in €“), each
column as wide as its widest text (measured in the shipped Noto Sans Bold with fontTools); when
the columns do not fit beside a readable field name on a portrait page, the table gets a
landscape page of its own at the end of the paper (docs/paper.md)."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from ikon_report import german, resources
from ikon_report import pandoc_ast as a
from ikon_report.content.illustrative import invented, mark_if
from ikon_report.project.model import IkonProject
from ikon_report.project.vocabulary import HORIZONS

Period = int | str  # a budget year or a time horizon

PORTRAIT_CM = 16.2  # text width of an A4 portrait page (margins 2.5 cm and 2.3 cm)
LANDSCAPE_CM = 24.4  # text width of an A4 landscape page
FIELD_CM = 4.5  # the field name column at least (names wrap, hyphenated)
CELL_PT, INSET_CM = 9.0, 0.45  # the size of table text; cell insets (typst 5 pt a side, Word 0.19 cm) and slack


def costs_by_field_and_period(project: IkonProject) -> tuple[list[Period], dict[str, dict[Period, float]]]:
    """Periods with costs (years in order, then horizons in order) and, per field of action id, the
    summed measure costs per period."""
    sums: dict[str, dict[Period, float]] = defaultdict(lambda: defaultdict(float))
    for x in project.measures:
        for c in x.costs:
            sums[x.field][c.period] += c.amount
    used = {p for per_period in sums.values() for p in per_period}
    years = sorted(p for p in used if isinstance(p, int))
    return [*years, *[h for h in HORIZONS if h in used]], sums


def amount(value: float) -> str:
    """``1.295.000``: whole euros, German grouping, no sign (the caption names the unit); no costs „–“."""
    return german.number(value, 0) if value else "–"


@cache
def _advances() -> tuple[dict[int, int], float]:
    """Advance widths by code point of the bold table face, and its units per em."""
    from fontTools.ttLib import TTFont

    font = TTFont(resources.package_dir("fonts") / "NotoSans-Bold.ttf", lazy=True)
    metrics = font["hmtx"].metrics
    widths = {code: metrics[name][0] for code, name in font.getBestCmap().items()}
    return widths, float(font["head"].unitsPerEm)


def column_cm(texts: list[str]) -> float:
    """The width the widest of ``texts`` (amounts, a year, a horizon, „Summe“) needs in a table
    cell, set bold (header and sum row are)."""
    widths, em = _advances()

    def cm(text: str) -> float:
        return sum(widths.get(ord(c), em / 2) for c in text) / em * CELL_PT / 72 * 2.54 + INSET_CM

    return max(map(cm, texts))


def cost_table(project: IkonProject) -> tuple[list[a.Node], list[a.Node]]:
    """The finance section's blocks, and those for the paper's end: a table too wide for a portrait
    page stands on a landscape page after the attachments, and the section says so."""
    periods, sums = costs_by_field_and_period(project)
    if not periods:
        return [a.para("Die Kosten der Maßnahmen sind noch nicht beziffert.")], []
    fields = [f for f in sorted(project.fields, key=lambda f: f.order) if f.id in sums]
    example = {f.id: any(invented(x, "costs") for x in project.measures if x.field == f.id and x.costs)
               for f in fields}
    body = [[*[sums[f.id].get(p, 0) for p in periods], sum(sums[f.id].values())] for f in fields]
    totals = [sum(column) for column in zip(*body, strict=True)]
    rows: list[list[a.Cell]] = [[mark_if(f.name, example[f.id]), *map(amount, values)]
                                for f, values in zip(fields, body, strict=True)]
    rows.append([mark_if([a.strong("Summe")], any(example.values())), *[[a.strong(amount(t))] for t in totals]])
    columns = [column_cm([amount(values[n]) for values in [*body, totals]] + [str(period)])
               for n, period in enumerate([*periods, "Summe"])]
    wide = sum(columns) + FIELD_CM > PORTRAIT_CM
    width = LANDSCAPE_CM if wide else PORTRAIT_CM
    widths = [(width - sum(columns)) / width, *[c / width for c in columns]]
    by = "Jahr" if all(isinstance(p, int) for p in periods) else "Jahr oder Zeithorizont"
    table = a.table(["Handlungsfeld", *map(str, periods), "Summe"], rows,
                    caption=f"Kosten der Maßnahmen nach Handlungsfeld und {by} (in €)", ident="tab-paper-costs",
                    widths=widths, align="l" + "r" * (len(periods) + 1))
    where = "wie in der Tabelle auf der letzten Seite dieser Vorlage" if wide else "wie folgt"
    spans = "Jahre" if by == "Jahr" else "Jahre und Zeithorizonte (kurz-, mittel- und langfristig)"
    blocks = [a.para(f"Die im Konzept benannten Kosten der Maßnahmen verteilen sich {where} auf die "
                     f"Handlungsfelder und {spans}. Über die Bereitstellung der Mittel wird in den jeweiligen "
                     "Haushaltsberatungen entschieden; die Finanzierung (Eigen- und Fördermittel) nennen die "
                     "Maßnahmenprofile im Konzept.")]
    open_costs = [x.id for x in project.measures if not x.costs]
    if open_costs:
        blocks.append(a.para(f"Für {len(open_costs)} Maßnahme(n) sind die Kosten noch offen: "
                             + ", ".join(open_costs) + "."))
    return (blocks, [a.landscape([table])]) if wide else ([*blocks[:1], table, *blocks[1:]], [])
