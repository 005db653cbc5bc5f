"""The changes as a document: an appendix „Änderungen gegenüber Version X“ in the concept
(``ikon.yaml: changes_since``) or a standalone DOCX/PDF for the steering group."""

from __future__ import annotations

from ikon_report import pandoc_ast as a
from ikon_report.content.context import Ctx
from ikon_report.content.numbering import number
from ikon_report.documents.changes.compare import KINDS, Changes, RecordChange, compare, list_change, show
from ikon_report.documents.naming import output_stem
from ikon_report.project.model import IkonProject
from ikon_report.render.publish import Edition

KIND_TITLE = {"fields": "Handlungsfelder", "challenges": "Herausforderungen", "measures": "Maßnahmen",
              "services": "Angebote", "indicators": "Indikatoren"}
STATUS = {"added": "neu", "removed": "entfallen", "changed": "geändert"}
KEYS = {
    "name": "Bezeichnung", "goal": "Ziel", "title": "Titel", "text": "Text", "field": "Handlungsfeld",
    "fields": "Handlungsfelder", "origin": "Herkunft", "votes": "Punkte", "priority": "Priorität",
    "target_groups": "Zielgruppen", "description": "Beschreibung", "challenges": "Herausforderungen",
    "lead": "Federführung", "partners": "Partner*innen", "first_steps": "Erste Schritte",
    "time_frame": "Zeitraum", "costs": "Kosten", "funding": "Finanzierung", "indicators": "Indikatoren",
    "status": "Status", "see": "Siehe auch", "illustrative": "Beispieldaten", "provider": "Träger",
    "category": "Kategorie", "target": "Zielgruppe", "languages": "Sprachen", "district": "Stadtteil",
    "address": "Adresse", "contact": "Kontakt", "opening_hours": "Öffnungszeiten", "barrier_free": "barrierefrei",
    "registration": "Anmeldung", "last_checked": "zuletzt geprüft", "translations": "Übersetzungen",
    "definition": "Definition", "unit": "Einheit", "source": "Datenquelle", "breakdowns": "Aufschlüsselung",
    "frequency": "Erhebung", "baseline": "Ausgangswert", "baseline_year": "Ausgangsjahr", "target_year": "Zieljahr",
    "measures": "Maßnahmen", "values": "Werte", "labels": "Bezeichnungen", "order": "Reihenfolge", "room": "Raum",
    "keywords": "Schlagwörter",
}


def changes_blocks(changes: Changes, old_label: str, *, appendix: bool = False) -> list[a.Node]:
    """Heading, summary, one table per record kind and one for chapter sections."""
    title = f"Änderungen gegenüber Version {changes.old_version}"
    blocks = [a.header(1, title, "sec-changes", classes=["appendix"] if appendix else []),
              a.para(f"Verglichen wird {old_label} mit Version {changes.new_version}: "
                     f"{changes.count('added')} neue, {changes.count('removed')} entfallene und "
                     f"{changes.count('changed')} geänderte Einträge und Abschnitte.")]
    for kind in KINDS:
        records = changes.of(kind)
        if records:
            blocks += [a.header(2, KIND_TITLE[kind], f"sec-changes-{kind}"), _record_table(kind, records, appendix)]
    if changes.sections:
        rows = [[s.title, s.chapter, STATUS[s.status], f"+{s.added_words} / −{s.removed_words}"]
                for s in changes.sections]
        blocks += [a.header(2, "Kapitelabschnitte", "sec-changes-sections"),
                   a.table(["Abschnitt", "Kapitel", "Änderung", "Wörter"], rows, caption="Geänderte Kapitelabschnitte",
                           ident="tab-changes-sections", widths=[0.4, 0.3, 0.14, 0.16], align="lllr")]
    if not changes.records and not changes.sections:
        blocks.append(a.para("Es gibt keine inhaltlichen Änderungen."))
    return blocks


def _record_table(kind: str, records: list[RecordChange], link: bool) -> a.Node:
    rows: list[list[a.Cell]] = []
    for r in records:
        ident = a.record_id(r.id, link=link and r.status != "removed")
        if r.status != "changed":
            title = ("", r.title) if r.status == "added" else (r.title, "")
            rows.append([[ident], STATUS[r.status], "Eintrag", *title])
            continue
        for n, f in enumerate(r.fields):
            old, new = list_change(f.old, f.new, f.key) or (show(f.old, f.key), show(f.new, f.key))
            rows.append([[ident] if n == 0 else "", STATUS[r.status] if n == 0 else "", KEYS.get(f.key, f.key),
                         old, new])
    return a.table(["Nr.", "Änderung", "Eintrag / Feld", "bisher", "neu"], rows,
                   caption=f"Änderungen: {KIND_TITLE[kind]}", ident=f"tab-changes-{kind}",
                   widths=[0.13, 0.12, 0.15, 0.30, 0.30])


def changes_section(ctx: Ctx) -> list[a.Node]:
    """The concept's appendix, when ``ikon.yaml: changes_since`` names an earlier version."""
    old = ctx.previous
    if old is None:
        return []
    return changes_blocks(compare(old.project, ctx.project), old.label, appendix=True)


def changes_edition(new: IkonProject, changes: Changes, old_label: str, final: bool = False) -> Edition:
    """A standalone document for the steering group."""
    blocks = changes_blocks(changes, old_label)
    for block in blocks:  # a short paper: sections flow on, without numbers
        if a.is_a(block, "Header"):
            a.classes(block).append("unnumbered")
    numbered = number(blocks)
    return Edition(stem=output_stem(new, final, f"Änderungen-seit-v{changes.old_version}"),
                   doctype="Änderungsübersicht", blocks=blocks, numbered=numbered,
                   title=f"Änderungen gegenüber Version {changes.old_version}", subtitle=new.project.title,
                   toc=False)
