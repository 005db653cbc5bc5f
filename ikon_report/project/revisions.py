"""Where a version of a project lies: a project folder, or a git revision (light: no model, no YAML).

Used by the build's no-change check as well as by ``versions`` when it loads a version."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from ikon_report.errors import UsageError


def version_folder(spec: str, project: Path) -> Path | None:
    """The project folder ``spec`` names (absolute, or relative to the working directory or to
    ``project``), or None when ``spec`` is meant as a git revision."""
    for folder in (Path(spec), project / spec):
        if (folder / "ikon.yaml").is_file():
            return folder
    return None


def revision_id(spec: str, project: Path) -> str | None:
    """The commit id of git revision ``spec``, or None."""
    if spec.startswith("-"):
        return None
    commit = _git(project, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}")
    return commit.stdout.decode().strip() if commit.returncode == 0 else None


def _git(project: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(project), *args], capture_output=True, check=False, timeout=120)
    except FileNotFoundError as exc:
        raise UsageError("git is not installed; compare two project folders instead") from exc


def export_revision(rev: str, project: Path, tmp: Path) -> Path:
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
