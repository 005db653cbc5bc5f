"""The web edition: one static HTML file (works from ``file://``, makes no requests).

The catalogue data is embedded as JSON (jinja2 ``tojson``, which escapes ``<``, ``>`` and ``&``);
the script renders every entry with ``textContent``, so data text is never parsed as HTML. A
Content-Security-Policy with hashes of the inline script and style forbids any network access.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ikon_report import resources
from ikon_report.content.facts import imprint_lines
from ikon_report.content.hours import note_of, week_lines
from ikon_report.content.labels import Labels, language_name
from ikon_report.documents.catalogue.edition import stem_of
from ikon_report.documents.catalogue.filters import GENDERS, STATUSES
from ikon_report.documents.catalogue.opendata import services_jsonld
from ikon_report.documents.catalogue.search import search_fields, vendored_script
from ikon_report.documents.catalogue.webfonts import font_css, web_faces
from ikon_report.output import write_atomic
from ikon_report.project.model import IkonProject, Service

PAGE_SCRIPTS = ("catalogue-search.js", "catalogue.js")


def web_name(stem: str) -> str:
    return f"{stem}.html"


def web_data(project: IkonProject, *, final: bool) -> dict:
    """Everything the page shows, as plain JSON-able data (texts stay texts)."""
    p = project.project
    langs = ["de", *[code for code in p.languages if code != "de"]]  # every configured language
    labels = {code: Labels(code, project) for code in langs}
    tables = {code: lb.table() for code, lb in labels.items()}
    search = search_fields(project, langs)
    named = sorted({*langs, *(c for s in project.services for c in s.languages)})
    return {
        "city": p.city, "client": p.client, "version": p.version, "draft": not final,
        "dates": {code: lb.date(p.date) for code, lb in labels.items()},
        "checked": {code: {s.id: lb.date(s.last_checked) for s in project.services} for code, lb in labels.items()},
        "langs": langs, "labels": tables, "germanNames": {c: labels["de"].name_of(c) for c in named},
        "endonyms": {c: language_name(c, c) for c in named},
        "illustrative": any(s.is_illustrative() for s in project.services),
        "genders": list(GENDERS), "statuses": list(STATUSES),  # the filter choices, as in filters.py
        "fields": [{"id": f.id, "names": {code: Labels(code, project).field(f) for code in langs}}
                   for f in sorted(project.fields, key=lambda f: f.order)],
        "services": [_service(s, langs) | {"search": search[s.id], "hours": _hours(s, labels)}
                     for s in project.services],
    }


def _service(s: Service, langs: list[str]) -> dict:
    t = s.target
    return {
        "id": s.id, "fields": s.fields, "category": s.category, "provider": s.provider,
        "title": {"de": s.title} | {c: tr.title for c, tr in s.translations.items() if c in langs},
        "description": {"de": s.description} | {c: tr.description for c, tr in s.translations.items()
                                                if c in langs and tr.description},
        "gender": t.gender, "ageMin": t.age_min, "ageMax": t.age_max, "status": t.residence_status,
        "languages": s.languages, "district": s.district, "address": s.address, "contact": s.contact,
        "costs": s.costs, "free": s.costs == "kostenlos",
        "barrierFree": s.barrier_free, "registration": s.registration, "illustrative": s.is_illustrative(),
    }


def _hours(s: Service, labels: dict[str, Labels]) -> dict | None:
    """The opening hours in every language of the page: the week as CLDR writes it, the note."""
    if s.opening_hours is None:
        return None
    out = {}
    for code, lb in labels.items():
        note, in_german = note_of(s, code)
        out[code] = {"week": "\n".join(week_lines(s.opening_hours, lb)), "note": note,
                     "germanNote": in_german}
    return out


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def render_web(project: IkonProject, *, final: bool) -> str:
    """The complete HTML page (German first; the language switch re-renders in the browser)."""
    env = Environment(loader=FileSystemLoader(resources.package_dir("templates")),
                      autoescape=select_autoescape(["html", "j2"]),
                      keep_trailing_newline=True)
    # |tojson still escapes < > & ' (so data never closes the script element); text stays UTF-8
    # instead of \uXXXX escapes, which made Arabic, Cyrillic and Ethiopic texts 2–3 times larger.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    own = "".join(resources.template(name).read_text(encoding="utf-8") for name in PAGE_SCRIPTS)
    script = vendored_script() + own
    data = web_data(project, final=final)
    css = resources.template("catalogue.css").read_text(encoding="utf-8")
    shown = (json.dumps(data, ensure_ascii=False) + css + own
             + resources.template("catalogue.html.j2").read_text(encoding="utf-8"))
    accent = project.project.accent_color  # validated as #rrggbb
    style = f":root {{ --accent: {accent}; }}\n" + font_css(web_faces(shown, Path(project.root))) + css
    p = project.project
    logo = None
    if p.logo and (Path(project.root) / p.logo.file).suffix.lower() == ".png":
        logo = "data:image/png;base64," + base64.b64encode((Path(project.root) / p.logo.file).read_bytes()).decode()
    csp = (f"default-src 'none'; img-src data:; font-src data:; style-src {_csp_hash(style)}; "
           f"script-src {_csp_hash(script)}; form-action 'none'; base-uri 'none'")
    lb = Labels("de", project)
    return env.get_template("catalogue.html.j2").render(
        data=data, jsonld=services_jsonld(project), lb=lb, city=p.city, script=script, style=style, csp=csp,
        logo=logo, logo_alt=p.logo.alt if p.logo else "", imprint=imprint_lines(p),
        status=lb("status_final" if final else "status_draft"), date=lb.date(p.date), version=p.version,
        count=len(project.services))


def write_web(project: IkonProject, out: Path, *, final: bool) -> Path:
    """Write the web edition next to the DOCX/PDF catalogue (atomically)."""
    html = render_web(project, final=final)
    return write_atomic(out / web_name(stem_of(project, final)), html.encode("utf-8"))
