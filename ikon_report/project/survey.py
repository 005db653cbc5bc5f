"""The inventory and its reading: process steps, survey samples, interim findings, challenges."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, PrivateAttr

from ikon_report.project.base import Id, Item, Point, Priority


class ProcessStep(Item):
    id: Id
    title: str
    description: str
    items: list[Point] = []


class Cell(Item):
    label: str
    count: int = Field(ge=0)
    publish_small: bool = False


class Breakdown(Item):
    id: Id
    title: str
    cells: list[Cell]
    unit: str = "Personen"


class CrossTable(Item):
    """Counts by two dimensions, e.g. gender × migration background."""

    id: Id
    title: str
    rows: list[str]
    columns: list[str]
    counts: list[list[int]]


class Sample(Item):
    id: Id
    kind: Literal["qualitative", "quantitative"]
    title: str
    description: str
    total: int = Field(ge=0)
    method: str | None = None  # how it was collected, e.g. „leitfadengestützte Interviews“
    start: dt.date | None = None  # field period
    end: dt.date | None = None
    invited: int | None = Field(default=None, ge=0)  # people asked; the response rate is total / invited
    breakdowns: list[Breakdown] = []
    cross: list[CrossTable] = []
    sectors: list[str] = []


class Quote(Item):
    text: str
    role: str


class Finding(Item):
    """An interim finding: ``text`` is the consultancy's reading of it (paragraphs), ``points``
    an optional list, ``quotes`` anonymised voices from the survey."""

    id: Id
    topic: str
    text: str | None = None
    points: list[Point] = []
    quotes: list[Quote] = []
    fields: list[Id] = []  # fields of action it concerns
    sources: list[Id] = []  # samples, events or entries of ``sources`` it rests on


class Challenge(Item):
    id: Id
    field: Id
    text: str
    origin: Literal["inventory", "conference"]
    events: list[Id] = []  # the events it came from or was discussed at
    votes: int | None = Field(default=None, ge=0)  # dot votes; None: not recorded (or given in events)
    priority: Priority | None = None  # required unless derived from dot votes by ikon.yaml: priority_rule
    target_groups: list[str] = []
    _priority_derived: bool = PrivateAttr(default=False)
    _derived_from_examples: set[str] = PrivateAttr(default_factory=set)  # votes/priority from invented votes

    def is_illustrative(self, key: str | None = None) -> bool:
        """As for every item; besides, ``votes`` and a derived ``priority`` are invented when an
        illustrative dot vote went into them (``project/priorities.py``)."""
        derived = key is not None and self.illustrative is not True and key in self._derived_from_examples
        return super().is_illustrative(key) or derived

    @property
    def level(self) -> Priority:
        """The priority, given or derived (always set in a validated project)."""
        assert self.priority is not None, f"challenge {self.id} has no priority"
        return self.priority

    @property
    def priority_derived(self) -> bool:
        """Whether ``priority`` was derived from dot votes by the priority rule."""
        return self._priority_derived
