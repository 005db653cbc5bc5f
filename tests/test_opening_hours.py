"""Structured opening hours (Integreat's shape): loading, errors at path:line, every edition in its
language through CLDR (PDF, DOCX, web, JSON-LD), the older free text and the Excel cell."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from pathlib import Path

import jsonschema
import pytest
from babel.dates import format_interval, get_day_names
from babel.lists import format_list
from catalogue_helpers import small_project
from docx import Document

from conftest import EXAMPLES, LINDENFELD, ROOT, Example, pdf_text, run_cli
from ikon_report.content.hours import week_lines
from ikon_report.content.labels import Labels
from ikon_report.documents.catalogue.opendata import services_jsonld
from ikon_report.documents.catalogue.web import web_data
from ikon_report.exchange.hours_cell import from_cell, to_cell
from ikon_report.project.hours import OpeningHours, integreat_week
from ikon_report.project.validate import load_project

SERVICE = """\
  - id: S-1
    title: Beratung
    provider: Stadt
    fields: [ZT]
    category: Beratung
    description: Offen für alle.
    district: Innenstadt
    address: Am Markt 1
    contact: info@stadt.de
    last_checked: 2020-01-01
"""

# Integreat's JSON schema for a location's opening hours (integreat-cms, cms/constants/opening_hours.py)
INTEGREAT = {
    "type": "array", "minItems": 7, "maxItems": 7,
    "items": {"type": "object", "required": ["allDay", "closed", "appointmentOnly", "timeSlots"],
              "properties": {"allDay": {"type": "boolean"}, "closed": {"type": "boolean"},
                             "appointmentOnly": {"type": "boolean"},
                             "timeSlots": {"type": "array", "items": {
                                 "type": "object", "required": ["end", "start"],
                                 "properties": {"end": {"pattern": "^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$"},
                                                "start": {"pattern": "^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$"}}}}}},
}

HOURS = {"days": {"monday": ["09:00-12:00"], "tuesday": ["09:00-12:00"],
                  "thursday": ["09:00-12:00", "14:00-17:00"], "saturday": {"all_day": True},
                  "sunday": {"closed": True}},
         "by_appointment": True, "closed_on_public_holidays": True, "note": "Gruppen nach Aushang"}


def project_with(tmp_path: Path, hours_yaml: str, extra: str = "") -> Path:
    body = SERVICE + textwrap.indent(textwrap.dedent(hours_yaml), "    ") + extra
    return small_project(tmp_path / "p", "services:\n" + body)


def test_structured_hours_and_the_older_free_text_load(tmp_path):
    root = project_with(tmp_path, """\
        opening_hours:
          days:
            monday: ["9:00-12:00"]
            thursday: ["09:00–12:00", {start: "14:00", end: "17:00"}]
            friday: {appointment_only: true}
          by_appointment: true
          closed_on_public_holidays: true
          note: "Gruppen <nach> & {{ Aushang }}"
        """)
    model, problems = load_project(root)
    assert [p for p in problems if p.severity == "error"] == []
    hours = model.services[0].opening_hours
    assert hours is not None
    assert [(d, [(s.start, s.end) for s in h.time_slots]) for d, h in hours.week()] == [
        ("monday", [("09:00", "12:00")]), ("thursday", [("09:00", "12:00"), ("14:00", "17:00")]), ("friday", [])]
    assert hours.days["friday"].appointment_only and hours.by_appointment and hours.closed_on_public_holidays
    assert hours.note == "Gruppen <nach> & {{ Aushang }}"
    old = load_project(project_with(tmp_path / "old", "opening_hours: Mo–Fr 9–12 Uhr\n"))[0]
    assert old.services[0].opening_hours == OpeningHours(note="Mo–Fr 9–12 Uhr")


@pytest.mark.parametrize(("hours", "message"), [
    ("opening_hours:\n  days:\n    monday: [{start: 900, end: '12:00'}]\n", "write the time as hours:minutes"),
    ("opening_hours:\n  days:\n    monday: ['12:00-09:00']\n", "ends (09:00) before it starts (12:00)"),
    ("opening_hours:\n  days:\n    monday: ['09:00-12:00', '11:00-13:00']\n", "overlap"),
    ("opening_hours:\n  days:\n    montag: ['09:00-12:00']\n", "monday"),
    ("opening_hours:\n  days:\n    monday: ['9 bis 12']\n", "a time slot is written '09:00-12:00'"),
    ("opening_hours:\n  days:\n    monday: {}\n", "say when"),
    ("opening_hours:\n  days:\n    monday: {closed: true, all_day: true}\n", "a closed day"),
    ("opening_hours: {}\n", "give days, by_appointment: true or a note"),
])
def test_mistakes_are_errors_at_their_line(tmp_path, hours, message):
    root = project_with(tmp_path, hours)
    proc = run_cli("check", str(root))
    assert proc.returncode == 1
    assert re.search(r"^data/services\.yaml:1[1-4]: error: .*" + re.escape(message), proc.stdout + proc.stderr,
                     re.M), proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("lang", ["de", "en", "ar", "fa", "uk", "ru", "tr", "ti"])
def test_every_language_renders_the_week_from_cldr(lang):
    lb = Labels(lang)
    lines = week_lines(OpeningHours.model_validate(HOURS), lb)
    loc = lb.locale.replace("-", "_")
    day = get_day_names("abbreviated", locale=loc)
    slot = format_interval(dt.time(9), dt.time(12), "Hm", locale=loc)
    late = format_interval(dt.time(14), dt.time(17), "Hm", locale=loc)
    clean = [re.sub("[\u2068\u2069]", "", line) for line in lines]
    assert clean[0] == lb("hours_line", days=format_list([day[0], day[1]], locale=loc), when=slot)
    assert clean[1] == lb("hours_line", days=day[3], when=format_list([slot, late], locale=loc))
    assert clean[2] == lb("hours_line", days=day[5], when=lb("hours_all_day"))
    assert clean[3:] == [lb("hours_also_appointment"), lb("hours_holidays_closed")]
    assert not any(day[6] in line for line in clean)  # a closed day is not listed
    if lang != "de":
        assert not any(word in " ".join(clean) for word in ("Uhr", "Mo.", "Do.", "Vereinbarung"))


def test_german_wording():
    lines = week_lines(OpeningHours.model_validate({"days": {d: ["08:30-12:45"] for d in (
        "monday", "tuesday", "wednesday", "thursday", "friday")}, "by_appointment": True}), Labels("de"))
    assert [line.replace("\u2009", " ") for line in lines] == ["Mo. – Fr.: 08:30–12:45 Uhr", "Auch nach Vereinbarung"]


def test_integreat_shape_validates_against_integreats_schema():
    for root in EXAMPLES.values():
        for s in load_project(root)[0].services:
            if s.opening_hours is not None:
                jsonschema.validate(integreat_week(s.opening_hours), INTEGREAT)
    week = integreat_week(OpeningHours.model_validate(HOURS))
    assert week[0] == {"allDay": False, "closed": False, "appointmentOnly": False,
                       "timeSlots": [{"start": "09:00", "end": "12:00"}]}
    assert week[2]["closed"] and week[5]["allDay"] and week[6]["closed"]


@pytest.mark.parametrize("root", [ROOT, LINDENFELD], ids=["minden", "lindenfeld"])
def test_examples_have_structured_hours_and_the_excel_cell_is_lossless(root):
    services = load_project(root)[0].services
    structured = [s for s in services if s.opening_hours and s.opening_hours.structured]
    assert len(structured) >= 20  # converted where the text was regular
    for s in services:
        if s.opening_hours is not None:
            assert from_cell(to_cell(s.opening_hours)) == s.opening_hours, s.id
    assert from_cell(to_cell(OpeningHours.model_validate(HOURS))) == OpeningHours.model_validate(HOURS)
    note = OpeningHours(note="Mo 09:00-12:00")  # a note that reads like hours stays a note
    assert to_cell(note) == "Hinweis: Mo 09:00-12:00" and from_cell(to_cell(note)) == note
    assert from_cell("jeden ersten Samstag im Monat") == OpeningHours(note="jeden ersten Samstag im Monat")


@pytest.mark.parametrize("root", [ROOT, LINDENFELD], ids=["minden", "lindenfeld"])
def test_json_ld_has_days_opens_and_closes(root):
    model = load_project(root)[0]
    graph = {n["identifier"]: n for n in services_jsonld(model)["@graph"]}
    s = next(s for s in model.services if s.opening_hours and s.opening_hours.week())
    specs = graph[s.id]["hoursAvailable"]
    name, day = next((n, d) for n, d in s.opening_hours.week() if d.time_slots)
    slot = day.time_slots[0]
    assert any(f"https://schema.org/{name.capitalize()}" in spec.get("dayOfWeek", [])
               and spec["opens"] == slot.start and spec["closes"] == slot.end for spec in specs)
    noted = next(x for x in model.services if x.opening_hours and not x.opening_hours.structured)
    assert graph[noted.id]["hoursAvailable"] == [{"@type": "OpeningHoursSpecification", "description": [
        {"@language": "de", "@value": noted.opening_hours.note}]}]  # no translation of the note: German only


def test_json_ld_holidays_and_appointments():
    node = {"opening_hours": HOURS}
    hours = OpeningHours.model_validate(node["opening_hours"])
    from ikon_report.documents.catalogue.opendata import hours_available
    from ikon_report.project.model import Service

    s = Service.model_validate({"id": "S-1", "title": "t", "provider": "p", "fields": ["ZT"], "category": "c",
                                "description": "d", "district": "x", "address": "a", "contact": "c",
                                "last_checked": dt.date(2020, 1, 1), "opening_hours": hours})
    specs = hours_available(s)
    assert {"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/PublicHolidays",
            "opens": "00:00", "closes": "00:00"} in specs
    assert {"@type": "OpeningHoursSpecification", "dayOfWeek": ["https://schema.org/Saturday"],
            "opens": "00:00", "closes": "23:59"} in specs
    assert {"@type": "OpeningHoursSpecification",
            "description": [{"@language": "de", "@value": "Termine nach Vereinbarung"}]} in specs


@pytest.mark.parametrize("root", [ROOT, LINDENFELD], ids=["minden", "lindenfeld"])
def test_web_edition_carries_the_hours_in_every_language(root):
    model = load_project(root)[0]
    data = web_data(model, final=False)
    s = next(s for s in model.services if s.opening_hours and s.opening_hours.week())
    shown = next(x for x in data["services"] if x["id"] == s.id)["hours"]
    assert set(shown) == set(data["langs"])
    for lang, hours in shown.items():
        assert hours["week"] == "\n".join(week_lines(s.opening_hours, Labels(lang, model)))
    assert json.dumps(shown["ar"], ensure_ascii=False).count("Uhr") == 0


def test_editions_print_the_hours_in_their_language(tmp_path):
    hours = "opening_hours:\n" + textwrap.indent(json.dumps(HOURS, ensure_ascii=False), "  ") + "\n"
    root = project_with(tmp_path, hours, extra="    translations:\n      uk: {title: Консультація, "
                        "hours_note: Групи за оголошенням}\n")
    for lang in ("uk", "ar"):
        out = tmp_path / lang
        proc = run_cli("catalogue", str(root), "--lang", lang, "--out", str(out))
        assert proc.returncode == 0, proc.stderr
        lb = Labels(lang)
        expected = [re.sub("[\u2068\u2069]", "", line) for line in week_lines(OpeningHours.model_validate(HOURS), lb)]
        docx = Document(str(next(out.glob("*.docx"))))
        cells = "\n".join(c.text for t in docx.tables for row in t.rows for c in row.cells)
        cells = re.sub("[\u2066-\u2069]", "", cells)
        for line in expected:
            assert line in cells, (lang, line)
        pdf = re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", pdf_text(next(out.glob("*.pdf"))))
        if lang == "uk":
            for line in expected:
                assert re.sub(r"\s", "", line) in pdf, line
            assert "Групи за оголошенням" in cells and "Gruppen nach Aushang" not in cells
        else:
            assert "Gruppen nach Aushang" in cells  # not translated: the German note
            assert "Uhr" not in cells


def test_example_catalogues_print_structured_hours(example: Example):
    model = load_project(example.root)[0]
    s = next(s for s in model.services if s.opening_hours and s.opening_hours.week())
    first = week_lines(s.opening_hours, Labels("de"))[0]
    text = re.sub(r"\s", "", pdf_text(example.catalogue_pdf))
    assert re.sub(r"\s", "", first) in text
    docx = Document(str(example.catalogue_docx))
    cells = " ".join(c.text for t in docx.tables for row in t.rows for c in row.cells)
    assert first in cells


def test_changes_document_shows_hours_as_the_catalogue_writes_them():
    from ikon_report.documents.changes.compare import show

    hours = OpeningHours.model_validate(HOURS)
    assert show(hours.model_dump(mode="json"), "opening_hours") == "; ".join(
        [*week_lines(hours, Labels("de")), "Gruppen nach Aushang"])
    assert show(OpeningHours(note="nach Aushang").model_dump(mode="json"), "opening_hours") == "nach Aushang"
