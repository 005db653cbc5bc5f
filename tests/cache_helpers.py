"""Helpers of the check-cache tests (test_check_cache.py, test_broken.py): ``check`` in this process and
the data files the cache's reader had to parse."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ikon_report.cli.main import main
from ikon_report.project import check_cache, limits, sources

EDIT = "\n# edited: a comment, so the bytes differ and the meaning does not\n"


def parsed_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the data files the cache's reader has to parse (its misses), by path."""
    seen: list[str] = []
    real = check_cache.read_data_file

    def counting(file: Path, rel: str, data: bytes | None = None) -> sources.DataFile:
        seen.append(rel)
        return real(file, rel, data)

    monkeypatch.setattr(check_cache, "read_data_file", counting)
    return seen


def check(project: Path, *args: str) -> tuple[int, str, str]:
    """``ikon-report check PROJECT ARGS`` in this process: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, ["check", str(project), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def unreadable_or_large(project: Path) -> set[str]:
    """Data files the cache cannot hold (read as without it, for the same message)."""
    out = set()
    for file in (project / "data").rglob("*.y*ml"):
        try:
            file.read_bytes()
        except OSError:
            out.add(file.relative_to(project).as_posix())
            continue
        if file.stat().st_size > limits.YAML_FILE_BYTES:
            out.add(file.relative_to(project).as_posix())
    return out


