"""The project's facts as frame lines: the cover's period and distribution note, and the imprint's
contact lines (client and contractor), each marked where it is illustrative."""

from __future__ import annotations

from collections.abc import Mapping

from ikon_report import german
from ikon_report.content.illustrative import WORD
from ikon_report.project.model import Contact, Item, Project


def _mark(text: str, item: Item | None) -> str:
    """Frame texts are plain strings: the mark is the same word, as text."""
    return f"{text} [{WORD}]" if item is not None and item.is_illustrative() else text


def period_text(p: Project) -> str:
    """„2020–2023“ (with the mark when invented), or ''."""
    return _mark(str(p.period), p.period) if p.period else ""


def contact_line(c: Contact, default: str) -> str:
    """One line: name, person, address, phone, e-mail, web, separated by commas."""
    parts = [c.name or default, c.person, (c.address or "").replace("\n", ", ") or None,
             c.phone and f"Tel. {c.phone}", c.email, c.web]
    return _mark(", ".join(x for x in parts if x), c)


def imprint_lines(p: Project, labels: Mapping[str, str] | None = None) -> list[str]:
    """The imprint: the project's own lines, then contacts, period and distribution note. ``labels`` are a
    translated edition's frame labels: its contact lines use them, the German-only facts (period, inhabitants)
    stay in the German editions."""
    lines = list(p.imprint)
    label = labels or {}
    if p.contacts.client:
        lines.append(label.get("client", "Auftraggeberin") + ": " + contact_line(p.contacts.client, p.client))
    if p.contacts.contractor:
        lines.append(label.get("contractor", "Erstellt von") + ": " + contact_line(p.contacts.contractor, p.contractor))
    if p.period and not labels:
        lines.append(f"Laufzeit des Konzepts: {period_text(p)}")
    if p.inhabitants and not labels:
        people = p.inhabitants
        lines.append(_mark(f"Einwohner*innen: {german.number(people.count)} (Stand: {german.date(people.date)}; "
                           f"Quelle: {people.source})", people))
    if p.distribution:
        lines.append(p.distribution)
    return lines
