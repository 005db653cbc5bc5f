"""The yearly monitoring report: status of every measure (``updates``), indicator values against
baseline and target (tables and charts) and what changed since the previous year. Before the
first updates or values arrive it shows the planned state from the concept: every measure with
its status, time frame and lead, every indicator with its baseline and target."""

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
from ikon_report.project.vocabulary import MEASURE_STATUSES, SMALL_CELL
from ikon_report.render.publish import Edition

MIN_YEAR, MAX_YEAR = 1990, 2100
RATES = ("Prozent", "%", "Indexpunkte", "Quote", "Anteil")


def data_years(project: IkonProject) -> list[int]:
    years = {u.year for u in project.updates} | {v.year for i in project.indicators for v in i.values}
    return sorted(years)


def default_year(project: IkonProject) -> int:
    """The last year with updates or values, else the year of the concept's date."""
    years = data_years(project)
    return years[-1] if years else project.project.date.year


def monitoring_edition(project: IkonProject, year: int, *, final: bool, chart_dir: Path) -> Edition:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise UsageError(f"--year {year} is no report year; give one between {MIN_YEAR} and {MAX_YEAR}")
    report = Report(project, year, final, chart_dir)
    blocks = report.blocks()
    p = project.project
    subtitle = f"Planungsstand laut {p.title}" if report.planned else f"Sachstandsbericht zum {p.title}"
    return Edition(stem=output_stem(project, final, f"Monitoringbericht-{year}"), doctype=f"Monitoringbericht {year}",
                   blocks=blocks, numbered=number(blocks), title=f"Integrationsmonitoring {year}",
                   subtitle=subtitle)


class Report:
    """Builds the report's blocks; ``year`` has data, ``year - 1`` may not."""

    def __init__(self, project: IkonProject, year: int, final: bool, chart_dir: Path) -> None:
        self.p, self.year, self.prev, self.final, self.chart_dir = project, year, year - 1, final, chart_dir
        self.fields = sorted(project.fields, key=lambda f: f.order)
        self.reported = any(u.year <= year for u in project.updates)  # else: measures as planned
        self.measured = any(v.year <= year for i in project.indicators for v in i.values)  # else: baselines
        self.updates_of: dict[str, list[MeasureUpdate]] = {}  # by measure, in file order (looked up per measure)
        for u in project.updates:
            self.updates_of.setdefault(u.measure, []).append(u)

    @property
    def planned(self) -> bool:
        """Nothing reported or measured up to the report year: the report shows the concept's plan."""
        return not self.reported and not self.measured

    def update(self, x: Measure, year: int) -> MeasureUpdate | None:
        return next((u for u in self.updates_of.get(x.id, []) if u.year == year), None)

    def last_update(self, x: Measure, year: int) -> MeasureUpdate | None:
        earlier = [u for u in self.updates_of.get(x.id, []) if u.year <= year]
        return max(earlier, key=lambda u: u.year) if earlier else None

    def status(self, x: Measure, year: int) -> str:
        """The status reported for ``year``, else the last one before it, else the planned status."""
        last = self.last_update(x, year)
        if last is None:
            return f"{x.status} (laut Konzept)"
        return last.status if last.year == year else f"{last.status} (Stand {last.year})"

    def blocks(self) -> list[a.Node]:
        if self.planned:
            return [*self.overview(), *self.measures(), *self.indicators()]
        return [*self.overview(), *self.measures(), *self.indicators(), *self.changes()]

    # --- 1 overview ---------------------------------------------------------------------------

    def overview(self) -> list[a.Node]:
        p, year = self.p, self.year
        if self.planned:
            intro = (f"Für {year} liegen noch keine Sachstandsberichte zu den Maßnahmen und keine Werte der "
                     "Indikatoren vor. Dieser Bericht zeigt den geplanten Stand laut Konzept: jede Maßnahme mit "
                     "ihrem Status, Zeitraum und ihrer Federführung, jeden Indikator mit Ausgangs- und Zielwert. "
                     "Mit den ersten jährlichen Sachstandsberichten zeigt er den Stand der Umsetzung.")
        else:
            intro = (f"Dieser Bericht beschreibt den Stand der Umsetzung des Integrationskonzepts zum "
                     f"31. Dezember {year}: den Sachstand jeder Maßnahme, die Entwicklung der Indikatoren "
                     f"gegenüber Ausgangs- und Zielwert und die Veränderungen gegenüber {self.prev}.")
        blocks = [a.header(1, "Überblick", "mon-overview"), a.para(intro)]
        if self.planned:
            return [*blocks, self.plan_table()]
        years = (year, self.prev)
        counts = {s: [sum(self.current(x, y) == s for x in p.measures) for y in years] for s in MEASURE_STATUSES}
        rows: list[list[a.Cell]] = [[s, german.number(now), german.number(before)]
                                    for s, (now, before) in counts.items() if now or before]
        reported = [sum(1 for x in p.measures if self.update(x, y)) for y in years]
        rows.append([[a.strong("davon gemeldet")], [a.strong(german.number(reported[0]))],
                     [a.strong(german.number(reported[1]))]])
        blocks.append(a.table(["Status der Maßnahmen", str(year), str(self.prev)], rows,
                              caption=f"Maßnahmen nach Status {year} und {self.prev} (zuletzt gemeldet, sonst laut "
                                      "Konzept)", ident="tab-mon-status", widths=[0.5, 0.25, 0.25], align="lrr"))
        toward = [i for i in p.indicators if (d := self.direction(i)) and d > 0]
        compared = [i for i in p.indicators if self.direction(i) is not None]
        blocks.append(a.para(f"Von {len(compared)} Indikatoren mit Werten für {self.prev} und {year} haben sich "
                             f"{len(toward)} in Richtung des Zielwerts entwickelt."))
        return blocks

    def current(self, x: Measure, year: int) -> str:
        """The status as of ``year``: the last one reported, else the planned one."""
        last = self.last_update(x, year)
        return last.status if last else x.status

    def plan_table(self) -> a.Node:
        """Per field of action: measures (by planned status) and indicators, from the concept."""
        used = [s for s in MEASURE_STATUSES if any(x.status == s for x in self.p.measures)]
        rows: list[list[a.Cell]] = []
        for f in self.fields:
            measures = [x for x in self.p.measures if x.field == f.id]
            indicators = [i for i in self.p.indicators if i.field == f.id]
            rows.append([f.name, german.number(len(measures)),
                         *[german.number(sum(x.status == s for x in measures)) for s in used],
                         german.number(len(indicators))])
        totals = [german.number(len(self.p.measures)),
                  *[german.number(sum(x.status == s for x in self.p.measures)) for s in used],
                  german.number(len(self.p.indicators))]
        rows.append([[a.strong("Summe")], *[[a.strong(t)] for t in totals]])
        n = len(used) + 2
        first = 0.22 if n > 4 else 0.3 if n > 3 else 0.4  # number columns keep their headers whole
        return a.table(["Handlungsfeld", "Maßnahmen", *used, "Indikatoren"], rows,
                       caption="Maßnahmen (nach ihrem Status laut Konzept) und Indikatoren", ident="tab-mon-plan",
                       widths=[first, *[(1 - first) / n] * n], align="l" + "r" * n)

    # --- 2 measures -----------------------------------------------------------------------------

    def measures(self) -> list[a.Node]:
        blocks = [a.header(1, "Stand der Maßnahmen" if self.reported else "Maßnahmen laut Konzept", "mon-measures")]
        for f in self.fields:
            measures = [x for x in self.p.measures if x.field == f.id]
            if not measures:
                continue
            table = self.measure_table if self.reported else self.plan
            blocks += [a.header(2, f.name, f"mon-measures-{f.id}"), table(f.name, f.id, measures)]
        return blocks

    def measure_table(self, name: str, ident: str, measures: list[Measure]) -> a.Node:
        rows: list[list[a.Cell]] = []
        for x in measures:
            update = self.update(x, self.year)
            note = marked(update.note, update) if update else f"Für {self.year} liegt kein Sachstandsbericht vor."
            rows.append([[a.record_id(x.id, anchor=True)], marked(x.title, x), self.status(x, self.year), note])
        return a.table(["Nr.", "Maßnahme", f"Status {self.year}", "Sachstand"], rows,
                       caption=f"Sachstand der Maßnahmen {self.year}: {name}", ident=f"tab-mon-{ident}",
                       widths=[0.13, 0.26, 0.14, 0.47])

    def plan(self, name: str, ident: str, measures: list[Measure]) -> a.Node:
        """The measures as the concept plans them (no update reported yet)."""
        rows: list[list[a.Cell]] = [
            [[a.record_id(x.id, anchor=True)], marked(x.title, x), marked(x.status, x, "status"),
             marked(x.time_frame, x, "time_frame"), marked(x.lead or "–", x, "lead"),
             marked(german.PRIORITY[x.priority], x, "priority")] for x in measures]
        return a.table(["Nr.", "Maßnahme", "Status laut Konzept", "Zeitraum", "Federführung", "Priorität"], rows,
                       caption=f"Maßnahmen laut Konzept: {name}", ident=f"tab-mon-{ident}",
                       widths=[0.12, 0.27, 0.13, 0.17, 0.2, 0.11])

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
        """A breakdown cell: counts of people or cases below ``SMALL_CELL`` are not printed."""
        rate = any(r in i.unit for r in RATES)
        if value is not None and float(value).is_integer() and 0 < value < SMALL_CELL and not rate:
            return f"unter {SMALL_CELL}"
        return Report.shown(value)

    def indicators(self) -> list[a.Node]:
        if not self.measured:
            return self.planned_indicators()
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

    def planned_indicators(self) -> list[a.Node]:
        """Baseline and target of every indicator, how and from where it is measured."""
        blocks = [a.header(1, "Indikatoren", "mon-indicators"),
                  a.para(f"Für die Indikatoren liegen bis {self.year} noch keine Werte vor. Die Tabelle nennt "
                         "Ausgangs- und Zielwert laut Konzept und die Quelle der jährlichen Erhebung.")]
        for f in self.fields:
            indicators = [i for i in self.p.indicators if i.field == f.id]
            if not indicators:
                continue
            rows: list[list[a.Cell]] = [
                [[a.record_id(i.id, anchor=True)], marked(f"{i.name} ({i.unit})", i),
                 marked(f"{german.number(i.baseline)} ({i.baseline_year})", i, "baseline"),
                 marked(f"{german.number(i.target)} ({i.target_year})", i, "target"),
                 marked(f"{i.source}, {i.frequency}", i, "source")] for i in indicators]
            blocks += [a.header(2, f.name, f"mon-indicators-{f.id}"),
                       a.table(["Nr.", "Indikator (Einheit)", "Ausgangswert", "Zielwert", "Quelle, Erhebung"], rows,
                               caption=f"Indikatoren laut Konzept: {f.name}", ident=f"tab-mon-ind-{f.id}",
                               widths=[0.12, 0.34, 0.14, 0.14, 0.26], align="llrrl")]
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
