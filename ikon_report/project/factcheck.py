"""Checks of the project's facts: findings' links, survey samples' method facts, the concept's
period, and the glossary against the text (a term defined but never used, an abbreviation used
in a chapter but not defined: warnings at ``path:line``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from ikon_report.errors import Problem
from ikon_report.project import model as m
from ikon_report.project.crosscheck import err
from ikon_report.project.positions import parse
from ikon_report.project.service_facts import ServiceFacts, service_facts, texts_of
from ikon_report.project.sources import closest
from ikon_report.project.vocabulary import TODO_MARKERS

NOT_DATA = frozenset({"glossary", "sources", "chapters", "root"})
ROMAN = re.compile(r"[IVXLCDM]+")  # section numbers, not abbreviations


def fact_problems(p: m.IkonProject, known: Mapping[str, object], invalid: set[str],
                  services: list[ServiceFacts] | None = None) -> Iterator[Problem]:
    """Every problem of this module's topics; ``known`` are all ids of the project; ``services``:
    the services' facts (by default those of ``p.services``)."""
    fields = {f.id for f in p.fields}
    sources = set(known)
    for f in p.findings:
        for index, ref in enumerate(f.fields):
            if ref not in fields and ref not in invalid:
                yield err(f, f"finding {f.id}: 'fields' names unknown field of action '{ref}'{closest(ref, fields)}",
                          key="fields", index=index)
        for index, ref in enumerate(f.sources):
            if ref not in sources and ref not in invalid:
                yield err(f, f"finding {f.id}: 'sources' names '{ref}', which is no sample, event or entry of "
                          f"'sources'{closest(ref, sources)}", key="sources", index=index)
    for s in p.samples:
        if s.invited is not None and s.invited < s.total:
            yield err(s, f"sample {s.id}: {s.invited} invited but {s.total} took part; 'invited' counts everyone "
                      "who was asked", key="invited")
        if s.start and s.end and s.end < s.start:
            yield err(s, f"sample {s.id}: 'end' ({s.end}) is before 'start' ({s.start})", key="end")
    period = p.project.period if isinstance(p.project, m.Project) else None
    if period is not None and period.end < period.start:
        yield err(p.project, f"'period' ends ({period.end}) before it starts ({period.start})", key="period")
    yield from _glossary(p, [service_facts(s) for s in p.services] if services is None else services)


def _glossary(p: m.IkonProject, services: list[ServiceFacts]) -> Iterator[Problem]:
    seen: dict[str, m.Term] = {}
    for t in p.glossary:
        if not t.long and not t.definition:
            yield err(t, f"glossary entry '{t.term}' has neither 'long' (the full form of an abbreviation) nor "
                      "'definition'; add one", key="term")
        if t.term.casefold() in seen:
            yield err(t, f"glossary entry '{t.term}' is listed twice (first at {seen[t.term.casefold()].src})",
                      key="term")
        seen.setdefault(t.term.casefold(), t)
    if not p.glossary and not any(parse(c.body).abbreviations for c in p.chapters):
        return
    text = "\n".join([*(c.body for c in p.chapters), *_data_texts(p, services)])
    for t in p.glossary:
        if not any(_uses(text, form) for form in (t.term, *t.forms)):
            yield err(t, f"glossary entry '{t.term}' is used nowhere in the chapters or the data; remove it or "
                      "use the term", "warning", key="term")
    defined = [form for t in p.glossary for form in (t.term, *t.forms)]
    ids = {r.id for kind in ("fields", "measures", "challenges", "indicators") for r in getattr(p, kind)}
    reported: set[str] = set()
    for ch in p.chapters:
        for mark in parse(ch.body).abbreviations:
            word = mark.text
            if (word in reported or ROMAN.fullmatch(word) or word in ids or word in TODO_MARKERS
                    or any(_uses(form, word) for form in defined)):
                continue
            reported.add(word)
            yield Problem(ch.path, ch.body_line + mark.line, "warning", f"chapter {ch.id}: the abbreviation "
                          f"'{word}' is not in the glossary; add it to 'glossary' with its full form "
                          f"('- term: {word}' and 'long: …')")


def _uses(text: str, term: str) -> bool:
    """``term`` stands in ``text`` as a word (or as the start of a compound: „MSO-Vertreter*innen“)."""
    return re.search(rf"(?<![\w]){re.escape(term)}(?![^\W\d_])", text) is not None or re.search(
        rf"(?<![\w]){re.escape(term)}-", text) is not None


def _data_texts(p: m.IkonProject, services: list[ServiceFacts]) -> Iterator[str]:
    """The text values of the data (not the glossary itself, not the sources list), walked as
    ``texts_of`` walks the whole dump; the services' come from their facts."""
    dump = p.model_dump(exclude={*NOT_DATA, "services"})
    for key in reversed(m.IkonProject.model_fields):
        if key == "services":
            yield from (s.text for s in reversed(services) if s.text is not None)
        elif key not in NOT_DATA:
            yield from texts_of(dump[key])
