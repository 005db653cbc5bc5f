"""The committee paper's settings in ikon.yaml (``paper:``): its form, consultation and texts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BeforeValidator

from ikon_report.project.base import Point, Text


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
