"""Opening hours in one Excel cell and back, losslessly (docs/catalogue.md, „Excel“).

The cell reads ``Mo,Di,Do 09:00-12:00; Do 14:00-17:00; nach Vereinbarung; an Feiertagen
geschlossen; Hinweis: Gruppen nach Aushang``. Days are ``Mo Di Mi Do Fr Sa So`` (``Mo-Fr`` for a
run), then time slots, ``ganztägig``, ``nach Vereinbarung`` or ``geschlossen``. Free text without
a day and time (``Termine nach Absprache``) is the note, as the older free text was; a cell that
looks like hours (a short word, then a time or time range: ``Mo 9-25``, ``Mx 9-12``) but does not
follow the form is a mistake (``hours_problem``), unless it starts with ``Hinweis: ``.
"""

from __future__ import annotations

import re

from ikon_report.project.hours import WEEKDAYS, OpeningHours

DAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
ALL_DAY, APPOINTMENT, CLOSED = "ganztägig", "nach Vereinbarung", "geschlossen"
HOLIDAYS, NOTE = "an Feiertagen geschlossen", "Hinweis: "
_SLOT = re.compile(r"^(\d{2}:\d{2})-(\d{2}:\d{2})$")
_LOOKS = re.compile(r"(?:^|;)\s*[^\W\d_]{1,3}\.?(?:(?:\s*[-–,/]\s*|\s+und\s+)[^\W\d_]{1,3}\.?)*[\s,:]+"
                   r"\d{1,2}(?:[:.]\d{2})?\s*(?:[-–—]|bis\b|:\d{2})")  # "Mo 9-12", "Mo, Di 9:00", "Mx 9 bis 12"
FORM = ("write days as Mo Di Mi Do Fr Sa So (Mo-Fr for a run, Mo,Di,Do for several) and times as 09:00-12:00, "
        "parts separated by '; ', e.g. 'Mo-Fr 09:00-12:00; Do 14:00-17:00; nach Vereinbarung; an Feiertagen "
        "geschlossen; Hinweis: freier Text', or begin the cell with 'Hinweis: ' to keep it as a free-text note")
_DAYS = re.compile(r"^((?:Mo|Di|Mi|Do|Fr|Sa|So)(?:-(?:Mo|Di|Mi|Do|Fr|Sa|So))?)(?:,((?:Mo|Di|Mi|Do|Fr|Sa|So)"
                   r"(?:-(?:Mo|Di|Mi|Do|Fr|Sa|So))?))*$")


def to_cell(hours: OpeningHours) -> str:
    """The canonical text of ``hours``; a note alone stays its text unless it reads or looks like hours."""
    if not hours.structured:
        note = hours.note or ""
        return NOTE + note if from_cell(note).structured or looks_like_hours(note) else note
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


def looks_like_hours(text: str) -> bool:
    """Whether free text reads like days and times (a short word, then a time: ``Mo 9-12``)."""
    return not text.startswith(NOTE) and _LOOKS.search(text) is not None


def hours_problem(text: str) -> str | None:
    """What is wrong with a cell that looks like opening hours but is not in the cell's form (None:
    the form, or free text)."""
    if _parse(text) is not None or not looks_like_hours(text):
        return None
    reason = _reason(text)
    return f"{text!r} looks like opening hours but is not in the form the workbook reads{reason}; {FORM}"


def _reason(text: str) -> str:
    """The model's objection when every part has the form (a time like 25:00, an end before the start)."""
    try:
        days: dict[str, dict] = {}
        for part in text.split("; "):
            names, _, when = part.partition(" ")
            day = _day(when) if _DAYS.match(names) else None
            if day is None:
                return ""
            days |= dict.fromkeys(_expand(names), day)
        OpeningHours.model_validate({"days": days})
    except ValueError as exc:
        errors = getattr(exc, "errors", None)
        first = errors()[0]["msg"].removeprefix("Value error, ") if callable(errors) else str(exc)
        return f" ({first})"
    return ""


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
