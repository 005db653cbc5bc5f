"""Opening hours in an edition's language: day names, time ranges and lists from CLDR (Babel).

Nobody translates opening hours by hand: „Mo., Di. und Do.: 09:00–12:00 Uhr“ in German is
„الاثنين والثلاثاء والخميس: 09:00–12:00“ in Arabic because CLDR says so. Only the four phrases
CLDR has no word for (all day, by appointment, also by appointment, closed on public holidays) are
catalogue labels (``i18n/<lang>.yaml``: ``hours_*``); the free-text note is data and is
translated like every other text (``ServiceTranslation.hours_note``).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import TYPE_CHECKING

from ikon_report.project.hours import WEEKDAYS as WEEK

if TYPE_CHECKING:
    from babel import Locale

    from ikon_report.content.labels import Labels
    from ikon_report.project.hours import DayHours, OpeningHours
    from ikon_report.project.model import Service

FSI, PDI = "\u2068", "\u2069"
RUN = 3  # this many consecutive days with the same hours are written as a range (Mo.–Fr.)


@cache
def _locale(tag: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    for candidate in (tag.replace("-", "_"), tag.split("-")[0]):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("de_DE")


def day_name(day: str, tag: str) -> str:
    """The abbreviated CLDR name of a weekday (``monday``) in language ``tag``."""
    from babel.dates import get_day_names

    return str(get_day_names("abbreviated", locale=_locale(tag))[WEEK.index(day)])


def time_range(start: str, end: str, tag: str) -> str:
    """``09:00``–``12:00`` as CLDR writes a 24-hour range in ``tag`` (de: „09:00–12:00 Uhr“)."""
    from babel.dates import format_interval

    a, b = (dt.time(int(t[:2]), int(t[3:])) for t in (start, end))
    return str(format_interval(a, b, "Hm", locale=_locale(tag)))


def _days(days: list[str], tag: str) -> str:
    """Days as a list („Mo., Di. und Do.“) or, when consecutive, a range („Mo. – Fr.“)."""
    from babel.lists import format_list

    loc = _locale(tag)
    names = [day_name(d, tag) for d in days]
    indexes = [WEEK.index(d) for d in days]
    if len(days) >= RUN and indexes == list(range(indexes[0], indexes[0] + len(days))):
        fallback = loc.interval_formats.get(None) or "{0}–{1}"
        return str(fallback).replace("{0}", names[0]).replace("{1}", names[-1])
    return str(format_list(names, locale=loc))


def _signature(day: DayHours) -> tuple:
    return (tuple((s.start, s.end) for s in day.time_slots), day.all_day, day.appointment_only, day.closed)


def _when(day: DayHours, lb: Labels) -> str:
    from babel.lists import format_list

    if day.all_day:
        return lb("hours_all_day")
    if day.appointment_only:
        return lb("hours_appointment_only")
    ranges = [time_range(s.start, s.end, lb.locale) for s in day.time_slots]
    if lb.rtl:
        ranges = [f"{FSI}{r}{PDI}" for r in ranges]
    return str(format_list(ranges, locale=_locale(lb.locale)))  # "unit" repeats the last item in ar (CLDR 47)


def week_lines(hours: OpeningHours, lb: Labels) -> list[str]:
    """One line per group of days with the same hours, in week order of their first day, then
    by appointment and public holidays. Closed days are left out."""
    groups: dict[tuple, list[str]] = {}
    for name, day in hours.week():
        if not day.closed:
            groups.setdefault(_signature(day), []).append(name)
    lines = []
    for days in groups.values():
        when = _when(hours.days[days[0]], lb)  # type: ignore[index]
        lines.append(lb("hours_line", days=_days(days, lb.locale), when=when))
    if hours.by_appointment:
        lines.append(lb("hours_also_appointment" if lines else "hours_by_appointment"))
    if hours.closed_on_public_holidays:
        lines.append(lb("hours_holidays_closed"))
    return lines


def note_of(s: Service, lang: str) -> tuple[str | None, bool]:
    """The note of a service's opening hours in ``lang`` and whether it is the German one."""
    hours = s.opening_hours
    if hours is None or hours.note is None:
        return None, False
    tr = s.translations.get(lang) if lang != "de" else None
    if tr is not None and tr.hours_note:
        return tr.hours_note, False
    return hours.note, lang != "de"
