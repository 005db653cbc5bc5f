"""Monitoring system: indicators with definition, source, baseline, target and linked measures."""

from __future__ import annotations

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.context import Ctx, heading_id
from ikon_report.content.fields import cites
from ikon_report.content.illustrative import marked
from ikon_report.project.model import Indicator


def monitoring_section(ctx: Ctx) -> list[a.Node]:
    p = ctx.project
    blocks = [a.header(1, "Monitoringsystem", heading_id("monitoring")),
              a.para("Das Monitoring macht die Umsetzung des Integrationskonzepts überprüfbar. Für jedes "
                     "Handlungsfeld sind Indikatoren mit Datenquelle, Erhebungsrhythmus, Ausgangs- und "
                     "Zielwert festgelegt und den Maßnahmen zugeordnet.")]
    rows: list[list[a.Cell]] = [
        [a.record_id(i.id, link=True), marked(i.name, i), p.field(i.field).name, i.unit,
         marked(f"{german.number(i.baseline)} ({i.baseline_year})", i, "baseline"),
         marked(f"{german.number(i.target)} ({i.target_year})", i, "target")] for i in p.indicators]
    blocks.append(a.table(["Nr.", "Indikator", "Handlungsfeld", "Einheit", "Ausgangswert", "Zielwert"], rows,
                          caption="Indikatoren des Monitoringsystems", ident="tab-indicators",
                          widths=[0.1, 0.32, 0.18, 0.12, 0.14, 0.14], align="llllrr"))
    for f in sorted(p.fields, key=lambda f: f.order):
        indicators = [i for i in p.indicators if i.field == f.id]
        if indicators:
            blocks.append(a.header(2, f"Indikatoren: {f.name}", heading_id(f"indicators-{f.id}")))
            for i in indicators:
                blocks += indicator(i)
    return blocks


def indicator(i: Indicator) -> list[a.Node]:
    values = [
        ("Definition", "definition", i.definition),
        ("Einheit", "unit", i.unit),
        ("Datenquelle", "source", i.source),
        ("Aufschlüsselung", "breakdowns", ", ".join(i.breakdowns) or "–"),
        ("Erhebung", "frequency", i.frequency),
        ("Ausgangswert", "baseline", f"{german.number(i.baseline)} ({i.baseline_year})"),
        ("Zielwert", "target", f"{german.number(i.target)} ({i.target_year})"),
    ]
    rows: list[tuple[str, a.Cell]] = [(label, marked(value, i, key)) for label, key, value in values]
    rows.append(("Maßnahmen", cites(i.measures)))
    return [a.header(3, marked(i.name, i), i.id), a.keyvalue(rows)]
