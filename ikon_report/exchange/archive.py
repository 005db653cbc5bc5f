"""Untrusted Office files (a reviewed DOCX, an imported XLSX) are ZIP archives: check the archive's
directory against fixed limits before any member is decompressed.

Rejected, with a message naming the file: malformed ZIPs, too many members, encrypted or
path-like member names, duplicate members, members that expand too far (ZIP bombs), archives
that would expand beyond a total. Declared sizes bound what is read: Python's ``zipfile`` never
returns more than a member declares (a lying size fails its CRC check).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ikon_report.errors import IkonError

BAD_NAME = re.compile(r"(^[/\\])|\\|^[A-Za-z]:|\x00|(^|/)\.\.?(/|$)")
MiB = 2**20


@dataclass(frozen=True)
class ZipLimits:
    file: int  # the archive itself, bytes
    part: int | None  # one decompressed XML member, as declared (None: the reader caps what it reads)
    total: int  # all members together, as declared
    members: int
    ratio: int  # decompressed / compressed, for members above 1 MiB


class UnsafeDocument(IkonError):
    """A file from outside that is not a plain, well-formed Office document of the expected kind."""

    def __init__(self, file: Path, reason: str) -> None:
        self.file, self.reason = file, reason
        super().__init__(f"{file}: rejected: {reason}; nothing was written")


def open_zip(file: Path, limits: ZipLimits, kind: str) -> tuple[zipfile.ZipFile, dict[str, zipfile.ZipInfo]]:
    """The open archive and its members by lower-case name, after every check; ``kind`` names
    the expected format in messages ("DOCX (ZIP)")."""
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise IkonError(f"{file}: cannot read: {exc.strerror}") from exc
    if size > limits.file:
        raise UnsafeDocument(file, f"file is {size // MiB} MiB, more than the {limits.file // MiB} MiB allowed")
    try:
        archive = zipfile.ZipFile(file)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsafeDocument(file, f"not a {kind} file ({exc})") from exc
    try:
        return archive, _check_members(file, infos, limits)
    except BaseException:
        archive.close()
        raise


def _check_members(file: Path, infos: list[zipfile.ZipInfo], limits: ZipLimits) -> dict[str, zipfile.ZipInfo]:
    if len(infos) > limits.members:
        raise UnsafeDocument(file, f"{len(infos)} members in the archive (at most {limits.members})")
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if not name or BAD_NAME.search(name):
            raise UnsafeDocument(file, f"path-like member name {name!r}")
        if name.lower() in members:
            raise UnsafeDocument(file, f"duplicate member {name!r}")
        if info.flag_bits & 0x1:
            raise UnsafeDocument(file, f"encrypted member {name!r}")
        if info.file_size > MiB and info.file_size > limits.ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise UnsafeDocument(file, f"member {name!r} expands {ratio}-fold (a ZIP bomb?)")
        if limits.part is not None and name.lower().endswith((".xml", ".rels")) and info.file_size > limits.part:
            raise UnsafeDocument(file, f"member {name!r} expands to {info.file_size // MiB} MiB "
                                 f"(at most {limits.part // MiB} MiB)")
        total += info.file_size
        members[name.lower()] = info
    if total > limits.total:
        raise UnsafeDocument(file, f"archive expands to {total // MiB} MiB (at most {limits.total // MiB})")
    return members
