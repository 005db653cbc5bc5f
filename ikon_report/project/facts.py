"""The project's facts beyond the participation process: contacts, the concept's period, the
inhabitants, official statistics (the Ausgangslage), the glossary and the sources list."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from ikon_report.project.base import Id, Item, Strict


class Contact(Item):
    """Who to contact at the client or the contractor (imprint, closing contact page)."""

    name: str | None = None  # organisation or office; default: ``client`` / ``contractor``
    person: str | None = None
    address: str | None = None  # line breaks stay line breaks
    email: str | None = None
    phone: str | None = None
    web: str | None = None


class Contacts(Strict):
    client: Contact | None = None
    contractor: Contact | None = None


class Period(Item):
    """The years the concept covers, e.g. 2027–2032."""

    start: int = Field(ge=1900, le=2200)
    end: int = Field(ge=1900, le=2200)

    def __str__(self) -> str:
        return f"{self.start}–{self.end}" if self.end != self.start else str(self.start)


class Inhabitants(Item):
    """The city's population on a reference date, with its source."""

    count: int = Field(ge=0)
    date: dt.date
    source: str


StatValue = int | float | None  # None: not known or kept secret (printed „.“)


class Statistic(Item):
    """A table of official figures for the Ausgangslage: rows × columns with source and reference
    date, from ``values`` or from a CSV file as statistical offices publish it (``csv``)."""

    id: Id
    title: str
    source: str
    date: dt.date  # Stichtag
    unit: str = "Personen"
    rows: list[str] = []
    columns: list[str] = []
    values: list[list[StatValue]] = []
    csv: str | None = None  # path below data/: ';'-separated, decimal comma (docs/data-format.md)
    skip_lines: int = Field(default=0, ge=0)  # lines before the CSV's header line
    row_label: str | None = None  # heading of the label column (a CSV's first header cell)
    personal: bool = True  # counts of persons: the small-number rule applies
    chart: bool = True
    note: str | None = None


class Term(Item):
    """A glossary entry or an abbreviation (``long``): checked against the text."""

    term: str
    long: str | None = None  # an abbreviation's full form: Abkürzungsverzeichnis
    definition: str | None = None  # Glossar
    forms: list[str] = []  # other forms found in the text (plural, inflections)


class SourceEntry(Item):
    """One entry of the sources list (Quellenverzeichnis); findings refer to it by id."""

    id: Id
    title: str
    author: str | None = None
    publisher: str | None = None
    year: int | None = None
    date: dt.date | None = None
    url: str | None = None
    note: str | None = None
