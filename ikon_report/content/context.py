"""What every content builder needs: the project, the build mode and a place for charts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ikon_report.project.model import IkonProject
from ikon_report.project.versions import Version


@dataclass
class Ctx:
    project: IkonProject
    draft: bool
    chart_dir: Path
    previous: Version | None = None  # the version ``changes_since`` names, read by the build

    @property
    def root(self) -> Path:
        return Path(self.project.root)


def heading_id(name: str) -> str:
    return f"sec-{name}"
