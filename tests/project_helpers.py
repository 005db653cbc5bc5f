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


def unmark(markdown: str) -> str:
    """Chapter Markdown without its illustrative marks: ``[…]{.illustrative}`` spans keep their
    text, ``::: illustrative`` fences go."""
    out = markdown
    while (end := out.find("]{.illustrative}")) >= 0:
        depth, start = 0, end
        while start > 0:
            start -= 1
            depth += {"]": 1, "[": -1}.get(out[start], 0)
            if depth < 0:
                break
        out = out[:start] + out[start + 1:end] + out[end + len("]{.illustrative}"):]
    return "\n".join(line for line in out.splitlines() if not line.strip().startswith("::: illustrative")) + "\n"


def finished_copy(src: Path, dst: Path) -> Path:
    """A copy of the project ``src`` as if every illustrative item had been replaced: every
    ``illustrative:`` key and every marked chapter passage lose their mark."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".venv", "build", ".git", "tests", "bench"))
    for file in [dst / "ikon.yaml", *(dst / "data").rglob("*.yaml")]:
        text = file.read_text(encoding="utf-8")
        file.write_text("".join(line for line in text.splitlines(keepends=True)
                                if not line.strip().startswith("illustrative:")), encoding="utf-8")
    for file in (dst / "chapters").glob("*.md"):
        file.write_text(unmark(file.read_text(encoding="utf-8")), encoding="utf-8")
    return dst
