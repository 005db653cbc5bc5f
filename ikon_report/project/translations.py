"""Languages and translations of a project, checked at ``path:line``.

- every language tag (``ikon.yaml: language`` and ``languages``, a service's ``languages``, the
  keys of ``translations`` and ``labels``, the name of an ``i18n/<tag>.yaml``) is a BCP 47 tag of
  the IANA registry (``languages.problem``: did-you-mean for ``Dari``, ``ukr``, ``de_DE``);
- every edition language has all UI labels: the project's ``i18n/<tag>.yaml`` and the package's
  files together hold every key of the German reference (missing keys are listed), a project file
  has no unknown keys and keeps each label's placeholders;
- field and category names have a translation in each edition language (a warning: the edition
  shows the German name).
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Sequence
from typing import Protocol

from ikon_report import i18n, languages
from ikon_report.errors import Problem
from ikon_report.project import model as m
from ikon_report.project.sources import closest


class Named(Protocol):
    """What the checks here read of a service besides its tags: a ``Service`` or its facts."""

    @property
    def id(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def src(self) -> m.Src | None: ...


def translation_problems(p: m.IkonProject, services: Sequence[Named] | None = None) -> list[Problem]:
    """``services``: the services' facts (``service_facts.py``), whose own tag problems are counted
    with them (``service_tags``); by default the services of ``p``."""
    return [*_tags(p, services is None), *_labels(p), *_names(p, p.services if services is None else services)]


def _at(record: m.Strict | Named | None, key: str = "", index: int | None = None) -> tuple[str, int]:
    src = record.src if record is not None else None
    if src is None:
        return "ikon.yaml", 1
    return src.path, src.line_of(key, index) if key else src.line


def _tag_problem(tag: str, where: tuple[str, int], what: str) -> Iterator[Problem]:
    why = languages.problem(tag)
    if why:
        yield Problem(*where, "error", f"{what} '{tag}' {why}")


def service_tags(svc: m.Service) -> list[Problem]:
    """The language tags of one service (``languages``, its translations' keys) that are none."""
    return [*_service_languages(svc), *_translation_tags([(f"service {svc.id}", svc, svc.translations)])]


def _service_languages(svc: m.Service) -> Iterator[Problem]:
    for index, tag in enumerate(svc.languages):
        if languages.problem(tag):  # where only when needed: 3,000 services have ~10,000 tags
            yield from _tag_problem(tag, _at(svc, "languages", index), f"service {svc.id}: languages:")


def _translation_tags(records: list[tuple[str, m.Item, dict]]) -> Iterator[Problem]:
    for label, rec, table in records:
        for tag, value in table.items():
            bad = languages.problem(tag)
            if bad:
                placed = isinstance(value, m.Strict) and value.src is not None
                key = "" if placed else "labels" if label.endswith("labels") else "translations"
                yield Problem(*_at(value if placed else rec, key), "error", f"{label}: translation '{tag}' {bad}")


def _tags(p: m.IkonProject, services: bool) -> Iterator[Problem]:
    """Every language tag's problem (``services``: the services' too; else their facts hold them)."""
    s = p.project
    yield from _tag_problem(s.language, _at(s, "language"), "language")
    seen: set[str] = set()
    for index, tag in enumerate(s.languages):
        if tag in seen:
            yield Problem(*_at(s, "languages", index), "error", f"languages: '{tag}' is listed twice; keep one")
        seen.add(tag)
        yield from _tag_problem(tag, _at(s, "languages", index), "languages:")
    for svc in p.services if services else []:
        yield from _service_languages(svc)
    records: list[tuple[str, m.Item, dict]] = [
        (f"service {x.id}", x, x.translations) for x in (p.services if services else [])]
    records += [(f"field {f.id}", f, f.translations) for f in p.fields]
    records += [(f"field {f.id}: labels", f, f.labels) for f in p.fields]
    records += [(f"category {c.name}", c, c.translations) for c in p.categories]
    yield from _translation_tags(records)
    shown = {"de", *s.languages}  # German is always an edition
    for tag, own in p.i18n.items():
        where = _at(own)
        bad = languages.problem(tag)
        if bad:
            yield Problem(where[0], 1, "error", f"the label file's name '{tag}' {bad}; name it i18n/TAG.yaml")
        elif tag not in shown:
            yield Problem(where[0], 1, "warning", f"labels for '{tag}' are used by no edition; add '{tag}' to "
                          "languages in ikon.yaml or remove the file")


def _placeholders(value: object) -> set[str]:
    texts = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else [value]
    return {name for t in texts if isinstance(t, str) for _, name, _, _ in string.Formatter().parse(t) if name}


def _labels(p: m.IkonProject) -> Iterator[Problem]:
    reference = i18n.reference()
    for tag, file in p.i18n.items():
        path = file.src.path if file.src else f"i18n/{tag}.yaml"
        lines = file.src.keys if file.src else {}
        for key, value in file.labels.items():
            line = lines.get(key, 1)
            if key in i18n.RETIRED:
                yield Problem(path, line, "warning", f"labels {tag}: '{key}' is no longer used: "
                              f"{i18n.RETIRED[key]}; remove the key")
                continue
            if key not in reference and key not in i18n.OPTIONAL:
                yield Problem(path, line, "error", f"labels {tag}: unknown label key '{key}'"
                              f"{closest(key, list(reference))}; the keys are those of the package's de.yaml")
                continue
            want = reference.get(key)
            if key == i18n.HASHES and not isinstance(value, dict):
                yield Problem(path, line, "error", f"labels {tag}: '{key}' should be a mapping of label keys to "
                              "hashes, as 'translations import' writes it (or remove it)")
            elif isinstance(want, dict) and isinstance(value, dict):
                extra = sorted(set(value) - set(want))
                if extra:
                    yield Problem(path, line, "error", f"labels {tag}: '{key}' has unknown entries "
                                  f"{', '.join(extra)}; allowed: {', '.join(want)}")
            elif want is not None and type(want) is not type(value):
                kind = "a list of paragraphs" if isinstance(want, list) else "a mapping" \
                    if isinstance(want, dict) else "text"
                yield Problem(path, line, "error", f"labels {tag}: '{key}' should be {kind}, like the "
                              "package's de.yaml")
            elif want is not None and _placeholders(value) != _placeholders(want):
                yield Problem(path, line, "error", f"labels {tag}: '{key}' must use the placeholders "
                              f"{_braces(_placeholders(want))} (it uses {_braces(_placeholders(value))})")
    s = p.project
    for index, tag in enumerate(s.languages):
        if languages.problem(tag):
            continue
        own = p.i18n.get(tag)
        missing = i18n.missing_keys(i18n.tables_for(tag, own.labels if own is not None else None))
        if not missing:
            continue
        keys = ", ".join(missing)
        if own is not None:
            yield Problem(own.src.path if own.src else f"i18n/{tag}.yaml", 1, "error",
                          f"labels {tag}: missing label keys: {keys} (the package's de.yaml has them all)")
        else:
            has = i18n.package_chain(tag)
            why = f"the package's labels ({', '.join(has)}) lack {keys}" if has else "the package has none for it"
            yield Problem(*_at(s, "languages", index), "error", f"languages: '{tag}' has no complete labels: {why}; "
                          f"add i18n/{tag}.yaml with the missing keys ({len(missing)}; a copy of the package's "
                          "en.yaml translated, docs/catalogue.md)")


def _braces(names: set[str]) -> str:
    return ", ".join(f"{{{n}}}" for n in sorted(names)) or "none"


def _names(p: m.IkonProject, services: Sequence[Named]) -> Iterator[Problem]:
    others = [t for t in p.project.languages if t != "de" and not languages.problem(t)]
    for f in p.fields:
        lacking = [t for t in others if t not in f.translations]
        if lacking:
            yield Problem(*_at(f, "name"), "warning", f"field {f.id}: no name in {', '.join(lacking)}; "
                          f"add translations.{lacking[0]}.name (those editions show the German name)")
    used = {s.category: s for s in reversed(services)}
    named = {c.name: c for c in p.categories}
    for name, first in sorted(used.items()):
        rec = named.get(name)
        lacking = [t for t in others if rec is None or not (rec.translations.get(t) and rec.translations[t].name)]
        if lacking and rec is not None:
            yield Problem(*_at(rec, "name"), "warning", f"category {name}: no name in {', '.join(lacking)}; add "
                          f"translations.{lacking[0]}.name (those editions show the German name)")
        elif lacking:
            yield Problem(*_at(first, "category"), "warning", f"service {first.id}: the category '{name}' has no "
                          f"names in {', '.join(lacking)}; add it to data/categories.yaml with "
                          f"translations.{lacking[0]}.name")
