"""Read every comment (with replies and the commented text) and every tracked insertion and
deletion from a reviewed DOCX, each with the nearest preceding bookmark and Heading 1.

The document is walked once in document order. A bookmark counts at its first occurrence only:
LibreOffice re-emits the ends of nested pandoc bookmarks as new, empty bookmarks further down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from ikon_report.exchange.review.package import DocxPackage

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
COMMENTS = REL + "comments"
STYLES = REL + "styles"
COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
CHANGES = {W + "ins": "insertion", W + "moveTo": "insertion", W + "del": "deletion", W + "moveFrom": "deletion"}
SKIP = {W + "pPr", W + "rPr", W + "tblPr", W + "sectPr", W + "instrText", W + "delInstrText"}
TRAIL = 40  # how many preceding bookmarks an item remembers (for ids that are not records)
CONTEXT = 300


@dataclass
class Found:
    """One comment or tracked change as found in one file, before it is mapped to a record."""

    kind: str  # comment | insertion | deletion
    author: str
    date: str
    text: str
    trail: list[str]  # preceding bookmark names, nearest first
    chapter: str
    context: str = ""
    replies: list[str] = field(default_factory=list)
    para: int = 0
    order: int = 0  # position in the document (elements walked before it)


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Review:
    """What one reviewed file holds: its items in document order, and warnings about its structure."""

    items: list[Found]
    warnings: list[str]


def collect_file(file: Path) -> list[Found]:
    """All review items of ``file`` in document order (comments where they are anchored)."""
    return read_review(file).items


def read_review(file: Path) -> Review:
    """The items of ``file`` and what was odd about it (reply cycles, replies to no comment)."""
    pkg = DocxPackage(file)
    warnings: list[str] = []
    try:
        main = pkg.main_document()
        headings = _heading1_styles(pkg, main)
        walker = _Walker(headings)
        walker.walk(pkg.xml(main))
        items = walker.changes
        comments_part = pkg.related(main, COMMENTS)
        if comments_part:
            extended = pkg.related(main, COMMENTS_EXTENDED)
            items += _comments(pkg.xml(comments_part), pkg.xml(extended) if extended else None, walker, warnings)
    finally:
        pkg.close()
    return Review(sorted(items, key=lambda f: f.order), warnings)


def _heading1_styles(pkg: DocxPackage, main: str) -> set[str]:
    """Style ids whose built-in name is "heading 1" (ids differ between writers and languages)."""
    ids = {"Heading1", "berschrift1"}
    part = pkg.related(main, STYLES)
    if part:
        for style in pkg.xml(part).iter(W + "style"):
            name = style.find(W + "name")
            if name is not None and (name.get(W + "val") or "").lower() == "heading 1":
                ids.add(style.get(W + "styleId", ""))
    return ids


class _Walker:
    """One pass over the document body in order, tracking bookmarks, chapter and comment ranges.

    Iterative, so any nesting depth works; linear in the document (no rescans per item)."""

    def __init__(self, heading1: set[str]) -> None:
        self.heading1 = heading1
        self.seen: set[str] = set()
        self.trail: list[str] = []
        self.chapter = ""
        self.para = 0
        self.para_text: list[str] = []
        self.changes: list[Found] = []
        self.positions: dict[str, tuple[list[str], str, int, int]] = {}
        self.texts: list[str] = []  # visible text so far, in order (commented ranges are slices of it)
        self.ranges: dict[str, int] = {}  # open comment ranges → index into texts where they start
        self.commented: dict[str, str] = {}
        self.para_texts: dict[int, str] = {}
        self._waiting: dict[int, list[Found]] = {}  # changes per paragraph, until its text is known
        self._last: Found | None = None
        self.count = 0

    def walk(self, root: Element) -> None:
        """Visit every element in document order; a paragraph is finished after its children."""
        stack: list[tuple[Element, str] | tuple[None, int, list[str]]] = [(root, "")]
        while stack:
            task = stack.pop()
            if task[0] is None:
                self._end_paragraph(task[1], task[2])
                continue
            elem, change = task
            self.count += 1
            if elem.tag in SKIP:
                continue
            if elem.tag == W + "p":
                stack.append((None, self._start_paragraph(elem), self.para_text))
                self.para_text = []
            else:
                change = self._visit(elem, change)
            stack.extend((child, change) for child in reversed(elem))

    def _visit(self, elem: Element, change: str) -> str:
        """Note what ``elem`` says; returns the tracked change its children are part of."""
        tag = elem.tag
        if tag == W + "bookmarkStart":
            name = elem.get(W + "name", "")
            if name and not name.startswith("_") and name not in self.seen:
                self.seen.add(name)
                self.trail.append(name)
        elif tag == W + "commentRangeStart":
            self._position(elem.get(W + "id", ""))
            self.ranges[elem.get(W + "id", "")] = len(self.texts)
        elif tag == W + "commentRangeEnd":
            cid = elem.get(W + "id", "")
            if cid in self.ranges:
                self.commented[cid] = self._commented(self.ranges.pop(cid))
        elif tag == W + "commentReference":
            self._position(elem.get(W + "id", ""))
        elif tag in CHANGES and not change:
            self._change(elem, CHANGES[tag])
            return CHANGES[tag]
        elif tag == W + "t":
            self._text(elem.text or "", change)
        elif tag in (W + "tab", W + "br", W + "cr"):
            self._text(" ", change)
        return change

    def _commented(self, start: int) -> str:
        """The text since ``start``, as far as the context shows it (a range may span the document)."""
        parts, length = [], 0
        for text in self.texts[start:]:
            parts.append(text)
            length += len(text.strip())
            if length > CONTEXT:
                break
        return clean("".join(parts))

    def _start_paragraph(self, elem: Element) -> int:
        self.para += 1
        style = elem.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") in self.heading1:
            self.chapter = clean("".join(t.text or "" for t in elem.iter(W + "t")))
        return self.para

    def _end_paragraph(self, number: int, outer: list[str]) -> None:
        self.para_texts[number] = clean("".join(self.para_text))[:CONTEXT]
        for item in self._waiting.pop(number, []):
            item.context = self.para_texts[number]
        self.para_text = outer
        self._last = None

    def _position(self, cid: str) -> None:
        if cid not in self.positions:
            self.positions[cid] = (self.trail[::-1][:TRAIL], self.chapter, self.para, self.count)

    def _text(self, text: str, change: str) -> None:
        if change == "deletion":
            return  # deleted text is not part of what the reader sees
        self.para_text.append(text)
        self.texts.append(text)
        if not change and text.strip():
            self._last = None

    def _change(self, elem: Element, kind: str) -> None:
        tags = (W + "delText", W + "t") if kind == "deletion" else (W + "t",)
        text = "".join(t.text or "" for t in elem.iter() if t.tag in tags)
        if not text.strip():
            return  # a paragraph mark or formatting-only change
        author, date = elem.get(W + "author", ""), elem.get(W + "date", "")
        last = self._last
        if last and (last.kind, last.author, last.date) == (kind, author, date):
            last.text += text
            return
        self._last = Found(kind, author, date, text, self.trail[::-1][:TRAIL], self.chapter, para=self.para,
                           order=self.count)
        self.changes.append(self._last)
        self._waiting.setdefault(self.para, []).append(self._last)


def _comments(root: Element, extended: Element | None, walker: _Walker, warnings: list[str]) -> list[Found]:
    """Top-level comments with their replies (threads from commentsExtended.xml, as Word writes them)."""
    by_para: dict[str, str] = {}
    found: dict[str, Found] = {}
    for comment in root.iter(W + "comment"):
        cid = comment.get(W + "id", "")
        paragraphs = comment.findall(W + "p")
        text = "\n".join(clean("".join(t.text or "" for t in p.iter(W + "t"))) for p in paragraphs).strip()
        trail, chapter, para, position = walker.positions.get(cid, ([], "", 0, 0))
        context = walker.commented.get(cid) or walker.para_texts.get(para, "")
        found[cid] = Found("comment", comment.get(W + "author", ""), comment.get(W + "date", ""), text, trail,
                           chapter, context[:CONTEXT], para=para, order=position)
        for p in paragraphs:  # Word names a comment by its last paragraph; any of them identifies it
            if p.get(W14 + "paraId"):
                by_para.setdefault(p.get(W14 + "paraId", ""), cid)
    parents: dict[str, str] = {}
    dangling: list[str] = []
    for ex in extended.iter(W15 + "commentEx") if extended is not None else []:
        child, parent_para = by_para.get(ex.get(W15 + "paraId", "")), ex.get(W15 + "paraIdParent")
        if child is None or parent_para is None:
            continue
        if parent_para in by_para:
            parents[child] = by_para[parent_para]
        else:
            dangling.append(f"comment {child} ({found[child].author or '?'}) replies to paragraph {parent_para}, "
                            "which belongs to no comment")
    cycles = break_cycles(parents)
    warnings += _summarise(dangling, "reply/replies to no comment", "kept as its own item")
    warnings += _summarise([" → ".join(f"comment {c}" for c in [*cycle, cycle[0]]) for cycle in cycles],
                           "reply cycle(s)", "each comment in a cycle is kept as its own item")
    roots = thread_roots(parents)
    out = []
    for cid, item in found.items():
        root_id = roots.get(cid, cid)
        if root_id == cid:
            out.append(item)
        else:
            found[root_id].replies.append(f"{item.author} ({item.date[:10]}): {item.text}")
    return out


def break_cycles(parents: dict[str, str]) -> list[list[str]]:
    """Remove the links of every reply cycle from ``parents`` (in place); returns the cycles."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []
    for start in list(parents):
        path: list[str] = []
        node: str | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parents.get(node)
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node):]
            cycles.append(cycle)
            for member in cycle:
                del parents[member]
        for member in path:
            state[member] = 2
    return cycles


def thread_roots(parents: dict[str, str]) -> dict[str, str]:
    """The first comment of each reply's thread (``parents`` has no cycles); linear in replies."""
    roots: dict[str, str] = {}
    for start in parents:
        path, node = [], start
        while node in parents and node not in roots:
            path.append(node)
            node = parents[node]
        root = roots.get(node, node)
        roots.update((member, root) for member in path)
    return roots


def _summarise(lines: list[str], what: str, outcome: str, shown: int = 5) -> list[str]:
    if not lines:
        return []
    more = f"; and {len(lines) - shown} more" if len(lines) > shown else ""
    return [f"word/commentsExtended.xml: {len(lines)} {what}: {'; '.join(lines[:shown])}{more}; {outcome}"]
