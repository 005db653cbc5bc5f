"""Opening hours in one Excel cell and back, losslessly (docs/catalogue.md, „Excel“).

The cell reads ``Mo,Di,Do 09:00-12:00; Do 14:00-17:00; nach Vereinbarung; an Feiertagen
geschlossen; Hinweis: Gruppen nach Aushang``. Days are ``Mo Di Mi Do Fr Sa So`` (``Mo-Fr`` for a
run), then time slots, ``ganztägig``, ``nach Vereinbarung`` or ``geschlossen``. A cell that does
not follow this form is the note, as the older free text was.
"""

from __future__ import annotations

import re

from ikon_report.project.hours import WEEKDAYS, OpeningHours

DAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
ALL_DAY, APPOINTMENT, CLOSED = "ganztägig", "nach Vereinbarung", "geschlossen"
HOLIDAYS, NOTE = "an Feiertagen geschlossen", "Hinweis: "
_SLOT = re.compile(r"^(\d{2}:\d{2})-(\d{2}:\d{2})$")
_DAYS = re.compile(r"^((?:Mo|Di|Mi|Do|Fr|Sa|So)(?:-(?:Mo|Di|Mi|Do|Fr|Sa|So))?)(?:,((?:Mo|Di|Mi|Do|Fr|Sa|So)"
                   r"(?:-(?:Mo|Di|Mi|Do|Fr|Sa|So))?))*$")


def to_cell(hours: OpeningHours) -> str:
    """The canonical text of ``hours``; a note alone stays its text unless it reads as hours."""
    if not hours.structured:
        note = hours.note or ""
        return NOTE + note if from_cell(note).structured else note
    groups: dict[str, list[str]] = {}
    for name, day in hours.week():
        if day.closed:
            when = CLOSED
        elif day.all_day:
            when = ALL_DAY
        elif day.appointment_only:
            when = APPOINTMENT
        else:
            when = ",".join(f"{s.start}-{s.end}" for s in day.time_slots)
        groups.setdefault(when, []).append(DAYS[WEEKDAYS.index(name)])
    parts = [f"{','.join(days)} {when}" for when, days in groups.items()]
    parts += [APPOINTMENT] if hours.by_appointment else []
    parts += [HOLIDAYS] if hours.closed_on_public_holidays else []
    parts += [NOTE + hours.note] if hours.note else []
    return "; ".join(parts)


def from_cell(text: str) -> OpeningHours:
    """The hours a cell gives: the canonical form, or else the whole text as the note."""
    parsed = _parse(text)
    return parsed if parsed is not None else OpeningHours(note=text)


def _parse(text: str) -> OpeningHours | None:
    note = None
    if text.startswith(NOTE):
        text, note = "", text[len(NOTE):]
    elif "; " + NOTE in text:
        text, note = text.split("; " + NOTE, 1)
    days: dict[str, dict] = {}
    flags = {"by_appointment": False, "closed_on_public_holidays": False}
    for part in text.split("; ") if text else []:
        if part == APPOINTMENT and not flags["by_appointment"]:
            flags["by_appointment"] = True
            continue
        if part == HOLIDAYS and not flags["closed_on_public_holidays"]:
            flags["closed_on_public_holidays"] = True
            continue
        names, _, when = part.partition(" ")
        if not _DAYS.match(names) or not when:
            return None
        day = _day(when)
        if day is None:
            return None
        for name in _expand(names):
            if name in days:
                return None
            days[name] = day
    if not days and not any(flags.values()) and note is None:
        return None
    try:
        return OpeningHours.model_validate({"days": {d: days[d] for d in WEEKDAYS if d in days}, **flags,
                                            "note": note})
    except ValueError:
        return None


def _day(when: str) -> dict | None:
    if when == CLOSED:
        return {"closed": True}
    if when == ALL_DAY:
        return {"all_day": True}
    if when == APPOINTMENT:
        return {"appointment_only": True}
    slots = [_SLOT.match(s) for s in when.split(",")]
    if not all(slots):
        return None
    return {"time_slots": [{"start": m[1], "end": m[2]} for m in slots if m]}


def _expand(names: str) -> list[str]:
    out = []
    for item in names.split(","):
        first, _, last = item.partition("-")
        a, b = DAYS.index(first), DAYS.index(last or first)
        out += [WEEKDAYS[i] for i in range(a, b + 1)]
    return out
