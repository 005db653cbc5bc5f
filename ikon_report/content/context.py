"""What every content builder needs: the project, the build mode and a place for charts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ikon_report.project.model import IkonProject
from ikon_report.project.versions import Version


@dataclass
class Ctx:
    project: IkonProject
    draft: bool
    chart_dir: Path
    previous: Version | None = None  # the version ``changes_since`` names, read by the build
    event_files: dict[str, str] = field(default_factory=dict)  # event id → file name of its own documentation
    profiles_file: str = ""  # file name of the measures' profiles where they stand in an annex document

    @property
    def root(self) -> Path:
        return Path(self.project.root)


def heading_id(name: str) -> str:
    return f"sec-{name}"
