"""Output file names: city, kind, version and status, e.g. ``IKON-Minden-v0.9-Entwurf``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ikon_report import german

if TYPE_CHECKING:  # the model is slow to import; file names are needed before it
    from ikon_report.project.model import IkonProject


CATALOGUE = "Angebotskatalog"


def output_stem(project: IkonProject, final: bool, kind: str = "") -> str:
    """``IKON-Minden-v0.3-Entwurf`` (or ``IKON-Angebotskatalog-Minden-…``): city, version, status."""
    p = project.project
    city = re.sub(r"[^\w-]+", "-", p.city).strip("-")
    status = german.STATUS["final" if final else "draft"]
    parts = [p.short_title, kind, city, f"v{p.version}", status]
    return re.sub(r"[^\w.-]+", "-", "-".join(x for x in parts if x))


def catalogue_stem(project: IkonProject, final: bool, lang: str = "de", selection: str = "") -> str:
    """``IKON-Angebotskatalog-Minden-v0.9-Entwurf`` plus ``-ar`` and ``-Auswahl-female_ar``."""
    stem = output_stem(project, final, CATALOGUE)
    if lang != "de":
        stem += f"-{lang}"
    if selection:
        stem += f"-Auswahl-{selection}"
    return stem
