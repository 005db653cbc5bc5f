"""Headless Chromium for the web edition tests: start it, read the result list, wait for counts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from conftest import ROOT, require_tool

ARTIFACTS = ROOT / "tests" / "_artifacts"
CHROME_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run")


def chromium() -> Iterator:
    """A Chromium WebDriver at 1280×900 that keeps the browser console (for a fixture to yield)."""
    binary = require_tool("chromium")
    require_tool("chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    options.add_argument("--window-size=1280,900")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def cards(browser) -> list[str]:
    """Service ids of the result cards, in the order shown."""
    return [e.get_attribute("id").removeprefix("t-") for e in browser.find_elements("css selector", "#results h3")]


def wait_count(browser, text: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 5).until(lambda d: d.find_element("id", "count").text == text)


def wait_until(browser, condition, timeout: float = 5) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, timeout).until(lambda d: condition())


def choose(browser, name: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", f"f-{name}")).select_by_value(value)


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def severe_console(browser) -> list[dict]:
    """Console errors: CSP violations, script errors, blocked requests."""
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
