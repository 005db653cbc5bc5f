"""JSON Schema for ``ikon.yaml`` and the data files, generated from the pydantic model, with the key
descriptions of ``docs/data-format.md`` (kept as package data in ``resources/schema/descriptions.json``;
``python -m ikon_report.project.schema docs/data-format.md`` rewrites it, a test keeps it current).

Editors with the YAML language server read the ``# yaml-language-server: $schema=…`` line at the top of
a file and then complete keys, show their documentation and flag mistakes while typing.
"""

from __future__ import annotations

import json
import re
import sys
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model

from ikon_report import resources
from ikon_report.project import model as m
from ikon_report.project.events import Conference
from ikon_report.project.sources import COLLECTIONS

DESCRIPTIONS = "descriptions.json"
PROJECT_SCHEMA = "ikon.schema.json"
DATA_SCHEMA = "data.schema.json"
TABLE_ROW = re.compile(r"^\|\s*`([A-Za-z_]+)`\s*\|(.*)\|\s*$")


def _collection_type(name: str) -> Any:
    """The type one collection of a data file holds: a list of records, or a single mapping."""
    annotation = m.IkonProject.model_fields[name].annotation
    if typing.get_origin(annotation) is list:
        return annotation
    return next((a for a in typing.get_args(annotation) if a is not type(None)), annotation)


def _models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model class reachable from ``root``, by class name (the names pydantic uses in ``$defs``)."""
    found: dict[str, type[BaseModel]] = {}

    def visit(tp: Any) -> None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            if tp.__name__ in found:
                return
            found[tp.__name__] = tp
            for f in tp.model_fields.values():
                visit(f.annotation)
        for arg in typing.get_args(tp):
            visit(arg)

    visit(root)
    return found


def data_file_model() -> type[BaseModel]:
    """A data file: a mapping whose keys are collections (all optional, nothing else allowed)."""
    fields: dict[str, Any] = {name: (_collection_type(name) | None, None) for name in COLLECTIONS
                              if name in m.IkonProject.model_fields}
    fields["conference"] = (Conference | None, None)  # the older single event; validate.py converts it
    return create_model("DataFile", __config__=ConfigDict(extra="forbid"), **fields)


def schemas() -> dict[str, dict[str, Any]]:
    """``ikon.schema.json`` (project settings) and ``data.schema.json`` (every file below ``data/``)."""
    descriptions = json.loads((resources.package_dir("schema") / DESCRIPTIONS).read_text(encoding="utf-8"))
    out = {}
    for name, model, title in ((PROJECT_SCHEMA, m.Project, "ikon-report project settings (ikon.yaml)"),
                               (DATA_SCHEMA, data_file_model(), "ikon-report data file (data/*.yaml)")):
        schema = model.model_json_schema()
        _describe(schema, descriptions)
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema, "title": title}
        out[name] = schema
    return out


def _describe(schema: dict[str, Any], descriptions: dict[str, dict[str, str]]) -> None:
    """Put each key's documented meaning into the schema (``description``), where the docs have one."""
    for title, sub in [(schema.get("title", ""), schema), *((n, d) for n, d in schema.get("$defs", {}).items())]:
        for key, prop in sub.get("properties", {}).items():
            text = descriptions.get(title, {}).get(key)
            if text:
                prop["description"] = text


def descriptions_from_docs(markdown: str) -> dict[str, dict[str, str]]:
    """Per model class, ``key → meaning`` from the tables of ``docs/data-format.md``: each model takes
    the table whose keys match its fields best (the docs name sections in German and English)."""
    tables: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in markdown.splitlines():
        row = TABLE_ROW.match(line)
        if row:
            cells = [c.strip() for c in row.group(2).split("|")]
            current[row.group(1)] = cells[-1] if cells else ""
        elif current:
            tables.append(current)
            current = {}
    if current:
        tables.append(current)
    out: dict[str, dict[str, str]] = {}
    for name, model in {**_models(m.Project), **_models(data_file_model())}.items():
        keys = set(model.model_fields)
        best = max(tables, key=lambda t: len(keys & set(t)) / len(keys | set(t)), default={})
        if keys and len(keys & set(best)) / len(keys | set(best)) >= 0.5:
            out[name] = {k: _plain(v) for k, v in best.items() if k in keys}
    return dict(sorted(out.items()))


def _plain(cell: str) -> str:
    """A table cell as plain text for an editor's tooltip (links and backticks removed)."""
    cell = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", cell)
    return cell.replace("`", "").replace("\\|", "|").strip()


def write_schemas(out: Path) -> list[Path]:
    """Write the schemas into ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


DOCS = ("docs/data-format.md", "docs/events.md")  # the pages whose key tables describe the format

if __name__ == "__main__":  # rewrite the packaged descriptions from the docs
    docs = "\n\n".join(Path(name).read_text(encoding="utf-8") for name in (sys.argv[1:] or DOCS))
    target = resources.package_dir("schema") / DESCRIPTIONS
    target.write_text(json.dumps(descriptions_from_docs(docs), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
