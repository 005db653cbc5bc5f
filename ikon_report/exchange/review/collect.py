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


def collect_file(file: Path) -> list[Found]:
    """All review items of ``file`` in document order (comments where they are anchored)."""
    pkg = DocxPackage(file)
    try:
        main = pkg.main_document()
        headings = _heading1_styles(pkg, main)
        walker = _Walker(headings)
        walker.walk(pkg.xml(main))
        items = walker.changes
        comments_part = pkg.related(main, COMMENTS)
        if comments_part:
            extended = pkg.related(main, COMMENTS_EXTENDED)
            items += _comments(pkg.xml(comments_part), pkg.xml(extended) if extended else None, walker)
    finally:
        pkg.close()
    return sorted(items, key=lambda f: f.order)


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
    """One pass over the document body in order, tracking bookmarks, chapter and comment ranges."""

    def __init__(self, heading1: set[str]) -> None:
        self.heading1 = heading1
        self.seen: set[str] = set()
        self.trail: list[str] = []
        self.chapter = ""
        self.para = 0
        self.para_text: list[str] = []
        self.changes: list[Found] = []
        self.positions: dict[str, tuple[list[str], str, int, int]] = {}
        self.ranges: dict[str, list[str]] = {}  # open comment ranges → commented text so far
        self.commented: dict[str, str] = {}
        self.para_texts: dict[int, str] = {}
        self._last: Found | None = None
        self.count = 0

    def walk(self, elem: Element, change: str = "") -> None:
        tag = elem.tag
        self.count += 1
        if tag in SKIP:
            return
        if tag == W + "p":
            self._paragraph(elem, change)
            return
        if tag == W + "bookmarkStart":
            name = elem.get(W + "name", "")
            if name and not name.startswith("_") and name not in self.seen:
                self.seen.add(name)
                self.trail.append(name)
        elif tag == W + "commentRangeStart":
            self._position(elem.get(W + "id", ""))
            self.ranges[elem.get(W + "id", "")] = []
        elif tag == W + "commentRangeEnd":
            cid = elem.get(W + "id", "")
            if cid in self.ranges:
                self.commented[cid] = clean("".join(self.ranges.pop(cid)))
        elif tag == W + "commentReference":
            self._position(elem.get(W + "id", ""))
        elif tag in CHANGES and not change:
            self._change(elem, CHANGES[tag])
            change = CHANGES[tag]
        elif tag == W + "t":
            self._text(elem.text or "", change)
        elif tag in (W + "tab", W + "br", W + "cr"):
            self._text(" ", change)
        for child in elem:
            self.walk(child, change)

    def _paragraph(self, elem: Element, change: str) -> None:
        self.para += 1
        style = elem.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(W + "val") in self.heading1:
            self.chapter = clean("".join(t.text or "" for t in elem.iter(W + "t")))
        outer, self.para_text = self.para_text, []
        for child in elem:
            self.walk(child, change)
        self.para_texts[self.para] = clean("".join(self.para_text))[:CONTEXT]
        for item in self.changes:
            if item.para == self.para and not item.context:
                item.context = self.para_texts[self.para]
        self.para_text = outer
        self._last = None

    def _position(self, cid: str) -> None:
        if cid not in self.positions:
            self.positions[cid] = (self.trail[::-1][:TRAIL], self.chapter, self.para, self.count)

    def _text(self, text: str, change: str) -> None:
        if change == "deletion":
            return  # deleted text is not part of what the reader sees
        self.para_text.append(text)
        for parts in self.ranges.values():
            parts.append(text)
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


def _comments(root: Element, extended: Element | None, walker: _Walker) -> list[Found]:
    """Top-level comments with their replies (threads from commentsExtended.xml, as Word writes them)."""
    by_para: dict[str, str] = {}
    found: dict[str, Found] = {}
    order: list[str] = []
    for comment in root.iter(W + "comment"):
        cid = comment.get(W + "id", "")
        paragraphs = comment.findall(W + "p")
        text = "\n".join(clean("".join(t.text or "" for t in p.iter(W + "t"))) for p in paragraphs).strip()
        trail, chapter, para, position = walker.positions.get(cid, ([], "", 0, 0))
        context = walker.commented.get(cid) or walker.para_texts.get(para, "")
        found[cid] = Found("comment", comment.get(W + "author", ""), comment.get(W + "date", ""), text, trail,
                           chapter, context[:CONTEXT], para=para, order=position)
        order.append(cid)
        last_para = paragraphs[-1].get(W14 + "paraId") if paragraphs else None
        if last_para:
            by_para[last_para] = cid
    parents: dict[str, str] = {}
    for ex in extended.iter(W15 + "commentEx") if extended is not None else []:
        child, parent = by_para.get(ex.get(W15 + "paraId", "")), by_para.get(ex.get(W15 + "paraIdParent", ""))
        if child and parent and child != parent:
            parents[child] = parent
    out = []
    for cid in order:
        root_id = cid
        for _ in range(len(order)):  # follow reply chains to the thread's first comment
            if root_id not in parents:
                break
            root_id = parents[root_id]
        if root_id == cid:
            out.append(found[cid])
        else:
            reply = found[cid]
            found[root_id].replies.append(f"{reply.author} ({reply.date[:10]}): {reply.text}")
    return out
