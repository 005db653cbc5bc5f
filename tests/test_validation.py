"""Validation in detail: the line reported, did-you-mean, --strict, all errors at once, and that an
invalid project builds nothing. Projects are `tests/broken/_base` with a few files replaced."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_broken import BASE

from conftest import CLI, build_project
from ikon_report.errors import Problem
from ikon_report.project.sources import load_sources
from ikon_report.project.validate import validate

MEASURE = """measures:
  - id: M-01
    field: ZT
    title: Begegnungsprogramm
    goal: Menschen begegnen sich.
    description: Monatliche Treffen.
    challenges:
      - C-01
      - C-77
    lead: Stabsstelle Integration
    first_steps:
      - Quartiere auswählen
      - Fonds einrichten
    time_frame: 2020–2022
    priority: hoch
    indicators: [I-01]
"""


def make(tmp_path: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A copy of the minimal valid project with ``files`` replaced (or added)."""
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    for rel, content in (files or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def problems_of(root: Path) -> list[Problem]:
    _, problems = validate(load_sources(root))
    return problems


def at(problems: list[Problem], path: str, needle: str) -> list[int]:
    """Lines of the problems in ``path`` whose message contains ``needle``."""
    return [p.line for p in problems if p.path == path and needle in p.message]


def check(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "check", str(root), *args], capture_output=True, text=True, check=False)


# --- the line of the offending key or list item ---------------------------------------------------


def test_dangling_reference_is_reported_at_its_list_item(tmp_path):
    problems = problems_of(make(tmp_path, {"data/measures.yaml": MEASURE}))
    assert [(p.line, p.severity) for p in problems] == [(9, "error")], problems
    assert "unknown challenge 'C-77'" in problems[0].message


def test_workshop_photo_problems_point_into_the_photo(tmp_path):
    conference = (BASE / "data/conference.yaml").read_text(encoding="utf-8")
    assert conference.splitlines()[23] == "        - file: assets/photo.png"  # line 24
    broken = conference.replace("caption: Workshop im Hauptsaal", "caption: [Workshop]") \
                       .replace("          alt: Blaues", "          alt_txt: x\n          alt: Blaues")
    problems = problems_of(make(tmp_path, {"data/conference.yaml": broken}))
    assert at(problems, "data/conference.yaml", "'workshops.photos.caption' should be text") == [25]
    assert at(problems, "data/conference.yaml", "unknown key 'workshops.photos.alt_txt'") == [26]
    assert len(problems) == 2, problems


def test_missing_key_in_a_nested_record_points_at_the_record(tmp_path):
    conference = (BASE / "data/conference.yaml").read_text(encoding="utf-8")
    broken = conference.replace("          alt: Blaues Rechteck als Platzhalter-Foto\n", "")
    problems = problems_of(make(tmp_path, {"data/conference.yaml": broken}))
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (24, "conference: missing required key 'workshops.photos.alt'")]


def test_service_translation_problems_point_at_their_key(tmp_path):
    services = (BASE / "data/services.yaml").read_text(encoding="utf-8")
    broken = services + "      ar:\n        title: 42\n        summary: مرحبا بكم\n"
    problems = problems_of(make(tmp_path, {"data/services.yaml": broken}))
    lines = len(services.splitlines())
    assert at(problems, "data/services.yaml", "'translations.ar.title' should be text") == [lines + 2]
    assert at(problems, "data/services.yaml", "unknown key 'translations.ar.summary'") == [lines + 3]


def test_positions_are_kept_on_the_model(tmp_path):
    """Later stages (review mapping, messages) find every key and list item of a record."""
    project, problems = validate(load_sources(make(tmp_path, {"data/measures.yaml": MEASURE.replace("C-77", "C-01")})))
    assert project is not None and problems == []
    measure = project.measures[0]
    assert (measure.src.path, measure.src.line) == ("data/measures.yaml", 2)
    assert measure.src.line_of("title") == 4
    assert measure.src.line_of("first_steps") == 11
    assert measure.src.line_of("first_steps", 1) == 13
    assert measure.src.line_of("no-such-key") == 2
    photo = project.events[0].workshops[0].photos[0]
    assert (photo.src.path, photo.src.line, photo.src.line_of("alt")) == ("data/conference.yaml", 24, 26)
    assert project.services[0].translations["en"].src.line == 20


def test_small_cell_is_reported_at_publish_small(tmp_path):
    survey = (BASE / "data/survey.yaml").read_text(encoding="utf-8").replace(
        "            count: 21\n", "            count: 18\n          - label: divers\n            count: 3\n"
        "            publish_small: true\n")
    problems = problems_of(make(tmp_path, {"data/survey.yaml": survey}))
    assert [(p.line, p.severity) for p in problems] == [(17, "error")]


def test_chapter_lines_count_from_the_top_of_the_file(tmp_path):
    chapter = "---\nid: ch-zwei\ntitle: Zwei\norder: 2\n---\n\nErster Absatz.\n\nSiehe [@M-02] und TODO.\n"
    problems = problems_of(make(tmp_path, {"chapters/02-zwei.md": chapter}))
    assert [(p.line, p.severity) for p in problems] == [(9, "error"), (9, "warning")]
    broken = chapter.replace("title: Zwei", "title: [Zwei")
    problems = problems_of(make(tmp_path / "b", {"chapters/02-zwei.md": broken}))
    assert [p.line for p in problems if "YAML syntax" in p.message] == [3]


def test_yaml_syntax_error_points_at_the_opening_quote(tmp_path):
    measures = (BASE / "data/measures.yaml").read_text(encoding="utf-8").replace(
        "goal: Menschen", 'goal: "Menschen')
    problems = problems_of(make(tmp_path, {"data/measures.yaml": measures}))
    assert [(p.path, p.line) for p in problems] == [("data/measures.yaml", 5)]
    assert "closing quote is missing" in problems[0].message


def test_duplicate_key_names_both_lines(tmp_path):
    fields = (BASE / "data/fields.yaml").read_text(encoding="utf-8").replace(
        "    order: 2\n", "    order: 2\n    order: 3\n")
    problems = problems_of(make(tmp_path, {"data/fields.yaml": fields}))
    assert [(p.line, p.message) for p in problems] == [(9, "duplicate key 'order' (first at line 8); keep only one")]


def test_non_utf8_is_reported_at_the_line_of_the_first_bad_byte(tmp_path):
    text = (BASE / "data/findings.yaml").read_text(encoding="utf-8")
    problems = problems_of(make(tmp_path, {"data/findings.yaml": text.encode("latin-1")}))
    first_bad = next(n for n, line in enumerate(text.splitlines(), 1) if not line.isascii())
    assert [(p.path, p.line) for p in problems] == [("data/findings.yaml", first_bad)]


# --- did you mean ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("files", "needle"), [
    ({"data/measures.yaml": MEASURE.replace("    title:", "    tilte:")},
     "unknown key 'tilte' (did you mean 'title'?)"),
    ({"data/measures.yaml": MEASURE.replace("measures:", "massnahmen:")},
     "unknown collection 'massnahmen' (did you mean 'measures'?)"),
    ({"data/measures.yaml": MEASURE.replace("field: ZT", "field: Zt")}, "'Zt' (did you mean 'ZT'?)"),
    ({"data/measures.yaml": MEASURE.replace("C-77", "C-1")}, "'C-1' (did you mean 'C-01'?)"),
    ({"data/measures.yaml": MEASURE.replace("measures:", "Maßnahmen:")},
     "unknown collection 'Maßnahmen' (did you mean 'measures'?)"),
    ({"chapters/01-einleitung.md": "---\nid: ch-e\ntitle: E\norder: 1\n---\n[@M-10]\n"}, "(did you mean 'M-01'?)"),
    ({"chapters/01-einleitung.md": "---\nid: ch-e\ntitel: E\norder: 1\n---\n"}, "'titel' (did you mean 'title'?)"),
    ({"ikon.yaml": (BASE / "ikon.yaml").read_text(encoding="utf-8") + "outline: [ch-einleitung, monitorin]\n"},
     "'monitorin', which is neither a chapter id nor a generated section (did you mean 'monitoring'?)"),
])
def test_did_you_mean(tmp_path, files, needle):
    problems = problems_of(make(tmp_path, files))
    assert any(needle in p.message for p in problems), problems


def test_no_suggestion_when_nothing_is_close(tmp_path):
    problems = problems_of(make(tmp_path, {"data/measures.yaml": MEASURE.replace("    title:", "    xyzzy:")}))
    unknown = [p for p in problems if "unknown key 'xyzzy'" in p.message]
    assert len(unknown) == 1 and "did you mean" not in unknown[0].message


# --- strict, all at once ----------------------------------------------------------------------------


def test_strict_turns_warnings_into_failure(tmp_path):
    chapter = (BASE / "chapters/01-einleitung.md").read_text(encoding="utf-8") + "\nTODO: ergänzen\n"
    root = make(tmp_path, {"chapters/01-einleitung.md": chapter})
    lenient, strict = check(root), check(root, "--strict")
    warning = "chapters/01-einleitung.md:11: warning: chapter ch-einleitung: open TODO marker"
    assert lenient.returncode == 0 and warning in lenient.stderr.splitlines(), lenient.stderr
    assert "ok: no errors, 1 warning(s)" in lenient.stderr
    assert strict.returncode == 1 and warning in strict.stderr.splitlines(), strict.stderr
    assert "0 error(s), 1 warning(s); nothing was built" in strict.stderr


def test_all_errors_come_at_once_sorted(tmp_path):
    """Syntax, type, reference, image and chapter errors from five files in one run."""
    base = {rel: (BASE / rel).read_text(encoding="utf-8") for rel in (
        "ikon.yaml", "data/challenges.yaml", "data/findings.yaml", "data/services.yaml", "chapters/01-einleitung.md")}
    root = make(tmp_path, {
        "ikon.yaml": base["ikon.yaml"].replace("assets/logo.png", "assets/fehlt.png"),
        "data/challenges.yaml": base["data/challenges.yaml"].replace("votes: 12", "votes: viele"),
        "data/findings.yaml": base["data/findings.yaml"].replace("topic: Zusammenleben", "topic: [Zusammenleben"),
        "data/services.yaml": base["data/services.yaml"].replace("fields: [ZT]", "fields: [ZT, WOH]"),
        "chapters/01-einleitung.md": base["chapters/01-einleitung.md"] + "\n[@F-99] <br>\n",
    })
    proc = check(root)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    problems = lines[:-1]
    assert [line.split(": ")[0] for line in problems] == [
        "chapters/01-einleitung.md:11", "chapters/01-einleitung.md:11", "data/challenges.yaml:6",
        "data/findings.yaml:3", "data/services.yaml:5", "ikon.yaml:11"], proc.stderr
    assert lines[-1] == "project is invalid: 5 error(s), 1 warning(s); nothing was built"


def test_one_mistake_gives_one_message(tmp_path):
    """A measure that fails validation is still 'known': no follow-up errors where it is referenced."""
    measures = (BASE / "data/measures.yaml").read_text(encoding="utf-8").replace("priority: hoch", "priority: 1")
    problems = problems_of(make(tmp_path, {"data/measures.yaml": measures}))
    assert [(p.path, p.line) for p in problems] == [("data/measures.yaml", 15)], problems


def test_outline_sections_match_the_concept():
    from ikon_report.documents.concept import SECTIONS
    from ikon_report.project.vocabulary import OUTLINE_SECTIONS

    assert list(SECTIONS) == list(OUTLINE_SECTIONS)


# --- an invalid project builds nothing ---------------------------------------------------------------


def test_invalid_project_builds_nothing_and_keeps_earlier_outputs(tmp_path):
    root = make(tmp_path)
    out = tmp_path / "out"
    first = build_project(root, out)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert {Path(n).suffix for n in before} >= {".docx", ".pdf"}

    (root / "data" / "measures.yaml").write_text(MEASURE.replace("priority: hoch", "priority: eilig"),
                                                 encoding="utf-8")
    second = build_project(root, out, "--force")
    assert second.returncode == 1
    assert "Traceback" not in second.stderr
    assert "data/measures.yaml:15: error: measure M-01: 'priority' is 'eilig'" in second.stderr
    assert "nothing was built" in second.stderr
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before  # same files, byte for byte; no temporary files left


def test_invalid_project_creates_no_output_folder(tmp_path):
    root = make(tmp_path, {"ikon.yaml": "city: [Teststadt\n"})
    proc = build_project(root, tmp_path / "out")
    assert proc.returncode == 1 and "ikon.yaml:1: error: YAML syntax" in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


def test_code_in_chapters_is_not_checked_for_references_or_markup(tmp_path):
    chapter = ("---\nid: ch-2\ntitle: Zwei\norder: 2\n---\n\nCode `[@X-1] <b>` und ``a ` [@Y-1]`` ok [@Z-1]\n\n"
               "```yaml\nlead: [@M-99] <i>\nTODO drin\n```\n\n~~~~\n```\n[@Q-1]\n~~~~\n\nDanach [@W-1] <br>\n")
    problems = problems_of(make(tmp_path, {"chapters/02-zwei.md": chapter}))
    assert [(p.line, p.severity, p.message.split(":")[1].strip()[:24]) for p in problems] == [
        (7, "error", "reference '@Z-1' names n"),  # code is printed as it is: a TODO in it is no marker
        (19, "error", "reference '@W-1' names n"),
        (19, "warning", "raw HTML/TeX is not inte"),
    ]
