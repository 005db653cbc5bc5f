"""Open a reviewed DOCX from outside safely: a bounded ZIP reader and a DTD-free XML parser.

Reviewed files are untrusted. We reject, with a message naming the file, anything a Word document
never contains: malformed ZIPs, encrypted or path-like member names, archives that would expand
beyond fixed limits, and XML with a DOCTYPE (external entities, entity-expansion bombs).
Nothing is extracted to disk; parts are read into memory with a hard size cap.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from ikon_report.errors import IkonError

MAX_FILE = 100 * 2**20  # the reviewed .docx itself
MAX_PART = 64 * 2**20  # one decompressed XML part
MAX_TOTAL = 512 * 2**20  # all members together, as declared
MAX_MEMBERS = 5000
MAX_RATIO = 200  # decompressed / compressed, for members above 1 MiB

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_BAD_NAME = re.compile(r"(^[/\\])|\\|^[A-Za-z]:|\x00|(^|/)\.\.?(/|$)")


class UnsafeDocument(IkonError):
    """A reviewed file that is not a plain, well-formed Word document."""

    def __init__(self, file: Path, reason: str) -> None:
        super().__init__(f"{file}: rejected: {reason}; nothing was written")


class DocxPackage:
    """The parts of one DOCX, read on demand with limits; relationships resolved by type."""

    def __init__(self, file: Path) -> None:
        self.file = file
        try:
            size = file.stat().st_size
        except OSError as exc:
            raise IkonError(f"{file}: cannot read: {exc.strerror}") from exc
        if size > MAX_FILE:
            raise UnsafeDocument(file, f"file is {size // 2**20} MiB, more than the {MAX_FILE // 2**20} MiB allowed")
        try:
            self._zip = zipfile.ZipFile(file)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise UnsafeDocument(file, f"not a DOCX (ZIP) file ({exc})") from exc
        self._members = self._check_members(infos)

    def _check_members(self, infos: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
        if len(infos) > MAX_MEMBERS:
            raise UnsafeDocument(self.file, f"{len(infos)} members in the archive (at most {MAX_MEMBERS})")
        members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in infos:
            name = info.filename
            if not name or _BAD_NAME.search(name):
                raise UnsafeDocument(self.file, f"path-like member name {name!r}")
            if name.lower() in members:
                raise UnsafeDocument(self.file, f"duplicate member {name!r}")
            if info.flag_bits & 0x1:
                raise UnsafeDocument(self.file, f"encrypted member {name!r}")
            if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise UnsafeDocument(self.file, f"member {name!r} expands {ratio}-fold (a ZIP bomb?)")
            total += info.file_size
            members[name.lower()] = info
        if total > MAX_TOTAL:
            raise UnsafeDocument(self.file, f"archive expands to {total // 2**20} MiB (at most {MAX_TOTAL // 2**20})")
        return members

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
                if name.startswith("..") or _BAD_NAME.search(name):
                    raise UnsafeDocument(self.file, f"relationship target {target!r} points outside the package")
                return name if self.has(name) else None
        return None

    def main_document(self) -> str:
        name = self.related("", OFFICE_DOCUMENT) if self.has("_rels/.rels") else None
        if name is None and self.has("word/document.xml"):
            name = "word/document.xml"
        if name is None:
            raise UnsafeDocument(self.file, "no main document part; is this a Word (.docx) file?")
        return name

    def close(self) -> None:
        self._zip.close()
