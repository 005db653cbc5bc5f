"""Matching rules of filtered catalogue editions (docs/catalogue.md), on made-up services and on Minden."""

from __future__ import annotations

import datetime as dt

import pytest
from catalogue_helpers import minden_model

from ikon_report.documents.catalogue.filters import AgeRange, Filter, matches, parse_age, resolve, select, slug
from ikon_report.errors import UsageError
from ikon_report.project.model import Service, TargetGroup


@pytest.fixture
def minden_project():
    return minden_model()


def service(**target) -> Service:
    return Service(id="S-1", title="Angebot", provider="Träger", fields=["ZT"], category="Beratung",
                   description="Text", target=TargetGroup(**target), languages=["de", "ar"], district="Innenstadt",
                   address="Weg 1", contact="Tel. 1", last_checked=dt.date(2020, 1, 1))


@pytest.mark.parametrize(("text", "expected"), [
    ("30", AgeRange(30, 30)), ("18-26", AgeRange(18, 26)), ("18–26", AgeRange(18, 26)), (" 65- ", AgeRange(65, 120)),
    ("-12", AgeRange(0, 12)), ("0", AgeRange(0, 0)), ("12 bis 17", AgeRange(12, 17)),
])
def test_parse_age(text, expected):
    assert parse_age(text) == expected


@pytest.mark.parametrize("text", ["", "-", "abc", "30-20", "18-200", "1-2-3", "12x"])
def test_parse_age_rejects_nonsense(text):
    with pytest.raises(UsageError, match="--age"):
        parse_age(text)


@pytest.mark.parametrize(("target", "flt", "expected"), [
    # gender: a service for all genders matches every requested gender
    ({"gender": "all"}, Filter(gender=("female",)), True),
    ({"gender": "female"}, Filter(gender=("female",)), True),
    ({"gender": "female"}, Filter(gender=("male",)), False),
    ({"gender": "female"}, Filter(gender=("male", "female")), True),
    # age: ranges overlap, bounds inclusive, missing bounds open
    ({"age_min": 12, "age_max": 27}, Filter(age=AgeRange(27, 27)), True),
    ({"age_min": 12, "age_max": 27}, Filter(age=AgeRange(28, 28)), False),
    ({"age_min": 12, "age_max": 27}, Filter(age=AgeRange(5, 12)), True),
    ({"age_min": 12, "age_max": 27}, Filter(age=AgeRange(0, 11)), False),
    ({"age_min": 60}, Filter(age=AgeRange(90, 90)), True),
    ({"age_max": 6}, Filter(age=AgeRange(0, 0)), True),
    ({}, Filter(age=AgeRange(120, 120)), True),
    # residence status: "all" matches any status
    ({"residence_status": ["all"]}, Filter(status=("tolerated",)), True),
    ({"residence_status": ["asylum_seeker", "tolerated"]}, Filter(status=("tolerated",)), True),
    ({"residence_status": ["asylum_seeker"]}, Filter(status=("eu_citizen",)), False),
    ({"residence_status": ["asylum_seeker"]}, Filter(status=("eu_citizen", "asylum_seeker")), True),
    # language, field, district
    ({}, Filter(language=("ar",)), True),
    ({}, Filter(language=("ti",)), False),
    ({}, Filter(field=("ZT",)), True),
    ({}, Filter(field=("BIL",)), False),
    ({}, Filter(district=("innenstadt",)), True),
    ({}, Filter(district=("Bärenkämpen",)), False),
    # options combine with AND
    ({"gender": "female", "age_min": 16}, Filter(gender=("female",), age=AgeRange(10, 15)), False),
    ({"gender": "female", "age_min": 16}, Filter(gender=("female",), age=AgeRange(10, 16), language=("ar",)), True),
])
def test_matching_rules(target, flt, expected):
    assert matches(service(**target), flt) is expected


def test_no_filter_matches_everything(minden_project):
    assert select(minden_project, Filter()) == minden_project.services


def test_minden_female_edition_is_all_gender_plus_female_services(minden_project):
    chosen = select(minden_project, Filter(gender=("female",)))
    assert [s.id for s in chosen] == [s.id for s in minden_project.services if s.target.gender in ("all", "female")]
    assert any(s.target.gender == "female" for s in chosen)
    assert not any(s.target.gender == "male" for s in chosen)


def test_resolve_accepts_names_and_reports_unknown_values(minden_project):
    flt = resolve(minden_project, Filter(field=("wohnen", "ZT"), district=("innenstadt",)))
    assert flt.field == ("WOH", "ZT") and flt.district == ("Innenstadt",)
    with pytest.raises(UsageError) as exc:
        resolve(minden_project, Filter(field=("XYZ",), district=("Innenstat",), language=("xx",)))
    message = str(exc.value)
    assert "--field 'XYZ'" in message and "did you mean 'Innenstadt'" in message and "--language 'xx'" in message


def test_slug_names_the_filter():
    assert slug(Filter(gender=("female",), age=AgeRange(18, 26), language=("ar",))) == "female_age-18-26_ar"
    assert slug(Filter(district=("Rechtes Weserufer",))) == "Rechtes-Weserufer"
