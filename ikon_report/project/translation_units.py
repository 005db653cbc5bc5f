"""Every translatable text of a project, with its translation in one language and its state.

A *unit* is one German text (a service's title, description, keywords or opening-hours note; a
category's name and keywords; a field's name) with where it stands, its translation in the
language asked for (all under the record's ``translations.<tag>``, docs/data-format.md) and the
hash of the German text that translation was made from (``source_hashes``). Its state is ``new``
(no translation), ``translated`` or ``outdated`` (the German text changed since).
``translations export/import/status`` and ``check`` read the same units (docs/translations.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from ikon_report.errors import Problem
from ikon_report.project import model as m

NEW, TRANSLATED, OUTDATED = "new", "translated", "outdated"
SERVICE_KEYS = ("title", "description", "keywords", "hours_note")


def source_hash(text: str) -> str:
    """The hash stored beside a translation: the first 12 hex digits of the German text's SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def joined(words: list[str]) -> str:
    """Keywords as one text, one per line (how a translator sees and returns them)."""
    return "\n".join(words)


def split(text: str) -> list[str]:
    return [w.strip() for w in text.split("\n") if w.strip()]


@dataclass
class Unit:
    """One German text and its translation in ``lang``.

    ``path`` (file, line of the German text) is where it stands; ``item`` is the line of its record's
    list item and ``target`` the keys from that record to the translated value, ``hashes`` to the
    mapping of hashes (None: this kind keeps no hashes)."""

    uid: str
    record: str
    key: str
    source: str
    translation: str | None
    stored_hash: str | None
    path: str
    line: int
    item: int
    target: tuple[str, ...]
    hashes: tuple[str, ...] | None
    is_list: bool = False

    @property
    def state(self) -> str:
        if self.translation is None:
            return NEW
        if self.stored_hash is not None and self.stored_hash != source_hash(self.source):
            return OUTDATED
        return TRANSLATED


def _pos(rec: m.Strict, key: str) -> tuple[str, int, int]:
    src = rec.src
    return (src.path, src.line_of(key), src.line) if src else ("", 0, 0)


def units(p: m.IkonProject, lang: str) -> list[Unit]:
    """All units of the project for ``lang``, in data order: fields, categories, services."""
    return [*_fields(p, lang), *_categories(p, lang), *_services(p, lang)]


def _fields(p: m.IkonProject, lang: str) -> Iterator[Unit]:
    for f in p.fields:
        tr = f.translations.get(lang)
        path, line, item = _pos(f, "name")
        yield Unit(f"fields/{f.id}/name", f.id, "name", f.name, tr.name if tr else None,
                   tr.source_hashes.get("name") if tr else None, path, line, item,
                   ("translations", lang, "name"), ("translations", lang, "source_hashes"))


def _categories(p: m.IkonProject, lang: str) -> Iterator[Unit]:
    for c in p.categories:
        tr = c.translations.get(lang)
        texts = [("name", c.name, tr.name if tr else None)]
        if c.keywords:
            texts.append(("keywords", joined(c.keywords), (joined(tr.keywords) or None) if tr else None))
        for key, text, translation in texts:
            path, line, item = _pos(c, key)
            yield Unit(f"categories/{c.name}/{key}", c.name, key, text, translation,
                       tr.source_hashes.get(key) if tr else None, path, line, item,
                       ("translations", lang, key), ("translations", lang, "source_hashes"),
                       is_list=key == "keywords")


def _service_texts(s: m.Service) -> Iterator[tuple[str, str]]:
    yield "title", s.title
    yield "description", s.description
    if s.keywords:
        yield "keywords", joined(s.keywords)
    if s.opening_hours is not None and s.opening_hours.note:
        yield "hours_note", s.opening_hours.note


def _service_target(tr: m.ServiceTranslation | None, key: str) -> str | None:
    if tr is None:
        return None
    value = getattr(tr, key)
    return (joined(value) or None) if isinstance(value, list) else value


def _services(p: m.IkonProject, lang: str) -> Iterator[Unit]:
    for s in p.services:
        tr = s.translations.get(lang)
        for key, text in _service_texts(s):
            path, line, item = _pos(s, "opening_hours" if key == "hours_note" else key)
            yield Unit(f"services/{s.id}/{key}", s.id, key, text, _service_target(tr, key),
                       tr.source_hashes.get(key) if tr else None, path, line, item,
                       ("translations", lang, key), ("translations", lang, "source_hashes"),
                       is_list=key == "keywords")


def languages(p: m.IkonProject) -> list[str]:
    """The project's languages other than German, then any language its data translates into."""
    own = [code for code in p.project.languages if code != "de"]
    used = {code for s in p.services for code in s.translations} | {
        code for c in p.categories for code in c.translations} | {code for f in p.fields for code in f.translations}
    return own + sorted(used - set(own) - {"de"})


def outdated_problems(p: m.IkonProject) -> list[Problem]:
    """``check``'s warnings: a translation made from an older German text, at the translation."""
    out = []
    for lang in languages(p):
        for u in units(p, lang):
            if u.state == OUTDATED:
                out.append(Problem(u.path, u.line, "warning", f"{u.record}: the {lang} translation of '{u.key}' "
                                   "was made from an older German text; update it (ikon-report translations "
                                   f"export PROJECT --lang {lang} FILE.xliff marks it for review)"))
    return out
