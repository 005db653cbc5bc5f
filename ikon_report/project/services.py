"""The catalogue of services: services, their target groups and translations, categories."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from ikon_report.project.base import Id, Item, Strict
from ikon_report.project.hours import Hours
from ikon_report.project.vocabulary import Gender, ResidenceStatus


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
