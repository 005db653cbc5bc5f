"""The typed building blocks: what the builders make, pandoc reads back unchanged, and the accessors
read the same parts from nodes pandoc made itself."""

from __future__ import annotations

import json

from ikon_report import pandoc_ast as a
from ikon_report.tools import MARKDOWN, pandoc


def markdown_to_ast(text: str) -> a.Node:
    return json.loads(pandoc(["-f", MARKDOWN, "-t", "json"], text))


def _through_pandoc(blocks: list[a.Node]) -> list[a.Node]:
    return json.loads(pandoc(["-f", "json", "-t", "json"], json.dumps(a.document(blocks))))["blocks"]


def test_built_nodes_round_trip_through_pandoc():
    blocks = [
        a.header(2, "Titel & <mehr>", "sec-x", ["unnumbered"]),
        a.para([a.strong("fett"), {"t": "Space"}, a.cite("M-01"), a.link("Link", "#sec-x")]),
        a.div([a.bullets(["eins", "zwei"]), a.numbered(["drei"])], "box", ["illustrative"], custom_style="Hinweis"),
        a.table(["Kopf"], [["Zelle"]], caption="Eine Tabelle", ident="tab-x", widths=[1.0], align="r"),
        a.figure("fig-x", "Bild", [a.plain([a.image("bild.png", "Alt", "50%")])]),
    ]
    assert _through_pandoc(blocks) == blocks


def test_accessors_read_what_the_builders_wrote():
    header = a.header(3, "Titel", "sec-x", ["appendix"])
    assert (a.kind(header), a.level(header), a.ident(header), a.classes(header)) == ("Header", 3, "sec-x",
                                                                                     ["appendix"])
    assert a.stringify(a.inlines_of(header)) == "Titel"
    a.set_level(header, 2)
    a.set_header_inlines(header, a.text("Neu"))
    a.classes(header).append("unnumbered")
    assert header == a.header(2, "Neu", "sec-x", ["appendix", "unnumbered"])
    table = a.table(["K"], [["Z"]], caption="Cap", ident="tab-y")
    assert a.ident(table) == "tab-y" and a.stringify(a.caption(table)) == "Cap"
    a.set_caption(table, a.text("Tabelle 1: Cap"))
    assert a.stringify(a.caption(table)) == "Tabelle 1: Cap"
    assert a.caption(a.table(["K"], [["Z"]])) is None
    div = a.div([a.para("x")], "d", ["service"])
    assert a.div_blocks(div) == [a.para("x")] and a.classes(div) == ["service"]
    assert [c["citationId"] for c in a.citations(a.cite("M-01"))] == ["M-01"]
    assert a.target(a.image("bild.png", "Alt")) == "bild.png" and a.target(a.link("x", "#y")) == "#y"


def test_accessors_read_nodes_pandoc_made():
    doc = markdown_to_ast("## Titel {#sec-a .appendix}\n\nSiehe [@M-01; @M-02] und ![Alt](bild.png).\n\n"
                          "::: {#box .illustrative}\nText\n:::\n\n| a |\n|---|\n| b |\n\n: Tabelle {#tab-a}\n")
    header, para, div, table = doc["blocks"]
    assert (a.level(header), a.ident(header), a.classes(header)) == (2, "sec-a", ["appendix"])
    cite = next(n for n in a.walk(para) if a.is_a(n, "Cite"))
    assert [c["citationId"] for c in a.citations(cite)] == ["M-01", "M-02"]
    assert [a.target(n) for n in a.walk(para) if a.is_a(n, "Image")] == ["bild.png"]
    assert (a.ident(div), a.classes(div), a.stringify(a.div_blocks(div))) == ("box", ["illustrative"], "Text")
    assert a.ident(table) == "tab-a" and a.stringify(a.caption(table)) == "Tabelle"
    assert "raw_html" in MARKDOWN  # the chapter variant these nodes come from


def test_walk_visits_every_node_in_document_order():
    blocks = [a.para([a.emph([a.strong("x")])]), a.div([a.header(2, "y")])]
    assert [a.kind(n) for n in a.walk(blocks)] == ["Para", "Emph", "Strong", "Str", "Div", "Header", "Str"]


def test_replace_text_reaches_every_string():
    node = a.para([a.link("a\ue000b", "#x\ue000y"), {"t": "Code", "c": [a.attr(), "c\ue000d"]}])
    assert a.stringify(a.replace_text(node, "\ue000", "*")) == "a*b"
    assert "\ue000" not in json.dumps(a.replace_text(node, "\ue000", "*"), ensure_ascii=False)
