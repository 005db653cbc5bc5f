"""Coded values are defined once (project/vocabulary.py); everything else reads them from there."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import click
import pytest
from catalogue_helpers import minden_model

from ikon_report.cli.documents import catalogue
from ikon_report.content.labels import LANGS, Labels
from ikon_report.documents import concept
from ikon_report.documents.catalogue import filters
from ikon_report.documents.catalogue.web import web_data
from ikon_report.exchange import excel
from ikon_report.project import model as m
from ikon_report.project import vocabulary as v

PACKAGE = Path(v.__file__).resolve().parents[1]


def _choices(annotation: object) -> tuple:
    while typing.get_origin(annotation) is list:
        annotation = typing.get_args(annotation)[0]
    return typing.get_args(annotation)


def test_the_model_types_its_fields_with_the_vocabulary():
    assert _choices(m.Measure.model_fields["status"].annotation) == v.MEASURE_STATUSES
    assert _choices(m.MeasureUpdate.model_fields["status"].annotation) == v.MEASURE_STATUSES
    horizon = [a for a in typing.get_args(m.Cost.model_fields["horizon"].annotation) if a is not type(None)]
    assert typing.get_args(horizon[0]) == v.HORIZONS
    assert _choices(m.TargetGroup.model_fields["gender"].annotation) == v.GENDERS
    assert _choices(m.TargetGroup.model_fields["residence_status"].annotation) == v.RESIDENCE_STATUSES


def test_filters_excel_and_command_line_choices_come_from_the_vocabulary():
    assert tuple(g for g in v.GENDERS if g != "all") == filters.GENDERS
    assert tuple(s for s in v.RESIDENCE_STATUSES if s != "all") == filters.STATUSES
    assert tuple(excel.GENDERS) == v.GENDERS and tuple(excel.STATUSES) == v.RESIDENCE_STATUSES
    options = {p.name: p.type for p in catalogue.params if isinstance(p.type, click.Choice)}
    assert tuple(options["gender"].choices) == filters.GENDERS
    assert tuple(options["status"].choices) == filters.STATUSES
    assert list(concept.SECTIONS) == list(v.OUTLINE_SECTIONS)


def test_the_web_edition_offers_the_same_choices():
    data = web_data(minden_model(), final=False)
    assert (data["genders"], data["statuses"]) == (list(filters.GENDERS), list(filters.STATUSES))


@pytest.mark.parametrize("lang", LANGS)
def test_every_gender_and_status_has_a_label(lang):
    labels = Labels(lang).table()
    assert set(labels["gender"]) >= set(v.GENDERS)
    assert set(labels["residence"]) >= set(v.RESIDENCE_STATUSES)


def test_todo_markers_are_words():
    assert all(v.TODO.search(f"noch {marker}: prüfen") for marker in v.TODO_MARKERS)
    assert not v.TODO.search("TODOS und XXXL")


def test_no_module_re_lists_the_values():
    """Quoted values of the vocabulary appear nowhere else in the package (a default is allowed, and a
    mapping from each value to a label or another vocabulary's term: ``"female": "https://schema.org/Female"``)."""
    values = {*v.MEASURE_STATUSES, *v.HORIZONS, *v.GENDERS, *v.RESIDENCE_STATUSES, *v.TODO_MARKERS} - {"all"}
    pattern = re.compile("|".join(rf"[\"']{re.escape(value)}[\"'](?!\s*:)|\b{value}\|" for value in values))
    found = []
    for file in [*PACKAGE.rglob("*.py"), *(PACKAGE / "resources" / "templates").glob("*.js")]:  # not vendored code
        if file.name == "vocabulary.py":
            continue
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line) and "= \"geplant\"" not in line:  # the model's default status
                found.append(f"{file.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert found == []
