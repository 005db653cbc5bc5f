"""Open a reviewed DOCX from outside safely: a bounded ZIP reader and a DTD-free XML parser.

Reviewed files are untrusted. We reject, with a message naming the file, anything a Word document
never contains: malformed ZIPs, encrypted or path-like member names, archives that would expand
beyond fixed limits, and XML with a DOCTYPE (external entities, entity-expansion bombs).
Nothing is extracted to disk; parts are read into memory with a hard size cap. The main part must be
declared a Word document (an .xlsx renamed to .docx is refused).
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ikon_report.exchange.archive import BAD_NAME, UnsafeDocument, ZipLimits, open_zip

MAX_FILE = 100 * 2**20  # the reviewed .docx itself
MAX_PART = 64 * 2**20  # one decompressed XML part
MAX_TOTAL = 512 * 2**20  # all members together, as declared
MAX_MEMBERS = 5000
MAX_RATIO = 200  # decompressed / compressed, for members above 1 MiB

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
WORD_MAIN = {  # content types of a Word main part: document, macro-enabled document, templates
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
OTHER_MAIN = {"spreadsheetml": "an Excel workbook", "presentationml": "a PowerPoint presentation"}

__all__ = ["DocxPackage", "UnsafeDocument"]


class DocxPackage:
    """The parts of one DOCX, read on demand with limits; relationships resolved by type."""

    def __init__(self, file: Path) -> None:
        self.file = file
        limits = ZipLimits(file=MAX_FILE, part=None, total=MAX_TOTAL, members=MAX_MEMBERS, ratio=MAX_RATIO)
        self._zip, self._members = open_zip(file, limits, "DOCX (ZIP)")

    def has(self, name: str) -> bool:
        return name.lower() in self._members

    def read(self, name: str) -> bytes:
        """A member's bytes; never more than ``MAX_PART`` however the archive is built."""
        info = self._members[name.lower()]
        try:
            with self._zip.open(info) as fh:
                data = fh.read(MAX_PART + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise UnsafeDocument(self.file, f"member {name!r} cannot be read ({exc})") from exc
        if len(data) > MAX_PART:
            raise UnsafeDocument(self.file, f"member {name!r} expands beyond {MAX_PART // 2**20} MiB")
        return data

    def xml(self, name: str) -> Element:
        """Parse a member as XML; DOCTYPEs, entities and external references are refused."""
        data = self.read(name)
        try:
            return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException as exc:
            raise UnsafeDocument(self.file, f"{name} declares a DTD or entities, which Word never writes "
                                 f"(possible XML attack: {type(exc).__name__})") from exc
        except ParseError as exc:
            raise UnsafeDocument(self.file, f"{name} is not well-formed XML ({exc})") from exc

    def related(self, source: str, rel_type: str) -> str | None:
        """The part a relationship of ``rel_type`` from ``source`` points to (package-relative name)."""
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels):
            return None
        for rel in self.xml(rels).iter(f"{{{RELS}}}Relationship"):
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                name = posixpath.normpath(name)
                if name.startswith("..") or BAD_NAME.search(name):
                    raise UnsafeDocument(self.file, f"relationship target {target!r} points outside the package")
                return name if self.has(name) else None
        return None

    def main_document(self) -> str:
        """The main part, which must be declared a Word document in ``[Content_Types].xml``
        (an .xlsx or .pptx renamed to .docx has a main part too, of another type)."""
        name = self.related("", OFFICE_DOCUMENT) if self.has("_rels/.rels") else None
        if name is None and self.has("word/document.xml"):
            name = "word/document.xml"
        if name is None:
            raise UnsafeDocument(self.file, "no main document part; is this a Word (.docx) file?")
        kind = self.content_type(name)
        if kind not in WORD_MAIN:
            what = next((label for key, label in OTHER_MAIN.items() if key in kind), f"of type {kind or 'unknown'}")
            raise UnsafeDocument(self.file, f"its main part {name} is {what}, not a Word document; "
                                 "collect reviewed .docx files only")
        return name

    def content_type(self, name: str) -> str:
        """The content type ``[Content_Types].xml`` gives part ``name`` (override, else by extension)."""
        if not self.has("[Content_Types].xml"):
            raise UnsafeDocument(self.file, "no [Content_Types].xml; is this a Word (.docx) file?")
        types = self.xml("[Content_Types].xml")
        for override in types.iter(f"{{{CONTENT_TYPES}}}Override"):
            if override.get("PartName", "").lstrip("/").lower() == name.lower():
                return override.get("ContentType", "")
        extension = posixpath.splitext(name)[1].lstrip(".").lower()
        for default in types.iter(f"{{{CONTENT_TYPES}}}Default"):
            if default.get("Extension", "").lower() == extension:
                return default.get("ContentType", "")
        return ""

    def close(self) -> None:
        self._zip.close()
