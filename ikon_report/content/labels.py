"""Translated labels and headings of the catalogue, read from ``i18n/<lang>.yaml``.

German (``de.yaml``) is the reference: every other file has the same keys (a test checks it);
a key missing in a file falls back to German. Field and category names are the project's data:
``fields[].translations.<tag>.name`` (else the field's ``labels``) and
``categories[].translations.<tag>.name``; a name without a translation stays German.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import yaml

from ikon_report import german, resources

if TYPE_CHECKING:  # annotations only: the command line loads this module on every start
    from ikon_report.project.model import FieldOfAction, IkonProject, TargetGroup

LANGS = ("de", "en", "ar", "fa", "uk", "ru", "tr", "ti")
# House names that win over CLDR: each language's own name, and the German names the concept uses.
ENDONYMS = {
    "de": "Deutsch", "en": "English", "ar": "العربية", "fa": "فارسی", "uk": "Українська", "ru": "Русский",
    "tr": "Türkçe", "ti": "ትግርኛ", "fr": "Français", "ku": "Kurdî", "pl": "Polski", "ro": "Română",
    "bg": "Български", "es": "Español", "it": "Italiano", "sq": "Shqip", "so": "Soomaali", "prs": "دری",
    "ps": "پښتو",
}
CLDR_CODE = {"prs": "fa_AF"}  # Dari is Persian as written in Afghanistan in CLDR


@cache
def language_name(code: str, in_lang: str) -> str:
    """The name of language ``code`` in language ``in_lang``; its own name when both are the same.

    The one source of language names: the house tables (``ENDONYMS``, ``german.LANGUAGES``), then
    CLDR through Babel, then the code itself."""
    if code == in_lang and code in ENDONYMS:
        return ENDONYMS[code]
    if in_lang == "de" and code in german.LANGUAGES:
        return german.LANGUAGES[code]
    from babel import Locale, UnknownLocaleError  # CLDR data: loaded when a name is first needed

    try:
        name = Locale.parse(CLDR_CODE.get(in_lang, in_lang)).languages.get(CLDR_CODE.get(code, code))
    except (UnknownLocaleError, ValueError):
        name = None
    return name[:1].upper() + name[1:] if name else ENDONYMS.get(code, code)


@cache
def _collator() -> object:
    from pyuca import Collator  # the Unicode Collation Algorithm's default table (loads in ~0.5 s)

    return Collator()


def sort_key(text: str) -> tuple[int, ...]:
    """Alphabetical order across scripts (Unicode Collation Algorithm, DUCET: ä with a, پ after ب,
    Cyrillic and Ethiopic in their alphabets); language-specific tailorings are not applied."""
    return _collator().sort_key(text)  # type: ignore[attr-defined]


@cache
def _table(lang: str) -> dict:
    return yaml.safe_load(resources.i18n_file(lang).read_text(encoding="utf-8"))


class Labels:
    """Everything language-dependent in a catalogue edition."""

    def __init__(self, lang: str, project: IkonProject | None = None) -> None:
        if lang not in LANGS:
            raise ValueError(f"no catalogue labels for {lang!r}; available: {', '.join(LANGS)}")
        self.lang = lang
        self._own = _table(lang)
        self._de = _table("de")
        self._categories = {c.name: tr.name for c in (project.categories if project else [])
                            if (tr := c.translations.get(lang)) is not None and tr.name}

    def __call__(self, key: str, **values: object) -> str:
        text = self._own.get(key, self._de[key])
        return text.format(**values) if values else text

    def paragraphs(self, key: str, **values: object) -> list[str]:
        return [p.format(**values) for p in self._own.get(key, self._de[key])]

    def _sub(self, table: str, key: str) -> str:
        return self._own.get(table, {}).get(key) or self._de[table].get(key, key)

    @property
    def locale(self) -> str:
        return self("locale")

    @property
    def rtl(self) -> bool:
        return self("dir") == "rtl"

    def gender(self, value: str) -> str:
        return self._sub("gender", value)

    def residence(self, value: str) -> str:
        return self._sub("residence", value)

    def band(self, key: str) -> str:
        return self._sub("bands", key)

    def category(self, name: str) -> str:
        """A category (its German name, as services write it) in this language, else German."""
        return self._categories.get(name, name)

    def field(self, f: FieldOfAction) -> str:
        """A field's name in this language: its ``translations``, else its ``labels``, else German."""
        tr = f.translations.get(self.lang)
        return tr.name if tr else f.labels.get(self.lang) or f.name

    def language(self, code: str) -> str:
        """German names in the German edition, each language's own name in the others."""
        return language_name(code, "de" if self.lang == "de" else code)

    def language_entry(self, code: str) -> str:
        """A language as the language index names it: its own name, then the name in this
        edition's language where that differs (``العربية – Arabisch``)."""
        own, here = language_name(code, code), language_name(code, self.lang)
        if own == here:
            return own
        return f"\u2068{own}\u2069 – {here}"

    def date(self, value: dt.date) -> str:
        return german.date(value) if self("date") == "long" else f"{value.day:02d}.{value.month:02d}.{value.year}"

    def age(self, target: TargetGroup) -> str:
        low, high = target.age_min or None, target.age_max  # a minimum of 0 is no minimum
        if low is None and high is None:
            return self("age_all")
        if high is None:
            return self("age_from", min=low)
        if low is None:
            return self("age_to", max=high)
        return self("age_exact", min=low) if low == high else self("age_range", min=low, max=high)

    def join(self, items: list[str]) -> str:
        """A list in this language's punctuation; in right-to-left text each item is isolated
        (U+2068 … U+2069) so mixed-script items keep their order."""
        if self.rtl:
            items = [f"\u2068{item}\u2069" for item in items]
        return self("comma").join(items)

    def residences(self, statuses: Sequence[str]) -> str:
        if "all" in statuses:
            return self.residence("all")
        return self.join([self.residence(s) for s in statuses])

    def table(self) -> dict[str, object]:
        """All labels of this language, German where a key is missing (for the web edition)."""
        merged = {**self._de, **self._own}
        for key in ("gender", "residence", "bands"):
            merged[key] = {**self._de[key], **self._own.get(key, {})}
        merged["categories"] = dict(self._categories)
        return merged
