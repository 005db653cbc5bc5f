"""Typed project model: plain data validated by pydantic, no I/O.

Every record keeps the source position it was read from (``record.src``) so that
later stages can report ``path:line`` and trace DOCX bookmarks back to YAML.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from ikon_report.project.vocabulary import HORIZONS, Gender, Horizon, MeasureStatus, ResidenceStatus

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")]
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?")  # what typst (lang, region) and Word accept
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
Priority = Literal["hoch", "mittel", "niedrig"]
PRIORITY_ORDER = {"hoch": 0, "mittel": 1, "niedrig": 2}


class Src(BaseModel):
    """Where a record was read: path relative to the project, 1-based line; ``keys`` and ``items``
    hold the line of each key and of each list item under a key, for precise messages. A record
    read from a workbook has a ``column`` (and ``columns`` per key): ``path`` is the sheet, lines
    are rows."""

    path: str
    line: int
    keys: dict[str, int] = {}
    items: dict[str, list[int]] = {}
    column: str = ""
    columns: dict[str, str] = {}

    def __str__(self) -> str:
        return f"{self.path}!{self.column}{self.line}" if self.column else f"{self.path}:{self.line}"

    def column_of(self, key: str) -> str:
        """The workbook column of ``key`` (else the record's; empty for YAML)."""
        return self.columns.get(key, self.column)

    def line_of(self, key: str, index: int | None = None) -> int:
        """Line of ``key`` (or of its list item ``index``), else the record's line."""
        lines = self.items.get(key, [])
        if index is not None and 0 <= index < len(lines):
            return lines[index]
        return self.keys.get(key, self.line)


class Strict(BaseModel):
    """Base for every data model: unknown keys are errors, strings are stripped, numbers finite
    (``.inf``, ``.nan`` and ``1e400``, which YAML reads as text and Python as infinity, are errors)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False, allow_inf_nan=False)
    _src: Src | None = PrivateAttr(default=None)

    @property
    def src(self) -> Src | None:
        return self._src


class Text(Strict):
    """Marker base: records whose free-text fields must not be empty."""

    @field_validator("*", mode="after")
    @classmethod
    def _not_blank(cls, value: object) -> object:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                if not item.strip():
                    raise ValueError("must not be empty; write the text or remove the key")
                bad = CONTROL.search(item)
                if bad:
                    raise ValueError(f"contains the control character U+{ord(bad.group()):04X}; remove it")
        return value


class Item(Text):
    """Base of every data item (record, section, point, number, figure, photo): ``illustrative``
    marks invented example content, ``true`` for the whole item or a list of the keys whose
    values are invented (``[votes, priority]``). Documents mark it where it stands; ``--final``
    refuses it (``project/final.py``)."""

    illustrative: bool | list[str] = False

    @field_validator("illustrative")
    @classmethod
    def _own_keys(cls, value: bool | list[str]) -> bool | list[str]:
        if isinstance(value, list):
            keys = [k for k in cls.model_fields if k != "illustrative"]
            for key in value:
                if key not in keys:
                    raise ValueError(f"lists keys of this item whose values are invented; {key!r} is not one "
                                     f"(write true for the whole item, or some of: {', '.join(keys)})")
        return value

    def is_illustrative(self, key: str | None = None) -> bool:
        """The whole item is invented (``key`` None), or the value of ``key`` is (not the whole item)."""
        if key is None:
            return self.illustrative is True
        return isinstance(self.illustrative, list) and key in self.illustrative


def _point(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


class Note(Item):
    """One text of a list (a point, an item, a step): a plain string in YAML, or
    ``{text: …, illustrative: true}`` when that one point is invented."""

    text: str


Point = Annotated[Note, BeforeValidator(_point, json_schema_input_type=str | Note)]


class Image(Item):
    file: str
    alt: str
    caption: str | None = None


class Person(Text):
    name: str
    role: str | None = None


# --- project settings (ikon.yaml) -------------------------------------------------------


class Consultation(Text):
    body: str
    date: dt.date
    role: str = "Vorberatung"  # as the council's system words it: „Vorberatung und Empfehlung“, „Entscheidung“ …
    public: bool = True


def _paragraphs(value: object) -> object:
    return [value] if isinstance(value, str) else value


Paragraphs = Annotated[list[Point], BeforeValidator(_paragraphs, json_schema_input_type=str | list[Point])]


class Paper(Text):
    """The committee paper (Vorlage): its form (type, number, date, offices, consultation) and texts."""

    type: str = "Beschlussvorlage"
    number: str
    date: dt.date | None = None  # default: the project's date
    subject: str
    lead_office: str
    offices: list[Point] = []  # beteiligte Ämter
    consultation: list[Consultation] = []
    resolution: str | list[Point]  # a list: numbered points
    reasons: Paragraphs = []
    financial_impact: Paragraphs = []
    attachments: list[Point] = []  # beyond the documents the build writes


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
    outline: list[str] = []
    paper: Paper | None = None
    changes_since: str | None = None  # folder or git revision: appendix "Änderungen gegenüber Version X"

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


class FieldOfAction(Item):
    id: Id
    name: str
    goal: str
    room: str | None = None
    labels: dict[str, str] = {}  # the names as an event showed them (printed beside the field in the concept)
    translations: dict[str, FieldTranslation] = {}  # the name in each edition's language
    order: int = 0
    see: list[Id] = []


class Speaker(Item):
    name: str
    role: str | None = None


class AgendaItem(Item):
    time: str
    title: str
    speakers: list[Speaker] = []
    notes: list[str] = []


class ResultSection(Item):
    number: str
    title: str
    items: list[Point] = []
    sections: list[ResultSection] = []


class Workshop(Item):
    id: Id
    field: Id
    title: str
    room: str
    moderators: list[str] = []
    sections: list[ResultSection] = []
    photos: list[Image] = []


class Conference(Item):
    title: str
    date: dt.date
    venue: str | None = None
    participants: int | None = None
    agenda: list[AgendaItem] = []
    workshops: list[Workshop] = []
    photos: list[Image] = []


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


class Challenge(Item):
    id: Id
    field: Id
    text: str
    origin: Literal["inventory", "conference"]
    votes: int | None = Field(default=None, ge=0)  # dot votes; None: not recorded
    priority: Priority
    target_groups: list[str] = []


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
    status: MeasureStatus = "geplant"
    see: list[Id] = []


class TargetGroup(Strict):
    gender: Gender = "all"
    age_min: int | None = Field(default=None, ge=0, le=120)
    age_max: int | None = Field(default=None, ge=0, le=120)
    residence_status: list[ResidenceStatus] = ["all"]


class ServiceTranslation(Item):
    title: str
    description: str | None = None
    keywords: list[str] = []  # search words in this language (docs/catalogue.md#search)


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
    opening_hours: str | None = None
    costs: str = "kostenlos"
    barrier_free: bool = False
    registration: bool = False
    last_checked: dt.date
    translations: dict[str, ServiceTranslation] = {}


class CategoryTranslation(Item):
    """A category in one language (``categories[].translations.<tag>``): its name and search words."""

    name: str | None = None
    keywords: list[str] = []


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


class IkonProject(BaseModel):
    """Everything one build needs, validated and cross-checked."""

    root: str
    project: Project
    fields: list[FieldOfAction] = []
    process: list[ProcessStep] = []
    conference: Conference | None = None
    samples: list[Sample] = []
    findings: list[Finding] = []
    challenges: list[Challenge] = []
    measures: list[Measure] = []
    services: list[Service] = []
    categories: list[Category] = []
    indicators: list[Indicator] = []
    updates: list[MeasureUpdate] = []
    chapters: list[Chapter] = []

    def field(self, field_id: Id) -> FieldOfAction:
        return next(f for f in self.fields if f.id == field_id)
