"""Helpers for the catalogue tests: the Minden project as a model, small projects on disk."""

from __future__ import annotations

import shutil
import textwrap
from functools import cache
from pathlib import Path

from conftest import ROOT
from ikon_report.project.model import IkonProject
from ikon_report.project.validate import load_project


@cache
def minden_model() -> IkonProject:
    """The Minden example as a validated model (read once; treat it as read-only)."""
    return load_project(ROOT)[0]


def copy_project(dest: Path) -> Path:
    """A writable copy of the Minden example (settings, data, chapters, assets, labels)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "ikon.yaml", dest / "ikon.yaml")
    for name in [n for n in ("data", "chapters", "assets", "i18n") if (ROOT / n).is_dir()]:
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("fonts"))
    return dest


def small_project(dest: Path, services_yaml: str) -> Path:
    """A tiny project with two fields and the given ``services:`` YAML."""
    (dest / "data").mkdir(parents=True, exist_ok=True)
    (dest / "ikon.yaml").write_text(textwrap.dedent("""\
        city: Musterstadt
        title: Integrationskonzept der Musterstadt
        client: Stadt Musterstadt
        contractor: Institut
        version: "1.0"
        date: 2020-03-02
        languages: [de, ar, uk]
        """), encoding="utf-8")
    (dest / "data" / "fields.yaml").write_text(textwrap.dedent("""\
        fields:
          - id: ZT
            name: Zusammenleben und Teilhabe
            order: 1
            goal: Alle leben gut zusammen.
          - id: WOH
            name: Wohnen
            order: 2
            goal: Alle wohnen gut.
        """), encoding="utf-8")
    (dest / "data" / "services.yaml").write_text(textwrap.dedent(services_yaml), encoding="utf-8")
    return dest
