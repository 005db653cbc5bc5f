"""Accessibility of the web edition, measured: axe-core in Chromium (de, ar, ti, all filters open,
desktop and phone width) and a walk through the page with the keyboard only."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalogue_helpers import minden_model
from web_helpers import cards, chromium, wait_count, wait_until

from conftest import LINDENFELD, ROOT
from ikon_report.content.labels import Labels
from ikon_report.documents.catalogue.filters import Filter, select
from ikon_report.documents.catalogue.web import write_web
from ikon_report.project.validate import load_project

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ["violations"] })
  .then((r) => done({ version: axe.version, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact,
    nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary) })) }))
  .catch((e) => done({ error: String(e) }));
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    return write_web(minden_model(), tmp_path_factory.mktemp("web"), final=False)


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def open_page(browser, page: Path, fragment: str = "") -> None:
    browser.get("about:blank")  # a new load, not just a new #fragment
    browser.get(page.as_uri() + fragment)
    wait_until(browser, lambda: browser.find_element("id", "count").text != "")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["de", "ar", "ti"])
def test_axe_reports_no_violations(browser, page, lang, width):
    browser.set_window_size(width, 900)
    try:
        open_page(browser, page, f"#lang={lang}")
        browser.execute_script("document.getElementById('more').open = true")  # all filters open
        assert browser.execute_script("return document.documentElement.lang").startswith(Labels(lang).locale[:2])
        browser.execute_script(AXE.read_text(encoding="utf-8"))  # injected: the page's CSP forbids loading it
        result = browser.execute_async_script(RUN_AXE)
        assert result.get("version") == "4.14.1", result
        assert result["violations"] == []
    finally:
        browser.set_window_size(1280, 900)


@pytest.mark.parametrize("lang", ["de", "ar", "ti"])
def test_axe_lindenfeld(browser, tmp_path, lang):
    """The second example (six fields, fourteen languages in the data) in three page languages."""
    page = write_web(load_project(LINDENFELD)[0], tmp_path, final=False)
    open_page(browser, page, f"#lang={lang}")
    browser.execute_script("document.getElementById('more').open = true")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    assert browser.execute_async_script(RUN_AXE)["violations"] == []


def press(browser, *keys: str) -> None:
    """Keys to whatever has the focus, as a keyboard would send them."""
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).send_keys(*keys).perform()


def shift_tab(browser) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()


def focused(browser) -> str:
    """The focused element as ``tag#id`` (or ``tag.class``)."""
    return browser.execute_script("""const e = document.activeElement;
        return e.tagName.toLowerCase() + (e.id ? '#' + e.id : e.className ? '.' + e.className : '');""")


def count_text(total: int, count: int) -> str:
    return Labels("de")("results").format(count=count, total=total)


def test_keyboard_only_walk(browser, page):
    from selenium.webdriver.common.keys import Keys

    model = minden_model()
    total = len(model.services)
    open_page(browser, page)
    press(browser, Keys.TAB)
    assert focused(browser) == "a.skip"
    press(browser, Keys.ENTER)  # the skip link jumps over header and filters
    assert focused(browser) == "h2#results-heading"

    open_page(browser, page)
    press(browser, Keys.TAB, Keys.TAB)
    assert focused(browser) == "select#ui-lang"
    second = browser.execute_script("return document.getElementById('ui-lang').options[1].value")
    press(browser, Keys.ARROW_DOWN)  # the language switch works with arrow keys
    wait_until(browser, lambda: browser.execute_script("return document.documentElement.lang")
               == Labels(second).locale)
    assert focused(browser) == "select#ui-lang"
    press(browser, Keys.ARROW_UP)
    wait_until(browser, lambda: browser.execute_script("return document.documentElement.lang") == "de-DE")

    press(browser, Keys.TAB)
    assert focused(browser) == "input#q"
    press(browser, "Deutschkurs")
    courses = {s.id for s in model.services if s.category == "Sprachkurs"}
    wait_count(browser, count_text(total, len(courses)))
    assert set(cards(browser)) == courses

    press(browser, Keys.TAB)
    assert focused(browser) == "summary"
    press(browser, Keys.ENTER)  # fold the filters away …
    assert browser.execute_script("return document.getElementById('more').open") is False
    press(browser, Keys.SPACE)  # … and open them again
    assert browser.execute_script("return document.getElementById('more').open") is True

    press(browser, Keys.TAB)
    assert focused(browser) == "select#f-gender"
    press(browser, Keys.ARROW_DOWN)
    assert browser.execute_script("return document.getElementById('f-gender').value") == "female"
    female = {s.id for s in select(model, Filter(gender=("female",)))} & courses
    wait_count(browser, count_text(total, len(female)))
    assert set(cards(browser)) == female

    order = ["input#f-age", "select#f-status", "select#f-language", "select#f-field", "select#f-district",
             "button#reset"]
    for expected in order:
        press(browser, Keys.TAB)
        assert focused(browser) == expected
    shift_tab(browser)
    assert focused(browser) == "select#f-district"
    press(browser, Keys.TAB, Keys.ENTER)  # reset: everything shown again, the focus back in the search box
    wait_count(browser, count_text(total, total))
    wait_until(browser, lambda: focused(browser) == "input#q")
    assert browser.execute_script("return document.getElementById('q').value") == ""

    for _ in range(len(order) + 3):  # summary, gender … reset, then into the results
        press(browser, Keys.TAB)
    first_link = browser.execute_script("""const e = document.activeElement;
        return [e.closest('#results article') ? e.closest('article').querySelector('h3').id : null,
                e.getAttribute('href')];""")
    assert first_link[0] == f"t-{model.services[0].id}" and first_link[1].startswith(("tel:", "mailto:"))
    shift_tab(browser)
    assert focused(browser) == "button#reset"
