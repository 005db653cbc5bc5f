"""The committee paper's cost table: measure costs summed by field of action and budget year.

Amounts are whole euros without a currency sign in each cell (the caption says „in €“), each
column as wide as its longest amount; when the columns do not fit beside a readable field name on
a portrait page, the table gets a landscape page of its own (docs/paper.md)."""

from __future__ import annotations

from collections import defaultdict

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.illustrative import invented, mark_if
from ikon_report.project.model import IkonProject

PORTRAIT_CM = 16.2  # text width of an A4 portrait page (margins 2.5 cm and 2.3 cm)
LANDSCAPE_CM = 24.4  # text width of an A4 landscape page
FIELD_CM = 4.5  # the field name column at least (names wrap, hyphenated)
# Noto Sans at the 9 pt of table cells: a digit is 0.572 em, a grouping dot 0.26 em; 10 pt cell insets.
DIGIT_CM, DOT_CM, INSET_CM = 0.182, 0.083, 0.36
MIN_CM = 1.5  # the bold header „Summe“ in one piece


def costs_by_field_and_year(project: IkonProject) -> tuple[list[int], dict[str, dict[int, float]]]:
    """Years with costs and, per field of action id, the summed measure costs per year."""
    sums: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for x in project.measures:
        for c in x.costs:
            sums[x.field][c.year] += c.amount
    years = sorted({y for per_year in sums.values() for y in per_year})
    return years, sums


def amount(value: float) -> str:
    """``1.295.000``: whole euros, German grouping, no sign (the caption names the unit); no costs „–“."""
    return german.number(value, 0) if value else "–"


def column_cm(texts: list[str]) -> float:
    """The width the longest of ``texts`` (digits and dots) needs in a table cell."""
    longest = max(texts, key=len)
    return max(MIN_CM, longest.count(".") * DOT_CM + (len(longest) - longest.count(".")) * DIGIT_CM + INSET_CM)


def cost_table(project: IkonProject) -> tuple[list[a.Node], list[a.Node]]:
    """The finance section's blocks, and those for the paper's end: a table too wide for a portrait
    page stands on a landscape page after the attachments, and the section says so."""
    years, sums = costs_by_field_and_year(project)
    if not years:
        return [a.para("Die Kosten der Maßnahmen sind noch nicht beziffert.")], []
    fields = [f for f in sorted(project.fields, key=lambda f: f.order) if f.id in sums]
    example = {f.id: any(invented(x, "costs") for x in project.measures if x.field == f.id and x.costs)
               for f in fields}
    body = [[*[sums[f.id].get(y, 0) for y in years], sum(sums[f.id].values())] for f in fields]
    totals = [sum(column) for column in zip(*body, strict=True)]
    rows: list[list[a.Cell]] = [[mark_if(f.name, example[f.id]), *map(amount, values)]
                                for f, values in zip(fields, body, strict=True)]
    rows.append([mark_if([a.strong("Summe")], any(example.values())), *[[a.strong(amount(t))] for t in totals]])
    columns = [column_cm([amount(values[n]) for values in [*body, totals]] + [str(years[0])])
               for n in range(len(years) + 1)]
    wide = sum(columns) + FIELD_CM > PORTRAIT_CM
    width = LANDSCAPE_CM if wide else PORTRAIT_CM
    widths = [(width - sum(columns)) / width, *[c / width for c in columns]]
    table = a.table(["Handlungsfeld", *[str(y) for y in years], "Summe"], rows,
                    caption="Kosten der Maßnahmen nach Handlungsfeld und Jahr (in €)", ident="tab-paper-costs",
                    widths=widths, align="l" + "r" * (len(years) + 1))
    where = "wie in der Tabelle auf der letzten Seite dieser Vorlage" if wide else "wie folgt"
    blocks = [a.para(f"Die im Konzept benannten Kosten der Maßnahmen verteilen sich {where} auf die "
                     "Handlungsfelder und Jahre. Über die Bereitstellung der Mittel wird in den jeweiligen "
                     "Haushaltsberatungen entschieden; die Finanzierung (Eigen- und Fördermittel) nennen die "
                     "Maßnahmenprofile im Konzept.")]
    open_costs = [x.id for x in project.measures if not x.costs]
    if open_costs:
        blocks.append(a.para(f"Für {len(open_costs)} Maßnahme(n) sind die Kosten noch offen: "
                             + ", ".join(open_costs) + "."))
    return (blocks, [a.landscape([table])]) if wide else ([*blocks[:1], table, *blocks[1:]], [])
