"""Monitoring system: indicators with definition, source, baseline, target and linked measures."""

from __future__ import annotations

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.context import Ctx, heading_id
from ikon_report.content.fields import cites
from ikon_report.project.model import Indicator


def monitoring_section(ctx: Ctx) -> list[a.Node]:
    p = ctx.project
    blocks = [a.header(1, "Monitoringsystem", heading_id("monitoring")),
              a.para("Das Monitoring macht die Umsetzung des Integrationskonzepts überprüfbar. Für jedes "
                     "Handlungsfeld sind Indikatoren mit Datenquelle, Erhebungsrhythmus, Ausgangs- und "
                     "Zielwert festgelegt und den Maßnahmen zugeordnet.")]
    blocks += ctx.note_if_illustrative(p.indicators, "Indikatorwerte sind in diesem Entwurf illustrativ.")
    rows: list[list[a.Cell]] = [[a.record_id(i.id, link=True), i.name, p.field(i.field).name, i.unit,
             f"{german.number(i.baseline)} ({i.baseline_year})", f"{german.number(i.target)} ({i.target_year})"]
            for i in p.indicators]
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
    rows = [
        ("Definition", i.definition),
        ("Einheit", i.unit),
        ("Datenquelle", i.source),
        ("Aufschlüsselung", ", ".join(i.breakdowns) or "–"),
        ("Erhebung", i.frequency),
        ("Ausgangswert", f"{german.number(i.baseline)} ({i.baseline_year})"),
        ("Zielwert", f"{german.number(i.target)} ({i.target_year})"),
        ("Maßnahmen", cites(i.measures)),
    ]
    return [a.header(3, i.name, i.id), a.keyvalue(rows)]
