"""Typed project model: plain data validated by pydantic, no I/O.

Every record keeps the source position it was read from (``record.src``) so that
later stages can report ``path:line`` and trace DOCX bookmarks back to YAML. The base types live
in ``base.py``; the parts in their own modules (``settings``, ``survey``, ``measures``, ``services``,
``events``, ``facts``, ``committee``, ``easy``), re-exported here: this module holds the fields of
action, the chapters and the whole project.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, PrivateAttr, StringConstraints

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
from ikon_report.project.hours import Hours as Hours
from ikon_report.project.measures import Cost as Cost
from ikon_report.project.measures import Indicator as Indicator
from ikon_report.project.measures import IndicatorValue as IndicatorValue
from ikon_report.project.measures import Measure as Measure
from ikon_report.project.measures import MeasureUpdate as MeasureUpdate
from ikon_report.project.services import Category as Category
from ikon_report.project.services import CategoryTranslation as CategoryTranslation
from ikon_report.project.services import Service as Service
from ikon_report.project.services import ServiceTranslation as ServiceTranslation
from ikon_report.project.services import TargetGroup as TargetGroup
from ikon_report.project.settings import LabelFile as LabelFile
from ikon_report.project.settings import Project as Project
from ikon_report.project.settings import Verbatim as Verbatim
from ikon_report.project.survey import Breakdown as Breakdown
from ikon_report.project.survey import Cell as Cell
from ikon_report.project.survey import Challenge as Challenge
from ikon_report.project.survey import CrossTable as CrossTable
from ikon_report.project.survey import Finding as Finding
from ikon_report.project.survey import ProcessStep as ProcessStep
from ikon_report.project.survey import Quote as Quote
from ikon_report.project.survey import Sample as Sample
from ikon_report.project.vocabulary import HORIZONS as HORIZONS
from ikon_report.project.vocabulary import Gender as Gender
from ikon_report.project.vocabulary import Horizon as Horizon
from ikon_report.project.vocabulary import MeasureStatus as MeasureStatus
from ikon_report.project.vocabulary import ResidenceStatus as ResidenceStatus

# --- data/*.yaml: fields of action ----------------------------------------------------------


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
