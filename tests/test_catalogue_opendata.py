"""Open data: each service as schema.org JSON-LD (GovernmentService) in the web edition and in
``services export FILE.json``, validated against a JSON Schema of the shape we promise."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import jsonschema
import pytest
from catalogue_helpers import minden_model, small_project

from conftest import EXAMPLES, LINDENFELD, run_cli
from ikon_report.content.hours import note_of
from ikon_report.content.labels import Labels
from ikon_report.documents.catalogue.content import build_catalogue
from ikon_report.documents.catalogue.opendata import services_jsonld
from ikon_report.documents.catalogue.web import write_web
from ikon_report.pandoc_ast import stringify
from ikon_report.project.validate import load_project

TEXTS = {"type": "array", "minItems": 1, "items": {
    "type": "object", "required": ["@language", "@value"], "additionalProperties": False,
    "properties": {"@language": {"type": "string", "pattern": "^[a-z]{2,3}$"},
                   "@value": {"type": "string", "minLength": 1}}},
    "allOf": [{"prefixItems": [{"properties": {"@language": {"const": "de"}}}]}]}  # German first
NAMED = {"type": "object", "required": ["@type", "name"],
         "properties": {"name": {"type": "string", "minLength": 1}}}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "required": ["@context", "@graph"], "additionalProperties": False,
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@graph": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["@type", "identifier", "name", "description", "serviceType", "provider", "areaServed",
                         "availableChannel", "offers"],
            "properties": {
                "@type": {"const": "GovernmentService"},
                "identifier": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_-]*$"},
                "name": TEXTS, "description": TEXTS,
                "serviceType": {"type": "string"},
                "provider": NAMED | {"properties": NAMED["properties"] | {"@type": {"const": "Organization"}}},
                "areaServed": NAMED | {"properties": NAMED["properties"] | {"@type": {"const": "City"}}},
                "audience": {"type": "object", "required": ["@type"], "additionalProperties": False, "properties": {
                    "@type": {"const": "PeopleAudience"},
                    "suggestedGender": {"enum": ["https://schema.org/Female", "https://schema.org/Male", "divers"]},
                    "suggestedMinAge": {"type": "integer", "minimum": 0},
                    "suggestedMaxAge": {"type": "integer", "minimum": 0},
                    "audienceType": {"type": "string"}}},
                "availableChannel": {
                    "type": "object", "required": ["@type", "availableLanguage", "serviceLocation", "servicePhone"],
                    "properties": {
                        "@type": {"const": "ServiceChannel"},
                        "availableLanguage": {"type": "array", "minItems": 1,
                                              "items": {"type": "string", "pattern": "^[a-z]{2,3}$"}},
                        "serviceLocation": {"type": "object", "required": ["@type", "address", "containedInPlace"],
                                            "properties": {"@type": {"const": "Place"},
                                                           "address": {"type": "object", "required": [
                                                               "@type", "streetAddress"], "properties": {
                                                               "@type": {"const": "PostalAddress"},
                                                               "postalCode": {"pattern": "^[0-9]{4,5}$"}}}}},
                        "servicePhone": {"type": "object", "required": ["@type", "description"],
                                         "properties": {"@type": {"const": "ContactPoint"}}}}},
                "hoursAvailable": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["@type"],
                    "properties": {"@type": {"const": "OpeningHoursSpecification"},
                                   "description": TEXTS,  # language-tagged, German first, as name
                                   "dayOfWeek": {}, "opens": {}, "closes": {}},
                    "anyOf": [{"required": ["description"]}, {"required": ["dayOfWeek", "opens", "closes"]}]}},
                "offers": {"type": "object", "required": ["@type"], "properties": {"@type": {"const": "Offer"}},
                           "anyOf": [{"required": ["price", "priceCurrency"]}, {"required": ["description"]}]},
                "disambiguatingDescription": {"type": "string"},
            }}},
    },
}


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    return write_web(minden_model(), tmp_path_factory.mktemp("web"), final=False)


def embedded(page: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    found = re.findall(r'<script type="application/ld\+json" id="open-data">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(unescape(found[0]))


def test_page_embeds_one_valid_jsonld_document(page):
    document = embedded(page)
    jsonschema.validate(document, SCHEMA)
    model = minden_model()
    assert [n["identifier"] for n in document["@graph"]] == [s.id for s in model.services]
    s = model.services[0]
    node = document["@graph"][0]
    assert node["name"][0] == {"@language": "de", "@value": s.title}
    assert {"@language": "ar", "@value": s.translations["ar"].title} in node["name"]
    assert node["availableChannel"]["availableLanguage"] == s.languages
    assert node["provider"]["name"] == s.provider and node["areaServed"]["name"] == model.project.city
    assert {"@type": "OpeningHoursSpecification", "dayOfWeek": ["https://schema.org/Monday",
            "https://schema.org/Tuesday", "https://schema.org/Thursday"], "opens": "09:00",
            "closes": "12:00"} in node["hoursAvailable"]  # S-001: Mo, Di, Do 09:00–12:00 (structured data)
    assert node["disambiguatingDescription"].startswith("Illustratives Beispiel")  # invented content is marked


def test_export_json_writes_the_same_document(tmp_path, page):
    out = tmp_path / "angebote.json"
    proc = run_cli("services", "export", str(Path(minden_model().root)), str(out))
    assert proc.returncode == 0, proc.stderr
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == embedded(page) == services_jsonld(minden_model())
    jsonschema.validate(written, SCHEMA)
    assert "استشارات الهجرة للبالغين" in out.read_text(encoding="utf-8")  # UTF-8, not \\u escapes
    assert f"wrote {out} ({len(minden_model().services)} services)" in proc.stderr


def test_lindenfeld_open_data_validates(tmp_path):
    model = load_project(LINDENFELD)[0]
    document = services_jsonld(model)
    jsonschema.validate(document, SCHEMA)
    assert len(document["@graph"]) == len(model.services)
    assert {n["areaServed"]["name"] for n in document["@graph"]} == {model.project.city}
    languages = {code for n in document["@graph"] for code in n["availableChannel"]["availableLanguage"]}
    assert languages == {code for s in model.services for code in s.languages}


def test_mapping_of_target_groups_costs_hours_and_text(tmp_path):
    project = small_project(tmp_path / "p", """\
        services:
          - id: S-1
            title: "Café <b>&</b> „Treff“"
            provider: Verein & Co
            fields: [ZT]
            category: Begegnung
            description: "Text mit {{ x }} und </script>"
            target: {gender: female, age_min: 18, age_max: 26, residence_status: [asylum_seeker, tolerated]}
            languages: [de, uk]
            district: Innenstadt
            address: Am Markt 1
            contact: "Tel. 0571 123456, treff@verein.de"
            costs: 2 Euro im Monat
            last_checked: 2020-01-01
          - id: S-2
            title: Beratung
            provider: Stadt
            fields: [ZT]
            category: Beratung
            description: Offen für alle.
            district: Innenstadt
            address: Rathausplatz 1, 12345 Musterstadt
            contact: info@stadt.de
            last_checked: 2020-01-01
            illustrative: [contact]
        """)
    model = load_project(project)[0]
    document = services_jsonld(model)
    jsonschema.validate(document, SCHEMA)
    first, second = document["@graph"]
    assert first["name"] == [{"@language": "de", "@value": "Café <b>&</b> „Treff“"}]  # text stays text
    assert first["audience"] == {"@type": "PeopleAudience", "suggestedGender": "https://schema.org/Female",
                                 "suggestedMinAge": 18, "suggestedMaxAge": 26,
                                 "audienceType": "Asylsuchende, Geduldete"}
    assert first["offers"] == {"@type": "Offer", "description": "2 Euro im Monat"}
    assert first["availableChannel"]["servicePhone"]["telephone"] == "0571 123456"
    assert first["availableChannel"]["servicePhone"]["email"] == "treff@verein.de"
    assert first["availableChannel"]["serviceLocation"]["address"] == {"@type": "PostalAddress",
                                                                       "streetAddress": "Am Markt 1"}
    assert "hoursAvailable" not in first and "disambiguatingDescription" not in first  # no hours: none invented
    assert "audience" not in second  # open to everyone
    assert second["disambiguatingDescription"] == "Illustrative Angaben (erfunden): contact"  # only that key
    assert second["offers"] == {"@type": "Offer", "price": 0, "priceCurrency": "EUR"}
    assert second["availableChannel"]["serviceLocation"]["address"] == {
        "@type": "PostalAddress", "streetAddress": "Rathausplatz 1", "postalCode": "12345",
        "addressLocality": "Musterstadt"}
    html = write_web(model, tmp_path, final=False).read_text(encoding="utf-8")
    assert "</script>\"" not in html and "<b>&</b>" not in html  # escaped inside the page's script element


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_hours_note_is_in_each_language_as_the_edition_prints_it(name, tmp_path):
    """The note of the opening hours: German first, then each edition language that translates it
    (an edition without a translation prints the German note: a reader of the data falls back to it)."""
    from test_translations import copy, export, fill

    project = copy(EXAMPLES[name], tmp_path / name)
    model = load_project(project)[0]
    s = next(x for x in model.services if x.opening_hours and x.opening_hours.note)
    lang = next(t for t in model.project.languages if t != "de")
    note = "ملاحظة & <b>{{ x }}</b> " + s.opening_hours.note
    file = tmp_path / "t.xliff"
    export(project, lang, file)
    fill(file, {f"services/{s.id}/hours_note": note} | ({} if lang in s.translations else
                                                         {f"services/{s.id}/title": "عنوان"}))
    assert run_cli("translations", "import", str(project), str(file)).returncode == 0
    model = load_project(project)[0]
    document = services_jsonld(model)
    jsonschema.validate(document, SCHEMA)
    node = next(n for n in document["@graph"] if n["identifier"] == s.id)
    descriptions = [spec["description"] for spec in node["hoursAvailable"] if "dayOfWeek" not in spec
                    and any(d["@value"] == s.opening_hours.note for d in spec["description"])]
    assert descriptions == [[{"@language": "de", "@value": s.opening_hours.note}, {"@language": lang, "@value": note}]]
    svc = next(x for x in model.services if x.id == s.id)
    assert note_of(svc, lang) == (note, False)
    others = [t for t in model.project.languages if t not in ("de", lang)]
    assert others and all(note_of(svc, t) == (s.opening_hours.note, True) for t in others)  # German there
    printed = stringify(build_catalogue(model, [svc], Labels(lang, model)).blocks)
    assert note in printed and s.opening_hours.note + " " not in printed.replace(note, "")  # the same note
    # phrases from the labels, in every edition language
    appointment = next((spec["description"] for n in document["@graph"] for spec in n.get("hoursAvailable", [])
                        if "dayOfWeek" not in spec and spec["description"][0]["@value"] == "Termine nach Vereinbarung"),
                       None)
    if appointment is not None:
        assert [d["@language"] for d in appointment] == ["de", *(t for t in model.project.languages if t != "de")]
        assert {d["@value"] for d in appointment} >= {Labels(lang, model)("hours_by_appointment")}
