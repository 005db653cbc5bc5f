"""What the whole-project checks read of a service, as small flat facts.

A services file is most of a large project's data (3,000 services: 80 % of the YAML), and the
cross-checks read little of each service: its id and position, the fields and the category it
names, when it was last checked, the languages it is translated into, and its text (for the
glossary). The problems that depend on the service alone (its language tags, outdated
translations) are found once, with the facts. The check cache keeps the facts of each file's
services beside its records, so that ``check`` after an edit reads the facts of the unchanged
files, not their records (``validate.load_project(records=False)``); the checks run over the facts
in every case (``crosscheck``), so the answer is the same with or without the cache.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ikon_report.errors import Problem
from ikon_report.project import model as m
from ikon_report.project.glyphs import record_glyph_problems
from ikon_report.project.translation_units import service_outdated
from ikon_report.project.translations import service_tags


@dataclass(frozen=True)
class ServiceFacts:
    """One service as the cross-checks see it. ``problems``: those of the service alone; ``glyphs``:
    the characters of its texts the package's fonts cannot show (``glyphs.glyph_problems``);
    ``text``: its texts as ``texts_of`` walks them, joined by line breaks (None: it has none)."""

    id: str
    src: m.Src | None
    fields: tuple[str, ...]
    category: str
    last_checked: dt.date
    translations: frozenset[str]
    problems: tuple[Problem, ...]
    glyphs: tuple[Problem, ...]
    text: str | None


def service_facts(s: m.Service) -> ServiceFacts:
    """The facts of a validated service."""
    texts = list(texts_of(s.model_dump()))
    return ServiceFacts(s.id, s.src, tuple(s.fields), s.category, s.last_checked, frozenset(s.translations),
                        (*service_tags(s), *service_outdated(s)), tuple(record_glyph_problems(s, set("".join(texts)))),
                        "\n".join(texts) if texts else None)


def texts_of(value: object) -> Iterator[str]:
    """The text values inside a dumped model, depth first from the last value (the order the
    glossary check joins them in)."""
    stack: list[object] = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
