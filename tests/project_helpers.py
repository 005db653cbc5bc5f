"""A small valid project to copy (the broken-project corpus's base), copies of the examples, the
large projects built once per test run, edits of them, and the CLI as a user runs it."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import yaml
from shared_run import once

from conftest import CLI, LINDENFELD, ROOT
from ikon_report.tools import Compiler

SMALL = ROOT / "tests" / "broken" / "_base"


def small_project(dst: Path) -> Path:
    shutil.copytree(SMALL, dst)
    return dst


def lindenfeld_copy(dst: Path, settings: dict | None = None) -> Path:
    """A writable copy of Lindenfeld (without build outputs); ``settings`` are merged into its
    ikon.yaml (rewritten only then)."""
    shutil.copytree(LINDENFELD, dst, ignore=shutil.ignore_patterns("build", ".cache"))
    if settings:
        target = dst / "ikon.yaml"
        merged = yaml.safe_load(target.read_text(encoding="utf-8")) | settings
        target.write_text(yaml.safe_dump(merged, allow_unicode=True), encoding="utf-8")
    return dst


def generated_project(dst: Path, sizes: dict[str, int], settings: dict) -> Path:
    """A synthetic project of bench/generate.py with those ``sizes`` and ikon.yaml ``settings``."""
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(dst, sizes=sizes, settings=settings)


# Large projects: above ``measure_profiles_annex_above`` measures the profiles go to an annex, above
# ``catalogue_volumes_above`` services the catalogue comes in volumes by field. The generated one has
# more than COVERAGE_MATRIX_COLUMNS (10) measures in each of its three fields.
LARGE_SIZES = {"fields": 3, "services": 40, "measures": 36, "indicators": 3, "chapters": 2, "challenges": 9,
               "findings": 2}
LIMITS = {"generated": {"measure_profiles_annex_above": 20, "catalogue_volumes_above": 25},
          "lindenfeld": {"measure_profiles_annex_above": 10, "catalogue_volumes_above": 10}}
LARGE_JOBS = "2"  # IKON_REPORT_JOBS of the shared build: two editions rendered at once


def _large_maker(name: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        root = folder / "project"
        if name == "generated":
            generated_project(root, LARGE_SIZES, LIMITS[name] | {"languages": ["de"]})
        else:
            lindenfeld_copy(root, LIMITS[name])
        proc = subprocess.run([*CLI, "build", str(root), "--out", str(folder / "out"), "-q"], capture_output=True,
                              text=True, check=False, env=os.environ | {"IKON_REPORT_JOBS": LARGE_JOBS})
        assert proc.returncode == 0, proc.stderr

    return make


def large_project(name: str) -> tuple[Path, Path]:
    """(project folder, output folder) of the large project ``name`` (``generated`` or ``lindenfeld``,
    limits ``LIMITS``), made and built once per test run and shared by every test and xdist worker:
    read-only, copy what a test changes. A worker waiting for another's build builds the other meanwhile."""
    others = {f"large-{other}": _large_maker(other) for other in sorted(LIMITS) if other != name}
    folder = once(f"large-{name}", _large_maker(name), meanwhile=others)
    return folder / "project", folder / "out"


def copy_example(src: Path, dst: Path) -> Path:
    """A writable copy of an example project (settings, data, chapters, assets)."""
    dst.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src / "ikon.yaml", dst / "ikon.yaml")
    for name in [n for n in ("data", "chapters", "assets", "i18n") if (src / n).is_dir()]:
        shutil.copytree(src / name, dst / name, ignore=shutil.ignore_patterns("fonts"))
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


def set_value(root: Path, file: str, path: list, value: object) -> None:
    """Set the value at ``path`` (keys and list indexes) in the project's YAML ``file``."""
    target = root / file
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


CHAPTER = "chapters/01-einleitung.md"


def add_to_chapter(root: Path, *lines: str) -> list[int]:
    """Append ``lines`` (each its own paragraph) to the small project's chapter; their line numbers."""
    chapter = root / CHAPTER
    text = chapter.read_text(encoding="utf-8").rstrip("\n") + "\n"
    numbers = []
    for line in lines:
        text += "\n"
        numbers.append(text.count("\n") + 1)
        text += line + "\n"
    chapter.write_text(text, encoding="utf-8")
    return numbers


def check_clean_error(exc: object, root: Path) -> None:
    """An ``InvalidProject`` whose problems all point at a real line of a file of the project."""
    problems = getattr(exc, "problems", None)
    assert problems, "InvalidProject without problems"
    for problem in problems:
        assert (root / problem.path).is_file(), f"{problem} names no file of the project"
        lines = (root / problem.path).read_bytes().count(b"\n") + 1
        assert 1 <= problem.line <= lines, f"{problem}: no such line"
        assert problem.message.strip()


def built_or_refused(root: Path, out: Path, compiler: Compiler) -> bool:
    """Build ``root`` into ``out``: True if it built; False if the build refused the project with
    problems that all point at real lines of its files (anything else fails the test)."""
    from hypothesis import event

    from ikon_report.build import build
    from ikon_report.errors import InvalidProject

    try:
        build(root, out, compiler=compiler)
    except InvalidProject as exc:
        check_clean_error(exc, root)
        event("refused with path:line problems")
        return False
    event("built")
    return True


def is_concept(name: str, names: list[str]) -> bool:
    """Whether output ``name`` is the concept's: its stem ``IKON-CITY-vX-STATUS`` has the fewest parts, every
    other document (catalogue, event documentation, paper, monitoring report) adds its kind to it."""
    def parts(n: str) -> int:
        return len(Path(n).stem.split("-"))
    return parts(name) == min(parts(n) for n in names)


def concept_of(paths: list[Path], suffix: str) -> Path:
    """The concept's output with ``suffix`` among ``paths`` (e.g. a build's written files)."""
    names = [p.name for p in paths]
    found = [p for p in paths if p.suffix == suffix and is_concept(p.name, names)]
    assert len(found) == 1, names
    return found[0]
