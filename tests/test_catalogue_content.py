"""Catalogue content: labels complete in every language, grouping, indexes, fallbacks, data stays text."""

from __future__ import annotations

import re
import string

import pytest
import yaml
from catalogue_helpers import minden_model

from conftest import ROOT
from ikon_report import languages, resources
from ikon_report import pandoc_ast as a
from ikon_report.content.labels import LANGS, Labels
from ikon_report.documents.catalogue.content import build_catalogue, entries, target_groups
from ikon_report.documents.catalogue.edition import catalogue_edition
from ikon_report.documents.catalogue.filters import Filter

OTHERS = [lang for lang in LANGS if lang != "de"]


def table(lang: str) -> dict:
    return yaml.safe_load(resources.i18n_file(lang).read_text(encoding="utf-8"))


def placeholders(value: object) -> set[str]:
    texts = value if isinstance(value, list) else [value]
    return {name for t in texts if isinstance(t, str) for _, name, _, _ in string.Formatter().parse(t) if name}


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_every_label_with_the_same_placeholders(lang):
    de, other = table("de"), table(lang)
    assert set(other) == set(de), f"{lang}: missing {set(de) - set(other)}, extra {set(other) - set(de)}"
    for key, value in de.items():
        if isinstance(value, dict):
            assert set(other[key]) == set(value), f"{lang}.{key}"
        else:
            assert placeholders(other[key]) == placeholders(value), f"{lang}.{key}"
    assert other["dir"] == languages.direction(lang)


@pytest.mark.parametrize("lang", [t for t in yaml.safe_load((ROOT / "ikon.yaml").read_text(encoding="utf-8"))
                                  ["languages"] if t != "de"])
def test_every_category_and_field_of_minden_is_translated_in_its_data(lang):
    p = minden_model()
    lb = Labels(lang, p)
    assert all(lb.field(f) == f.translations[lang].name != f.name for f in p.fields)
    names = {c.name: c.translations[lang].name for c in p.categories}
    assert {s.category for s in p.services} <= set(names)
    assert all(lb.category(s.category) == names[s.category] for s in p.services)
    assert "categories" not in table(lang) and "fields" not in table(lang)  # no project's words in the package


def headers(blocks, level):
    return [a.stringify(b["c"][2]) for b in blocks if b["t"] == "Header" and b["c"][0] == level]


def service_divs(blocks):
    return [b for b in blocks if b["t"] == "Div" and "service" in b["c"][0][1]]


def test_full_catalogue_groups_by_field_then_category_and_lists_each_service_once():
    p = minden_model()
    doc = build_catalogue(p, p.services, Labels("de"))
    ids = [next(h["c"][1][0] for h in a_blocks(d) if h["t"] == "Header") for d in service_divs(doc.blocks)]
    assert sorted(ids) == sorted(s.id for s in p.services)
    level1 = headers(doc.blocks, 1)
    fields = [f.name for f in sorted(p.fields, key=lambda f: f.order)]
    assert [re.sub(r"^\d+ ", "", h) for h in level1 if re.match(r"^\d+ ", h)][:4] == fields
    assert level1[-1].endswith("Verzeichnisse")
    assert any(h.endswith("Angebote nach Zielgruppe") for h in headers(doc.blocks, 2))
    assert any(h.endswith("Angebote nach Sprache") for h in headers(doc.blocks, 2))


def a_blocks(div):
    out = []
    for block in div["c"][1]:
        out.append(block)
        if block["t"] == "Div":
            out += a_blocks(block)
    return out


def test_a_service_sits_under_its_first_field_and_is_referenced_from_the_others():
    p = minden_model()
    multi = next(s for s in p.services if len(s.fields) > 1)
    doc = build_catalogue(p, p.services, Labels("de"))
    text = a.stringify(doc.blocks)
    assert text.count(f"{multi.id} {multi.title}") >= len(multi.fields) - 1
    only_second = build_catalogue(p, [multi], Labels("de"), fields=(multi.fields[1],))
    assert headers(only_second.blocks, 1)[1].endswith(p.field(multi.fields[1]).name)


def test_target_group_index_lists_specific_services_only():
    p = minden_model()
    groups = dict(target_groups(entries(p.services, "de"), Labels("de")))
    assert {e.service.id for e in groups["Frauen"]} == {s.id for s in p.services if s.target.gender == "female"}
    assert all(e.service.target.age_max is not None or (e.service.target.age_min or 0) >= 50
               for e in groups["Kinder (bis 11 Jahre)"])
    assert all("all" not in e.service.target.residence_status for e in groups["Asylsuchende"])


def test_translated_edition_uses_translations_and_marks_german_fallbacks():
    p = minden_model()
    translated = next(s for s in p.services if "uk" in s.translations)
    missing = next(s for s in p.services if "uk" not in s.translations)
    doc = build_catalogue(p, [translated, missing], Labels("uk"))
    text = a.stringify(doc.blocks)
    assert translated.translations["uk"].title in text and translated.title not in headers(doc.blocks, 3)
    assert missing.title in text and Labels("uk")("fallback") in text
    german = [b for b in doc.blocks[0:] if b["t"] == "Div" for inner in a_blocks(b)
              if inner["t"] == "Div" and ["lang", "de-DE"] in inner["c"][0][2]]
    assert german, "German fallback text is tagged lang=de"


def test_arabic_german_values_are_isolated_and_lists_use_arabic_commas():
    p = minden_model()
    s = p.services[0]
    text = a.stringify(build_catalogue(p, [s], Labels("ar")).blocks)
    assert f"\u2066{s.address}\u2069" in text
    assert "\u2068Deutsch\u2069، " in text


def test_data_text_stays_text():
    p = minden_model().model_copy(deep=True)
    s = p.services[0]
    s.title = "<b>fett</b> & *stern* #set [link](x) $x$"
    s.description = "</w:t><w:r>@ref \\ `code`"
    blocks = build_catalogue(p, [s], Labels("de")).blocks
    inlines = [n for n in _nodes(blocks) if n.get("t") in ("RawInline", "RawBlock", "Code")]
    assert all(n["c"][1].startswith("#set text(dir") for n in inlines if n["t"] == "RawBlock")
    assert not [n for n in inlines if n["t"] != "RawBlock"]
    assert s.title in a.stringify(blocks) and s.description in a.stringify(blocks)


def _nodes(node):
    if isinstance(node, dict):
        yield node
        yield from _nodes(node.get("c"))
    elif isinstance(node, list):
        for item in node:
            yield from _nodes(item)


def test_edition_frame_is_in_the_edition_language():
    p = minden_model()
    edition = catalogue_edition(p, final=False, lang="fa", flt=Filter(language=("fa",)))
    assert edition.language == "fa-IR" and edition.template == "catalogue.typ"
    assert edition.title == "فهرست خدمات" and edition.labels["toc"] == "فهرست مطالب"
    assert edition.labels["status"] == "پیش‌نویس" and "انتخاب" in edition.labels["cover_note"]
    assert edition.stem.endswith("-fa-Auswahl-fa")


def test_a_translated_title_without_description_marks_only_the_description():
    p = minden_model().model_copy(deep=True)
    s = next(x for x in p.services if "en" in x.translations)
    s.translations["en"].description = None
    blocks = build_catalogue(p, [s], Labels("en")).blocks
    titles = [a.stringify(h["c"][2]) for d in service_divs(blocks) for h in a_blocks(d) if h["t"] == "Header"]
    assert titles == [s.translations["en"].title + (" [Example]" if s.is_illustrative() else "")]
    text = a.stringify(blocks)
    assert Labels("en")("fallback_description") in text and Labels("en")("fallback") not in text
    assert s.description in text


@pytest.mark.parametrize(("target", "text"), [
    ({}, "jedes Alter"), ({"age_min": 0}, "jedes Alter"), ({"age_min": 16}, "ab 16 Jahren"),
    ({"age_max": 6}, "bis 6 Jahre"), ({"age_min": 0, "age_max": 6}, "bis 6 Jahre"),
    ({"age_min": 12, "age_max": 27}, "12–27 Jahre"), ({"age_min": 18, "age_max": 18}, "18 Jahre"),
])
def test_age_wording(target, text):
    from ikon_report.project.model import TargetGroup

    assert Labels("de").age(TargetGroup(**target)) == text
