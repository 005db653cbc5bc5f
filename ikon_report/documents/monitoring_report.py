"""The yearly monitoring report: status of every measure (``updates``), indicator values against
baseline and target (tables and charts) and what changed since the previous year."""

from __future__ import annotations

from pathlib import Path

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.charts import line_chart
from ikon_report.content.illustrative import marked
from ikon_report.content.numbering import number
from ikon_report.documents.naming import output_stem
from ikon_report.errors import UsageError
from ikon_report.project.model import IkonProject, Indicator, IndicatorValue, Measure, MeasureUpdate
from ikon_report.render.publish import Edition

SMALL = 5  # breakdown counts below this are not printed (small-number rule)
RATES = ("Prozent", "%", "Indexpunkte", "Quote", "Anteil")
STATUSES = ("umgesetzt", "begonnen", "geplant", "zurückgestellt")


def data_years(project: IkonProject) -> list[int]:
    years = {u.year for u in project.updates} | {v.year for i in project.indicators for v in i.values}
    return sorted(years)


def monitoring_edition(project: IkonProject, year: int, *, final: bool, chart_dir: Path) -> Edition:
    years = data_years(project)
    if year not in years:
        known = ", ".join(map(str, years)) or "none"
        raise UsageError(f"no monitoring data for {year} (measure updates or indicator values); years with data: "
                         f"{known}")

    blocks = Report(project, year, final, chart_dir).blocks()
    p = project.project
    return Edition(stem=output_stem(project, final, f"Monitoringbericht-{year}"), doctype=f"Monitoringbericht {year}",
                   blocks=blocks, numbered=number(blocks), title=f"Integrationsmonitoring {year}",
                   subtitle=f"Sachstandsbericht zum {p.title}")


class Report:
    """Builds the report's blocks; ``year`` has data, ``year - 1`` may not."""

    def __init__(self, project: IkonProject, year: int, final: bool, chart_dir: Path) -> None:
        self.p, self.year, self.prev, self.final, self.chart_dir = project, year, year - 1, final, chart_dir
        self.fields = sorted(project.fields, key=lambda f: f.order)

    def update(self, x: Measure, year: int) -> MeasureUpdate | None:
        return next((u for u in self.p.updates if u.measure == x.id and u.year == year), None)

    def status(self, x: Measure, year: int) -> str:
        """The status reported for ``year``, else the last one before it, else the planned status."""
        earlier = sorted((u for u in self.p.updates if u.measure == x.id and u.year <= year), key=lambda u: u.year)
        if not earlier:
            return f"{x.status} (laut Konzept)"
        last = earlier[-1]
        return last.status if last.year == year else f"{last.status} (Stand {last.year})"

    def blocks(self) -> list[a.Node]:
        return [*self.overview(), *self.measures(), *self.indicators(), *self.changes()]

    # --- 1 overview ---------------------------------------------------------------------------

    def overview(self) -> list[a.Node]:
        p, year = self.p, self.year
        blocks = [a.header(1, "Überblick", "mon-overview"),
                  a.para(f"Dieser Bericht beschreibt den Stand der Umsetzung des Integrationskonzepts zum "
                         f"31. Dezember {year}: den Sachstand jeder Maßnahme, die Entwicklung der Indikatoren "
                         f"gegenüber Ausgangs- und Zielwert und die Veränderungen gegenüber {self.prev}.")]
        counts = {s: [0, 0] for s in STATUSES}
        for x in p.measures:
            for n, y in enumerate((year, self.prev)):
                update = self.update(x, y)
                if update:
                    counts[update.status][n] += 1
        rows: list[list[a.Cell]] = [[s, german.number(now), german.number(before)]
                                    for s, (now, before) in counts.items()]
        reported = sum(1 for x in p.measures if self.update(x, year))
        rows.append([[a.strong("gemeldet")], [a.strong(german.number(reported))],
                     [a.strong(german.number(sum(1 for x in p.measures if self.update(x, self.prev))))]])
        blocks.append(a.table(["Status der Maßnahmen", str(year), str(self.prev)], rows,
                              caption=f"Maßnahmen nach Status {year} und {self.prev}", ident="tab-mon-status",
                              widths=[0.5, 0.25, 0.25], align="lrr"))
        toward = [i for i in p.indicators if (d := self.direction(i)) and d > 0]
        compared = [i for i in p.indicators if self.direction(i) is not None]
        blocks.append(a.para(f"Von {len(compared)} Indikatoren mit Werten für {self.prev} und {year} haben sich "
                             f"{len(toward)} in Richtung des Zielwerts entwickelt."))
        return blocks

    # --- 2 measures -----------------------------------------------------------------------------

    def measures(self) -> list[a.Node]:
        blocks = [a.header(1, "Stand der Maßnahmen", "mon-measures")]
        for f in self.fields:
            measures = [x for x in self.p.measures if x.field == f.id]
            if not measures:
                continue
            rows: list[list[a.Cell]] = []
            for x in measures:
                update = self.update(x, self.year)
                note = marked(update.note, update) if update else f"Für {self.year} liegt kein Sachstandsbericht vor."
                rows.append([[a.record_id(x.id, anchor=True)], marked(x.title, x), self.status(x, self.year), note])
            blocks += [a.header(2, f.name, f"mon-measures-{f.id}"),
                       a.table(["Nr.", "Maßnahme", f"Status {self.year}", "Sachstand"], rows,
                               caption=f"Sachstand der Maßnahmen {self.year}: {f.name}", ident=f"tab-mon-{f.id}",
                               widths=[0.13, 0.26, 0.14, 0.47])]
        return blocks

    # --- 3 indicators ---------------------------------------------------------------------------

    def value(self, i: Indicator, year: int) -> IndicatorValue | None:
        return next((v for v in i.values if v.year == year), None)

    def direction(self, i: Indicator) -> float | None:
        """> 0 when the value moved from the previous year toward the target, < 0 away from it."""
        now, before = self.value(i, self.year), self.value(i, self.prev)
        if now is None or before is None or i.target == i.baseline:
            return None
        return (now.value - before.value) * (1 if i.target > i.baseline else -1)

    def progress(self, i: Indicator) -> str:
        now = self.value(i, self.year)
        if now is None or i.target == i.baseline:
            return "–"
        return german.percent(100 * (now.value - i.baseline) / (i.target - i.baseline))

    @staticmethod
    def shown(value: float | None) -> str:
        return "–" if value is None else german.number(value)

    @staticmethod
    def cell(i: Indicator, value: float | None) -> str:
        """A breakdown cell: counts of people or cases below ``SMALL`` are not printed."""
        rate = any(r in i.unit for r in RATES)
        if value is not None and float(value).is_integer() and 0 < value < SMALL and not rate:
            return f"unter {SMALL}"
        return Report.shown(value)

    def indicators(self) -> list[a.Node]:
        p, year, prev = self.p, self.year, self.prev
        rows: list[list[a.Cell]] = []
        for i in p.indicators:
            before, now = self.value(i, prev), self.value(i, year)
            rows.append([[a.record_id(i.id)], marked(f"{i.name} ({i.unit})", i),
                         f"{german.number(i.baseline)} ({i.baseline_year})",
                         self.shown(before.value if before else None), self.shown(now.value if now else None),
                         f"{german.number(i.target)} ({i.target_year})", self.progress(i)])
        blocks = [a.header(1, "Entwicklung der Indikatoren", "mon-indicators"),
                  a.para("Die Zielerreichung gibt an, welcher Anteil des Wegs vom Ausgangs- zum Zielwert "
                         f"{year} zurückgelegt ist."),
                  a.table(["Nr.", "Indikator (Einheit)", "Ausgangswert", str(prev), str(year), "Zielwert",
                           "Zielerreichung"], rows, caption=f"Indikatoren {year} gegenüber Ausgangs- und Zielwert",
                          ident="tab-mon-indicators", widths=[0.13, 0.29, 0.13, 0.09, 0.09, 0.13, 0.14],
                          align="llrrrrr")]
        for f in self.fields:
            indicators = [i for i in p.indicators if i.field == f.id]
            if indicators:
                blocks.append(a.header(2, f.name, f"mon-indicators-{f.id}"))
                for i in indicators:
                    blocks += self.indicator(i)
        return blocks

    def indicator(self, i: Indicator) -> list[a.Node]:
        series = sorted((v for v in i.values if v.year <= self.year), key=lambda v: v.year)
        blocks = [a.header(3, marked(i.name, i), i.id),
                  a.para([*a.text(f"{i.definition} Quelle: {i.source}. Zielwert {german.number(i.target)} "
                                  f"{i.unit} bis {i.target_year}.")])]
        if not series:
            return [*blocks, a.para(f"Für {self.year} liegt noch kein Wert vor.")]
        years = [i.baseline_year, *[v.year for v in series if v.year != i.baseline_year]]
        values = [i.baseline, *[v.value for v in series if v.year != i.baseline_year]]
        chart = line_chart(self.chart_dir, i.name, years, values, i.baseline, i.target, i.unit)
        alt = (f"Liniendiagramm {i.name}: " + "; ".join(f"{y}: {german.number(v)}" for y, v in zip(years, values,
                                                                                                   strict=True))
               + f"; Zielwert {german.number(i.target)} bis {i.target_year}.")
        blocks.append(a.figure(f"fig-mon-{i.id}", f"{i.name} ({i.unit}), {years[0]}–{years[-1]}",
                               [a.plain([a.image(chart.as_posix(), alt, width="85%")])]))
        categories = list(dict.fromkeys(k for v in series for k in v.breakdown))
        if categories:
            shown = [v for v in series if v.year in (self.prev, self.year)]
            rows = [[c, *[self.cell(i, v.breakdown.get(c)) for v in shown]] for c in categories]
            blocks.append(a.table([", ".join(i.breakdowns) or "Aufschlüsselung", *[str(v.year) for v in shown]], rows,
                                  caption=f"{i.name} nach {', '.join(i.breakdowns) or 'Merkmal'}",
                                  ident=f"tab-mon-{i.id}-breakdown", widths=[0.5, *[0.5 / len(shown)] * len(shown)],
                                  align="l" + "r" * len(shown)))
        return blocks

    # --- 4 changes since the previous year -------------------------------------------------------

    def changes(self) -> list[a.Node]:
        p, year, prev = self.p, self.year, self.prev
        blocks = [a.header(1, f"Veränderungen gegenüber {prev}", "mon-changes")]
        if prev not in data_years(p):
            return [*blocks, a.para(f"Für {prev} liegen keine Monitoringdaten vor; dies ist der erste Bericht.")]
        rows: list[list[a.Cell]] = []
        for x in p.measures:
            before, now = self.status(x, prev), self.status(x, year)
            if before != now:
                rows.append([[a.record_id(x.id)], x.title, before, now])
        if rows:
            blocks.append(a.table(["Nr.", "Maßnahme", str(prev), str(year)], rows,
                                  caption=f"Maßnahmen mit geändertem Status {prev}–{year}", ident="tab-mon-changes",
                                  widths=[0.13, 0.43, 0.22, 0.22]))
        else:
            blocks.append(a.para(f"Keine Maßnahme hat ihren Status gegenüber {prev} geändert."))
        items = []
        for i in p.indicators:
            d, earlier, later = self.direction(i), self.value(i, prev), self.value(i, year)
            if d is None or earlier is None or later is None:
                continue
            old, new = earlier.value, later.value
            trend = "in Richtung Zielwert" if d > 0 else "entgegen dem Zielwert" if d < 0 else "unverändert"
            sign = "+" if new >= old else "−"
            unit = "Prozentpunkte" if i.unit == "Prozent" else i.unit
            items.append([a.record_id(i.id), {"t": "Space"},
                          *a.text(f"{i.name}: {self.shown(old)} → {self.shown(new)} "
                                  f"({sign}{german.number(abs(new - old))} {unit}, {trend})")])
        if items:
            blocks += [a.para(f"Indikatoren mit Werten für {prev} und {year}:"), a.bullets(items)]
        return blocks
