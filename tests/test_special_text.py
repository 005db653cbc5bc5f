"""Data text is text: strings full of markup, template and script characters, right-to-left and
Ethiopic text and one 5,000-character string go through the whole build and come out verbatim in
the DOCX (python-docx) and the PDF (pdftotext). The project is `tests/broken/_base` with these
strings written into many fields (YAML written by PyYAML, so the YAML itself is valid)."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from test_broken import BASE

from conftest import build_project, docx_text, pdf_text
from pdfcheck import notdef_glyphs

SPECIAL = "& < > \" ' { } # $ \\ % _ * [ ] {{ x }} {% if %} <b>x</b> @foo"
LONG = " ".join(f"Wort{n:04d} & <x> {{{{ y }}}} — ሰላም مرحبا" for n in range(160))[:5000].rstrip()

# Every string gets a distinct label, so a failure names the field that lost it.
STRINGS = {
    "project.title": f"- IKON-Titel {SPECIAL}",
    "project.subtitle": "= Untertitel = heading - list #set text(red) $x^2$ \\u{41}",
    "project.imprint": "= Impressum: Herausgeberin & <Stadt> {{ x }} [1]",
    "measure.title": f"Maßnahme {SPECIAL}",
    "measure.goal": f"Ziel: = heading {SPECIAL}",
    "measure.description": LONG,
    "measure.first_step.1": "- list: erster Schritt <i>kursiv</i> *fett* _unter_",
    "measure.first_step.2": "= Überschrift? #let x = 1 [link](http://example.org) `code`",
    "challenge.text": f"+ Herausforderung {SPECIAL}",
    "finding.point": "Punkt: مرحبا بكم في مدينتنا (Arabisch)",
    "finding.point.fa": "به شهر ما خوش آمدید (Farsi) & <fa>",
    "finding.point.ti": "ሰላም ንኹሉ (Tigrinya) {{ x }}",
    "finding.quote": f"Zitat „{SPECIAL}“",
    "finding.quote.role": "/ Expert*in: #1 <Rolle> @rolle",
    "agenda.title": f"- Tagesordnung {SPECIAL}",
    "agenda.speaker": "1. Dr. A & B <Moderation> {% raw %}",
    "agenda.speaker.role": "Rolle [1] *betont* \\textbf{x}",
    "chapter.title": f"Kapitel {SPECIAL}",
}
BODY_LITERALS = ["Vorlage {{ x }} bleibt", "und {% if %} auch"]


def write_yaml(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def special_project(root: Path) -> Path:
    shutil.copytree(BASE, root)
    s = STRINGS
    load = lambda rel: yaml.safe_load((root / rel).read_text(encoding="utf-8"))  # noqa: E731

    settings = load("ikon.yaml")
    settings.update(title=s["project.title"], subtitle=s["project.subtitle"], imprint=[s["project.imprint"]])
    write_yaml(root / "ikon.yaml", settings)

    measures = load("data/measures.yaml")
    m = measures["measures"][0]
    m.update(title=s["measure.title"], goal=s["measure.goal"], description=s["measure.description"],
             first_steps=[s["measure.first_step.1"], s["measure.first_step.2"]])
    write_yaml(root / "data/measures.yaml", measures)

    challenges = load("data/challenges.yaml")
    challenges["challenges"][0]["text"] = s["challenge.text"]
    write_yaml(root / "data/challenges.yaml", challenges)

    findings = load("data/findings.yaml")
    f = findings["findings"][0]
    f["points"] = [s["finding.point"], s["finding.point.fa"], s["finding.point.ti"]]
    f["quotes"] = [{"text": s["finding.quote"], "role": s["finding.quote.role"]}]
    write_yaml(root / "data/findings.yaml", findings)

    conference = load("data/conference.yaml")
    item = conference["conference"]["agenda"][0]
    item["title"] = s["agenda.title"]
    item["speakers"] = [{"name": s["agenda.speaker"], "role": s["agenda.speaker.role"]}]
    write_yaml(root / "data/conference.yaml", conference)

    chapter = (root / "chapters/01-einleitung.md").read_text(encoding="utf-8")
    front = yaml.safe_dump({"id": "ch-einleitung", "title": s["chapter.title"], "order": 1}, allow_unicode=True,
                           sort_keys=False, width=1000)
    body = chapter.split("---\n", 2)[2] + "\n" + "\n\n".join(BODY_LITERALS) + "\n"
    (root / "chapters/01-einleitung.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("special")
    root = special_project(tmp / "project")
    proc = build_project(root, tmp / "out", "--final")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return tmp / "out"


def output(built: Path, suffix: str) -> Path:
    return next(p for p in built.glob(f"IKON-Teststadt-*{suffix}"))


def documents(built: Path, suffix: str) -> list[Path]:
    """The concept and the event documentation (where the agenda is printed in full)."""
    found = [output(built, suffix), *sorted(built.glob(f"IKON-Dokumentation-*-Teststadt-*{suffix}"))]
    assert len(found) >= 2, sorted(p.name for p in built.iterdir())
    return found


# How PDF text is compared (pdftotext reads what the layout made of the string):
# - line breaks fall anywhere in long strings, and a hyphenated word keeps its hyphen at the line
#   end: both sides lose all whitespace and all hyphens (ASCII, soft, U+2010), see ``squash``;
# - a string longer than a page is interrupted by the running header and footer: lines that
#   repeat (digits aside) on most pages are page furniture and are dropped, see ``body_text``; the
#   project is built with --final, so there is no draft watermark in between;
# - right-to-left runs come back in logical order but wrapped in bidi marks (U+202B … U+202C), and
#   neutral characters next to them (a space, '(') may move into or out of the run: the marks are
#   dropped, and a string with right-to-left text must show each right-to-left run and, separately,
#   the rest of the string with those runs and brackets removed, see ``pdf_parts``.
# Every other character must come out exactly as written.
BIDI_MARKS = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
RTL_RUN = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]+(?:\s+[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]+)*")


def squash(text: str) -> str:
    return re.sub(r"[\s\u00ad\u2010-]+", "", BIDI_MARKS.sub("", text))


def body_text(pdf: Path) -> str:
    """pdftotext's text without running headers and footers (lines repeated on most pages)."""
    pages = pdf_text(pdf).split("\f")
    key = lambda line: re.sub(r"\d+", "#", line.strip())  # noqa: E731
    seen = Counter(k for page in pages for k in {key(line) for line in page.splitlines() if line.strip()})
    furniture = {k for k, n in seen.items() if n > len(pages) / 2}
    return "\n".join(line for page in pages for line in page.splitlines() if key(line) not in furniture)


def pdf_parts(value: str) -> list[str]:
    """What must be found in the squashed PDF text for ``value`` (see the comment above)."""
    runs = RTL_RUN.findall(value)
    if not runs:
        return [squash(value)]
    rest = RTL_RUN.sub("", value)
    return [squash(r) for r in runs] + [squash(re.sub(r"[()]", "", rest))]


def test_strings_are_valid_for_the_project():
    assert len(LONG) == 5000
    for label, value in STRINGS.items():
        assert value == value.strip() and value, label


@pytest.mark.parametrize("label", list(STRINGS))
def test_string_verbatim_in_docx(built, label):
    text = "\n".join(docx_text(path) for path in documents(built, ".docx"))
    if label == "project.title":  # on the cover its spaces may be no-break spaces (german.display_title)
        text = text.replace("\xa0", " ")
    assert STRINGS[label] in text, f"{label}: {STRINGS[label][:80]!r} not in the DOCX text"


@pytest.mark.parametrize("label", list(STRINGS))
def test_string_verbatim_in_pdf(built, label, pdf_texts):
    value = STRINGS[label]
    skeleton = re.sub(r"[()]", "", RTL_RUN.sub("", pdf_texts))  # the PDF text around right-to-left runs
    for part in pdf_parts(value):
        where = pdf_texts if RTL_RUN.fullmatch(part) or not RTL_RUN.search(value) else skeleton
        assert part in where, f"{label}: {part[:80]!r} not in the PDF"


@pytest.fixture(scope="module")
def pdf_texts(built) -> str:
    return "".join(squash(body_text(path)) for path in documents(built, ".pdf"))


def test_comparison_is_not_vacuous(pdf_texts):
    assert len(pdf_texts) > len(squash(LONG))
    assert squash("Wort0159") not in pdf_texts  # LONG stops before word 159 …
    assert squash("Wort0100") in pdf_texts and "Seite" not in pdf_texts  # … and the footer is gone


def test_chapter_body_keeps_template_syntax(built, pdf_texts):
    docx = docx_text(output(built, ".docx"))
    for literal in BODY_LITERALS:
        assert literal in docx
        assert squash(literal) in pdf_texts


def test_no_missing_glyphs(built):
    assert notdef_glyphs(output(built, ".pdf")) == []


def test_pdf_title_metadata_is_verbatim(built):
    import pikepdf

    with pikepdf.open(output(built, ".pdf")) as pdf:
        assert pdf.open_metadata().get("dc:title") == STRINGS["project.title"]
