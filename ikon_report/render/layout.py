"""Where typst put things: the summary the typst templates leave as ``<ikon-layout>`` metadata
(``tools.Typst.pdf`` writes it beside the source). The DOCX follows it: its table of contents
shows these page numbers, and chapters typst ran in on the page before get no page break."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Layout:
    """Page of every labelled heading and figure; level-1 headings set without a page break."""

    pages: dict[str, int]
    run_in: frozenset[str]

    @classmethod
    def read(cls, path: Path) -> Layout:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({str(label): int(page) for label, page in data.get("pages", [])},
                   frozenset(map(str, data.get("run-in", []))))
