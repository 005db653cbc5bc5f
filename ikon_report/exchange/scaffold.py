"""``ikon-report new``: a complete, buildable project folder for the next city.

It writes ``ikon.yaml`` with every key commented, one example record per data file (marked
illustrative, so a final build refuses them until they are replaced), chapter skeletons in the usual
order of an integration concept, a placeholder logo, a Makefile and a .gitignore. Every value that
comes from the command line is written through the YAML dumper (data text stays text). ``--from``
copies settings, templates, fonts and label files (``i18n/``) of another project, none of its content.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import struct
import zlib
from pathlib import Path

import yaml

from ikon_report.errors import UsageError
from ikon_report.output import write_atomic
from ikon_report.project.schema import write_schemas

SCHEMA_LINE = "# yaml-language-server: $schema={}schema/{}\n"
# settings another project may lend (its consultancy, look and languages) — never its content
BORROWED = ("contractor", "authors", "short_title", "language", "languages", "accent_color", "imprint")
CHAPTERS = (  # (file, id, title, appendix): the usual order of an integration concept
    ("01-vorwort.md", "ch-vorwort", "Vorwort", False),
    ("02-einleitung.md", "ch-einleitung", "Einleitung und Auftrag", False),
    ("03-ausgangslage.md", "ch-ausgangslage", "Ausgangslage", False),
    ("04-vorgehen.md", "ch-vorgehen", "Vorgehen und Beteiligung", False),
    ("05-leitbild.md", "ch-leitbild", "Leitbild", False),
    ("06-handlungsfelder.md", "ch-handlungsfelder", "Handlungsfelder", False),
    ("07-umsetzung.md", "ch-umsetzung", "Umsetzung und Fortschreibung", False),
    ("08-monitoring.md", "ch-monitoring", "Monitoring", False),
    ("09-anhang.md", "ch-anhang", "Anhang", True),
)
OUTLINE = ["ch-vorwort", "ch-einleitung", "ch-ausgangslage", "survey", "findings", "ch-vorgehen", "ch-leitbild",
           "ch-handlungsfelder", "fields", "measures", "coverage", "ch-umsetzung", "ch-monitoring", "monitoring",
           "ch-anhang"]
GITIGNORE = "build/\n.venv/\n__pycache__/\n.ikon-cache/\n~$*.docx\n"
MAKEFILE = """# The city's project: `make check`, `make report` (the tool is installed: docs/README of ikon-report).
IKON ?= ikon-report

.PHONY: report check final catalogue schema clean
report:
\t$(IKON) build . --out build
catalogue:
\t$(IKON) catalogue . --lang all --out build
check:
\t$(IKON) check .
final:
\t$(IKON) build . --out build --final
schema:
\t$(IKON) schema .
clean:
\trm -rf build
"""


def _yaml(value: object) -> str:
    """One YAML value on one line (quoted where needed): command-line text stays text."""
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip().removesuffix(
        "\n...").strip()


def _markdown_text(text: str) -> str:
    """Plain text for a Markdown paragraph: every punctuation character that Markdown could read as
    markup is backslash-escaped (the gender star included)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!<>|~&$%^=\"'@:])", r"\\\1", text)


def ikon_yaml(city: str, today: dt.date, borrowed: dict[str, object]) -> str:
    """``ikon.yaml`` with every key and a comment on what it is for."""
    settings: list[tuple[str, str, object | None]] = [
        ("city", "city name as it appears in titles and file names", city),
        ("title", "title on the cover", f"Integrationskonzept der Stadt {city}"),
        ("subtitle", "subtitle on the cover (optional)", "Entwurf für die Abstimmung mit der Steuerungsgruppe"),
        ("short_title", "short name in running headers and file names", borrowed.get("short_title", "IKON")),
        ("client", "Auftraggeber*in", f"Stadt {city}"),
        ("contractor", "who prepares the concept (the consultancy)", borrowed.get("contractor", "Beratungsbüro")),
        ("authors", "named in the document properties and the imprint", borrowed.get("authors", [])),
        ("version", "shown on the cover and in file names; keep it quoted", "0.1"),
        ("status", "draft (watermark, notes) or final (committee edition; refuses illustrative content)", "draft"),
        ("date", "date of this version (YYYY-MM-DD)", today),
        ("language", "main language of the concept (BCP 47)", borrowed.get("language", "de-DE")),
        ("languages", "languages of the catalogue editions", borrowed.get("languages", ["de"])),
        ("logo", "logo on the cover: file relative to the project, alt text for screen readers",
         {"file": "assets/images/logo.png", "alt": f"Platzhalter für das Logo der Stadt {city}"}),
        ("accent_color", "the one accent colour of the city's design (#rrggbb)",
         borrowed.get("accent_color", "#005a8c")),
        ("imprint", "lines of the imprint page", borrowed.get("imprint", [f"Herausgeberin: Stadt {city}"])),
        ("period", "years the concept covers, on the cover: {start: 2027, end: 2032}", None),
        ("inhabitants", "population with reference date and source: {count: …, date: YYYY-MM-DD, source: …}", None),
        ("contacts", "client: and contractor: with name, person, address, email, phone, web (imprint, contact page)",
         None),
        ("distribution", "distribution or confidentiality note on the cover", None),
        ("outline", "order of chapters (their ids) and generated sections (docs/data-format.md)", OUTLINE),
        ("paper", "the committee paper (Beschlussvorlage, docs/paper.md); add it when the paper is due", None),
        ("changes_since", "an earlier version (folder or git revision): appendix of changes (docs/versions.md)", None),
    ]
    lines = [SCHEMA_LINE.format("", "ikon.schema.json"),
             f"# Project settings of the integration concept of {city} (every key: docs/data-format.md).\n"]
    for key, comment, value in settings:
        lines.append(f"\n# {comment}\n")
        if value is None:
            lines.append(f"# {key}: …\n")
        elif isinstance(value, dict):
            lines.append(f"{key}:\n" + "".join(f"  {k}: {_yaml(v)}\n" for k, v in value.items()))
        elif isinstance(value, list) and value and key in ("outline", "imprint"):
            lines.append(f"{key}:\n" + "".join(f"  - {_yaml(v)}\n" for v in value))
        else:
            lines.append(f"{key}: {_yaml(value)}\n")
    return "".join(lines)


def data_files(city: str, today: dt.date) -> dict[str, str]:
    """One example record per data file, each marked illustrative."""
    year = today.year
    goal = _yaml(f"Alle Menschen in {city} leben respektvoll zusammen und gestalten die Stadt mit.")
    return {
        "fields.yaml": f"""fields:
  - id: HF1
    name: Zusammenleben und Teilhabe
    order: 1
    goal: {goal}
""",
        "process.yaml": """process:
  - id: P-01
    title: Bestandsaufnahme
    description: Sichtung vorhandener Konzepte, Angebote und Daten.
    items:
      - Materialanalyse
      - Gespräche mit Expert*innen
""",
        "survey.yaml": """samples:
  - id: U-BEFRAGUNG
    kind: quantitative
    title: Befragung der Bürger*innen
    description: Beispiel einer Befragung; die Zahlen sind Platzhalter.
    total: 40
    breakdowns:
      - id: U-BEFRAGUNG-GESCHLECHT
        title: Geschlecht
        cells:
          - label: Frauen
            count: 22
          - label: Männer
            count: 18
""",
        "findings.yaml": """findings:
  - id: F-01
    topic: Zusammenleben
    points:
      - Beispiel eines Befunds aus der Bestandsaufnahme
""",
        "challenges.yaml": """challenges:
  - id: C-HF1-01
    field: HF1
    text: Im Alltag begegnen sich alteingesessene und neu zugewanderte Menschen selten.
    origin: inventory
    priority: hoch
    target_groups: [Neuzugewanderte]
    illustrative: true
""",
        "measures.yaml": f"""measures:
  - id: M-HF1-01
    field: HF1
    title: Begegnungsformate in den Quartieren
    goal: Menschen begegnen sich regelmäßig in ihrem Quartier.
    description: Ein Beispiel einer Maßnahme; ersetzen Sie es durch die Ergebnisse der Workshops.
    challenges: [C-HF1-01]
    target_groups: [Neuzugewanderte]
    lead: Integrationsbüro
    first_steps:
      - Pilotquartiere auswählen
      - Partner*innen gewinnen
    time_frame: {year}–{year + 2}
    priority: hoch
    indicators: [I-HF1-01]
    illustrative: true
""",
        "services.yaml": f"""services:
  - id: S-001
    title: Migrationsberatung
    provider: Beratungsstelle
    fields: [HF1]
    category: Beratung
    description: Ein Beispielangebot; Anschrift und Kontakt sind Platzhalter.
    target:
      gender: all
      residence_status: [all]
    languages: [de]
    district: Innenstadt
    address: Musterstraße 1
    contact: beratung@example.org
    last_checked: {today.isoformat()}
    illustrative: true
""",
        "indicators.yaml": f"""indicators:
  - id: I-HF1-01
    field: HF1
    name: Teilnahmen an Begegnungsformaten
    definition: Zahl der Teilnahmen im Kalenderjahr.
    unit: Teilnahmen
    source: Teilnahmelisten
    baseline: 0
    baseline_year: {year}
    target: 500
    target_year: {year + 3}
    measures: [M-HF1-01]
    illustrative: true
""",
    }


GUIDANCE = {  # what usually belongs in each chapter, as a starting point for the authors
    "ch-vorwort": "Das Vorwort der Bürgermeisterin oder des Bürgermeisters: warum die Stadt ein Integrationskonzept "
                  "braucht, wer daran mitgewirkt hat und wem gedankt wird.",
    "ch-einleitung": "Anlass und Auftrag: der politische Beschluss, die Ziele des Konzepts, die Steuerungsgruppe und "
                     "der Zeitraum, für den das Konzept gilt.",
    "ch-ausgangslage": "Die Stadt in Zahlen (Einwohner*innen, Staatsangehörigkeiten, Altersgruppen, Leistungsbezug) "
                       "mit Quelle und Stichtag, und was die Bestandsaufnahme ergeben hat.",
    "ch-vorgehen": "Der Beteiligungsprozess: Bestandsaufnahme, Befragungen, Auftaktkonferenz, Fachworkshops; wer "
                   "beteiligt war und wie die Ergebnisse gewichtet wurden.",
    "ch-leitbild": "Das Leitbild und die Leitziele je Handlungsfeld, wie sie mit der Steuerungsgruppe abgestimmt "
                   "wurden.",
    "ch-handlungsfelder": "Eine Einführung in die Handlungsfelder; die Herausforderungen und Maßnahmen je Feld folgen "
                          "aus den Daten.",
    "ch-umsetzung": "Wie die Maßnahmen umgesetzt werden: Federführung, Gremien, Finanzierung und die Fortschreibung "
                    "des Konzepts.",
    "ch-monitoring": "Wie der Fortschritt gemessen wird: Kennzahlen, Datenquellen, Berichtsrhythmus; die Kennzahlen "
                     "selbst folgen aus den Daten.",
    "ch-anhang": "Ergänzendes Material: Dokumentation der Beteiligung, Abkürzungen, Quellen.",
}


def chapter(ident: str, title: str, order: int, appendix: bool, city: str) -> str:
    """A chapter skeleton: front matter, what usually belongs in it, and a marked place for the text."""
    front = f"---\nid: {ident}\ntitle: {_yaml(title)}\norder: {order}\n" + ("appendix: true\n" if appendix else "")
    body = (f"{GUIDANCE[ident]}\n\n"
            f"Hier steht der Text des Kapitels „{title}“ für {_markdown_text(city)}. "
            "TODO: Text schreiben (ein Hinweis in Entwürfen, ein Fehler in der Endfassung).\n")
    return f"{front}---\n\n{body}"


def _placeholder_png(width: int = 240, height: int = 80) -> bytes:
    """A grey rectangle as PNG (the logo's place until the city's logo is there)."""
    raw = b"".join(b"\x00" + b"\xc8\xc8\xc8" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def create_project(target: Path, city: str, *, source: Path | None = None, today: dt.date | None = None) -> list[Path]:
    """Write a new project into ``target`` (which must not exist or be empty); returns the files."""
    if not city.strip():
        raise UsageError("--city must name the city, e.g. --city Herford")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} exists and is not empty; choose a new folder")
    borrowed: dict[str, object] = {}
    if source is not None:
        settings = source / "ikon.yaml"
        try:
            loaded = yaml.safe_load(settings.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
            raise UsageError(f"--from {source}: cannot read its ikon.yaml ({exc}); run 'ikon-report check' there")\
                from exc
        borrowed = {k: v for k, v in (loaded or {}).items() if k in BORROWED} if isinstance(loaded, dict) else {}
    today = today or dt.date.today()
    files: dict[str, bytes] = {"ikon.yaml": ikon_yaml(city.strip(), today, borrowed).encode()}
    for name, text in data_files(city.strip(), today).items():
        files[f"data/{name}"] = (SCHEMA_LINE.format("../", "data.schema.json") + text).encode()
    for order, (name, ident, title, appendix) in enumerate(CHAPTERS, start=1):
        files[f"chapters/{name}"] = chapter(ident, title, order, appendix, city.strip()).encode()
    files["assets/images/logo.png"] = _placeholder_png()
    files["Makefile"] = MAKEFILE.encode()
    files[".gitignore"] = GITIGNORE.encode()
    written = [write_atomic(target / name, data) for name, data in files.items()]
    written += write_schemas(target / "schema")
    if source is not None:
        for folder in ("templates", "assets/fonts", "i18n"):  # i18n: labels of the languages it lends
            if (source / folder).is_dir():
                shutil.copytree(source / folder, target / folder, dirs_exist_ok=True)
                written += sorted(p for p in (target / folder).rglob("*") if p.is_file())
    return written
