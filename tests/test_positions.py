"""Chapter Markdown is parsed once: references, headings, TODO markers and raw markup come from the
parse (exact lines, nothing in code), and the same parse serves checks, final builds and review anchors."""

from __future__ import annotations

import pytest
from test_validation import make, problems_of

from ikon_report import pandoc_ast as a
from ikon_report.content.chapters import parse_chapters
from ikon_report.errors import InvalidProject
from ikon_report.exchange.review.anchors import Locator
from ikon_report.project import positions
from ikon_report.project.final import refuse_unfinished
from ikon_report.project.model import Chapter
from ikon_report.project.validate import load_project


def lines(marks: tuple[positions.Mark, ...]) -> list[tuple[int, str]]:
    return [(m.line, m.text) for m in marks]


def test_references_in_code_are_not_references():
    body = ("Siehe `[@M-01]` und ``a ` [@M-02]`` und [@M-03].\n\n"
            "```\n[@M-04]\n```\n\n    [@M-05] eingerückt\n\n~~~~\n```\n[@M-06]\n~~~~\n\nDanach @M-07.\n")
    assert lines(positions.parse(body).refs) == [(0, "M-03"), (13, "M-07")]


def test_lines_stay_exact_after_code_spans_links_and_images_that_span_lines():
    body = ("Ein `Code\nüber zwei Zeilen` und [@M-01]\n"
            "[Link](https://example.org\n\"Titel\") [@M-02]\n"
            "![Bild\nmit [@M-03]](bild.png) und [@M-04]\n\n"
            "- Punkt [@M-05]\n\n  > Zitat\n  > [@M-06] TODO\n\n| a | b [@M-07] |\n|---|---|\n| c | [@M-08] |\n")
    parsed = positions.parse(body)
    assert lines(parsed.refs) == [(1, "M-01"), (3, "M-02"), (5, "M-03"), (5, "M-04"), (7, "M-05"), (10, "M-06"),
                                  (12, "M-07"), (14, "M-08")]
    assert lines(parsed.images) == [(4, "bild.png")]
    assert lines(parsed.todos) == [(10, "TODO")]


def test_escaped_at_signs_and_addresses_are_not_references():
    body = "Mail an info@minden.de, \\@M-01 ist kein Verweis, \\[@M-02] schon.\n"
    assert lines(positions.parse(body).refs) == [(0, "M-02")]


def test_footnotes_are_text_and_reference_images_are_images():
    body = "Text[^1] und ![Karte][k].\n\n[^1]: TODO\n\n[k]: https://example.org/karte.png\n"
    parsed = positions.parse(body)
    assert lines(parsed.todos) == [(2, "TODO")]
    assert lines(parsed.images) == [(0, "https://example.org/karte.png")]


def test_illustrative_passages_outside_code():
    body = ("Ein [erfundener Satz]{.illustrative} hier.\n\n::: illustrative\nAbsatz\n:::\n\n"
            "```\n[Code]{.illustrative}\n```\n\n`::: illustrative`\n")
    assert positions.parse(body).attribute_lines(name="illustrative") == [0, 2]


def test_todo_in_code_is_no_todo():
    body = "Text `TODO` hier.\n\n```\nTODO im Code\n```\n\n    FIXME eingerückt\n\nNoch offen: XXX und TODO.\n"
    assert lines(positions.parse(body).todos) == [(8, "XXX"), (8, "TODO")]


def test_raw_markup_is_found_outside_code():
    body = ("Das ist <b>fett</b>.\n\n`<b>` im Code, \\textbf{TeX} im Text, `x`{=html}.\n\n"
            "```{=html}\n<div>\n```\n\n```\n<i>Code</i>\n```\n\nEscaped \\<b> und &lt;b&gt; sind gewollt.\n")
    assert [m.line for m in positions.parse(body).markup] == [0, 2, 2, 4]


def test_headings_with_lines_levels_and_text():
    body = ("# Eins {#eins .x}\n\nText\n\n```\n# kein Titel\n```\n\nZwei\n----\n\n> ### Drei `code`\n")
    assert [(h.line, h.level, h.text) for h in positions.parse(body).headings] == [
        (0, 1, "Eins"), (8, 2, "Zwei"), (11, 3, "Drei code")]


def test_chapter_problems_point_at_file_lines_after_the_front_matter(tmp_path):
    chapter = ("---\nid: ch-zwei\ntitle: Zwei\norder: 2\n# ein Kommentar\n---\n\nErster `Absatz\nmit Code` und "
               "[@M-99].\n\n```\nTODO [@M-98]\n```\n\nTODO <b>x</b>\n")
    problems = problems_of(make(tmp_path, {"chapters/02-zwei.md": chapter}))
    assert [(p.line, p.severity, p.message.split(": ", 1)[1][:20]) for p in problems] == [
        (9, "error", "reference '@M-99' na"), (15, "warning", "open TODO marker"),
        (15, "warning", "raw HTML/TeX is not "),
    ]


def test_web_images_are_reported_by_check_at_their_line(tmp_path):
    chapter = "---\nid: ch-zwei\ntitle: Zwei\norder: 2\n---\n\nText\n\n![Karte](https://example.org/karte.png)\n"
    problems = problems_of(make(tmp_path, {"chapters/02-zwei.md": chapter}))
    assert [(p.path, p.line, p.severity) for p in problems] == [("chapters/02-zwei.md", 9, "error")]
    assert "image 'https://example.org/karte.png' is a web address" in problems[0].message


def test_one_parse_per_chapter_shared_by_check_final_and_anchors(tmp_path):
    chapter = "---\nid: ch-zwei\ntitle: Zwei\norder: 2\n---\n\n## Abschnitt\n\nText TODO\n"
    root = make(tmp_path, {"chapters/02-zwei.md": chapter})
    positions.parse.cache_clear()
    project, _ = load_project(root)
    after_check = positions.parse.cache_info()
    assert after_check.misses == len(project.chapters) == 2
    with pytest.raises(InvalidProject) as refused:
        refuse_unfinished(project)
    assert [(p.path, p.line) for p in refused.value.problems] == [("chapters/02-zwei.md", 9)]
    Locator(project)
    assert positions.parse.cache_info().misses == after_check.misses  # no second parse


def test_review_anchors_point_at_each_heading(tmp_path):
    chapter = ("---\nid: ch-zwei\ntitle: Zwei\norder: 2\n---\n\nText\n# kein Titel (pandoc: Leerzeile davor)\n\n"
               "## „Erster“ -- Abschnitt\n\n```\n## kein Titel\n```\n\n"
               "::: box\n### Im Kasten\n:::\n\nZweiter\n--------\n")
    project, _ = load_project(make(tmp_path, {"chapters/02-zwei.md": chapter}))
    known = Locator(project).known
    sections = {k: v.source for k, v in known.items() if v.kind == "section" and v.source.startswith("chapters/02")}
    assert sections == {"erster-abschnitt": "chapters/02-zwei.md:10", "im-kasten": "chapters/02-zwei.md:17",
                        "zweiter": "chapters/02-zwei.md:20"}


def test_gender_star_is_text_and_code_stays_verbatim():
    body = ("Mindener*innen und Bürger*innen, *betont*.\n\n`a*b*c`\n\n    x*y*z eingerückt\n\n"
            "```\nK*i*n*d\n```\n")
    blocks = parse_chapters([Chapter(id="ch-x", title="X", order=1, body=body)])["ch-x"]
    assert a.stringify(blocks[0]).startswith("Mindener*innen und Bürger*innen, betont")
    assert any(a.is_a(n, "Emph") for n in a.walk(blocks[0]))  # real emphasis stays emphasis
    assert [n["c"][1] for n in a.walk(blocks) if a.is_a(n, "Code", "CodeBlock")] == ["a*b*c", "x*y*z eingerückt",
                                                                                     "K*i*n*d"]
