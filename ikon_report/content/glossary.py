"""The appendix lists from data: abbreviations, glossary and sources; and the closing contact page."""

from __future__ import annotations

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.citations import short_references
from ikon_report.content.context import Ctx, heading_id
from ikon_report.content.illustrative import mark_if, marked
from ikon_report.content.labels import sort_key
from ikon_report.project.model import Contact, Project, SourceEntry, Term


def _sorted(terms: list[Term]) -> list[Term]:
    return sorted(terms, key=lambda t: sort_key(t.term.casefold()))


def glossary_section(ctx: Ctx) -> list[a.Node]:
    """„Abkürzungen und Glossar“: abbreviations with their full form, then terms with definitions."""
    terms = ctx.project.glossary
    if not terms:
        return []
    blocks = [a.header(1, "Abkürzungen und Glossar", heading_id("glossary"), classes=["appendix"])]
    abbreviations = _sorted([t for t in terms if t.long])
    if abbreviations:
        blocks += [a.header(2, "Abkürzungsverzeichnis", heading_id("abbreviations")),
                   a.table(["Abkürzung", "Bedeutung"],
                           [[[a.strong(t.term)], marked(t.long or "", t)] for t in abbreviations],
                           caption="Abkürzungen", ident="tab-abbreviations", widths=[0.22, 0.78])]
    defined = _sorted([t for t in terms if t.definition])
    if defined:
        blocks.append(a.header(2, "Glossar", heading_id("terms")))
        for t in defined:
            name = f"{t.term} ({t.long})" if t.long else t.term
            blocks.append(a.para([a.strong(name), *a.text(": "), *marked(t.definition or "", t)]))
    return blocks


def source_text(s: SourceEntry, when: str = "") -> list[a.Node]:
    """One entry: „Autor*in (Jahr): Titel. Herausgeber. Adresse (abgerufen am …).“ ``when`` is the
    year as citations show it (``2019a`` where two entries read alike)."""
    head = s.author or s.publisher or ""
    shown = when if s.year and when.startswith(str(s.year)) else str(s.year or "")
    year = f" ({shown})" if shown else ""
    parts = a.text(f"{head}{year}: " if head else (f"{shown}: " if shown else ""))
    parts.append(a.emph(s.title))
    tail = [s.publisher] if s.publisher and s.author else []
    if s.note:
        tail.append(s.note)
    if s.url:
        tail.append(s.url + (f" (abgerufen am {german.date(s.date)})" if s.date else ""))
    elif s.date:
        tail.append(f"Stand: {german.date(s.date)}")
    if tail:
        parts += a.text(". " + ". ".join(tail))
    return marked([*parts, *a.text(".")], s)


def sources_section(ctx: Ctx) -> list[a.Node]:
    """„Quellen“: the sources list, and the sources of the statistics."""
    p = ctx.project
    own = {stat.source for stat in p.statistics} - {s.title for s in p.sources}
    if not p.sources and not own:
        return []
    short = short_references(p.sources)
    entries = [[a.span(s.id, s.id, classes=["id"]), *a.text(" "), *source_text(s, short[s.id][1])]
               for s in p.sources]
    invented = {stat.source for stat in p.statistics if stat.is_illustrative()}
    entries += [mark_if(f"{source} (Statistik, siehe Abschnitt „Ausgangslage in Zahlen“).", source in invented)
                for source in sorted(own)]
    return [a.header(1, "Quellenverzeichnis", heading_id("sources"), classes=["appendix"]), a.bullets(entries)]


def _contact_lines(c: Contact | None, default: str) -> list[a.Node]:
    if c is None:
        return a.text(default)
    values = [c.name or default, c.person, c.address, c.phone and f"Telefon: {c.phone}",
              c.email and f"E-Mail: {c.email}", c.web]
    nodes: list[a.Node] = []
    for value in (v for v in values if v):
        nodes += [a.line_break()] * bool(nodes) + a.lines(value)
    return marked(nodes, c)


def contact_section(ctx: Ctx) -> list[a.Node]:
    """The closing page: who to contact at the client and at the contractor, the distribution note."""
    p: Project = ctx.project.project
    if p.contacts.client is None and p.contacts.contractor is None:
        return []
    blocks = [a.page_break(), a.header(1, "Kontakt", heading_id("contact"), classes=["unnumbered"])]
    blocks += [a.para([a.strong("Auftraggeberin")]), a.para(_contact_lines(p.contacts.client, p.client)),
               a.para([a.strong("Erstellt von")]), a.para(_contact_lines(p.contacts.contractor, p.contractor))]
    if p.period:
        blocks.append(a.para(marked(f"Laufzeit des Konzepts: {p.period}", p.period)))
    if p.distribution:
        blocks.append(a.para([a.emph(p.distribution)]))
    return blocks
