"""The services as open data: schema.org JSON-LD, one ``GovernmentService`` per service.

The same document is embedded in the web edition (``<script type="application/ld+json">``) and
written by ``ikon-report services export FILE.json``. Mapping and what is left out: docs/catalogue.md
(„Open data“). Texts are language-tagged values (``{"@language": "ar", "@value": …}``), German first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ikon_report.content.hours import note_of
from ikon_report.content.labels import Labels
from ikon_report.project.model import IkonProject, Service, TargetGroup

CONTEXT = "https://schema.org"
SCHEMA = CONTEXT + "/"
PHONE = re.compile(r"(?:\+|\b0)\d[\d /-]{5,}\d")  # as the web edition links them (catalogue.js)
MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
POSTAL = re.compile(r"^(?P<street>.+?),\s*(?P<code>\d{4,5})\s+(?P<city>\S.*)$")  # „Marktplatz 1, 12345 Lindenfeld“
GENDER = {"female": "https://schema.org/Female", "male": "https://schema.org/Male", "diverse": "divers"}
FREE = "kostenlos"
ILLUSTRATIVE = "Illustratives Beispiel: Anbieter, Adresse und Kontaktdaten sind erfunden."
ILLUSTRATIVE_KEYS = "Illustrative Angaben (erfunden): "  # then the data keys, e.g. „address, contact“

JSON = dict[str, Any]


def services_jsonld(project: IkonProject) -> JSON:
    """The JSON-LD document: ``@context`` and one graph node per service, in data order."""
    labels = edition_labels(project)
    return {"@context": CONTEXT, "@graph": [service_jsonld(project, s, labels) for s in project.services]}


def edition_labels(project: IkonProject) -> dict[str, Labels]:
    """The labels of every edition language, German first (texts of the hours in each)."""
    tags = ["de", *(t for t in project.project.languages if t != "de")]
    return {tag: Labels(tag, project) for tag in tags}


def jsonld_bytes(project: IkonProject) -> bytes:
    """The document as a UTF-8 file (``services export FILE.json``)."""
    return (json.dumps(services_jsonld(project), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _texts(german: str, translated: Mapping[str, str | None]) -> list[JSON]:
    return [{"@language": "de", "@value": german}] + [
        {"@language": code, "@value": text} for code, text in translated.items() if text]


def _audience(t: TargetGroup) -> JSON | None:
    out: JSON = {"@type": "PeopleAudience"}
    if t.gender != "all":
        out["suggestedGender"] = GENDER[t.gender]
    if t.age_min:
        out["suggestedMinAge"] = t.age_min
    if t.age_max is not None:
        out["suggestedMaxAge"] = t.age_max
    if "all" not in t.residence_status:
        de = Labels("de")
        out["audienceType"] = ", ".join(de.residence(s) for s in t.residence_status)
    return out if len(out) > 1 else None


def _address(text: str) -> JSON:
    """A PostalAddress from „street, postcode town“, else the text as its street address."""
    match = POSTAL.match(text)
    if match is None:
        return {"@type": "PostalAddress", "streetAddress": text}
    return {"@type": "PostalAddress", "streetAddress": match["street"], "postalCode": match["code"],
            "addressLocality": match["city"]}


def _contact(text: str) -> JSON:
    point: JSON = {"@type": "ContactPoint", "description": text}
    phones, mails = PHONE.findall(text), MAIL.findall(text)
    if phones:
        point["telephone"] = phones[0]
    if mails:
        point["email"] = mails[0]
    return point


def hours_available(s: Service, labels: dict[str, Labels] | None = None) -> list[JSON]:
    """``hoursAvailable``: one OpeningHoursSpecification per group of days with the same time slot
    (``dayOfWeek``, ``opens``, ``closes``; all day: 00:00–23:59), days by appointment only and
    „also by appointment“ as a description, closed on public holidays as schema.org writes a closed
    day (``PublicHolidays``, opens = closes = 00:00), the note as a description. Descriptions are
    language-tagged, German first, then each edition language (``labels``) as its edition prints
    them: the phrases from its labels, the note where the service translates it (``hours_note``).
    Nothing is invented from free text."""
    hours = s.opening_hours
    if hours is None:
        return []
    editions = labels or {"de": Labels("de")}
    slots: dict[tuple[str, str], list[str]] = {}
    by_appointment: list[str] = []
    for name, day in hours.week():
        if day.appointment_only:
            by_appointment.append(name)
        for opens, closes in ([("00:00", "23:59")] if day.all_day else [(t.start, t.end) for t in day.time_slots]):
            slots.setdefault((opens, closes), []).append(name)
    out: list[JSON] = [{"@type": "OpeningHoursSpecification", "dayOfWeek": _days(days), "opens": opens,
                        "closes": closes} for (opens, closes), days in slots.items()]

    def phrase(key: str) -> list[JSON]:
        return _texts(editions["de"](key), {tag: lb(key) for tag, lb in editions.items() if tag != "de"})

    if by_appointment:
        out.append({"@type": "OpeningHoursSpecification", "dayOfWeek": _days(by_appointment),
                    "description": phrase("hours_appointment_only")})
    if hours.by_appointment:
        out.append({"@type": "OpeningHoursSpecification", "description": phrase("hours_by_appointment")})
    if hours.closed_on_public_holidays:
        out.append({"@type": "OpeningHoursSpecification", "dayOfWeek": SCHEMA + "PublicHolidays", "opens": "00:00",
                    "closes": "00:00"})
    if hours.note:
        notes = {tag: note for tag in editions if tag != "de" and not (found := note_of(s, tag))[1]
                 and (note := found[0])}
        out.append({"@type": "OpeningHoursSpecification", "description": _texts(hours.note, notes)})
    return out


def _days(days: list[str]) -> list[str]:
    return [SCHEMA + d.capitalize() for d in days]


def service_jsonld(project: IkonProject, s: Service, labels: dict[str, Labels] | None = None) -> JSON:
    """One service as a schema.org GovernmentService with its ServiceChannel."""
    place: JSON = {"@type": "Place", "address": _address(s.address),
                   "containedInPlace": {"@type": "Place", "name": s.district}}
    if s.barrier_free is not None:  # not known: no statement at all
        place["amenityFeature"] = {"@type": "LocationFeatureSpecification", "name": "barrierefrei",
                                   "value": s.barrier_free}
    channel: JSON = {"@type": "ServiceChannel", "availableLanguage": list(s.languages), "serviceLocation": place,
                     "servicePhone": _contact(s.contact)}
    node: JSON = {
        "@type": "GovernmentService",
        "identifier": s.id,
        "name": _texts(s.title, {c: t.title for c, t in s.translations.items()}),
        "description": _texts(s.description, {c: t.description for c, t in s.translations.items()}),
        "serviceType": s.category,
        "provider": {"@type": "Organization", "name": s.provider},
        "areaServed": {"@type": "City", "name": project.project.city},
        "availableChannel": channel,
        "offers": ({"@type": "Offer", "price": 0, "priceCurrency": "EUR"} if s.costs == FREE
                   else {"@type": "Offer", "description": s.costs}),
    }
    audience = _audience(s.target)
    if audience:
        node["audience"] = audience
    hours = hours_available(s, labels if labels is not None else edition_labels(project))
    if hours:
        node["hoursAvailable"] = hours
    if s.is_illustrative():
        node["disambiguatingDescription"] = ILLUSTRATIVE
    elif isinstance(s.illustrative, list) and s.illustrative:
        node["disambiguatingDescription"] = ILLUSTRATIVE_KEYS + ", ".join(s.illustrative)
    return node
