"""Building blocks for events: facts, agenda, input and result sections (with the records they
show), dot votes and photos. Used by each event's own documentation (``documents/event.py``) and
by the concept: the participation overview (``participation``) and the appendix (``events``)."""

from __future__ import annotations

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.context import Ctx
from ikon_report.content.illustrative import mark, mark_if, marked, marked_paras, marked_points
from ikon_report.content.survey import SMALL_CELL, SUPPRESSION_NOTE, suppress
from ikon_report.project import model as m
from ikon_report.project.events import Participants

KIND = {"conference": "Konferenz", "workshop": "Workshop", "expert_workshop": "Expert*innenworkshop",
        "citizens_forum": "Bürger*innenforum", "online": "Online-Beteiligung",
        "steering_group": "Sitzung der Steuerungsgruppe", "committee": "Gremiensitzung", "other": "Veranstaltung"}
COUNT_IS = {"exact": "", "about": "rund ", "more_than": "über "}


def label(e: m.Event) -> str:
    """The event's short name: ``short_title`` or its kind (``Bürger*innenforum``)."""
    return e.short_title or KIND[e.kind]


def when(e: m.Event) -> str:
    """``20. Mai 2019, 17:00–20:00 Uhr`` or ``10. Juni bis 8. Juli 2024``."""
    text = german.date(e.date)
    if e.until and e.until != e.date:
        text += f" bis {german.date(e.until)}"
    if e.start:
        text += f", {german.time(e.start, e.end)}"
    return text


def participants(pt: Participants | None) -> str:
    """``über 200 Teilnehmende`` (with the description after a colon), or '' when not recorded."""
    if pt is None:
        return ""
    count = f"{COUNT_IS[pt.count_is]}{german.number(pt.count)} Teilnehmende" if pt.count is not None else ""
    return ": ".join(x for x in (count, pt.description or "") if x)


def facts(ctx: Ctx, e: m.Event) -> a.Node:
    """The fact sheet of an event: kind, date and time, place, participants, moderation, organiser."""
    rows: list[tuple[str, a.Cell]] = [("Veranstaltung", [a.plain(marked(e.title, e))]), ("Art", KIND[e.kind]),
                                      ("Datum", [a.plain(marked(when(e), e, "date"))])]
    if e.venue:
        rows.append(("Ort", e.venue))
    if e.participants:
        rows.append(("Teilnehmende", participants(e.participants)))
    if e.moderation:
        rows.append(("Moderation", ", ".join(e.moderation)))
    rows.append(("Veranstalterin", ctx.project.project.client))
    return a.keyvalue(rows)


def agenda_table(e: m.Event, ident: str) -> a.Node:
    """Time, then title (bold), its points and each speaker with their role on a line of its own."""
    rows: list[list[a.Cell]] = []
    for item in e.agenda:
        who: list[a.Node] = []
        for s in item.speakers:
            who += [{"t": "LineBreak"}, *a.text(s.name + (f", {s.role}" if s.role else ""))]
        title = [a.strong(marked(item.title, item))]
        cell = [a.plain(title), a.bullets(marked_points(item.notes)), *([a.plain(who[1:])] if who else [])] \
            if item.notes else [a.plain(title + who)]
        rows.append([german.time(item.time, item.end), cell])
    return a.table(["Uhrzeit", "Programmpunkt"], rows, caption=f"Ablauf: {e.title}", ident=ident,
                   widths=[0.2, 0.8])


def workshop_meta(ctx: Ctx, ws: m.Workshop, slides: bool = False) -> list[a.Node]:
    """Room, time, moderation and the field's multilingual labels of a workshop; with ``slides``
    (the event's own documentation) the labels as shown at the event, where recorded."""
    parts = [f"Raum: {ws.room}"] if ws.room else []
    if ws.time:
        parts.append(german.time(ws.time, ws.end))
    if ws.moderators:
        parts.append(f"Moderation: {', '.join(ws.moderators)}")
    if ws.participants:
        parts.append(participants(ws.participants))
    blocks = [a.para(" · ".join(parts))] if parts else []
    field = next((f for f in ctx.project.fields if f.id == ws.field), None)
    shown = other_languages(ctx, ws.labels)
    if slides and shown:
        blocks.append(a.para(labels(shown) + " (Bezeichnungen wie auf den Folien der Veranstaltung)"))
    elif field and field.labels:
        blocks.append(a.para(labels(field.labels)))
    return blocks


def other_languages(ctx: Ctx, by_language: dict[str, str]) -> dict[str, str]:
    """Labels without the document's own language (which names the field as shown, if given)."""
    own = ctx.project.project.language.split("-")[0]
    return {k: v for k, v in by_language.items() if k != own}


def labels(by_language: dict[str, str]) -> str:
    """Multilingual labels, each isolated (U+2068 … U+2069) so mixed directions keep their order."""
    return " ∣ ".join(f"\u2068{by_language[k]}\u2069" for k in sorted(by_language))


def sections(ctx: Ctx, items: list[m.ResultSection], level: int, event: m.Event | None = None) -> list[a.Node]:
    """Result or input sections with their own numbering (I., I.I …) as part of the title, set as
    unnumbered headings from ``level`` down; invented parts carry the mark where they stand (a wholly
    invented section at its title, ``illustrative: [items]`` at each point). A section with neither
    number nor content is a title line (a slide's title), not a heading."""
    blocks: list[a.Node] = []
    for section in items:
        title = f"{section.number} {section.title}" if section.number else section.title
        heading = marked(title, section) if section.is_illustrative() else marked(title, section, "title")
        if not (section.number or section.text or section.items or section.records or section.sections):
            blocks.append(a.para([a.strong(heading)]))
            continue
        blocks.append(a.header(min(level, 6), heading, classes=["unnumbered"]))
        if section.text:
            blocks += marked_paras(section.text, section, "text")
        if section.items:
            points = section.is_illustrative("items")
            blocks.append(a.bullets([mark_if(p.text, points or p.is_illustrative()) for p in section.items]))
        for rid in section.records:
            shown = record(ctx, rid, event)
            if section.is_illustrative("records") and shown and shown[0]["t"] == "Para":
                shown[0]["c"] += [{"t": "Space"}, mark()]
            blocks += shown
        blocks += sections(ctx, section.sections, level + 1, event)
    return blocks


def record(ctx: Ctx, rid: str, event: m.Event | None = None) -> list[a.Node]:
    """A project record as it was presented at ``event`` (process step, sample, finding, field …);
    a field shows the labels its workshop showed, where the event records them."""
    p = ctx.project
    for kind in ("process", "samples", "findings", "fields", "challenges", "measures", "indicators", "services"):
        rec = next((r for r in getattr(p, kind) if r.id == rid), None)
        if rec is not None:
            break
    if isinstance(rec, m.ProcessStep):
        return [a.para([a.strong(rec.title + ":"), {"t": "Space"}, *marked(rec.description, rec)]),
                *([a.bullets(marked_points(rec.items))] if rec.items else [])]
    if isinstance(rec, m.Sample):
        return _sample(rec)
    if isinstance(rec, m.Finding):
        quotes = [marked([a.quoted(q.text), *a.text(f" ({q.role})")], q) for q in rec.quotes]
        return [*(marked_paras(rec.text, rec) if rec.text and not rec.points else []),
                a.bullets([*quotes, *marked_points(rec.points)])]
    if isinstance(rec, m.FieldOfAction):
        at_event = next((ws.labels for ws in event.workshops if ws.field == rec.id and ws.labels), {}) if event else {}
        name = at_event.get(p.project.language.split("-")[0], rec.name)  # the field's name as shown
        line = [a.strong(name)] + (a.text(f", Raum: {rec.room}") if rec.room else [])
        shown = other_languages(ctx, at_event)
        label_line = labels(shown or rec.labels) + (" (wie auf den Folien)" if shown else "")
        return [a.para(line), *([a.para(label_line)] if shown or rec.labels else [])]
    if isinstance(rec, m.Challenge):
        votes = f" ({german.number(rec.votes)} Punkte)" if rec.votes is not None else ""
        return [a.para([a.record_id(rec.id), {"t": "Space"}, *marked(rec.text + votes, rec)])]
    if isinstance(rec, m.Measure):
        return [a.para([a.record_id(rec.id), {"t": "Space"}, a.strong(rec.title),
                        *marked(f" (Federführung: {rec.lead})" if rec.lead else "", rec)])]
    title = getattr(rec, "name", None) or getattr(rec, "title", rid)
    return [a.para([a.record_id(rid), {"t": "Space"}, *a.text(title)])]


def _sample(s: m.Sample) -> list[a.Node]:
    """A sample in brief: total, each breakdown and cross table in one line (small cells suppressed)."""
    lines = [f"insgesamt {german.number(s.total)} Personen"]
    for b in s.breakdowns:
        shown = suppress([[c.count for c in b.cells]], totals_known=sum(c.count for c in b.cells) == s.total)[0]
        lines.append(f"{b.title}: " + ", ".join(f"{c.label} {_n(v)}" for c, v in zip(b.cells, shown, strict=True)))
    for t in s.cross:
        cells = suppress(t.counts)
        lines += [f"{t.title}, {row}: " + ", ".join(f"{col} {_n(cells[r][c])}" for c, col in enumerate(t.columns))
                  for r, row in enumerate(t.rows)]
    if s.sectors:
        lines.append("Bereiche: " + ", ".join(s.sectors))
    small = any(c.count < SMALL_CELL for b in s.breakdowns for c in b.cells) or any(
        v < SMALL_CELL for t in s.cross for row in t.counts for v in row)
    return [a.para([a.strong(s.title + ":")]), a.bullets(lines), *([a.para(SUPPRESSION_NOTE)] if small else [])]


def _n(value: int | str) -> str:
    return value if isinstance(value, str) else german.number(value)


def votes_table(ctx: Ctx, e: m.Event, ws: m.Workshop | None, ident: str) -> list[a.Node]:
    """The dot votes of a workshop (or of the event itself) with the resulting priorities."""
    votes = ws.votes if ws is not None else e.votes
    if not votes:
        return []
    by_id = {c.id: c for c in ctx.project.challenges}
    rows: list[list[a.Cell]] = []
    for v in sorted(votes, key=lambda v: -v.dots):
        c = by_id.get(v.challenge)
        priority = marked(german.PRIORITY[c.level], c, "priority") if c else "–"
        rows.append([a.record_id(v.challenge), marked(c.text, c) if c else "", marked(german.number(v.dots), v),
                     priority])
    where = ws.title if ws is not None else e.title
    blocks = [a.table(["Nr.", "Herausforderung", "Punkte", "Priorität"], rows, caption=f"Punktabfrage: {where}",
                      ident=ident, widths=[0.14, 0.58, 0.12, 0.16], align="llrl")]
    return blocks


def photo(ctx: Ctx, img: m.Image, ident: str) -> a.Node:
    path = (ctx.root / img.file).as_posix()
    caption = marked(img.caption or img.alt, img)
    return a.figure(ident, caption, [a.plain([a.image(path, img.alt, width="70%")])])
