"""A small valid project to copy (the broken-project corpus's base) and the CLI as a user runs it."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import CLI, ROOT

SMALL = ROOT / "tests" / "broken" / "_base"


def small_project(dst: Path) -> Path:
    shutil.copytree(SMALL, dst)
    return dst


def cli() -> list[str]:
    return list(CLI)
