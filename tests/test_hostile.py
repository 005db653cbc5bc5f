"""Hostile input (hypothesis): markup and template syntax, right-to-left and combining characters,
zero-width and control characters, very long strings, empty lists, extreme numbers.

Every generated project either builds, or fails with ``InvalidProject`` whose problems all point
at a real ``path:line`` of the project; never any other exception. Every string the build accepted
appears verbatim in the DOCX text (python-docx) and the PDF text (pdftotext).
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from project_helpers import built_or_refused, set_value, small_project

from conftest import body_text, docx_text
from ikon_report import resources
from ikon_report.build import build
from ikon_report.errors import InvalidProject
from ikon_report.project import yaml_source
from ikon_report.project.glyphs import COVERAGE, coverage_of, displayable

HOSTILE = [
    "<w:t>&amp;</w:t>", "]]><!--", "a & b < c > d", "\"zitiert\" und 'einfach'", "{{ project.title }}",
    "{% if x %}ja{% endif %}", "${title}$", "$x^2$", "#set page(fill: red)", "#strong[fett]", "@M-01",
    "<label>", "\\textbf{x}", "*stern* _unter_ `code`", "[@C-01]", "= Überschrift", "- Liste", "+ plus",
    "1. eins", "/ term: def", "// kommentar", "/* block */", "--- -- ...", "\\", "~", "|a|b|",
    "مرحبا بكم في مندن", "שלום עולם", "خوش آمدید", "ሰላም ንኹሉ", "e\u0301\u0301\u0301 Z\u0335\u0321a\u0334",
    "\u202eRTL-Override\u202c", "null\u200bbreite\u200dVerbinder\u2060", "Soft\u00adhyphen", "\u00a0geschützt",
    "Zeilen\numbruch", "tab\tulator", "glocke\u0007", "nul\u0000", "\ufeffbom", "\u2028trenner",
    "Wort" * 15, "lang " * 600, "Ärger mit Öl, Übermut, Straße ß ẞ", "😀 👩‍👩‍👧 🇩🇪", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
]
# Mostly text the shipped fonts can display (else the build rightly refuses it before rendering).
hostile = st.one_of(
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(sorted(displayable())), min_size=1, max_size=40).map("".join),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map(" ".join),
    st.text(st.characters(exclude_categories=("Cs",), max_codepoint=0x1FFFF), min_size=1, max_size=20))
# Text fields of the small project and where they live (file, path into the YAML).
FIELDS = {
    "measure title": ("data/measures.yaml", ["measures", 0, "title"]),
    "measure goal": ("data/measures.yaml", ["measures", 0, "goal"]),
    "measure partner": ("data/measures.yaml", ["measures", 0, "partners", 0]),
    "first step": ("data/measures.yaml", ["measures", 0, "first_steps", 0]),
    "challenge": ("data/challenges.yaml", ["challenges", 0, "text"]),
    "finding point": ("data/findings.yaml", ["findings", 0, "points", 0]),
    "quote": ("data/findings.yaml", ["findings", 0, "quotes", 0, "text"]),
    "field name": ("data/fields.yaml", ["fields", 0, "name"]),
    "service title": ("data/services.yaml", ["services", 0, "title"]),
    "service description": ("data/services.yaml", ["services", 0, "description"]),
    "subtitle": ("ikon.yaml", ["subtitle"]),
    "contractor": ("ikon.yaml", ["contractor"]),
}
EMPTY_LISTS = {
    "partners": ("data/measures.yaml", ["measures", 0, "partners"]),
    "target groups": ("data/measures.yaml", ["measures", 0, "target_groups"]),
    "first steps": ("data/measures.yaml", ["measures", 0, "first_steps"]),
    "quotes": ("data/findings.yaml", ["findings", 0, "quotes"]),
}
NUMBERS = {
    "cost": ("data/measures.yaml", ["measures", 0, "costs", 0, "amount"]),
    "indicator target": ("data/indicators.yaml", ["indicators", 0, "target"]),
    "votes": ("data/challenges.yaml", ["challenges", 0, "votes"]),
}
extreme = st.one_of(st.sampled_from([0, -1, 10**30, 1e308, -1e-308, 2**63, 0.1 + 0.2, 123456789.987654321]),
                    st.floats(allow_nan=False, allow_infinity=False), st.integers())


def norm(text: str, marks: bool = True) -> str:
    """What survives every text extraction: NFC, without whitespace, invisible format characters
    and hyphens (line breaking adds and drops those); without combining marks if not ``marks``
    (pdftotext reports stacked marks apart from their letter)."""
    drop = ("Cf", "Cc") if marks else ("Cf", "Cc", "Mn", "Me")
    text = unicodedata.normalize("NFC" if marks else "NFD", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in drop
                   and c not in "-\u2010\u2011\u00ad")


BIDI = ("R", "AL", "RLO", "LRO", "RLE", "LRE", "RLI", "LRI")


def in_pdf(text: str, pdf: str, gap: int = 300) -> bool:
    """Is ``text`` in the (normalised) PDF text? Word by word, in order, each within ``gap``
    characters of the previous (a page break's header and footer, the watermark or a cover's
    labels column may come between). Text with right-to-left letters: its runs of letters of one
    direction, digits and other signs, in any order and direction (pdftotext prints mixed-direction
    lines in visual order)."""
    if any(unicodedata.bidirectional(c) in BIDI for c in text):
        rtl = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe"  # Hebrew, Arabic and their presentation forms
        runs = [norm(run, marks=False) for run in re.findall(f"[{rtl}]+|[^\\W\\d_{rtl}]+|\\d+|\\S", text)]
        return all(run in pdf or run[::-1] in pdf for run in runs)
    words = [w for w in (norm(word, marks=False) for word in text.split()) if w]
    start = pdf.find(words[0]) if words else 0
    while start != -1 and words:
        pos = start + len(words[0])
        for word in words[1:]:
            found = pdf.find(word, pos, pos + gap + len(word))
            if found == -1:
                break
            pos = found + len(word)
        else:
            return True
        start = pdf.find(words[0], start + 1)
    return not words


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(texts=st.dictionaries(st.sampled_from(sorted(FIELDS)), hostile, min_size=1, max_size=4),
       empty=st.lists(st.sampled_from(sorted(EMPTY_LISTS)), max_size=2), numbers=st.dictionaries(
           st.sampled_from(sorted(NUMBERS)), extreme, max_size=2))
@example(texts={"challenge": "a ... b -? c ~ -- \"d\""}, empty=[], numbers={})  # typst shorthands
@example(texts={"contractor": "lang " * 600, "first step": "Wort" * 15}, empty=[], numbers={})  # Word's 255
@example(texts={"subtitle": "{{ title }} <w:t>", "quote": "\ufeffbom"}, empty=[], numbers={})  # PDF/UA bans U+FEFF
@example(texts={"challenge": "שלום"}, empty=["first steps"], numbers={"cost": -1})  # no font, errors
def test_hostile_project_builds_or_fails_cleanly(compiler, texts, empty, numbers):
    with tempfile.TemporaryDirectory() as tmp:
        root = small_project(Path(tmp) / "project")
        for name, value in texts.items():
            set_value(root, *FIELDS[name], value)
        for name in empty:
            set_value(root, *EMPTY_LISTS[name], [])
        for name, value in numbers.items():
            set_value(root, *NUMBERS[name], value)
        out = Path(tmp) / "out"
        if not built_or_refused(root, out, compiler):
            return
        docx = norm("\n".join(docx_text(p) for p in sorted(out.glob("*.docx"))))
        pdf = norm("\n".join(body_text(p) for p in sorted(out.glob("*.pdf"))), marks=False)
        emptied = [EMPTY_LISTS[name] for name in empty]
        for name, value in texts.items():
            file, path = FIELDS[name]
            if any(file == f and path[: len(p)] == p for f, p in emptied):
                continue  # its list was emptied afterwards
            accepted = norm(value)
            assert accepted in docx, f"{name} {value!r} is not in the DOCX text"
            assert in_pdf(value, pdf), f"{name} {value!r} is not in the PDF text"


YAMLISH = st.lists(st.sampled_from(list("ab :-#'\"[]{}!&*|>%@`,?\n\t\\~") + [
    "  ", "ä", "\u200b", "\u0627", "\x85", "\u2028", "\ufeff", "\x07", "1", "0x", "- ", ": "]),
    max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=YAMLISH)
def test_libyaml_and_pyyaml_read_the_same(text):
    """The fast libyaml path returns exactly what PyYAML returns, problems included."""
    results = []
    for loader in (yaml_source.FAST_LOADER, None):
        saved, yaml_source.FAST_LOADER = yaml_source.FAST_LOADER, loader
        try:
            problems = []
            value = yaml_source.parse_yaml(text, "x.yaml", problems)
            results.append((repr(value), [str(p) for p in problems]))
        finally:
            yaml_source.FAST_LOADER = saved
    assert results[0] == results[1]


def test_norm_keeps_visible_text():
    assert norm("Ver-\nwaltung  a\u200bb") == norm("Verwaltung ab")
    assert re.fullmatch(r"\S+", norm("lang " * 3))


def test_font_coverage_file_is_current():
    assert json.loads(resources.font_file(COVERAGE).read_text()) == coverage_of(resources.package_dir("fonts"))


def test_undisplayable_characters_are_reported_where_they_are(tmp_path):
    root = small_project(tmp_path / "project")
    set_value(root, *FIELDS["measure title"], "Begegnung 😀")
    with pytest.raises(InvalidProject) as exc:
        build(root, tmp_path / "out")
    [problem] = exc.value.problems
    assert (problem.path, problem.line) == ("data/measures.yaml", 4) and "U+1F600" in problem.message
