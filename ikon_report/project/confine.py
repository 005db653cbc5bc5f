"""Every file a build reads lies inside the project folder once symbolic links are resolved (or
is the package's own): images (``images.py``), the project's templates and fonts (here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ikon_report import resources
from ikon_report.errors import Problem


def inside(file: Path, root: Path) -> bool:
    """Is ``file`` inside ``root`` once symlinks are resolved?"""
    try:
        return file.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def override_problems(root: Path) -> Iterator[Problem]:
    """The project's ``templates/`` and ``assets/fonts/`` (and everything in them, at any depth:
    typst searches font folders recursively) must not lead out of the project: a template or font
    linked from elsewhere would be read by the build."""
    for folder in (root / resources.PROJECT_TEMPLATES, root / resources.PROJECT_FONTS):
        if not folder.is_dir():
            continue
        # rglob lists a linked folder but does not descend into it
        for path in [folder, *sorted(folder.rglob("*"))]:
            if not inside(path, root):
                rel = path.relative_to(root).as_posix()
                yield Problem(rel, 1, "error", f"'{rel}' is a link to outside the project folder; copy the "
                              "file (or folder) into the project instead")
                if path == folder:
                    break
