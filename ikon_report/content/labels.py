"""Translated labels and headings of the catalogue, read from ``i18n/<lang>.yaml``.

German (``de.yaml``) is the reference: every other file has the same keys (a test checks it);
a key missing in a file falls back to German. Category and field names are translated by
their German wording; a category the table does not know stays German.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import yaml

from ikon_report import german, resources

if TYPE_CHECKING:  # annotations only: the command line loads this module on every start
    from ikon_report.project.model import FieldOfAction, TargetGroup

LANGS = ("de", "en", "ar", "fa", "uk", "ru", "tr", "ti")
ENDONYMS = {
    "de": "Deutsch", "en": "English", "ar": "العربية", "fa": "فارسی", "uk": "Українська", "ru": "Русский",
    "tr": "Türkçe", "ti": "ትግርኛ", "fr": "Français", "ku": "Kurdî", "pl": "Polski", "ro": "Română",
    "bg": "Български", "es": "Español", "it": "Italiano", "sq": "Shqip", "so": "Soomaali", "prs": "دری",
    "ps": "پښتو",
}


@cache
def _table(lang: str) -> dict:
    return yaml.safe_load(resources.i18n_file(lang).read_text(encoding="utf-8"))


class Labels:
    """Everything language-dependent in a catalogue edition."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGS:
            raise ValueError(f"no catalogue labels for {lang!r}; available: {', '.join(LANGS)}")
        self.lang = lang
        self._own = _table(lang)
        self._de = _table("de")

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
        return self._own.get("categories", {}).get(name, name)

    def field(self, f: FieldOfAction) -> str:
        """Translated field name: this table, else the project's ``labels``, else German."""
        return self._own.get("fields", {}).get(f.name) or f.labels.get(self.lang) or f.name

    def language(self, code: str) -> str:
        """German names in the German edition, each language's own name in the others."""
        return german.language(code) if self.lang == "de" else ENDONYMS.get(code, code)

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
        return merged
