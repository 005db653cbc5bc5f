"""Appendix: the kick-off conference as documented (agenda, workshops with results, photos)."""

from __future__ import annotations

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.context import Ctx, heading_id
from ikon_report.content.illustrative import marked, marked_points
from ikon_report.project.model import Image, ResultSection


def conference_section(ctx: Ctx) -> list[a.Node]:
    c = ctx.project.conference
    if c is None:
        return []
    intro = f"Die Auftaktkonferenz fand am {german.date(c.date)}"
    intro += f" in {c.venue}" if c.venue else ""
    intro += f" mit über {german.number(c.participants)} Teilnehmenden statt." if c.participants else " statt."
    blocks = [a.header(1, f"Dokumentation: {c.title}", heading_id("conference"), classes=["appendix"]),
              a.para(intro), a.header(2, "Veranstaltungsablauf", heading_id("agenda"))]
    rows: list[list[a.Cell]] = []
    for item in c.agenda:
        who = [a.plain(s.name + (f", {s.role}" if s.role else "")) for s in item.speakers]
        notes = [a.bullets(item.notes)] if item.notes else []
        rows.append([f"{item.time} Uhr", [a.plain([a.strong(item.title)]), *notes, *who]])
    blocks.append(a.table(["Uhrzeit", "Programmpunkt"], rows, caption="Ablauf der Auftaktkonferenz",
                          ident="tab-agenda", widths=[0.16, 0.84]))
    fields = {f.id: f for f in ctx.project.fields}
    for ws in c.workshops:
        blocks.append(a.header(2, marked(ws.title, ws), ws.id))
        meta = f"Raum: {ws.room}"
        if ws.moderators:
            meta += f" · Moderation: {', '.join(ws.moderators)}"
        blocks.append(a.para(meta))
        field = fields.get(ws.field)
        if field and field.labels:
            blocks.append(a.para(" ∣ ".join(field.labels[k] for k in sorted(field.labels))))
        for section in ws.sections:
            blocks += _results(section, 3)
        blocks += [photo(ctx, img, f"fig-{ws.id}-{n}") for n, img in enumerate(ws.photos, 1)]
    if c.photos:
        blocks.append(a.header(2, "Fotodokumentation", heading_id("photos")))
        blocks += [photo(ctx, img, f"fig-conference-{n}") for n, img in enumerate(c.photos, 1)]
    return blocks


def _results(section: ResultSection, level: int) -> list[a.Node]:
    """Result sections keep the seed's own numbering (I, I.I …) as part of the title."""
    blocks = [a.header(min(level, 6), marked(f"{section.number} {section.title}", section), classes=["unnumbered"])]
    if section.items:
        blocks.append(a.bullets(marked_points(section.items)))
    for sub in section.sections:
        blocks += _results(sub, level + 1)
    return blocks


def photo(ctx: Ctx, img: Image, ident: str) -> a.Node:
    path = (ctx.root / img.file).as_posix()
    caption = marked(img.caption or img.alt, img)
    return a.figure(ident, caption, [a.plain([a.image(path, img.alt, width="70%")])])
