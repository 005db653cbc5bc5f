"""Languages are data: any BCP 47 tag, checked at path:line; names, script and direction from CLDR;
labels from the package or the project's i18n/<tag>.yaml; the web edition's switcher lists them all."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from project_helpers import copy_example, lindenfeld_copy
from web_helpers import chromium, severe_console, wait_until

from conftest import LINDENFELD, ROOT, run_cli
from ikon_report import i18n, languages, resources
from ikon_report.content.labels import Labels
from ikon_report.errors import InvalidProject
from ikon_report.exchange.excel import columns
from ikon_report.project.glyphs import first_undisplayable
from ikon_report.project.validate import load_project

EVERY = ("de", "en", "ar", "fa", "prs", "ps", "ckb", "kmr", "uk", "ru", "tr", "ti", "sq", "so")
RTL = {"ar", "fa", "prs", "ps", "ckb"}
# (tag, script, own name, German name): what CLDR says, not a table of ours
CLDR = [("prs", "Arab", "دری", "Dari"), ("ps", "Arab", "پښتو", "Paschtu"),
        ("ckb", "Arab", "کوردیی ناوەندی", "Zentralkurdisch"), ("kmr", "Latn", "Kurdî (kurmancî)", "Kurdisch"),
        ("ti", "Ethi", "ትግርኛ", "Tigrinya"), ("sq", "Latn", "Shqip", "Albanisch"), ("so", "Latn", "Soomaali", "Somali"),
        ("uk", "Cyrl", "Українська", "Ukrainisch")]


@pytest.mark.parametrize("tag", EVERY)
def test_every_tag_is_valid_with_cldr_direction(tag):
    assert languages.problem(tag) is None
    assert languages.direction(tag) == ("rtl" if tag in RTL else "ltr")
    assert languages.cldr_id(tag) is not None


@pytest.mark.parametrize(("tag", "script", "own", "german"), CLDR)
def test_names_and_scripts_come_from_cldr(tag, script, own, german):
    assert languages.script(tag) == script
    assert languages.name(tag, tag) == own
    assert languages.name(tag, "de") == german


@pytest.mark.parametrize(("tag", "hint"), [("xx", None), ("Dari", "prs"), ("ukr", "uk"), ("Arabisch", "ar"),
                                           ("Paschtu", "ps"), ("qqq-xyz-123456789", None)])
def test_made_up_tags_are_refused_with_a_suggestion(tag, hint):
    message = languages.problem(tag)
    assert message is not None and message.startswith("is not a language tag")
    assert (f"(did you mean '{hint}'?)" in message) if hint else "did you mean" not in message


def test_spelling_of_a_tag_is_corrected():
    assert languages.problem("de_DE") == "is written 'de-DE' in BCP 47"
    assert languages.problem("en-gb") == "is written 'en-GB' in BCP 47"
    assert languages.problem("sr-Latn") is None and languages.script("sr-Latn") == "Latn"


# CLDR's long dates (Babel), as a reader of each language writes them: never 20.05.2019
LONG_DATES = [("de", "20. Mai 2019"), ("en", "May 20, 2019"), ("ar", "20 مايو 2019"), ("fa", "20 مهٔ 2019"),
              ("ps", "2019 مۍ 20"), ("ckb", "20ی ئایاری 2019"), ("uk", "20 травня 2019 р."),
              ("ru", "20 мая 2019 г."), ("tr", "20 Mayıs 2019"), ("ti", "ጉንበት 20, 2019"),
              ("sq", "20 maj 2019"), ("so", "Maayo 20, 2019"), ("kmr", "20ê gulana 2019an"), ("de-AT", "20. Mai 2019")]


@pytest.fixture(scope="module")
def lindenfeld_model():
    return load_project(LINDENFELD)[0]


@pytest.mark.parametrize(("tag", "expected"), LONG_DATES)
def test_dates_are_written_in_the_editions_language(tag, expected, lindenfeld_model):
    """German stays „20. Mai 2019“; every other language gets CLDR's long date, bound by no-break spaces."""
    written = Labels(tag, lindenfeld_model if tag == "kmr" else None).date(dt.date(2019, 5, 20))
    assert written.replace("\u00a0", " ") == expected
    assert written == "20. Mai 2019" if tag.startswith("de") else " " not in written


def test_a_language_without_cldr_dates_falls_back_to_english():
    assert languages.cldr_id("rom") is None and languages.problem("rom") is None  # Romani: valid, no CLDR locale
    assert languages.date(dt.date(2019, 5, 20), "rom") == "May\u00a020,\u00a02019"


def test_a_retired_date_key_in_a_label_file_is_a_warning_at_its_line(tmp_path):
    project = lindenfeld_copy(tmp_path / "lindenfeld")
    labels = project / "i18n" / "kmr.yaml"
    lines = labels.read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("title:"))
    labels.write_text("\n".join([*lines[:at], "date: numeric", *lines[at:]]) + "\n", encoding="utf-8")
    proc = run_cli("check", str(project))
    assert proc.returncode == 0, proc.stderr
    assert f"i18n/kmr.yaml:{at + 1}: warning: labels kmr: 'date' is no longer used" in proc.stderr


def test_a_glyph_no_font_has_in_a_label_file_is_reported_at_its_line(tmp_path):
    """Armenian (no shipped font) in a label, in a coded value's label and in a paragraph of a
    project's i18n/kmr.yaml: each reported at its own line (for Minden's de.yaml too)."""
    project = lindenfeld_copy(tmp_path / "lindenfeld")
    kmr = project / "i18n" / "kmr.yaml"
    text = kmr.read_text(encoding="utf-8").replace("search: Lêgerîn", "search: Lêgerîn Բարեւ")
    text = text.replace("  female: jin", "  female: jin Բ")
    kmr.write_text(text.replace('"Ev rêber xizmetên', '"Ա Ev rêber xizmetên'), encoding="utf-8")
    found = lines_of(project)
    for key, text in (("search", "search: "), ("gender.female", "  female: "), ("intro", "Ա Ev")):
        at = line_of(kmr, text)
        assert at > 1 and any(line.startswith(f"i18n/kmr.yaml:{at}: error: labels kmr: '{key}' contains '")
                              and "no shipped font can display" in line for line in found), (key, at, found)
    minden = copy_example(ROOT, tmp_path / "minden")
    de = minden / "i18n" / "de.yaml"
    first = next(line for line in de.read_text(encoding="utf-8").splitlines() if ": " in line and line[0] != "#")
    de.write_text(de.read_text(encoding="utf-8").replace(first, first + " Բ"), encoding="utf-8")
    key = first.split(":")[0].strip()
    assert any(line.startswith(f"i18n/de.yaml:{line_of(de, first)}: error: labels de: '") and "Բ" in line
               for line in lines_of(minden)), key


@pytest.fixture
def broken(tmp_path) -> Path:
    """Lindenfeld with made-up tags, a misspelt translation key and a damaged project label file."""
    project = lindenfeld_copy(tmp_path / "lindenfeld")
    settings = project / "ikon.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("languages: [de, en,", "languages: [de, xx, Dari, de_DE, en,"), encoding="utf-8")
    labels = project / "i18n" / "kmr.yaml"
    text = labels.read_text(encoding="utf-8").replace("search: Lêgerîn\n", "").replace("title: Rêbera", "titel: Rêbera")
    labels.write_text(text.replace("{count} ji {total}\"", "{count}\""), encoding="utf-8")
    fields = project / "data" / "fields.yaml"
    text = fields.read_text(encoding="utf-8")
    fields.write_text(text.replace("      ps: {name: لومړنۍ", "      Paschtu: {name: لومړنۍ", 1), encoding="utf-8")
    return project


def lines_of(project: Path) -> list[str]:
    with pytest.raises(InvalidProject) as caught:
        load_project(project)
    return [f"{p.path}:{p.line}: {p.severity}: {p.message}" for p in caught.value.problems]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_check_names_every_language_mistake_at_its_line(broken):
    lines = lines_of(broken)
    at = line_of(broken / "ikon.yaml", "languages:")
    assert f"ikon.yaml:{at}: error: languages: 'xx' is not a language tag; write a BCP 47 tag from the IANA " \
        "registry such as 'ar', 'fa-AF', 'prs' (Dari) or 'ckb' (Central Kurdish)" in lines
    assert any(line.startswith(f"ikon.yaml:{at}: error: languages: 'Dari' is not a language tag (did you mean "
                               "'prs'?)") for line in lines)
    assert f"ikon.yaml:{at}: error: languages: 'de_DE' is written 'de-DE' in BCP 47" in lines
    field_line = line_of(broken / "data" / "fields.yaml", "Paschtu:")
    assert any(line.startswith(f"data/fields.yaml:{field_line}: error: field FAM: translation 'Paschtu' is not a "
                               "language tag (did you mean 'ps'?)") for line in lines)
    kmr = broken / "i18n" / "kmr.yaml"
    assert "i18n/kmr.yaml:1: error: labels kmr: missing label keys: title, search (the package's de.yaml has " \
        "them all)" in lines
    assert f"i18n/kmr.yaml:{line_of(kmr, 'titel:')}: error: labels kmr: unknown label key 'titel' (did you mean " \
        "'title'?); the keys are those of the package's de.yaml" in lines
    assert f"i18n/kmr.yaml:{line_of(kmr, 'results:')}: error: labels kmr: 'results' must use the placeholders " \
        "{count}, {total} (it uses {count})" in lines
    assert all(": error: " in line or ": warning: " in line for line in lines)
    proc = run_cli("check", str(broken))  # the command line: exit 1, the same lines, no traceback
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"ikon.yaml:{at}: error: languages: 'de_DE' is written 'de-DE' in BCP 47" in proc.stdout + proc.stderr


def test_a_language_without_labels_is_an_error_at_its_line(tmp_path):
    project = lindenfeld_copy(tmp_path / "lindenfeld")
    (project / "i18n" / "kmr.yaml").unlink()
    at = line_of(project / "ikon.yaml", "languages:")
    assert any(line.startswith(f"ikon.yaml:{at}: error: languages: 'kmr' has no complete labels: the package has "
                               "none for it; add i18n/kmr.yaml with the missing keys") for line in lines_of(project))


def test_labels_come_from_the_project_then_the_package_then_cldr():
    model = load_project(LINDENFELD)[0]
    kmr = Labels("kmr", model)  # the project's own file: the package has none
    assert kmr("toc") == model.i18n["kmr"].labels["toc"] and not kmr.rtl and kmr.locale == "kmr"
    assert kmr("comma") == ", "  # a label's spaces are kept
    prs = Labels("prs", model)  # Dari: the package's Persian labels (CLDR: prs → fa_AF), tagged prs
    assert prs("toc") == i18n.table("fa")["toc"] and prs.rtl and prs.locale == "prs"
    ckb = Labels("ckb", model)
    assert ckb.rtl and ckb("toc") == i18n.table("ckb")["toc"]
    de_minden = Labels("de", load_project(ROOT)[0])  # Minden's i18n/de.yaml: "Farsi", not CLDR's "Persisch"
    assert de_minden.language("fa") == "Farsi" and Labels("de", model).language("fa") == "Persisch"
    for lang in EVERY:  # every configured language of Lindenfeld has every label, in its language
        assert i18n.missing_keys(Labels(lang, model)._tables) == [], lang


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_package_label_file_is_complete_and_shown_by_the_shipped_fonts(lang):
    table = i18n.table(lang)
    assert i18n.missing_keys([table]) == []
    text = yaml.safe_dump(table, allow_unicode=True)
    assert first_undisplayable(text) is None
    assert table["dir"] == languages.direction(lang)


def test_excel_hints_name_the_project_city_and_its_languages():
    model = load_project(LINDENFELD)[0]
    cols = {c.key: c for c in columns(model)}
    assert cols["district"].help == "Stadtteil in Lindenfeld"
    assert {f"translations.{lang}.title" for lang in EVERY if lang != "de"} <= set(cols)
    assert cols["translations.prs.title"].help == "Titel auf Dari"


def test_no_text_in_the_package_names_minden():
    package = Path(resources.__file__).parents[1]
    texts = [p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".typ", ".js", ".j2", ".lua",
                                                                           ".yaml", ".css", ".html")]
    assert len(texts) > 50
    assert [p.name for p in texts if "Minden" in p.read_text(encoding="utf-8")] == []


def test_catalogue_lang_accepts_every_configured_language_and_refuses_others(tmp_path):
    proc = run_cli("catalogue", str(LINDENFELD), "--lang", "xx", "--out", str(tmp_path))
    assert proc.returncode == 1 and "--lang 'xx': not a language of this project" in proc.stderr
    assert not list(tmp_path.glob("*.pdf"))
    proc = run_cli("catalogue", str(LINDENFELD), "--lang", "prs", "--format", "docx", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in tmp_path.glob("*.docx")] == ["IKON-Angebotskatalog-Lindenfeld-v1.2-Entwurf-prs.docx"]


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


def test_web_switcher_lists_every_language_and_switches(lindenfeld, browser):
    """In Chromium: one option per configured language, each by its own name (CLDR); choosing
    Sorani turns the page right to left with Sorani labels and field names."""
    model = load_project(LINDENFELD)[0]
    page = lindenfeld.one("IKON-Angebotskatalog-*.html")
    browser.get(page.as_uri())
    wait_until(browser, lambda: browser.find_elements("css selector", "#results h3"))
    options = browser.execute_script(
        "return [...document.querySelectorAll('#ui-lang option')].map(o => [o.value, o.textContent, o.lang])")
    assert [o[0] for o in options] == ["de", *[t for t in model.project.languages if t != "de"]]
    assert set(EVERY) <= {o[0] for o in options}
    for value, text, lang in options:
        assert text == languages.name(value, value) and lang == Labels(value, model).locale
    for tag in ("ckb", "kmr", "prs"):
        browser.execute_script("const s = document.getElementById('ui-lang'); s.value = arguments[0];"
                               "s.dispatchEvent(new Event('change'))", tag)
        lb = Labels(tag, model)
        wait_until(browser, lambda lb=lb: browser.execute_script("return document.documentElement.lang") == lb.locale)
        assert browser.execute_script("return document.documentElement.dir") == ("rtl" if tag in RTL else "ltr")
        fields = browser.execute_script(
            "return [...document.querySelectorAll('#f-field option')].map(o => o.textContent)")
        assert all(f.translations[tag].name in fields for f in model.fields), (tag, fields)
        assert lb("search") in browser.find_element("tag name", "body").text
        assert browser.find_element("id", "date").text == lb.date(model.project.date).replace("\u00a0", " ")
    assert severe_console(browser) == []
