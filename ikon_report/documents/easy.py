"""Leichte-Sprache editions: the catalogue of services and a short summary of the concept.

Only texts people wrote in Leichte Sprache are shown (``data/*.yaml: easy``, ``ikon.yaml: easy``;
docs/easy-language.md), never German text of the other fields shortened by the tool. The layout
(``easy.typ``; DOCX: ``render/docx.py`` with ``layout="easy"``) follows DIN SPEC 33429: large
type, ragged right, no hyphenation, one statement per line, pictograms with their alt text, a short
table of contents („Inhalt“: the part, each text, the closing sections, with their pages).
"""

from __future__ import annotations

from pathlib import Path

from ikon_report import german
from ikon_report import pandoc_ast as a
from ikon_report.content.illustrative import marked
from ikon_report.documents.naming import output_stem
from ikon_report.project.easy_lint import easy_of
from ikon_report.project.model import EasyDocument, EasyText, IkonProject, Image, Service
from ikon_report.render.publish import Edition

KIND = "Leichte-Sprache"
STATEMENT = "easy-line"  # one statement: its own paragraph (typst and DOCX keep it on its own line)
NOTE = ["Dieser Text ist in Leichter Sprache.", "Der Text ist eine Hilfe zum Verstehen.",
        "Rechtlich gilt nur der Text in schwerer Sprache."]
LEGEND = "[Beispiel] heißt: Dieser Text ist ein Beispiel. Vor der End-Fassung kommt hier der richtige Text hin."
LABELS = {"page": "Seite", "page_of": "von", "illustrative_legend": LEGEND, "watermark": "ENTWURF",
          "version": "Version", "edition": "Fassung", "client": "Herausgeberin", "contractor": "Erstellt von",
          "imprint": "Impressum", "toc": "Inhalt", "figures": "Bilder", "tables": "Tabellen"}


def summary_stem(project: IkonProject, final: bool) -> str:
    """``IKON-Leichte-Sprache-Lindenfeld-v1.2-Entwurf``."""
    return output_stem(project, final, KIND)


def catalogue_stem(project: IkonProject, final: bool) -> str:
    """``IKON-Leichte-Sprache-Angebote-Lindenfeld-v1.2-Entwurf`` (not ``IKON-Angebotskatalog-…``: that
    names the catalogue's editions in the other languages)."""
    return output_stem(project, final, f"{KIND}-Angebote")


def has_summary(project: IkonProject) -> bool:
    """The data has the summary's texts: ``easy.summary`` and a text for at least one field."""
    easy = project.project.easy
    return easy is not None and easy.summary is not None and bool(easy_of(project, "field"))


def has_catalogue(project: IkonProject) -> bool:
    """The data has the catalogue's texts: ``easy.catalogue`` and a text for at least one service."""
    easy = project.project.easy
    return easy is not None and easy.catalogue is not None and bool(easy_of(project, "service"))


def _lines(texts: list[str]) -> list[a.Node]:
    return [a.div([a.para(line)], classes=[STATEMENT], custom_style="Leichte Sprache") for line in texts]


def _pictogram(project: IkonProject, image: Image | None) -> list[a.Node]:
    if image is None:
        return []
    path = (Path(project.root) / image.file).as_posix()
    return [a.div([a.plain([a.image(path, image.alt, width="2.6cm")])], classes=["easy-pictogram"])]


def _ident(text: EasyText) -> str:
    """The heading id of a service's or field's text (what the table of contents points at)."""
    return f"easy-{text.service or text.field}"


def _entry(project: IkonProject, text: EasyText, extra: list[str]) -> list[a.Node]:
    """One service or field: heading, pictogram, its statements, then the lines the data adds."""
    body = [*_pictogram(project, text.pictogram), a.header(2, marked(text.title, text), ident=_ident(text)),
            *_lines(text.text), *_lines(extra)]
    return [a.div(body, classes=["easy-entry"])]


CONTENTS = "Inhalt"
PAGE = "Seite"  # no abbreviation in Leichte Sprache
REVIEWED = ("easy-pruefung", "Wer hat den Text geprüft?")
MADE = ("easy-heft", "Wer hat das Heft gemacht?")


def _contents(part: tuple[str, str], texts: list[EasyText]) -> list[a.Node]:
    """„Inhalt“ on its own page: the part, each text and the closing sections, one line each with its
    page (a ``pageref`` span: typst's page counter; Word's ``PAGEREF`` field, LibreOffice fills it in)."""
    entries = [part, *((_ident(t), t.title) for t in texts), REVIEWED, MADE]
    lines = [a.div([a.para([a.link(title, "#" + ident), a.span([], classes=["pageref"], target=ident, prefix=PAGE)])],
                   classes=[STATEMENT], custom_style="Leichte Sprache") for ident, title in entries]
    return [a.page_break(), a.header(1, CONTENTS, ident="easy-inhalt", classes=["unnumbered"]), *lines]


def _facts(service: Service) -> list[str]:
    """Where and how to reach a service: the data's address and contact, as their own lines."""
    return [f"Adresse: {service.address}", f"Kontakt: {service.contact}"]


def _front(doc: EasyDocument, kind: str) -> list[a.Node]:
    title = a.header(1, marked(doc.title, doc), classes=["unnumbered"])
    subtitle = a.div([a.para(kind)], classes=["easy-subtitle"], custom_style="Untertitel Leichte Sprache")
    note = a.div(_lines(NOTE), classes=["warning"], custom_style="Hinweis")
    return [title, subtitle, *_lines(doc.intro), note]


def _back(project: IkonProject, doc: EasyDocument) -> list[a.Node]:
    """Closing lines, the review by Prüflesende (who, when) and who published the booklet."""
    blocks = _lines(doc.closing)
    if doc.review is not None:
        review = [f"Prüf-Leserinnen und Prüf-Leser haben den Text geprüft: {doc.review.by}.",
                  f"Geprüft am {german.date(doc.review.date)}."]
    else:
        review = ["Die Prüfung durch Prüf-Leserinnen und Prüf-Leser fehlt noch."]
    p = project.project
    imprint = [f"Herausgeberin: {p.client}", f"Stand: {german.date(p.date)}"]
    back = [a.header(2, REVIEWED[1], ident=REVIEWED[0]), *_lines(review), a.header(2, MADE[1], ident=MADE[0]),
            *_lines(imprint)]
    return [*blocks, a.div(back, classes=["easy-back"])]


def _edition(project: IkonProject, final: bool, stem: str, doc: EasyDocument, blocks: list[a.Node]) -> Edition:
    p = project.project
    labels = LABELS | {"status": german.STATUS["final" if final else "draft"], "date": german.date(p.date)}
    return Edition(stem=stem, doctype="Leichte Sprache", blocks=blocks, title=doc.title, subtitle=None,
                   language="de-DE", toc=False, cover=False, template="easy.typ", labels=labels, layout="easy")


def summary_edition(project: IkonProject, *, final: bool) -> Edition:
    """What the city plans, field by field, in Leichte Sprache."""
    easy = project.project.easy
    assert easy is not None and easy.summary is not None  # noqa: S101 - the plan is only made when has_summary
    doc = easy.summary
    part, texts = ("easy-plan", "Das plant die Stadt"), easy_of(project, "field")
    blocks = [*_front(doc, "Das Integrations-Konzept in Leichter Sprache"), *_contents(part, texts)]
    blocks += [a.page_break(), a.header(1, part[1], ident=part[0], classes=["unnumbered"])]
    for text in texts:
        blocks += _entry(project, text, [])
    blocks += _back(project, doc)
    return _edition(project, final, summary_stem(project, final), doc, blocks)


def catalogue_edition(project: IkonProject, *, final: bool) -> Edition:
    """The services that have a Leichte-Sprache text, with their address and contact."""
    easy = project.project.easy
    assert easy is not None and easy.catalogue is not None  # noqa: S101 - the plan is only made when has_catalogue
    doc = easy.catalogue
    services = {s.id: s for s in project.services}
    part, texts = ("easy-angebote", "Die Angebote"), easy_of(project, "service")
    blocks = [*_front(doc, "Angebote in Leichter Sprache"), *_contents(part, texts)]
    blocks += [a.page_break(), a.header(1, part[1], ident=part[0], classes=["unnumbered"])]
    for text in texts:
        blocks += _entry(project, text, _facts(services[str(text.service)]))
    blocks += _back(project, doc)
    return _edition(project, final, catalogue_stem(project, final), doc, blocks)
