"""``ikon-report schema``: JSON Schema from the model with the documented descriptions. Minden's and the
second example's files validate; every broken-corpus case that is a schema violation fails it too."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT, run_cli
from ikon_report import resources
from ikon_report.project.schema import DATA_SCHEMA, DESCRIPTIONS, DOCS, PROJECT_SCHEMA, descriptions_from_docs

BROKEN = ROOT / "tests" / "broken"
EXAMPLES = [ROOT, *sorted(p for p in (ROOT / "examples").glob("*") if (p / "ikon.yaml").is_file())]
# cases whose mistake a schema can express: types, unknown keys, enums, patterns, ranges, required keys
SCHEMA_CASES = sorted(
    c.name for c in BROKEN.iterdir()
    if c.name.startswith(("type-", "unknown-key-", "invalid-", "missing-required-key"))
    # JSON has no infinity to refuse; to an editor an unquoted date is just text
    and c.name not in ("type-number-not-finite", "type-whole-number-infinite", "type-text-got-date")
) + ["age-out-of-range", "bad-accent-colour", "bad-id-format", "collection-not-list", "negative-votes",
     "record-not-mapping", "unknown-collection", "top-level-list"]


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("schema")
    proc = run_cli("schema", str(ROOT), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    loaded = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}
    assert set(loaded) == {PROJECT_SCHEMA, DATA_SCHEMA}
    for schema in loaded.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    return loaded


def _plain(value: object) -> object:
    """YAML as an editor's language server sees it: dates are strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _errors(project: Path, schemas: dict[str, dict]) -> list[str]:
    """Schema violations of ``ikon.yaml`` and every data file (a file YAML cannot read counts as one)."""
    found = []
    data = [(p, DATA_SCHEMA) for p in sorted(project.glob("data/**/*.yaml"))]
    files = [(project / "ikon.yaml", PROJECT_SCHEMA), *data]
    for path, name in files:
        if not path.is_file():
            continue
        try:
            content = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValueError, UnicodeDecodeError) as exc:
            found.append(f"{path.name}: {exc}")
            continue
        validator = jsonschema.Draft202012Validator(schemas[name], format_checker=jsonschema.FormatChecker())
        found += [f"{path.name}: {e.message}" for e in validator.iter_errors(content if content is not None else {})]
    return found


@pytest.mark.parametrize("project", EXAMPLES, ids=lambda p: p.name or "minden")
def test_example_projects_validate(project: Path, schemas):
    assert _errors(project, schemas) == []


def test_base_of_the_broken_corpus_validates(schemas):
    assert _errors(BROKEN / "_base", schemas) == []


@pytest.mark.parametrize("case", SCHEMA_CASES)
def test_schema_violations_of_the_broken_corpus_fail(case: str, schemas, tmp_path: Path):
    project = tmp_path / "p"
    shutil.copytree(BROKEN / "_base", project)
    for src in (BROKEN / case).rglob("*"):
        if src.is_file() and src.name != "expected.txt":
            (project / src.relative_to(BROKEN / case)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, project / src.relative_to(BROKEN / case))
    assert _errors(project, schemas), f"{case}: the schema accepts what check refuses"


def test_descriptions_come_from_the_docs_and_are_current(schemas):
    docs = descriptions_from_docs("\n\n".join((ROOT / name).read_text(encoding="utf-8") for name in DOCS))
    packaged = json.loads((resources.package_dir("schema") / DESCRIPTIONS).read_text(encoding="utf-8"))
    assert packaged == docs, "run: python -m ikon_report.project.schema"
    measure = schemas[DATA_SCHEMA]["$defs"]["Measure"]["properties"]
    assert measure["lead"]["description"] == docs["Measure"]["lead"]
    assert schemas[PROJECT_SCHEMA]["properties"]["city"]["description"]
