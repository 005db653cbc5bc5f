"""Measures, their costs and yearly status updates, and the indicators of the monitoring system."""

from __future__ import annotations

from pydantic import Field, model_validator

from ikon_report.project.base import Id, Item, Priority
from ikon_report.project.vocabulary import HORIZONS, Horizon, MeasureStatus


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

