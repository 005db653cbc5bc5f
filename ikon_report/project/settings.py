"""Project settings (``ikon.yaml``) and a project's own UI label files (``i18n/<tag>.yaml``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from ikon_report.project.base import LANGUAGE, Image, Strict, Text
from ikon_report.project.committee import Paper
from ikon_report.project.easy import EasyLanguage
from ikon_report.project.events import PriorityRule
from ikon_report.project.facts import Contacts, Inhabitants, Period


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
    measure_profiles_annex_above: int = Field(100, ge=1)  # more measures: their profiles in an annex document
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



Verbatim = Annotated[str, StringConstraints(strip_whitespace=False)]


class LabelFile(Strict):
    """A project's own UI labels for one language (``i18n/<tag>.yaml``): label key → text, a list of
    paragraphs (``intro``) or a mapping of coded values (``gender``, ``residence``, ``bands``).
    Its keys are checked against the package's German labels (``project/translations.py``)."""

    tag: str
    labels: dict[str, Verbatim | list[Verbatim] | dict[str, Verbatim]] = {}  # spaces kept: comma: ", "

