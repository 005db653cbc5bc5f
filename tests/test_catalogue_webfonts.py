"""Fonts travel with the web edition: subset Noto faces as data: URIs, used by Chromium for every glyph."""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import pytest
from catalogue_helpers import minden_model
from fontTools.ttLib import TTFont
from web_helpers import artifact, chromium, severe_console

from conftest import EXAMPLES
from ikon_report.documents.catalogue.web import web_data, write_web
from ikon_report.documents.catalogue.webfonts import font_css, web_faces
from ikon_report.project.validate import load_project

FACE = re.compile(r'@font-face \{ font-family: "([^"]+)"; font-weight: (\d+);[^}]*?'
                  r'url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\); \}')


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    return write_web(minden_model(), tmp_path_factory.mktemp("web"), final=False)


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def embedded(html: str) -> list[tuple[str, int, TTFont]]:
    return [(family, int(weight), TTFont(io.BytesIO(base64.b64decode(data))))
            for family, weight, data in FACE.findall(html)]


def test_subsets_per_script_with_only_the_characters_used():
    faces = {(f.family, f.weight): f for f in web_faces("Deutsch ትግርኛ العربية")}
    assert set(faces) == {("Noto Sans", 400), ("Noto Sans", 700), ("Noto Sans Ethiopic", 400),
                          ("Noto Sans Ethiopic", 700), ("Noto Naskh Arabic", 400), ("Noto Naskh Arabic", 700)}
    ethiopic = TTFont(io.BytesIO(faces["Noto Sans Ethiopic", 400].woff2))
    assert ethiopic.flavor == "woff2"
    assert {ord(c) for c in "ትግርኛ"} <= set(ethiopic.getBestCmap()) and ord("ሀ") not in ethiopic.getBestCmap()
    arabic = TTFont(io.BytesIO(faces["Noto Naskh Arabic", 700].woff2))
    assert {ord(c) for c in "العربية"} <= set(arabic.getBestCmap())
    assert "GSUB" in arabic  # joining forms survive the subsetter
    assert "SIL Open Font License" in arabic["name"].getDebugName(13)  # the licence travels with the font
    latin = TTFont(io.BytesIO(faces["Noto Sans", 400].woff2))
    assert ord("ß") in latin.getBestCmap() and ord("Ж") not in latin.getBestCmap()
    assert len(faces["Noto Sans Ethiopic", 400].woff2) < 8_000  # a few glyphs, not the whole font
    css = font_css(list(faces.values()))
    assert css.count("@font-face") == 6 and ':root { --fonts: "Noto Sans", "Noto Naskh Arabic", ' \
        '"Noto Sans Ethiopic"; }' in css


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_character_of_the_page_has_an_embedded_glyph(name, tmp_path):
    model = load_project(EXAMPLES[name])[0]
    page = write_web(model, tmp_path, final=False)
    html = page.read_text(encoding="utf-8")
    faces = embedded(html)
    assert {family for family, _, _ in faces} >= {"Noto Sans", "Noto Naskh Arabic", "Noto Sans Ethiopic"}
    mapped = set().union(*(set(font.getBestCmap()) for _, _, font in faces))
    shown = set(json.dumps(web_data(model, final=False), ensure_ascii=False)) - set("\n\t")
    missing = sorted(c for c in shown if ord(c) not in mapped)
    assert missing == []
    assert "font-src data:" in html and len(html.encode()) < 1_000_000
    artifact(f"web-size-{name}.txt").write_text(f"{page.name}: {len(html.encode())} bytes, fonts "
                                                f"{sum(len(m) for *_, m in FACE.findall(html))} bytes base64\n")


def _platform_fonts(browser, selector: str) -> list[dict]:
    browser.execute_cdp_cmd("DOM.enable", {})
    browser.execute_cdp_cmd("CSS.enable", {})
    root = browser.execute_cdp_cmd("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    nodes = browser.execute_cdp_cmd("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
    return [f for node in nodes for f in browser.execute_cdp_cmd("CSS.getPlatformFontsForNode",
                                                                  {"nodeId": node})["fonts"]]


@pytest.mark.parametrize("lang,script_font", [("de", "Noto Sans"), ("ar", "Noto Naskh Arabic"),
                                              ("ti", "Noto Sans Ethiopic")])
def test_chromium_draws_every_glyph_with_the_embedded_fonts(browser, page, lang, script_font):
    browser.get("about:blank")
    browser.get(page.as_uri() + f"#lang={lang}")
    browser.execute_script("return document.fonts.ready")
    used = _platform_fonts(browser, "h1, h2, label, #results h3, #results .desc, #results dd, #ui-lang option")
    system = sorted({f["familyName"] for f in used if not f["isCustomFont"]})
    assert system == []  # no glyph comes from a font of this machine
    assert script_font in {f["familyName"] for f in used}
    loaded = browser.execute_script("return [...document.fonts].filter(f => f.status === 'loaded')"
                                    ".map(f => f.family.replaceAll('\"', ''))")
    assert script_font in loaded
    assert severe_console(browser) == []
