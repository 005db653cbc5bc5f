"""What every content builder needs: the project, the build mode and a place for charts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ikon_report import pandoc_ast as a
from ikon_report.project.model import IkonProject
from ikon_report.project.versions import Version

ILLUSTRATIVE = ("Beispieldaten: Die folgenden Angaben sind illustrativ. Sie ergänzen, was die "
                "Dokumentation der Auftaktkonferenz nicht enthält, und werden vor der Endfassung ersetzt.")


@dataclass
class Ctx:
    project: IkonProject
    draft: bool
    chart_dir: Path
    previous: Version | None = None  # the version ``changes_since`` names, read by the build

    @property
    def root(self) -> Path:
        return Path(self.project.root)

    def note_if_illustrative(self, records: list, what: str = "") -> list[a.Node]:
        """A visible draft note when any of ``records`` is illustrative (nothing in final mode)."""
        if not self.draft or not any(getattr(r, "illustrative", False) for r in records):
            return []
        message = ILLUSTRATIVE if not what else f"Beispieldaten: {what}"
        return [a.div([a.para(message)], classes=["illustrative"], custom_style="Hinweis")]


def heading_id(name: str) -> str:
    return f"sec-{name}"
