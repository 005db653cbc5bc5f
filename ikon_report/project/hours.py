"""Opening hours as data, in the shape of Integreat's API (docs/data-format.md#opening-hours).

Per weekday: time slots (``start``/``end``, ``HH:MM``), ``all_day``, ``appointment_only`` or
``closed``, as Integreat's ``openingHours`` (``timeSlots``, ``allDay``, ``appointmentOnly``,
``closed``); for the whole service ``by_appointment`` (also by appointment),
``closed_on_public_holidays`` and a free-text ``note``. Days not named are closed.

The older free text (``opening_hours: Mo–Fr 9–12 Uhr``) still loads: it becomes the ``note``.
Every edition renders the data in its language through CLDR (``content/hours.py``).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
SLOT = re.compile(r"^\s*(\S+?)\s*[-–—]\s*(\S+?)\s*$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


def _time(value: object) -> object:
    """``9:00`` → ``09:00``; a number (``900``) is refused with the form to write."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"write the time as hours:minutes, e.g. '09:00', not the number {value}")
    if isinstance(value, str):
        match = TIME.match(value.strip())
        if not match:
            raise ValueError(f"must be a time from 00:00 to 23:59 like '09:00', got {value!r}")
        return f"{int(match[1]):02d}:{match[2]}"
    return value


Time = Annotated[str, BeforeValidator(_time)]


class TimeSlot(_Data):
    """One opening from ``start`` to ``end`` on one day (Integreat: ``{"start", "end"}``)."""

    start: Time
    end: Time

    @model_validator(mode="after")
    def _order(self) -> TimeSlot:
        if self.end <= self.start:
            raise ValueError(f"ends ({self.end}) before it starts ({self.start}); write start-end, e.g. 09:00-12:00")
        return self


def _slot(value: object) -> object:
    """``"09:00-12:00"`` (also with – or —) is short for ``{start: "09:00", end: "12:00"}``."""
    if isinstance(value, str):
        match = SLOT.match(value)
        if not match:
            raise ValueError(f"a time slot is written '09:00-12:00', got {value!r}")
        return {"start": match[1], "end": match[2]}
    return value


Slot = Annotated[TimeSlot, BeforeValidator(_slot, json_schema_input_type=str | TimeSlot)]


class DayHours(_Data):
    """One weekday (Integreat's ``timeSlots``, ``allDay``, ``appointmentOnly``, ``closed``)."""

    time_slots: list[Slot] = []
    all_day: bool = False
    appointment_only: bool = False
    closed: bool = False

    @model_validator(mode="after")
    def _one_meaning(self) -> DayHours:
        kinds = [bool(self.time_slots), self.all_day, self.appointment_only, self.closed]
        if sum(kinds) == 0:
            raise ValueError("say when: time_slots, all_day: true, appointment_only: true or closed: true")
        if self.closed and sum(kinds) > 1:
            raise ValueError("a closed day has no time slots, all_day or appointment_only; remove one")
        if self.all_day and self.time_slots:
            raise ValueError("all_day: true needs no time slots; remove one of them")
        ordered = sorted(self.time_slots, key=lambda s: s.start)
        for before, after in zip(ordered, ordered[1:], strict=False):
            if after.start < before.end:
                raise ValueError(f"the time slots {before.start}-{before.end} and {after.start}-{after.end} overlap")
        return self


def _day(value: object) -> object:
    """A list of slots is short for ``{time_slots: [...]}``."""
    return {"time_slots": value} if isinstance(value, list) else value


Day = Annotated[DayHours, BeforeValidator(_day, json_schema_input_type=list[str] | DayHours)]


class OpeningHours(_Data):
    """When a service is open: weekdays, by appointment, public holidays, a note."""

    days: dict[Weekday, Day] = {}
    by_appointment: bool = False
    closed_on_public_holidays: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _something(self) -> OpeningHours:
        if self.note is not None:
            if not self.note:
                raise ValueError("note must not be empty; write the text or remove the key")
            bad = CONTROL.search(self.note)
            if bad:
                raise ValueError(f"note contains the control character U+{ord(bad.group()):04X}; remove it")
        if not (self.days or self.by_appointment or self.note):
            raise ValueError("give days, by_appointment: true or a note (or remove opening_hours)")
        return self

    def week(self) -> list[tuple[str, DayHours]]:
        """The named days in week order (Monday first)."""
        return [(d, self.days[d]) for d in WEEKDAYS if d in self.days]

    @property
    def structured(self) -> bool:
        return bool(self.days or self.by_appointment or self.closed_on_public_holidays)


def _hours(value: object) -> object:
    """The older free text becomes the note."""
    return {"note": value} if isinstance(value, str) else value


Hours = Annotated[OpeningHours, BeforeValidator(_hours, json_schema_input_type=str | OpeningHours)]


def integreat_week(hours: OpeningHours) -> list[dict[str, Any]]:
    """The seven days as Integreat's API gives them (``openingHours``: Monday first, every day)."""
    out = []
    for name in WEEKDAYS:
        day = hours.days.get(name)  # type: ignore[call-overload,unused-ignore]
        out.append({"allDay": bool(day and day.all_day), "closed": day is None or day.closed,
                    "appointmentOnly": bool(day and day.appointment_only),
                    "timeSlots": [{"start": s.start, "end": s.end} for s in (day.time_slots if day else [])]})
    return out
