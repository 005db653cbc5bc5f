"""The services workbook of an unchanged project, exported once per test run and copied per test.

``ikon-report services export`` of the same project gives the same workbook (its cells; only the
creation time in ``docProps/core.xml`` differs), so the tests that edit a fresh export of an
unchanged copy of a project edit a copy of one export instead of exporting again each.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from project_helpers import copy_example
from shared_run import once

from conftest import run_cli

BOOK = "angebote.xlsx"


def exported_copy(source: Path, dst: Path) -> Path:
    """``dst``: a copy of the workbook ``services export`` wrote for an unchanged copy of the project
    ``source`` (exported once per test run, shared by every xdist worker)."""

    def make(folder: Path) -> None:
        project = copy_example(source, folder / "project")
        proc = run_cli("services", "export", str(project), str(folder / BOOK))
        assert proc.returncode == 0, proc.stderr

    digest = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:12]
    shutil.copyfile(once(f"export-{source.name}-{digest}", make) / BOOK, dst)
    return dst
