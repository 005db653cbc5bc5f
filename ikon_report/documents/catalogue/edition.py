"""A catalogue edition (full, filtered, translated) as an ``Edition`` for ``publish()``."""

from __future__ import annotations

from dataclasses import dataclass

from ikon_report.content.labels import Labels
from ikon_report.documents.catalogue.content import CatalogueDoc, build_catalogue
from ikon_report.documents.catalogue.filters import Filter, resolve, select, slug
from ikon_report.documents.naming import catalogue_stem
from ikon_report.errors import UsageError
from ikon_report.project.model import IkonProject, Service
from ikon_report.project.sources import closest
from ikon_report.render.publish import Edition


@dataclass
class Selection:
    """The services of an edition and the words describing how they were chosen."""

    services: list[Service]
    criteria: str
    flt: Filter


def choose(project: IkonProject, flt: Filter, lb: Labels) -> Selection:
    """Apply ``flt``; a filter that matches nothing is a ``UsageError`` (nothing gets written)."""
    flt = resolve(project, flt)
    services = select(project, flt)
    if not services:
        raise UsageError(f"no service matches {describe(project, flt, Labels('de', project))}; nothing was written")
    return Selection(services, describe(project, flt, lb) if not flt.empty else "", flt)


def describe(project: IkonProject, flt: Filter, lb: Labels) -> str:
    """The filter in words of the edition's language, e.g. ``Frauen; Alter 30; Sprachen: Arabisch``."""
    parts = []
    if flt.gender:
        parts.append(", ".join(lb.gender(g) for g in flt.gender))
    if flt.age:
        parts.append(f"{lb('age')} {flt.age}")
    if flt.status:
        parts.append(", ".join(lb.residence(s) for s in flt.status))
    if flt.language:
        parts.append(f"{lb('languages')}: " + ", ".join(lb.language(c) for c in flt.language))
    if flt.field:
        parts.append(f"{lb('field')}: " + ", ".join(lb.field(project.field(f)) for f in flt.field))
    if flt.district:
        parts.append(f"{lb('district')}: " + ", ".join(flt.district))
    return "; ".join(parts) or lb("any")


def edition_languages(project: IkonProject, lang: str) -> list[str]:
    """The languages ``catalogue --lang`` asks for: one of ``ikon.yaml: languages`` (German always),
    or ``all`` of them; anything else is a ``UsageError`` naming the choices."""
    configured = ["de", *[tag for tag in project.project.languages if tag != "de"]]
    if lang == "all":
        return configured
    if lang in configured:
        return [lang]
    hint = closest(lang, configured)
    raise UsageError(f"--lang {lang!r}: not a language of this project{hint}; ikon.yaml lists "
                     f"{', '.join(configured)} (or write --lang all)")


def stem_of(project: IkonProject, final: bool, lang: str = "de", flt: Filter | None = None) -> str:
    """The catalogue's file stem for this language and filter (``naming.catalogue_stem``)."""
    return catalogue_stem(project, final, lang, slug(flt) if flt is not None and not flt.empty else "")


def catalogue_edition(project: IkonProject, *, final: bool, lang: str = "de", flt: Filter | None = None) -> Edition:
    """The edition for ``publish()``: content, labels for the frame, language and template."""
    lb = Labels(lang, project)
    chosen = choose(project, flt or Filter(), lb)
    doc = build_catalogue(project, chosen.services, lb, criteria=chosen.criteria,
                          fields=chosen.flt.field)
    note = f"{lb('selection_heading')}: {chosen.criteria}" if chosen.criteria else ""
    return edition_of(project, doc, lb, final=final, stem=stem_of(project, final, lang, chosen.flt), cover_note=note)


def edition_of(project: IkonProject, doc: CatalogueDoc, lb: Labels, *, final: bool, stem: str,
               cover_note: str = "") -> Edition:
    """A catalogue body as an edition: labels for the frame, language and template."""
    p = project.project
    labels = {key: lb(key) for key in ("client", "contractor", "edition", "version", "page", "page_of", "imprint",
                                       "toc", "figures", "tables", "watermark", "illustrative_legend")}
    labels |= {"status": lb("status_final" if final else "status_draft"), "date": lb.date(p.date)}
    if cover_note:
        labels["cover_note"] = cover_note
    subtitle = lb("subtitle", city=p.city, fields=lb.fields_text(project, quoted=False))
    return Edition(stem=stem, doctype=lb("doctype"), blocks=doc.blocks,
                   numbered=doc.numbered, title=lb("title"), subtitle=subtitle,
                   language=lb.locale, template="catalogue.typ", labels=labels)
