"""The catalogue as one pandoc document: notes, entries grouped by field and category, indexes.

Every data string enters through ``pandoc_ast`` (text, never markup). In a translated edition
the German fallbacks are marked and kept left-to-right inside right-to-left pages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ikon_report import pandoc_ast as a
from ikon_report.content.hours import note_of, week_lines
from ikon_report.content.illustrative import marked
from ikon_report.content.labels import Labels, sort_key
from ikon_report.content.numbering import Numbered, number
from ikon_report.documents.catalogue.filters import GENDERS, STATUSES
from ikon_report.project.model import IkonProject, Service
from ikon_report.project.vocabulary import EVERYONE

LRI, PDI = "\u2066", "\u2069"  # Unicode isolate: a German run inside right-to-left text
SEP = " · "
SENIOR_FROM = 50
BANDS = (("children", 0, 11), ("youth", 12, 17), ("young_adults", 18, 26), ("adults", 27, 64), ("seniors", 65, 120))


@dataclass
class CatalogueDoc:
    blocks: list[a.Node]
    numbered: Numbered


@dataclass
class Entry:
    """A service's text in the edition's language; German where a translation is missing."""

    service: Service
    title: str
    description: str
    german_title: bool = False
    german_description: bool = False


def entries(services: list[Service], lang: str) -> list[Entry]:
    out = []
    for s in services:
        tr = s.translations.get(lang) if lang != "de" else None
        if lang == "de":
            out.append(Entry(s, s.title, s.description))
        elif tr is None:
            out.append(Entry(s, s.title, s.description, german_title=True, german_description=True))
        else:
            out.append(Entry(s, tr.title, tr.description or s.description,
                             german_description=tr.description is None))
    return out


def build_catalogue(project: IkonProject, services: list[Service], lb: Labels, *,
                    criteria: str = "", fields: tuple[str, ...] = (), elsewhere: Mapping[str, str] | None = None,
                    note: str = "") -> CatalogueDoc:
    """The whole catalogue body; ``criteria`` describes a filtered selection, ``fields`` limits the
    field sections to those (a service then appears under the first of its fields among them).
    ``elsewhere``: services whose profile stands in another volume (id → that volume's name), listed
    by number and volume only and left out of the indexes; ``note`` introduces a volume."""
    elsewhere = elsewhere or {}
    shown = entries(services, lb.lang)
    blocks = intro(project, [e for e in shown if e.service.id not in elsewhere], lb, criteria=criteria)
    blocks += [a.para(note)] if note else []
    blocks += field_sections(project, shown, lb, fields, elsewhere)
    blocks += indexes([e for e in shown if e.service.id not in elsewhere], lb)
    numbered = number(blocks)
    return CatalogueDoc(blocks, numbered)


def intro(project: IkonProject, shown: list[Entry], lb: Labels, *, criteria: str) -> list[a.Node]:
    p = project.project
    blocks = [a.header(1, lb("intro_heading"), "sec-catalogue-intro", classes=["unnumbered"])]
    dates = [e.service.last_checked for e in shown]
    when = lb.date(max(dates)) if dates else lb.date(p.date)
    blocks += [a.para(t) for t in lb.paragraphs("intro", city=p.city, date=when, client=p.client,
                                                      fields=lb.fields_text(project, quoted=True))]
    if criteria:
        blocks += [a.header(2, lb("selection_heading"), "sec-catalogue-selection", classes=["unnumbered"]),
                   a.para(lb("selection", count=len(shown), total=len(project.services), criteria=criteria))]
    return blocks


def field_sections(project: IkonProject, shown: list[Entry], lb: Labels, only: tuple[str, ...],
                   elsewhere: Mapping[str, str]) -> list[a.Node]:
    order = sorted(project.fields, key=lambda f: f.order)
    wanted = [f.id for f in order if not only or f.id in only]
    home = {e.service.id: None if e.service.id in elsewhere else next((f for f in e.service.fields if f in wanted),
                                                                        None) for e in shown}
    blocks: list[a.Node] = []
    for f in order:
        if f.id not in wanted:
            continue
        own = [e for e in shown if home[e.service.id] == f.id]
        others = [e for e in shown if f.id in e.service.fields and home[e.service.id] != f.id]
        if not own and not others:
            continue
        blocks.append(a.header(1, lb.field(f), f"sec-field-{f.id}"))
        for category in sorted({e.service.category for e in own}, key=lambda c: sort_key(lb.category(c))):
            blocks.append(a.header(2, lb.category(category), f"sec-{f.id}-{_slug(category)}"))
            blocks += [entry_block(project, e, lb) for e in own if e.service.category == category]
        if others:
            blocks.append(a.header(2, lb("also_heading"), f"sec-{f.id}-also"))
            blocks.append(a.bullets([_ref(e, lb) if e.service.id not in elsewhere else
                                     _elsewhere(e, elsewhere[e.service.id]) for e in by_number(others)]))
    return blocks


META_STYLE = "Angebotszeile"  # DOCX paragraph style of a service's provider and note lines


def _meta_line(inlines: list[a.Node]) -> a.Node:
    """A service's provider line or note: small sans grey in both formats (catalogue.typ's
    ``show emph`` in profiles; the DOCX style, which also sets the emphasis upright)."""
    return a.div([a.para(inlines)], custom_style=META_STYLE)


def entry_block(project: IkonProject, e: Entry, lb: Labels) -> a.Node:
    """One service as a compact block: title, provider line, description, key–value rows."""
    s = e.service
    word = lb("illustrative_mark")
    provider = [a.emph([*marked(_de(s.provider, lb), s, "provider", word),
                        *a.text(SEP + lb.category(s.category) + SEP), a.record_id(s.id)])]
    body = [_meta_line(provider)]
    head = a.header(3, marked(_de(e.title, lb) if e.german_title else e.title, s, word=word), s.id,
                    classes=["unnumbered", "service"])
    blocks = [a.div([head], lang="de-DE") if e.german_title else head, *body]
    if e.german_description:
        note = lb("fallback") if e.german_title else lb("fallback_description")
        blocks += [_meta_line([a.emph(note)]), german(a.paras(e.description), lb)]
    else:
        blocks += a.paras(e.description)
    blocks.append(facts(s, lb))
    return a.div(blocks, classes=["profile", "service"])


def yes_no(key: str, value: bool | None) -> str:
    """The label key of a yes/no fact: ``KEY_yes``, ``KEY_no`` or ``KEY_unknown`` („keine Angabe“)."""
    return f"{key}_{'unknown' if value is None else 'yes' if value else 'no'}"


def facts(s: Service, lb: Labels) -> a.Node:
    t, word = s.target, lb("illustrative_mark")
    who = SEP.join([lb.gender(t.gender), lb.age(t), lb.residences(t.residence_status)])
    place = [*a.text(_de(s.district, lb) + SEP), *a.lines(_de(s.address, lb)),
             *a.text(SEP + lb(yes_no("barrier_free", s.barrier_free)))]
    costs = lb("free") if s.costs == "kostenlos" else _de(s.costs, lb)
    rows: list[tuple[str, a.Cell]] = [
        (lb("for"), marked(who, s, "target", word)),
        (lb("languages"), marked(lb.join([lb.language(c) for c in s.languages]), s, "languages", word)),
        (lb("place"), marked(place, s, "address", word)),
        (lb("contact"), marked(a.lines(_de(s.contact, lb)), s, "contact", word))]
    if s.opening_hours:
        rows.append((lb("hours"), marked(hours_inlines(s, lb), s, "opening_hours", word)))
    rows += [(lb("costs"), marked(SEP.join([costs, lb(yes_no("registration", s.registration))]),
                                  s, "costs", word)),
             (lb("checked"), lb.date(s.last_checked))]
    return a.keyvalue(rows, widths=(0.2, 0.8))


def hours_inlines(s: Service, lb: Labels) -> list[a.Node]:
    """Opening hours in the edition's language (CLDR), one line per group of days, then the
    note (German, isolated in right-to-left text, where it is not translated)."""
    assert s.opening_hours is not None
    lines = week_lines(s.opening_hours, lb)
    note, in_german = note_of(s, lb.lang)
    out: list[a.Node] = []
    for n, line in enumerate(lines):
        out += [a.line_break()] if n else []
        out += a.text(line)
    if note:
        out += ([a.line_break()] if out else []) + a.lines(_de(note, lb) if in_german else note)
    return out


def indexes(shown: list[Entry], lb: Labels) -> list[a.Node]:
    """Overview of target groups per service, then services by target group and by language."""
    if not shown:
        return []
    blocks = [a.header(1, lb("index_heading"), "sec-catalogue-index"),
              a.header(2, lb("index_overview"), "sec-index-overview")]
    rows: list[list[a.Cell]] = [[a.record_id(e.service.id, link=True), e.title, _short_gender(e.service, lb),
                                  lb.age(e.service.target), _short_status(e.service, lb)] for e in by_number(shown)]
    blocks.append(a.table([lb("number"), lb("service"), lb("gender_label"), lb("age"), lb("residence_label")],
                          rows, widths=[0.09, 0.37, 0.13, 0.14, 0.27], ident="tab-index-overview"))
    blocks += [a.header(2, lb("index_groups"), "sec-index-groups"), a.para(lb("index_groups_note")),
               *_grouped(target_groups(shown, lb), lb),
               a.header(2, lb("index_languages"), "sec-index-languages"), a.para(lb("index_languages_note")),
               *_grouped([(lb.language_entry(c), es) for c, es in by_language(shown, lb)], lb)]
    return blocks


def _grouped(groups: list[tuple[str, list[Entry]]], lb: Labels) -> list[a.Node]:
    """Each group as a small heading (kept with what follows) and a list of its services: lists
    flow across pages and stay fast at thousands of entries, unlike table rows."""
    if not groups:
        return [a.para(lb("none"))]
    out: list[a.Node] = []
    refs: dict[str, list[a.Node]] = {}  # one node list per service, shared by every group naming it
    for name, es in groups:
        items = [refs.setdefault(e.service.id, _ref(e, lb)) for e in by_number(es)]
        out += [a.header(3, f"{name} ({len(es)})", classes=["unnumbered"]), a.bullets(items)]
    return out


def _short_gender(s: Service, lb: Labels) -> str:
    return lb("any") if s.target.gender == EVERYONE else lb.gender(s.target.gender)


def _short_status(s: Service, lb: Labels) -> str:
    return lb("any") if EVERYONE in s.target.residence_status else lb.residences(s.target.residence_status)


def target_groups(shown: list[Entry], lb: Labels) -> list[tuple[str, list[Entry]]]:
    """Groups with the services aimed at them: a gender, an age band (services with an upper age
    limit or starting at 50 or later), a residence status (services not open to every status)."""
    out = []
    for g in GENDERS:
        out.append((lb.gender(g), [e for e in shown if e.service.target.gender == g]))
    for key, low, high in BANDS:
        out.append((lb.band(key), [e for e in shown if _age_specific(e.service) and _overlaps(e.service, low, high)]))
    for status in STATUSES:
        out.append((lb.residence(status), [e for e in shown if status in e.service.target.residence_status
                                           and EVERYONE not in e.service.target.residence_status]))
    return [(name, es) for name, es in out if es]


def by_language(shown: list[Entry], lb: Labels) -> list[tuple[str, list[Entry]]]:
    """Languages other than German with their services, in the alphabetical order of their
    names in the edition's language."""
    codes: dict[str, list[Entry]] = {}
    for e in shown:
        for code in e.service.languages:
            if code != "de":
                codes.setdefault(code, []).append(e)
    return sorted(codes.items(), key=lambda item: sort_key(lb.name_of(item[0])))


def by_number(es: list[Entry]) -> list[Entry]:
    """Entries in the order of their numbers (``S-2`` before ``S-10``)."""
    return sorted(es, key=lambda e: [int(part) if part.isdigit() else part
                                     for part in re.split(r"(\d+)", e.service.id)])


def german(blocks: list[a.Node], lb: Labels) -> a.Node:
    """German text inside a translated edition: tagged as German, laid out left to right."""
    if lb.lang == "de":
        return a.div(blocks)
    if not lb.rtl:
        return a.div(blocks, lang="de-DE")
    return a.div([a.raw_block("typst", "#set text(dir: ltr)"), *blocks], lang="de-DE", dir="ltr")


def _de(value: str, lb: Labels) -> str:
    """A German data value inside right-to-left text, isolated so its punctuation stays in place."""
    return f"{LRI}{value}{PDI}" if lb.rtl else value


def _age_specific(s: Service) -> bool:
    return s.target.age_max is not None or (s.target.age_min or 0) >= SENIOR_FROM


def _overlaps(s: Service, low: int, high: int) -> bool:
    return (s.target.age_min or 0) <= high and (s.target.age_max if s.target.age_max is not None else 120) >= low


def _ref(e: Entry, lb: Labels | None = None) -> list[a.Node]:
    """A service as a line of an index or list: number and title; in print (``lb`` given) also its
    page, after dot leaders (a ``pageref`` span: typst's ``counter(page)``, Word's ``PAGEREF`` field)."""
    ref = [a.record_id(e.service.id, link=True), {"t": "Space"}, *a.text(e.title)]
    if lb is not None:
        ref.append(a.span([], classes=["pageref"], target=e.service.id, prefix=lb("page_short")))
    return ref


def _elsewhere(e: Entry, volume: str) -> list[a.Node]:
    """A service whose profile stands in another volume: number, title and that volume (no link)."""
    return [a.record_id(e.service.id), {"t": "Space"}, *a.text(f"{e.title} – {volume}")]


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
                  .replace("ß", "ss")).strip("-")
