"""Search of the web edition: a table of queries (German, Arabic, Ukrainian, Tigrinya) typed into
the page in headless Chromium, each with the services it must and must not find."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalogue_helpers import minden_model, small_project
from web_helpers import artifact, cards, chromium, severe_console, wait_count, wait_until

from conftest import LINDENFELD
from ikon_report import resources
from ikon_report.content.labels import Labels
from ikon_report.documents.catalogue.search import (
    keywords,
    searchable_address,
    searchable_contact,
    stemmer_langs,
    vendored_script,
)
from ikon_report.documents.catalogue.web import write_web
from ikon_report.errors import InvalidProject
from ikon_report.project.validate import load_project


def category(name: str) -> set[str]:
    return {s.id for s in minden_model().services if s.category == name}


def titled(word: str) -> set[str]:
    return {s.id for s in minden_model().services if word in s.title}


def placeholders() -> set[str]:
    return {s.id for s in minden_model().services if "Muster" in s.address}


COURSES, HOUSING = category("Sprachkurs"), category("Wohnungssuche")
# (page language, query, must find, must not find); sets come from the data, not from the page.
TABLE = [
    ("de", "Deutschkurs", COURSES, HOUSING | titled("Migrationsberatung") | titled("Berufsorientierung")),
    ("de", "Deutschkurse", COURSES, HOUSING),  # plural: stemming
    ("de", "Sprachkurse", COURSES, HOUSING),
    ("de", "Integrationskurs", titled("Integrationskurs"), HOUSING | titled("Ehrenamtsbörse")),
    ("de", "Intgrationskurs", titled("Integrationskurs"), HOUSING),  # one letter missing
    ("de", "Integrationskruse", titled("Integrationskurs"), HOUSING),  # two letters swapped, plural
    ("de", "Alphabetisierung", titled("Alphabetisierungskurs"), HOUSING),  # a keyword of the service
    ("de", "Sprachcafe", titled("Sprachcafé"), HOUSING),  # accents ignored
    ("de", "Muster", set(), placeholders()),  # placeholder addresses are not indexed
    ("de", "Wohnung", HOUSING, COURSES),  # category keyword
    ("de", "Wohnungen", HOUSING, COURSES),
    ("de", "Kita", category("Kinderbetreuung"), COURSES - titled("Kinderbetreuung") | HOUSING),
    ("de", "Dolmetscher", category("Sprachmittlung"), COURSES),
    ("de", "Fussball", titled("Fußball"), COURSES),  # ß and ss
    ("de", "Frau", titled("Frauen"), titled("Fußball")),  # singular finds plural
    ("de", "Mietf", titled("Mietführerschein"), COURSES),  # prefix while typing
    ("de", "Deutschkurs Frauen", titled("Deutschkurs für Frauen"), COURSES - titled("Frauen")),  # all words
    ("ar", "دورة لغة", COURSES, HOUSING),  # the Arabic category name also finds untranslated courses
    ("ar", "الألمانية", COURSES, HOUSING),  # category keyword „تعلم الألمانية“
    ("ar", "سكن", HOUSING, COURSES),
    ("ar", "مترجم", category("Sprachmittlung"), COURSES),
    ("ar", "لجوء", titled("Asylverfahrensberatung"), COURSES | HOUSING),  # a translated service keyword
    ("ar", "استشارت", titled("Migrationsberatung") | titled("Asylverfahrensberatung"), COURSES),  # typo of استشارة
    ("uk", "курси німецької", COURSES, HOUSING),
    ("uk", "житло", HOUSING, COURSES),
    ("uk", "квартиру", HOUSING, COURSES),  # accusative finds „квартира“
    ("uk", "перекладач", category("Sprachmittlung"), COURSES),
    ("uk", "кнсультація", titled("Migrationsberatung") | titled("Asylverfahrensberatung"), COURSES),  # typo
    ("uk", "Deutschkurs", COURSES, HOUSING),  # German words work in every page language
    ("ti", "ጀርመንኛ", COURSES, HOUSING),
    ("ti", "ገዛ", HOUSING, COURSES),
]


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    return write_web(minden_model(), tmp_path_factory.mktemp("web"), final=False)


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def search_ready(browser) -> bool:
    """The index is built in the background after the page is drawn."""
    return browser.execute_script("return document.documentElement.dataset.search") == "ready"


def search(browser, page: Path, lang: str, query: str, total: int | None = None) -> list[str]:
    """Type ``query`` into the search box of the page in ``lang``; the services shown."""
    from selenium.webdriver.common.keys import Keys

    if browser.execute_script("return document.documentElement.dataset.page || ''") != f"{page}#{lang}":
        browser.get("about:blank")
        browser.get(page.as_uri() + f"#lang={lang}")
        browser.execute_script("document.documentElement.dataset.page = arguments[0]", f"{page}#{lang}")
        wait_until(browser, lambda: search_ready(browser))
    box = browser.find_element("id", "q")
    box.send_keys(Keys.CONTROL, "a", Keys.BACKSPACE)
    box.send_keys(query)
    found = cards(browser)
    total = total or len(minden_model().services)
    wait_count(browser, Labels(lang)("results").format(count=len(found), total=total))
    return found


def test_search_table_in_chromium(browser, page):
    assert all(must or must_not for _, _, must, must_not in TABLE) and placeholders()
    report, failures = [], []
    for lang, query, must, must_not in TABLE:
        found = search(browser, page, lang, query)
        missed, wrong = sorted(must - set(found)), sorted(must_not & set(found))
        report.append(f"{lang}\t{query}\t{len(found)}\t{' '.join(found)}\tmissed: {missed}\twrong: {wrong}")
        if missed or wrong:
            failures.append(f"{lang} {query!r}: missed {missed}, must not find {wrong}; found {found}")
    artifact("search-table.tsv").write_text("\n".join(report) + "\n", encoding="utf-8")
    assert failures == []
    assert severe_console(browser) == []


def test_search_table_lindenfeld(browser, tmp_path):
    """The second example: other categories, the Sprachcafé is a „Begegnung“ found by its keyword."""
    model = load_project(LINDENFELD)[0]
    of = {c: {s.id for s in model.services if s.category == c} for c in ("Sprachkurs", "Wohnungssuche")}
    cafe = {s.id for s in model.services if s.title.startswith("Sprachcafé")}
    page = write_web(model, tmp_path, final=False)
    table = [("de", "Deutschkurs", of["Sprachkurs"] | cafe, of["Wohnungssuche"]),
             ("de", "Wohnungen", of["Wohnungssuche"], of["Sprachkurs"]),
             ("ar", "دورة لغة", of["Sprachkurs"], of["Wohnungssuche"]),
             ("ar", "الألمانية", of["Sprachkurs"] | cafe, of["Wohnungssuche"]),
             ("uk", "курси німецької", of["Sprachkurs"] | cafe, of["Wohnungssuche"]),
             ("uk", "квартиру", of["Wohnungssuche"], of["Sprachkurs"])]
    assert cafe and all(of.values())
    for lang, query, must, must_not in table:
        found = set(search(browser, page, lang, query, len(model.services)))
        assert must <= found and not must_not & found, (lang, query, sorted(found))


def test_best_matches_first_and_filters_still_apply(browser, page):
    found = search(browser, page, "de", "Deutschkurs")
    assert found[0] in titled("Deutschkurs")  # the title match before the category keyword matches
    browser.get("about:blank")
    browser.get(page.as_uri() + "#q=Deutschkurs&gender=female")  # a shared link with a query
    wait_until(browser, lambda: search_ready(browser))
    shown = cards(browser)
    female = {s.id for s in minden_model().services if s.target.gender in ("female", "all")}
    assert shown and set(shown) <= female & COURSES
    assert browser.find_element("id", "q").get_attribute("value") == "Deutschkurs"


def test_placeholders_and_example_domains_are_not_searchable():
    assert searchable_address("Musterstraße 12, 32423 Minden") == ""
    assert searchable_address("Am Mustergarten 3") == ""
    assert searchable_address("Gartenstraße 22, 32427 Minden") == "Gartenstraße 22, 32427 Minden"
    assert searchable_address("Ausmusterweg 1") == "Ausmusterweg 1"  # only a word that starts with „Muster“
    contact = searchable_contact("Tel. 0571 000000-11, beratung@example.org, www.example.com")
    assert "example" not in contact and "0571 000000-11" in contact
    assert searchable_contact("info@beispiel-verein.de") == "info@beispiel-verein.de"


def test_keywords_of_service_and_category_per_language():
    model = minden_model()
    categories = {c.name: c for c in model.categories}
    course = next(s for s in model.services if s.title == "Alphabetisierungskurs")
    words = keywords(course, categories, ["de", "ar", "fa"])
    assert words["de"][: len(course.keywords)] == course.keywords  # own keywords first
    assert set(categories["Sprachkurs"].keywords) <= set(words["de"])
    assert words["ar"] == categories["Sprachkurs"].translations["ar"].keywords  # untranslated: category only
    assert "uk" not in words


def test_categories_are_checked(tmp_path):
    project = small_project(tmp_path / "p", """\
        services:
          - id: S-1
            title: Sprachcafé
            provider: Verein
            fields: [ZT]
            category: Sprachkurs
            description: Deutsch sprechen.
            keywords: [Konversation]
            district: Innenstadt
            address: Weg 1
            contact: Tel. 0571 1
            last_checked: 2020-01-01
        """)
    (project / "data" / "categories.yaml").write_text("""\
categories:
  - name: Sprachkurs
    keywords: [Deutschkurs]
    translations:
      ar: {keywords: [دورة]}
  - name: Sprachkurse
    keywords: [Kurs]
  - name: Sprachkurs
    keywords: [Sprachunterricht]
  - name: Beratung
    keywords: Hilfe
""", encoding="utf-8")
    with pytest.raises(InvalidProject) as caught:
        load_project(project)
    lines = [f"{p.path}:{p.line}: {p.severity}: {p.message}" for p in caught.value.problems]
    assert "data/categories.yaml:6: warning: category 'Sprachkurse' is used by no service (did you mean " \
        "'Sprachkurs'?); services use: Sprachkurs" in lines
    assert any(line.startswith("data/categories.yaml:8: error: category 'Sprachkurs' is listed twice (first at "
                               "data/categories.yaml:2)") for line in lines)
    assert any(line.startswith("data/categories.yaml:11: error: category Beratung: 'keywords'") for line in lines)


def test_vendored_libraries_with_licences():
    folder = resources.package_dir("web")
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "| 7.2.0 |" in readme and "| 3.1.18 |" in readme
    script = vendored_script()
    assert "Copyright 2022 Luca Ongaro" in script and "Apache License" in script
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in script  # the full Apache text
    assert {"de", "ar", "uk", "ru", "tr", "en"} <= set(stemmer_langs())
    for code in stemmer_langs():
        assert f'IKON_STEMMERS["{code}"]' in script
