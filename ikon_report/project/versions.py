"""Open a version of a project: a project folder, or a git revision of the project's repository
(exported with ``git archive`` into a temporary folder that is removed afterwards)."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ikon_report.errors import InvalidProject
from ikon_report.project.model import IkonProject
from ikon_report.project.revisions import export_revision, version_folder
from ikon_report.project.validate import load_project


@dataclass
class Version:
    project: IkonProject
    spec: str  # the revision, or the folder's name

    @property
    def label(self) -> str:
        return f"Version {self.project.project.version} ({self.spec})"

    @property
    def digest(self) -> str:
        """What a document built from this version depends on (part of its fingerprint)."""
        return hashlib.sha256(self.project.model_dump_json().encode()).hexdigest()


def load_previous(project: IkonProject) -> Version | None:
    """The version ``ikon.yaml: changes_since`` names, read before any content is made."""
    spec = project.project.changes_since
    if not spec:
        return None
    with open_version(spec, Path(project.root)) as old:
        return old  # the model is plain data: it outlives a temporary git export


@contextmanager
def open_version(spec: str, project: Path) -> Iterator[Version]:
    """``spec`` is a project folder (absolute, or relative to the working directory or to ``project``)
    or a git revision of the repository ``project`` lies in."""
    folder = version_folder(spec, project)
    if folder is not None:
        yield Version(_load(folder, spec), folder.resolve().name)
        return
    with tempfile.TemporaryDirectory(prefix="ikon-version-") as tmp:
        root = export_revision(spec, project, Path(tmp))
        yield Version(_load(root, spec), spec)


def _load(root: Path, spec: str) -> IkonProject:
    try:
        return load_project(root)[0]
    except InvalidProject as exc:
        raise InvalidProject(exc.problems, f"version {spec} has errors; cannot compare it") from exc


