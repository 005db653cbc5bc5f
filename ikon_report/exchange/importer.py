"""``services import``: workbook → checked services → ``data/services.yaml`` (atomic, minimal diff)."""

from __future__ import annotations

from pathlib import Path

import yaml

from ikon_report.errors import Problem
from ikon_report.exchange.excel import SheetProblems
from ikon_report.exchange.excel_read import read_workbook
from ikon_report.exchange.store import rewrite
from ikon_report.output_set import write_data
from ikon_report.project.model import Service
from ikon_report.project.sources import load_sources
from ikon_report.project.validate import load_project

SERVICES_FILE = "data/services.yaml"


def import_services(root: Path, workbook: Path) -> tuple[int, bool]:
    """Replace the project's services by those in ``workbook``. Returns how many services changed,
    were added or removed, and whether the file was written (an unchanged import leaves it as it
    is). Raises ``SheetProblems`` (nothing written) on any error."""
    project, _ = load_project(root)
    raw = load_sources(root)
    items = raw.collections.get("services", [])
    elsewhere = {item.path: item.line for item in reversed(items) if item.path != SERVICES_FILE}
    if elsewhere:
        raise SheetProblems([Problem(path, line, "error", f"services are also defined here; keep all services in "
                                     f"{SERVICES_FILE} for the Excel round trip") for path, line in elsewhere.items()],
                            workbook)
    new = read_workbook(workbook, project)
    target = root / SERVICES_FILE
    text = target.read_text(encoding="utf-8") if target.exists() else None
    starts = [item.line for item in items]  # a mapping starts on its '- id:' line
    out = rewrite(text, starts, project.services, new)
    _check_round_trip(out, new)
    old = {s.id: s.model_dump() for s in project.services}
    changed = sum(old.get(s.id) != s.model_dump() for s in new) + len(set(old) - {s.id for s in new})
    if out != text:
        write_data(root, {target: out.encode("utf-8")})
    return changed, out != text


def _check_round_trip(text: str, services: list[Service]) -> None:
    """The written file must read back as exactly these services (guards the YAML writer)."""
    data = yaml.safe_load(text) or {}
    back = [Service.model_validate(item).model_dump() for item in data.get("services", [])]
    if back != [s.model_dump() for s in services]:
        raise RuntimeError("the services.yaml writer lost data; nothing was written (please report this)")
