"""Every translatable text of a project, with its translation in one language and its state.

A *unit* is one German text (a service's title, description, keywords or opening-hours note; a
category's name and keywords; a field's name; a UI label) with where it stands, its translation in
the language asked for (under the record's ``translations.<tag>``, docs/data-format.md; a label in
the project's ``i18n/<tag>.yaml`` or else the package's) and the hash of the German text that
translation was made from (``source_hashes``; for a package label, the package's German text). Its state is ``new``
(no translation), ``translated`` or ``outdated`` (the German text changed since).
``translations export/import/status`` and ``check`` read the same units (docs/translations.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from ikon_report import i18n
from ikon_report import languages as tags
from ikon_report.errors import Problem
from ikon_report.project import model as m

NEW, TRANSLATED, OUTDATED = "new", "translated", "outdated"
SERVICE_KEYS = ("title", "description", "keywords", "hours_note")
LABELS = "labels/"  # the unit ids of UI labels: labels/title, labels/gender/female
HASHES = i18n.HASHES  # in a translation or a project label file: key → hash of the German text
NOT_TEXT = (*i18n.DERIVED, *i18n.RETIRED, HASHES, i18n.NAMES)  # label settings, not texts (names: own units)


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
    mapping of hashes (None: this kind keeps no hashes). A label's ``item`` is 0 (its file is a
    mapping, not a list), ``file`` the label file an import writes and ``origin`` says where its
    current translation comes from when that is not the project's file."""

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
    file: str = ""
    origin: str = ""

    @property
    def is_label(self) -> bool:
        return self.uid.startswith(LABELS)

    @property
    def dest(self) -> str:
        """The data file an import of this unit writes."""
        return self.file or self.path

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


def units(p: m.IkonProject, lang: str, hashed: bool = False) -> list[Unit]:
    """All units of the project for ``lang``, in data order: fields, categories, services, labels.
    ``hashed``: of the records only those whose translation stores source hashes (the only ones that
    can be outdated; every label, as the package's own translations can be)."""
    return [*_fields(p, lang, hashed), *_categories(p, lang, hashed), *_services(p, lang, hashed),
            *_labels(p, lang)]


def _fields(p: m.IkonProject, lang: str, hashed: bool) -> Iterator[Unit]:
    for f in p.fields:
        tr = f.translations.get(lang)
        if hashed and not (tr and tr.source_hashes):
            continue
        path, line, item = _pos(f, "name")
        yield Unit(f"fields/{f.id}/name", f.id, "name", f.name, tr.name if tr else None,
                   tr.source_hashes.get("name") if tr else None, path, line, item,
                   ("translations", lang, "name"), ("translations", lang, "source_hashes"))


def _categories(p: m.IkonProject, lang: str, hashed: bool) -> Iterator[Unit]:
    for c in p.categories:
        tr = c.translations.get(lang)
        if hashed and not (tr and tr.source_hashes):
            continue
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


def _services(p: m.IkonProject, lang: str, hashed: bool) -> Iterator[Unit]:
    for s in p.services:
        yield from _service_units(s, lang, hashed)


def _service_units(s: m.Service, lang: str, hashed: bool) -> Iterator[Unit]:
    tr = s.translations.get(lang)
    if not (hashed and not (tr and tr.source_hashes)):
        for key, text in _service_texts(s):
            path, line, item = _pos(s, "opening_hours" if key == "hours_note" else key)
            yield Unit(f"services/{s.id}/{key}", s.id, key, text, _service_target(tr, key),
                       tr.source_hashes.get(key) if tr else None, path, line, item,
                       ("translations", lang, key), ("translations", lang, "source_hashes"),
                       is_list=key == "keywords")


def _lookup(table: dict, keys: tuple[str, ...]) -> object:
    for key in keys:
        table = table.get(key) if isinstance(table, dict) else None  # type: ignore[assignment]
    return table


def _label_text(value: object) -> str | None:
    if isinstance(value, list):
        return joined([str(v) for v in value])
    return value if isinstance(value, str) else None


def _labels(p: m.IkonProject, lang: str) -> Iterator[Unit]:
    """Every label an edition in ``lang`` shows: the German text (the project's ``i18n/de.yaml``, else
    the package's), the translation from the project's ``i18n/<lang>.yaml``, else the package's."""
    mine, de_own = p.i18n.get(lang), p.i18n.get("de")
    own = mine.labels if mine is not None else {}
    german = i18n.merged(i18n.tables_for("de", de_own.labels if de_own is not None else None))
    chain = i18n.package_chain(lang)
    package = i18n.merged([i18n.table(name) for name in chain])
    hashes = own.get(HASHES, {})
    hashes = hashes if isinstance(hashes, dict) else {}  # not a mapping: check says so (translations.py)
    rel = f"i18n/{lang}.yaml"
    here = mine.src.keys if mine is not None and mine.src else {}
    de_rel = de_own.src.path if de_own is not None and de_own.src else "i18n/de.yaml"
    de_lines = de_own.src.keys if de_own is not None and de_own.src else {}
    entries: list[tuple[tuple[str, ...], object]] = []
    for key, value in german.items():
        if key in NOT_TEXT:
            continue
        entries += [((key, sub), v) for sub, v in value.items()] if isinstance(value, dict) else [((key,), value)]
    names = {**german.get(i18n.NAMES, {}), **{c: tags.name(c, "de") for c in own.get(i18n.NAMES, {})
                                                if c not in german.get(i18n.NAMES, {})}}
    entries += [((i18n.NAMES, code), text) for code, text in names.items()]
    for keys, value in entries:
        source = _label_text(value)
        if source is None:
            continue
        dotted = ".".join(keys)
        ours, theirs = _label_text(_lookup(own, keys)), _label_text(_lookup(package, keys))
        origin, stored = "", hashes.get(dotted)
        if ours is not None:
            translation = ours
        elif theirs is not None:  # the package's translation, of the package's German text
            translation, origin = theirs, f"the package's {chain[0]}.yaml"
            stored = source_hash(_label_text(_lookup(i18n.reference(), keys)) or "")
        elif keys[0] == i18n.NAMES:
            translation, origin, stored = tags.name(keys[1], lang), "CLDR", None
        else:
            translation, stored = None, None
        at_de = ours is None and _lookup(de_own.labels if de_own is not None else {}, keys) is not None
        path, line = (de_rel, de_lines.get(keys[0], 1)) if at_de else (rel, here.get(keys[0], 0))  # 0: not there
        yield Unit(LABELS + "/".join(keys), "labels", dotted, source, translation, stored, path, line, 0,
                   keys, (HASHES,), is_list=isinstance(value, list), file=rel, origin=origin)


def languages(p: m.IkonProject, services: list[set[str]] | None = None) -> list[str]:
    """The project's languages other than German, then any language its data translates into
    (``services``: the translation tags of each service, when its records are not at hand)."""
    own = [code for code in p.project.languages if code != "de"]
    tables = [set(s.translations) for s in p.services] if services is None else services
    used = set().union(*tables) | {
        code for c in p.categories for code in c.translations} | {code for f in p.fields for code in f.translations}
    used |= set(p.i18n)
    return own + sorted(used - set(own) - {"de"})


def _outdated(u: Unit, lang: str) -> Problem:
    return Problem(u.path, u.line, "warning", f"{u.record}: the {lang} translation of '{u.key}' "
                   "was made from an older German text; update it (ikon-report translations "
                   f"export PROJECT --lang {lang} FILE.xliff marks it for review)")


def service_outdated(s: m.Service) -> list[Problem]:
    """``outdated_problems`` of one service: it depends on nothing else (each language it translates
    into is one of ``languages``, German aside), so the check cache keeps it with the service."""
    return [_outdated(u, lang) for lang in s.translations if lang != "de"
            for u in _service_units(s, lang, True) if u.state == OUTDATED]


def outdated_problems(p: m.IkonProject, services: list[set[str]] | None = None) -> list[Problem]:
    """``check``'s warnings: a translation made from an older German text, at the translation.
    ``services``: as in ``languages``; then the services' own are not included (``service_outdated``)."""
    out = []
    for lang in languages(p, services):
        found = [*_fields(p, lang, True), *_categories(p, lang, True),
                 *(_services(p, lang, True) if services is None else ()), *_labels(p, lang)]
        out += [_outdated(u, lang) for u in found if u.state == OUTDATED]
    return out
