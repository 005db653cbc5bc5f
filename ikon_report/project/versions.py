"""Open a version of a project: a project folder, or a git revision of the project's repository
(exported with ``git archive`` into a temporary folder that is removed afterwards)."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ikon_report.errors import InvalidProject, UsageError
from ikon_report.project.model import IkonProject
from ikon_report.project.validate import load_project


@dataclass
class Version:
    project: IkonProject
    spec: str  # the revision, or the folder's name

    @property
    def label(self) -> str:
        return f"Version {self.project.project.version} ({self.spec})"


@contextmanager
def open_version(spec: str, project: Path) -> Iterator[Version]:
    """``spec`` is a project folder (absolute, or relative to the working directory or to ``project``)
    or a git revision of the repository ``project`` lies in."""
    for folder in (Path(spec), project / spec):
        if (folder / "ikon.yaml").is_file():
            yield Version(_load(folder, spec), folder.resolve().name)
            return
    with tempfile.TemporaryDirectory(prefix="ikon-version-") as tmp:
        root = _export(spec, project, Path(tmp))
        yield Version(_load(root, spec), spec)


def _load(root: Path, spec: str) -> IkonProject:
    try:
        return load_project(root)[0]
    except InvalidProject as exc:
        raise InvalidProject(exc.problems, f"version {spec} has errors; cannot compare it") from exc


def _git(project: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(project), *args], capture_output=True, check=False, timeout=120)
    except FileNotFoundError as exc:
        raise UsageError("git is not installed; compare two project folders instead") from exc


def _export(rev: str, project: Path, tmp: Path) -> Path:
    """Extract the project folder as it was at ``rev``; returns its root inside ``tmp``."""
    if rev.startswith("-"):
        raise UsageError(f"'{rev}' is neither a project folder nor a git revision")
    prefix = _git(project, "rev-parse", "--show-prefix")
    if prefix.returncode != 0:
        raise UsageError(f"'{rev}' is not a project folder, and {project} is not in a git repository")
    commit = _git(project, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if commit.returncode != 0:
        raise UsageError(f"'{rev}' is neither a project folder nor a git revision of this repository")
    sub = prefix.stdout.decode().strip()
    top = _git(project, "rev-parse", "--show-toplevel").stdout.decode().strip()
    archive = _git(Path(top), "archive", "--format=tar", commit.stdout.decode().strip(), *([sub] if sub else []))
    if archive.returncode != 0:
        raise UsageError(f"git archive {rev} failed: {archive.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(tmp, filter="data")
    root = tmp / sub
    if not (root / "ikon.yaml").is_file():
        raise UsageError(f"revision {rev} has no ikon.yaml in {sub or 'the repository root'}")
    return root
