"""German conventions for report text: dates, numbers, quotes and labels of coded values."""

from __future__ import annotations

import datetime as dt

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]

PRIORITY = {"hoch": "hoch", "mittel": "mittel", "niedrig": "niedrig"}
# Soft hyphens (U+00AD) let narrow table columns break these long words at the right place.
ORIGIN = {"inventory": "Bestands\u00adaufnahme", "conference": "Auftakt\u00adkonferenz"}
STATUS = {"draft": "Entwurf", "final": "Endfassung"}


def date(value: dt.date) -> str:
    """``20. Mai 2019``."""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def time(start: str, end: str | None = None) -> str:
    """``17:00 Uhr`` or ``17:00–20:00 Uhr`` from times as the data holds them (``17:00``)."""
    return f"{start}–{end} Uhr" if end else f"{start} Uhr"


def number(value: float, decimals: int | None = None) -> str:
    """``1.234,5``: German grouping and decimal comma; integers print without decimals."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def euro(value: float) -> str:
    return f"{number(value, 0)} €"


def percent(value: float) -> str:
    return f"{number(value, 1)} %"


def display_title(text: str, name: str = "") -> str:
    """A title set large (cover): short words (articles, prepositions, up to three letters) stay
    with the next word, ``name`` (the city) with the word before it, and the last two words stay
    together, so no line ends in „der“ and no word stands alone:
    ``Integrationskonzept der Stadt Lindenfeld`` breaks before „der“."""
    words = text.split(" ")
    if len(words) < 3:
        return text
    out = words[0]
    for n, word in enumerate(words[1:], 1):
        short = len(words[n - 1]) <= 3 and words[n - 1].isalpha()
        glue = "\u00a0" if short or n == len(words) - 1 or (name and word.startswith(name)) else " "
        out += glue + word
    return out


def join(items: list[str], word: str = "und") -> str:
    """``a, b und c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}" if items else ""


def quote(value: str) -> str:
    return f"„{value}“"
