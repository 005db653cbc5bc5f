"""Typed project model: plain data validated by pydantic, no I/O.

Every record keeps the source position it was read from (``record.src``) so that
later stages can report ``path:line`` and trace DOCX bookmarks back to YAML. The base types live
in ``base.py``, the participation process (events, workshops, dot votes) in ``events.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field, PrivateAttr, StringConstraints, field_validator, model_validator

from ikon_report.project.base import CONTROL as CONTROL
from ikon_report.project.base import LANGUAGE as LANGUAGE
from ikon_report.project.base import PRIORITY_ORDER as PRIORITY_ORDER
from ikon_report.project.base import Id as Id
from ikon_report.project.base import Image as Image
from ikon_report.project.base import Item as Item
from ikon_report.project.base import Note as Note
from ikon_report.project.base import Person as Person
from ikon_report.project.base import Point as Point
from ikon_report.project.base import Priority as Priority
from ikon_report.project.base import Src as Src
from ikon_report.project.base import Strict as Strict
from ikon_report.project.base import Text as Text
from ikon_report.project.committee import Consultation as Consultation
from ikon_report.project.committee import Paper as Paper
from ikon_report.project.easy import EasyDocument as EasyDocument
from ikon_report.project.easy import EasyLanguage as EasyLanguage
from ikon_report.project.easy import EasyReview as EasyReview
from ikon_report.project.easy import EasyText as EasyText
from ikon_report.project.events import AgendaItem as AgendaItem
from ikon_report.project.events import Event as Event
from ikon_report.project.events import PriorityRule as PriorityRule
from ikon_report.project.events import ResultSection as ResultSection
from ikon_report.project.events import Speaker as Speaker
from ikon_report.project.events import Vote as Vote
from ikon_report.project.events import Workshop as Workshop
from ikon_report.project.facts import Contact as Contact
from ikon_report.project.facts import Contacts as Contacts
from ikon_report.project.facts import Inhabitants as Inhabitants
from ikon_report.project.facts import Period as Period
from ikon_report.project.facts import SourceEntry as SourceEntry
from ikon_report.project.facts import Statistic as Statistic
from ikon_report.project.facts import StatValue as StatValue
from ikon_report.project.facts import Term as Term
from ikon_report.project.hours import Hours
from ikon_report.project.vocabulary import HORIZONS, Gender, Horizon, MeasureStatus, ResidenceStatus

# --- project settings (ikon.yaml) -------------------------------------------------------


class Project(Text):
    city: str
    title: str
    subtitle: str | None = None
    short_title: str = "IKON"
    client: str
    contractor: str
    authors: list[str] = []
    version: str
    status: Literal["draft", "final"] = "draft"
    date: dt.date
    language: str = Field("de-DE", json_schema_extra={"pattern": LANGUAGE.pattern})  # checked below
    languages: list[str] = ["de"]
    logo: Image | None = None
    accent_color: str = Field("#005a8c", json_schema_extra={"pattern": "^#[0-9A-Fa-f]{6}$"})  # checked below
    imprint: list[str] = []
    period: Period | None = None  # Laufzeit of the concept
    inhabitants: Inhabitants | None = None
    contacts: Contacts = Contacts()
    distribution: str | None = None  # Verteiler- or Vertraulichkeitshinweis
    outline: list[str] = []
    paper: Paper | None = None
    priority_rule: PriorityRule | None = None  # challenge priorities from dot votes (events.py)
    changes_since: str | None = None  # folder or git revision: appendix "Änderungen gegenüber Version X"
    catalogue_volumes_above: int = Field(500, ge=1)  # more services: the print catalogue in volumes by field
    easy: EasyLanguage | None = None  # Leichte Sprache editions (docs/easy-language.md)

    @field_validator("accent_color")
    @classmethod
    def _hex(cls, value: str) -> str:
        if len(value) != 7 or value[0] != "#" or any(c not in "0123456789abcdefABCDEF" for c in value[1:]):
            raise ValueError("must be a colour like '#005a8c'")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not LANGUAGE.fullmatch(value):
            raise ValueError("must be a language code like 'de-DE' or 'de' (language, then the country in capitals)")
        return value


# --- data/*.yaml ----------------------------------------------------------------------------


class FieldTranslation(Item):
    """A field's name in one language (``fields[].translations.<tag>``)."""

    name: str
    source_hashes: dict[str, str] = {}  # as in ServiceTranslation


class FieldOfAction(Item):
    id: Id
    name: str
    goal: str
    room: str | None = None
    labels: dict[str, str] = {}  # the names as an event showed them (printed beside the field in the concept)
    translations: dict[str, FieldTranslation] = {}  # the name in each edition's language
    order: int = 0
    see: list[Id] = []


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


class Cost(Item):
    """Expected costs of a measure for a budget ``year`` or, where the concept plans by time
    horizon rather than by year, for a ``horizon``."""

    year: int | None = None
    horizon: Horizon | None = None
    amount: float = Field(ge=0)
    funding: str | None = None

    @model_validator(mode="after")
    def _one_period(self) -> Cost:
        if (self.year is None) == (self.horizon is None):
            raise ValueError(f"give either 'year' (a budget year) or 'horizon' ({', '.join(HORIZONS)}) for each "
                             "cost, not both or neither")
        return self

    @property
    def period(self) -> int | str:
        """The budget year, or the horizon."""
        return self.year if self.year is not None else str(self.horizon)


class Measure(Item):
    id: Id
    field: Id
    title: str
    goal: str
    description: str
    challenges: list[Id] = []
    target_groups: list[str] = []
    lead: str | None = None
    partners: list[str] = []
    first_steps: list[str] = []
    time_frame: str
    priority: Priority
    costs: list[Cost] = []
    funding: str | None = None
    indicators: list[Id] = []
    events: list[Id] = []  # the events (e.g. expert workshops) it was developed at
    status: MeasureStatus = "geplant"
    see: list[Id] = []


class TargetGroup(Strict):
    gender: Gender = "all"
    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120)
    residence_status: list[ResidenceStatus] = ["all"]


class ServiceTranslation(Item):
    """A service's texts in one language (the title at least); what is missing shows in German. ``source_hashes`` holds,
    per translated key, a hash of the German text it was translated from (``translations``
    commands; docs/translations.md): a changed German text makes the translation outdated."""

    title: str
    description: str | None = None
    keywords: list[str] = []  # search words in this language (docs/catalogue.md#search)
    hours_note: str | None = None  # the opening hours' note in this language
    source_hashes: dict[str, str] = {}


class Service(Item):
    id: Id
    title: str
    provider: str
    fields: list[Id]
    category: str
    description: str
    keywords: list[str] = []  # words people search for that the texts do not contain
    target: TargetGroup = TargetGroup()
    languages: list[str] = ["de"]
    district: str
    address: str
    contact: str
    opening_hours: Hours | None = None  # structured, or the older free text (its note)
    costs: str = "kostenlos"
    barrier_free: bool | None = None  # None: not known, printed „keine Angabe“
    registration: bool | None = None  # None: not known
    last_checked: dt.date
    translations: dict[str, ServiceTranslation] = {}


class CategoryTranslation(Item):
    """A category in one language (``categories[].translations.<tag>``): its name and search words."""

    name: str | None = None
    keywords: list[str] = []
    source_hashes: dict[str, str] = {}  # as in ServiceTranslation


class Category(Item):
    """Search words shared by every service of one category (``data/categories.yaml``)."""

    name: str  # the German category name, exactly as services write it
    keywords: list[str] = []
    translations: dict[str, CategoryTranslation] = {}


class IndicatorValue(Item):
    year: int
    value: float
    breakdown: dict[str, float] = {}


class Indicator(Item):
    id: Id
    field: Id
    name: str
    definition: str
    unit: str
    source: str
    breakdowns: list[str] = []
    frequency: str = "jährlich"
    baseline: float
    baseline_year: int
    target: float
    target_year: int
    measures: list[Id] = []
    values: list[IndicatorValue] = []


class MeasureUpdate(Item):
    measure: Id
    year: int
    status: MeasureStatus
    note: str


class Chapter(Strict):
    """A Markdown chapter: front matter plus body (kept as Markdown source)."""

    id: Id
    title: str
    order: int
    body: Annotated[str, StringConstraints(strip_whitespace=False)] = ""  # verbatim: lines count from body_line
    appendix: bool = False
    path: str = ""
    body_line: int = 1
    images: list[str] = []  # the image files it shows, relative to the project (set by ``check``)
    _blocks: list | None = PrivateAttr(default=None)

    @property
    def blocks(self) -> list | None:
        """The body as pandoc blocks, image paths absolute (set by ``check`` when it found no problem)."""
        return self._blocks

    def keep(self, blocks: list, images: list[str]) -> None:
        """Remember what ``check`` read: the body's blocks and its image files."""
        self._blocks, self.images = blocks, images


Verbatim = Annotated[str, StringConstraints(strip_whitespace=False)]


class LabelFile(Strict):
    """A project's own UI labels for one language (``i18n/<tag>.yaml``): label key → text, a list of
    paragraphs (``intro``) or a mapping of coded values (``gender``, ``residence``, ``bands``).
    Its keys are checked against the package's German labels (``project/translations.py``)."""

    tag: str
    labels: dict[str, Verbatim | list[Verbatim] | dict[str, Verbatim]] = {}  # spaces kept: comma: ", "


class IkonProject(BaseModel):
    """Everything one build needs, validated and cross-checked."""

    root: str
    project: Project
    fields: list[FieldOfAction] = []
    process: list[ProcessStep] = []
    events: list[Event] = []
    samples: list[Sample] = []
    findings: list[Finding] = []
    challenges: list[Challenge] = []
    measures: list[Measure] = []
    services: list[Service] = []
    categories: list[Category] = []
    indicators: list[Indicator] = []
    updates: list[MeasureUpdate] = []
    statistics: list[Statistic] = []
    glossary: list[Term] = []
    sources: list[SourceEntry] = []
    easy: list[EasyText] = []
    chapters: list[Chapter] = []
    i18n: dict[str, LabelFile] = {}  # the project's own label files by language tag

    def field(self, field_id: Id) -> FieldOfAction:
        return next(f for f in self.fields if f.id == field_id)

    def event(self, event_id: Id) -> Event:
        return next(e for e in self.events if e.id == event_id)
