"""The participation process as data: events (conference, expert workshops, citizens' forums …)
with agenda, input, workshops and their structured results, dot votes and photos.

Times are data (``"17:00"``), formatted once by ``german.time``. The priority rule of
``ikon.yaml`` (``PriorityRule``) turns dot votes into challenge priorities (``project/priorities.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from ikon_report.project.base import Id, Image, Item, Point, Priority, Text

TIME = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")
EVENT_KINDS = ("conference", "workshop", "expert_workshop", "citizens_forum", "online", "steering_group",
               "committee", "other")
EventKind = Literal["conference", "workshop", "expert_workshop", "citizens_forum", "online", "steering_group",
                    "committee", "other"]


def _time(value: str) -> str:
    """``17:00`` (also ``9:30``, ``17.00``) → ``17:00``; anything else is an error that says how to write it."""
    match = TIME.fullmatch(value.strip())
    if not match:
        hint = " without „Uhr“ (the documents add it)" if "uhr" in value.lower() else ""
        raise ValueError(f"'{value}' is not a time; write a 24-hour time like '17:00'{hint}")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


Time = Annotated[str, AfterValidator(_time)]


class Speaker(Item):
    name: str
    role: str | None = None


def _participants(value: object) -> object:
    return {"count": value} if isinstance(value, int) and not isinstance(value, bool) else value


class Participants(Item):
    """How many took part and who: ``count_is`` says whether the count is exact, about or a minimum."""

    count: int | None = Field(default=None, ge=0)
    count_is: Literal["exact", "about", "more_than"] = "exact"
    description: str | None = None


class AgendaItem(Item):
    time: Time
    end: Time | None = None
    title: str
    speakers: list[Speaker] = []
    notes: list[Point] = []


class ResultSection(Item):
    """A section of results or of an input, numbered as documented (``I.``, ``I.I``); it may show
    records of the project (``records``: process steps, samples, findings, fields, challenges, measures)."""

    number: str | None = None
    title: str
    text: str | None = None
    items: list[Point] = []
    records: list[Id] = []
    sections: list[ResultSection] = []


class Vote(Item):
    """The dot votes one challenge received."""

    challenge: Id
    dots: int = Field(ge=0)


class Voting(Item):
    """How dots were given, printed with the results (``dots_per_person`` optional)."""

    rule: str
    dots_per_person: int | None = Field(default=None, ge=1)


class Workshop(Item):
    id: Id
    field: Id | None = None
    title: str
    room: str | None = None
    time: Time | None = None
    end: Time | None = None
    moderators: list[str] = []
    participants: Annotated[Participants | None, BeforeValidator(_participants)] = None
    labels: dict[str, str] = {}  # the field's multilingual labels as shown at the event (slides' own wording)
    sections: list[ResultSection] = []
    votes: list[Vote] = []
    photos: list[Image] = []


class Presentation(Item):
    """The input of an event (a talk with slides): its title, speakers and sections."""

    title: str
    speakers: list[Speaker] = []
    sections: list[ResultSection] = []


class Event(Item):
    id: Id
    kind: EventKind
    title: str
    short_title: str | None = None
    date: dt.date
    until: dt.date | None = None
    start: Time | None = None
    end: Time | None = None
    venue: str | None = None
    participants: Annotated[Participants | None, BeforeValidator(_participants)] = None
    moderation: list[str] = []
    description: str | None = None
    agenda: list[AgendaItem] = []
    input: Presentation | None = None
    workshops: list[Workshop] = []
    voting: Voting | None = None
    votes: list[Vote] = []
    sections: list[ResultSection] = []
    photos: list[Image] = []

    @model_validator(mode="after")
    def _order(self) -> Event:
        if self.until is not None and self.until < self.date:
            raise ValueError(f"'until' ({self.until}) is before 'date' ({self.date})")
        return self

    def all_votes(self) -> list[tuple[Workshop | None, Vote]]:
        """Every dot vote of the event, with the workshop it was given in (None: the event itself)."""
        return [(None, v) for v in self.votes] + [(ws, v) for ws in self.workshops for v in ws.votes]


class ConferenceAgendaItem(Item):
    """An agenda item of the older ``conference:`` (time as printed, e.g. ``17:00 Uhr``)."""

    time: str
    title: str
    speakers: list[Speaker] = []
    notes: list[Point] = []


class Conference(Item):
    """The older single ``conference:`` mapping. It loads as an event (``sources.conference_event``);
    this model describes it for the JSON Schema of old data files."""

    title: str
    date: dt.date
    venue: str | None = None
    participants: int | None = Field(default=None, ge=0)
    agenda: list[ConferenceAgendaItem] = []
    workshops: list[Workshop] = []
    photos: list[Image] = []


class PriorityRule(Text):
    """``ikon.yaml: priority_rule``: challenge priorities from dot votes, by ``thresholds`` (at least
    this many dots) or by ``ranks`` (the first n challenges of each field of action); the rest is niedrig."""

    thresholds: dict[Literal["hoch", "mittel"], int] | None = None
    ranks: dict[Literal["hoch", "mittel"], int] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> PriorityRule:
        given = [rule for rule in (self.thresholds, self.ranks) if rule is not None]
        if len(given) != 1:
            raise ValueError("give either 'thresholds' (e.g. {hoch: 10, mittel: 5}) or 'ranks' "
                             "(e.g. {hoch: 3, mittel: 6}), not both and not neither")
        rule = given[0]
        if any(n < 1 for n in rule.values()):
            raise ValueError("the numbers of a priority rule must be at least 1")
        if "hoch" in rule and "mittel" in rule:
            high, mid = rule["hoch"], rule["mittel"]
            if (self.thresholds is not None and high <= mid) or (self.ranks is not None and high >= mid):
                raise ValueError("'hoch' must ask for more dots (thresholds) or a better rank (ranks) than 'mittel'")
        return self

    def priority(self, dots: int, rank: int) -> Priority:
        """The priority of a challenge with ``dots`` votes at ``rank`` (1 = most dots in its field)."""
        for level in ("hoch", "mittel"):
            if self.thresholds is not None and level in self.thresholds and dots >= self.thresholds[level]:
                return level
            if self.ranks is not None and level in self.ranks and rank <= self.ranks[level]:
                return level
        return "niedrig"
