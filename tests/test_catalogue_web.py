"""The web edition: one static file without requests; driven end to end in headless Chromium."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from catalogue_helpers import minden_model, small_project
from web_helpers import artifact, cards, choose, chromium, severe_console, wait_count

from ikon_report.content.labels import Labels
from ikon_report.documents.catalogue.filters import AgeRange, Filter, select
from ikon_report.documents.catalogue.web import write_web
from ikon_report.project.validate import load_project


@pytest.fixture(scope="module")
def page(minden) -> Path:
    return next(minden.glob("IKON-Angebotskatalog-Minden-*.html"))


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def test_single_file_without_external_resources(example):
    html = unescape(example.one("IKON-Angebotskatalog-*.html").read_text(encoding="utf-8"))
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "<link" not in html and "@import" not in html and not re.search(r"url\((?!data:)", html)
    assert "default-src 'none'" in html and "script-src 'sha256-" in html
    assert '<script type="application/json" id="catalogue-data">' in html
    assert '<script type="application/ld+json" id="open-data">' in html
    assert html.count("<script") == 3  # the data, the open data (JSON-LD) and the inline script, nothing loaded


def test_data_text_is_never_markup(tmp_path):
    project = small_project(tmp_path / "p", """\
        services:
          - id: S-1
            title: "</script><script>document.title='pwned'</script><b>fett</b>"
            provider: "<img src=x onerror=alert(1)>"
            fields: [ZT]
            category: Beratung
            description: "& &amp; <!-- --> {{ x }} ${x}"
            district: Innenstadt
            address: Weg 1
            contact: "Tel. 0571 123456, <a href=x>mail</a>"
            last_checked: 2020-01-01
        """)
    html = write_web(load_project(project)[0], tmp_path, final=False).read_text(encoding="utf-8")
    assert "</script><script>document.title" not in html and "<img src=x" not in html
    assert "\\u003c/script\\u003e" in html


def ids(flt: Filter) -> list[str]:
    return [s.id for s in select(minden_model(), flt)]


def test_search_filters_language_switch_in_chromium(browser, page):
    from selenium.webdriver.common.keys import Keys

    total = len(minden_model().services)
    browser.get(page.as_uri())
    wait_count(browser, f"Gefundene Angebote: {total} von {total}")
    assert len(cards(browser)) == total

    search = browser.find_element("id", "q")
    search.send_keys("Mietführerschein")
    wait_count(browser, f"Gefundene Angebote: 1 von {total}")
    assert [minden_model().services[[s.id for s in minden_model().services].index(cards(browser)[0])].title] == \
        ["Mietführerschein"]
    search.send_keys(Keys.CONTROL, "a", Keys.BACKSPACE)

    choose(browser, "gender", "female")
    choose(browser, "language", "ar")
    expected = ids(Filter(gender=("female",), language=("ar",)))
    wait_count(browser, f"Gefundene Angebote: {len(expected)} von {total}")
    assert cards(browser) == expected

    browser.find_element("id", "f-age").send_keys("70")
    choose(browser, "status", "tolerated")
    expected = ids(Filter(gender=("female",), language=("ar",), age=AgeRange(70, 70), status=("tolerated",)))
    wait_count(browser, f"Gefundene Angebote: {len(expected)} von {total}")
    assert cards(browser) == expected and 0 < len(expected) < total

    browser.find_element("id", "f-age").send_keys(Keys.BACKSPACE, Keys.BACKSPACE)
    choose(browser, "field", "BIL")
    choose(browser, "district", "Innenstadt")
    expected = ids(Filter(gender=("female",), language=("ar",), status=("tolerated",), field=("BIL",),
                          district=("Innenstadt",)))
    wait_count(browser, f"Gefundene Angebote: {len(expected)} von {total}")
    assert cards(browser) == expected

    browser.save_screenshot(str(artifact("catalogue-web-de-filtered.png")))
    browser.find_element("id", "reset").click()
    wait_count(browser, f"Gefundene Angebote: {total} von {total}")

    choose(browser, "gender", "female")
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "ui-lang")).select_by_value("ar")
    ar = Labels("ar")
    female = ids(Filter(gender=("female",)))
    wait_count(browser, ar("results").format(count=len(female), total=total))
    root = browser.find_element("css selector", "html")
    assert root.get_attribute("dir") == "rtl" and root.get_attribute("lang") == "ar-SY"
    assert browser.find_element("id", "filters-heading").get_attribute("textContent") == ar("filters")
    assert cards(browser) == female
    shown = {e.get_attribute("id"): e.text for e in browser.find_elements("css selector", "#results h3")}
    for s in minden_model().services:
        if s.id in female:
            title = s.translations["ar"].title if "ar" in s.translations else s.title
            mark = f" [{ar('illustrative_mark')}]" if s.is_illustrative() else ""
            assert shown[f"t-{s.id}"] in (title + mark, title + mark.strip()), shown[f"t-{s.id}"]
    untranslated = next(s for s in minden_model().services if s.id in female and "ar" not in s.translations)
    card = browser.find_element("id", f"t-{untranslated.id}").find_element("xpath", "..")
    assert ar("fallback") in card.text
    assert browser.find_element("id", f"t-{untranslated.id}").get_attribute("lang") == "de-DE"
    assert "lang=ar" in browser.current_url and "gender=female" in browser.current_url
    browser.save_screenshot(str(artifact("catalogue-web-ar.png")))

    browser.refresh()  # the selection is kept in the address (shareable link)
    wait_count(browser, ar("results").format(count=len(female), total=total))
    severe = severe_console(browser)
    assert severe == [], severe  # no CSP violation, no script error, no blocked request


def test_keyboard_and_screen_reader_basics(browser, page):
    from selenium.webdriver.common.keys import Keys

    browser.get(page.as_uri())
    body = browser.find_element("tag name", "body")
    body.send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class") == "skip"
    active.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "results-heading"
    script = """
        const controls = [...document.querySelectorAll('input, select, button')];
        return {
          unlabelled: controls.filter(c => c.tagName !== 'BUTTON' && c.labels.length === 0).map(c => c.id),
          banner: !!document.querySelector('header'), main: !!document.querySelector('main'),
          footer: !!document.querySelector('footer'), search: !!document.querySelector('[role=search]'),
          live: document.getElementById('count').getAttribute('aria-live'),
          h1: document.querySelectorAll('h1').length,
        };"""
    facts = browser.execute_script(script)
    assert facts == {"unlabelled": [], "banner": True, "main": True, "footer": True, "search": True,
                     "live": "polite", "h1": 1}


def test_readable_on_a_phone(browser, page):
    browser.set_window_size(390, 844)
    try:
        browser.get("about:blank")  # a new load, not just a new #fragment
        browser.get(page.as_uri() + "#lang=fa")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        viewport = browser.execute_script("return window.innerWidth")
        assert width <= viewport  # no sideways scrolling
        assert browser.execute_script("return document.getElementById('more').open") is False
        assert browser.find_element("css selector", "html").get_attribute("dir") == "rtl"
        browser.save_screenshot(str(artifact("catalogue-web-fa-phone.png")))
    finally:
        browser.set_window_size(1280, 900)


def test_long_result_lists_are_drawn_in_pages(browser, tmp_path):
    from selenium.webdriver.common.keys import Keys

    items = "".join(f"""
          - id: S-{i:03d}
            title: Angebot {i}
            provider: Träger
            fields: [ZT]
            category: Beratung
            description: Beschreibung {i}
            district: Innenstadt
            address: Weg {i}
            contact: Tel. 0571 {i}
            last_checked: 2020-01-01
        """ for i in range(130))
    project = small_project(tmp_path / "p", "services:" + items)
    page = write_web(load_project(project)[0], tmp_path, final=False)
    browser.get(page.as_uri())
    wait_count(browser, "Gefundene Angebote: 130 von 130")
    assert len(cards(browser)) == 60
    more = browser.find_element("id", "more-results")
    assert more.text == "Weitere Angebote anzeigen (70)"
    more.send_keys(Keys.ENTER)
    assert len(cards(browser)) == 120
    assert browser.switch_to.active_element.get_attribute("id") == "t-S-060"
    more.click()
    assert len(cards(browser)) == 130 and not more.is_displayed()
