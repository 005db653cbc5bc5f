"""The coded values of the data format, each defined once (docs/data-format.md lists them).

The model (``model.py``) types its fields with these ``Literal``s; everything else — checks,
content, filters, the Excel round trip, command-line choices — reads the values from here
(``typing.get_args``), so adding a value is a one-line change. This module imports nothing
heavy: the command line loads it at start.
"""

from __future__ import annotations

import re
from typing import Final, Literal, get_args

# Measure statuses in the order a measure passes through them; „zurückgestellt“ (set aside) can follow any.
MeasureStatus = Literal["vorgeschlagen", "geplant", "in Vorbereitung", "begonnen", "laufend", "umgesetzt",
                        "abgeschlossen", "zurückgestellt"]
# Time horizons, in order, by which a measure's costs may be planned instead of budget years.
Horizon = Literal["kurzfristig", "mittelfristig", "langfristig"]
Gender = Literal["all", "female", "male", "diverse"]
ResidenceStatus = Literal["all", "asylum_seeker", "tolerated", "protection", "temporary_protection", "eu_citizen",
                          "settled", "citizen"]
# Generated sections that ``ikon.yaml: outline`` may name, in their default order (documents/concept.py
# makes each; a test keeps both in step).
OutlineSection = Literal["process", "statistics", "survey", "participation", "findings", "fields", "measures",
                         "coverage", "monitoring", "events", "conference", "glossary", "sources", "changes",
                         "contact"]  # conference: the older name of events

MEASURE_STATUSES: tuple[MeasureStatus, ...] = get_args(MeasureStatus)
HORIZONS: tuple[Horizon, ...] = get_args(Horizon)
GENDERS: tuple[Gender, ...] = get_args(Gender)
RESIDENCE_STATUSES: tuple[ResidenceStatus, ...] = get_args(ResidenceStatus)
OUTLINE_SECTIONS: tuple[OutlineSection, ...] = get_args(OutlineSection)
EVERYONE: Final = "all"  # the gender and residence status that includes every other one

# Counts of people below this are never printed (survey tables, monitoring breakdowns).
SMALL_CELL = 5

# Words that mark unfinished text in a chapter: a warning, and an error in a final build.
TODO_MARKERS = ("TODO", "FIXME", "XXX")
TODO = re.compile(r"\b(?:" + "|".join(TODO_MARKERS) + r")\b")
