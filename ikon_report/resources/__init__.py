"""The package's own files (templates, fonts, translations), read with ``importlib.resources``.

A project may override a template by placing a file of the same name in its ``templates/`` folder
and add fonts in its ``assets/fonts/`` folder (docs/templates.md). Nothing else is read from
outside the project and the package.
"""

from __future__ import annotations

from contextlib import ExitStack
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

KINDS = ("templates", "fonts", "i18n", "web", "schema")
PROJECT_TEMPLATES = "templates"
PROJECT_FONTS = Path("assets") / "fonts"
FONT_SUFFIXES = (".ttf", ".otf")

_keep = ExitStack()  # keeps extracted resources alive for the process (no-op for a normal install)


@cache
def package_dir(kind: str) -> Path:
    """The folder of one kind of package resource, as a real path."""
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}")
    return Path(_keep.enter_context(as_file(files(__name__) / kind)))


def template(name: str, project_root: Path | None = None) -> Path:
    """The template ``name``: the project's own ``templates/NAME`` if there is one, else the package's."""
    if project_root is not None:
        own = Path(project_root) / PROJECT_TEMPLATES / name
        if own.is_file():
            return own
    return package_dir("templates") / name


def project_font_dir(project_root: Path | None) -> Path | None:
    """The project's ``assets/fonts`` folder when it holds fonts."""
    if project_root is None:
        return None
    folder = Path(project_root) / PROJECT_FONTS
    if folder.is_dir() and any(p.suffix.lower() in FONT_SUFFIXES for p in folder.iterdir()):
        return folder
    return None


def font_dirs(project_root: Path | None = None) -> list[Path]:
    """Folders typst and the glyph check use: the package's fonts, then the project's own."""
    own = project_font_dir(project_root)
    return [package_dir("fonts")] + ([own] if own else [])


def project_overrides(project_root: Path) -> list[Path]:
    """The project's own templates and fonts: inputs of every document, like the package's."""
    out: list[Path] = []
    for folder in (Path(project_root) / PROJECT_TEMPLATES, Path(project_root) / PROJECT_FONTS):
        if folder.is_dir():
            out += sorted(p for p in folder.iterdir() if p.is_file())
    return out


def font_file(name: str) -> Path:
    """One of the package's font files, e.g. ``NotoSans-Regular.ttf``."""
    return package_dir("fonts") / name


def i18n_file(lang: str) -> Path:
    """The package's UI labels for ``lang`` (``i18n/<lang>.yaml``)."""
    return package_dir("i18n") / f"{lang}.yaml"


def code_files() -> list[Path]:
    """Every file of the package (code and resources), for fingerprints of what a build depends on."""
    root = Path(_keep.enter_context(as_file(files("ikon_report"))))
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix not in (".pyc", ".pyo"))
