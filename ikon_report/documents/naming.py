"""Output file names: city, kind, version and status, e.g. ``IKON-Lindenfeld-v1.2-Entwurf``.

Each part is cut to ``PART_BYTES`` bytes (UTF-8; with a short hash of the whole part, so names
stay distinct), so a name stays far below the 255 bytes file systems allow, however long the
city's name or the version is (docs/limits.md).
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from ikon_report import german

if TYPE_CHECKING:  # the model is slow to import; file names are needed before it
    from ikon_report.project.model import FieldOfAction, IkonProject


CATALOGUE = "Angebotskatalog"
EVENT_DOCUMENTATION = "Dokumentation"

PART_BYTES = 40


def file_part(text: str, limit: int = PART_BYTES) -> str:
    """``text`` as a file name part: runs of other characters become '-'; longer than ``limit``
    bytes, it is cut and ends in 8 hex digits of its hash."""
    part = re.sub(r"[^\w.-]+", "-", text).strip("-")
    if len(part.encode("utf-8")) <= limit:
        return part
    digest = hashlib.sha256(part.encode("utf-8")).hexdigest()[:8]
    return part.encode("utf-8")[:limit - 9].decode("utf-8", "ignore").rstrip("-") + "-" + digest


def output_stem(project: IkonProject, final: bool, kind: str = "", subject: str = "") -> str:
    """``IKON-Lindenfeld-v0.3-Entwurf`` (or ``IKON-Angebotskatalog-Lindenfeld-…``, with a ``subject`` such as
    an event's name ``IKON-Dokumentation-Auftaktkonferenz-Lindenfeld-…``): city, version, status."""
    p = project.project
    city = re.sub(r"[^\w-]+", "-", p.city).strip("-")
    status = german.STATUS["final" if final else "draft"]
    parts = [p.short_title, kind, subject, city, f"v{p.version}", status]
    return "-".join(part for part in map(file_part, parts) if part)


def event_stems(project: IkonProject, final: bool) -> dict[str, str]:
    """File stem per event id, e.g. ``IKON-Dokumentation-Auftaktkonferenz-Lindenfeld-v1.2-Entwurf``;
    events of the same name get their date appended."""
    from ikon_report.content.events import label  # the model behind it is slow to import

    names = {e.id: label(e).replace("*", "_") for e in project.events}
    twice = {n for n in names.values() if list(names.values()).count(n) > 1}
    for e in project.events:
        if names[e.id] in twice:
            names[e.id] += f"-{e.date.isoformat()}"
    return {eid: output_stem(project, final, EVENT_DOCUMENTATION, name) for eid, name in names.items()}


def catalogue_stem(project: IkonProject, final: bool, lang: str = "de", selection: str = "", volume: int = 0) -> str:
    """``IKON-Angebotskatalog-Lindenfeld-v1.2-Entwurf`` plus ``-ar`` and ``-Auswahl-female_ar``; a volume
    of the print catalogue ``IKON-Angebotskatalog-Band-2-Lindenfeld-…``."""
    stem = output_stem(project, final, CATALOGUE, f"Band-{volume}" if volume else "")
    if lang != "de":
        stem += f"-{lang}"
    if selection:
        stem += f"-Auswahl-{file_part(selection, 2 * PART_BYTES)}"
    return stem


def volume_fields(project: IkonProject) -> list[FieldOfAction]:
    """The fields with a volume of the print catalogue, in order: none unless the project has more
    services than ``catalogue_volumes_above``; then each field some service names first."""
    if len(project.services) <= project.project.catalogue_volumes_above:
        return []
    firsts = {s.fields[0] for s in project.services if s.fields}
    return [f for f in sorted(project.fields, key=lambda f: f.order) if f.id in firsts]


def catalogue_stems(project: IkonProject, final: bool) -> list[str]:
    """The print catalogue's file stems: one, or one per volume."""
    fields = volume_fields(project)
    return [catalogue_stem(project, final, volume=n) for n in range(1, len(fields) + 1)] or \
        [catalogue_stem(project, final)]
