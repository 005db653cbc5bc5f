"""A small valid project to copy (the broken-project corpus's base) and the CLI as a user runs it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "broken" / "_base"


def small_project(dst: Path) -> Path:
    shutil.copytree(SMALL, dst)
    return dst


def cli() -> list[str]:
    exe = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "ikon-report"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "ikon_report.cli"]
