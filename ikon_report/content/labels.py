"""Translated labels and headings of the catalogue, for any language tag.

Labels come from the project's ``i18n/<tag>.yaml`` and the package's files (``ikon_report/i18n.py``);
names, script and direction from CLDR (``ikon_report/languages.py``). Field and category names are the project's data:
``fields[].translations.<tag>.name`` (else the field's ``labels``) and
``categories[].translations.<tag>.name``; a name without a translation stays German.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from ikon_report import german, i18n, languages
from ikon_report.i18n import LANGS

if TYPE_CHECKING:  # annotations only: the command line loads this module on every start
    from ikon_report.project.model import FieldOfAction, IkonProject, TargetGroup

__all__ = ["LANGS", "Labels", "language_name", "sort_key"]


def language_name(code: str, in_lang: str) -> str:
    """The name of language ``code`` in language ``in_lang`` (CLDR, ``languages.name``)."""
    return languages.name(code, in_lang)


@cache
def _collator() -> object:
    from pyuca import Collator  # the Unicode Collation Algorithm's default table (loads in ~0.5 s)

    return Collator()


def sort_key(text: str) -> tuple[int, ...]:
    """Alphabetical order across scripts (Unicode Collation Algorithm, DUCET: ä with a, پ after ب,
    Cyrillic and Ethiopic in their alphabets); language-specific tailorings are not applied."""
    return _collator().sort_key(text)  # type: ignore[attr-defined]


def label_tables(tag: str, project: IkonProject | None = None) -> list[dict]:
    """The tables that give ``tag`` its labels, best first (``i18n.tables_for``)."""
    own = project.i18n.get(tag) if project is not None else None
    return i18n.tables_for(tag, own.labels if own is not None else None)


class Labels:
    """Everything language-dependent in a catalogue edition, for any language tag: labels from
    the project's ``i18n/<tag>.yaml`` and the package's files; names, script and direction from CLDR."""

    def __init__(self, lang: str, project: IkonProject | None = None) -> None:
        tables = label_tables(lang, project)
        if not tables:
            raise ValueError(f"no catalogue labels for {lang!r}; the package has: {', '.join(LANGS)} "
                             f"(a project adds others in i18n/{lang}.yaml)")
        self.lang = lang
        self._tables = tables
        self._own = i18n.merged(tables)
        own = project.i18n.get(lang) if project is not None else None
        exact = [own.labels] if own is not None else []
        exact += [i18n.table(lang)] if lang in i18n.LANGS else []
        self._locale = next((str(t["locale"]) for t in exact if t.get("locale")), lang)
        self._de = i18n.reference()
        self._categories = {c.name: tr.name for c in (project.categories if project else [])
                            if (tr := c.translations.get(lang)) is not None and tr.name}
        german_names = i18n.merged(label_tables("de", project)).get(i18n.NAMES, {})
        self._names = german_names if lang == "de" else self._own.get(i18n.NAMES, {})

    def __call__(self, key: str, **values: object) -> str:
        text = self._own.get(key, self._de[key])
        return text.format(**values) if values else text

    def paragraphs(self, key: str, **values: object) -> list[str]:
        return [p.format(**values) for p in self._own.get(key, self._de[key])]

    def _sub(self, table: str, key: str) -> str:
        return self._own.get(table, {}).get(key) or self._de[table].get(key, key)

    @property
    def locale(self) -> str:
        """The tag typst and Word get: the ``locale`` of the tag's own label file (``de-DE``), else
        the tag (``prs``, served by ``fa.yaml``, stays ``prs``)."""
        return self._locale

    @property
    def rtl(self) -> bool:
        return (self._own.get("dir") or languages.direction(self.lang)) == "rtl"

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

    def name_of(self, code: str) -> str:
        """The name of language ``code`` in this edition's language: the table's
        ``language_names``, else CLDR."""
        return self._names.get(code) or language_name(code, self.lang)

    def language(self, code: str) -> str:
        """German names in the German edition, each language's own name in the others."""
        return self.name_of(code) if self.lang == "de" else language_name(code, code)

    def language_entry(self, code: str) -> str:
        """A language as the language index names it: its own name, then the name in this
        edition's language where that differs (``العربية – Arabisch``)."""
        own, here = language_name(code, code), self.name_of(code)
        if own == here:
            return own
        return f"\u2068{own}\u2069 – {here}"

    def date(self, value: dt.date) -> str:
        """``20. Mai 2019`` in German, the edition language's long CLDR date otherwise, never numeric."""
        return german.date(value) if languages.base(self.lang) == "de" else languages.date(value, self.lang)

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

    def fields_text(self, project: IkonProject, *, quoted: bool) -> str:
        """The project's fields of action in this language, in their order: quoted and joined as a
        list (running text), or joined by „ · “ (a subtitle)."""
        names = [self.field(f) for f in sorted(project.fields, key=lambda f: f.order)]
        if quoted:
            return self.join([self("quoted", name=name) for name in names])
        return " · ".join(f"\u2068{n}\u2069" for n in names) if self.rtl else " · ".join(names)

    def residences(self, statuses: Sequence[str]) -> str:
        if "all" in statuses:
            return self.residence("all")
        return self.join([self.residence(s) for s in statuses])

    def table(self) -> dict[str, object]:
        """All labels of this language, German where a key is missing (for the web edition)."""
        table = i18n.merged([self._own, self._de])
        table.pop(i18n.HASHES, None)
        table |= {"locale": self.locale, "dir": "rtl" if self.rtl else "ltr", "categories": dict(self._categories)}
        return table
