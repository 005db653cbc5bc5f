"""Chapters cite entries of the sources list with pandoc's citation syntax, resolved here in the
AST (no citeproc): ``[@Q-DOKU]`` → „(Ibis Institut 2019)“, ``[vgl. @Q-DOKU, S. 4; @Q-MATERIAL]`` →
„(vgl. Ibis Institut 2019, S. 4; Ibis Institut 2019)“, ``@Q-DOKU`` in running text → „Ibis Institut
(2019)“, ``[-@Q-DOKU]`` → „(2019)“. Each short reference links to its entry in the sources list
(``content/glossary.py``: the entry's id span). Keys that name other records stay ``Cite`` nodes for
``numbering.resolve_refs``; ``project/crosscheck.py`` reports unknown keys at their line."""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Sequence

from ikon_report import pandoc_ast as a
from ikon_report.project.model import SourceEntry


def short_references(sources: Sequence[SourceEntry]) -> dict[str, tuple[str, str]]:
    """(who, when) of each entry's short reference by id: author, else publisher, else the title;
    the year of publication, else the year of its date. Entries that would read the same get
    letters in the order of the list, as the sources list prints them too
    (``("Ibis Institut", "2019a")``, ``("Ibis Institut", "2019b")``)."""
    plain: dict[str, tuple[str, str]] = {}
    for s in sources:
        published = s.year or (s.date.year if s.date else None)
        plain[s.id] = (s.author or s.publisher or s.title, str(published) if published else "")
    alike = Counter(plain.values())
    used: Counter[tuple[str, str]] = Counter()
    out: dict[str, tuple[str, str]] = {}
    for ident, (who, year) in plain.items():
        letter = ""
        if year and alike[(who, year)] > 1:
            letter = string.ascii_lowercase[used[(who, year)] % 26]
            used[(who, year)] += 1
        out[ident] = (who, year + letter)
    return out


def resolve_citations(blocks: list[a.Node], entries: Sequence[SourceEntry], linked: bool) -> None:
    """Replace (in place) every citation of a source in ``blocks`` by its short reference, a link
    to the sources list when ``linked`` (the document has that list)."""
    sources = {s.id: s for s in entries}
    short = short_references(entries)

    def _cite(node: a.Node) -> list[a.Node]:
        keys = a.citations(node)
        if not any(k["citationId"] in sources for k in keys):
            return [node]
        grouped = all(k["citationId"] in sources for k in keys) and \
            a.kind(keys[0]["citationMode"]) != "AuthorInText"
        out: list[a.Node] = [{"t": "Str", "c": "("}] if grouped else []
        for i, key in enumerate(keys):
            if i:
                out += [{"t": "Str", "c": ";"}, {"t": "Space"}]
            if key["citationId"] not in sources:
                out.append({"t": "Cite", "c": [[key], []]})  # a record: resolve_refs links it
                continue
            out += _one(key, sources[key["citationId"]], grouped)
        return out + ([{"t": "Str", "c": ")"}] if grouped else [])

    def _one(key: a.Citation, s: SourceEntry, grouped: bool) -> list[a.Node]:
        who, year = short[s.id]
        mode, suffix = a.kind(key["citationMode"]), list(key["citationSuffix"])
        prefix = [*key["citationPrefix"], {"t": "Space"}] if key["citationPrefix"] else []
        if mode == "AuthorInText":  # @Q-DOKU [S. 4] → Ibis Institut (2019, S. 4)
            after = ([{"t": "Str", "c": ","}, {"t": "Space"}] if year and suffix and not _comma(suffix) else [])
            inner = [*a.text(year), *after, *suffix] if year or suffix else []
            shown = [*a.text(who), *([{"t": "Space"}, {"t": "Str", "c": "("}, *inner, {"t": "Str", "c": ")"}]
                                     if inner else [])]
        else:
            shown = a.text(year if mode == "SuppressAuthor" and year else f"{who} {year}".strip()) + suffix
            if not grouped:  # among references to records: parenthesised on its own
                shown = [{"t": "Str", "c": "("}, *shown, {"t": "Str", "c": ")"}]
        return [*prefix, a.link(shown, "#" + s.id) if linked else a.span(shown)]

    blocks[:] = a.replace_cites(blocks, _cite)


def _comma(inlines: list[a.Node]) -> bool:
    """Whether a suffix starts with its own comma (``[@Q-DOKU, S. 4]``)."""
    return bool(inlines) and a.is_a(inlines[0], "Str") and str(inlines[0]["c"]).startswith(",")
