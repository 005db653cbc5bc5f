"""Leichte Sprache in the model (docs/easy-language.md): texts written by people, never made by the
tool from other fields — per service and per field of action (``data/*.yaml: easy``), and the two
booklets' own texts with the review by Prüflesende (``ikon.yaml: easy``)."""

from __future__ import annotations

import datetime as dt

from pydantic import model_validator

from ikon_report.project.base import Id, Image, Item, Text


class EasyText(Item):
    """A service (catalogue) or a field of action (concept summary) in Leichte Sprache (``data/*.yaml:
    easy``): a title, its lines, one statement each, and an optional pictogram."""

    service: Id | None = None
    field: Id | None = None
    title: str
    text: list[str]
    pictogram: Image | None = None

    @model_validator(mode="after")
    def _one_record(self) -> EasyText:
        if (self.service is None) == (self.field is None):
            raise ValueError("give either 'service' (a service id: the catalogue) or 'field' (a field id: the "
                             "concept summary), not both or neither")
        return self


class EasyReview(Text):
    """Who checked the Leichte-Sprache texts (Prüflesende, the people they are written for) and when."""

    by: str
    date: dt.date


class EasyDocument(Item):
    """A Leichte-Sprache document's own texts: title, lines before and after the records, the review."""

    title: str
    intro: list[str] = []
    closing: list[str] = []
    review: EasyReview | None = None


class EasyLanguage(Item):
    """``easy:`` in ikon.yaml: the Leichte-Sprache catalogue and concept summary, each built when given."""

    catalogue: EasyDocument | None = None
    summary: EasyDocument | None = None
