"""``ikon-report migrate``: older keys upgraded with line-preserving edits, idempotent, --dry-run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, run_cli
from ikon_report.documents.naming import event_stems
from ikon_report.exchange import migrate as mig
from ikon_report.project import sources
from ikon_report.project.validate import load_project


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_current_projects_need_nothing(name, tmp_path):
    project = tmp_path / name
    shutil.copytree(EXAMPLES[name] / "data", project / "data")
    shutil.copy2(EXAMPLES[name] / "ikon.yaml", project / "ikon.yaml")
    before = {p: p.read_bytes() for p in project.rglob("*.yaml")}
    proc = run_cli("migrate", str(project))
    assert proc.returncode == 0, proc.stderr
    assert "nothing to migrate" in proc.stderr and proc.stdout == ""
    assert {p: p.read_bytes() for p in project.rglob("*.yaml")} == before


OLD_DATA = """\
# Die Auftaktkonferenz (ältere Form)
conference:
  title: Auftaktkonferenz
  date: 2019-05-20
  # Ablauf
  agenda:
    - time: "17:00 Uhr"
      title: Begrüßung
    - time: 9.30 Uhr  # Morgen
      title: Ende

challenges: []
"""


def test_older_conference_becomes_an_event_with_times_as_data(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "COLLECTIONS", (*sources.COLLECTIONS, "events"))  # the newer format
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "conference.yaml").write_text(OLD_DATA, encoding="utf-8")
    (tmp_path / "ikon.yaml").write_text("city: X\noutline:\n  - survey\n  - conference  # Anhang\n", encoding="utf-8")
    planned = mig.migrate(tmp_path, dry_run=True)
    assert (tmp_path / "data" / "conference.yaml").read_text(encoding="utf-8") == OLD_DATA  # dry run: nothing written
    done = mig.migrate(tmp_path)
    assert [str(c) for c in done] == [str(c) for c in planned]
    assert [f"{c.path}:{c.line}" for c in done] == ["ikon.yaml:4", "data/conference.yaml:7", "data/conference.yaml:9",
                                                    "data/conference.yaml:2"]
    text = (tmp_path / "data" / "conference.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    event = data["events"][0]
    assert event["id"] == "E-AUFTAKT" and event["kind"] == "conference" and event["title"] == "Auftaktkonferenz"
    assert [a["time"] for a in event["agenda"]] == ["17:00", "09:30"] and data["challenges"] == []
    assert "# Die Auftaktkonferenz (ältere Form)" in text and "    # Ablauf" in text and "# Morgen" in text
    assert yaml.safe_load((tmp_path / "ikon.yaml").read_text(encoding="utf-8"))["outline"] == ["survey", "events"]
    assert "# Anhang" in (tmp_path / "ikon.yaml").read_text(encoding="utf-8")
    assert mig.migrate(tmp_path) == []  # idempotent


def test_without_the_newer_format_nothing_is_rewritten(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "conference.yaml").write_text(OLD_DATA, encoding="utf-8")
    (tmp_path / "ikon.yaml").write_text("city: X\n", encoding="utf-8")
    if "events" in sources.COLLECTIONS:  # once events are the format, the rule applies (tested above)
        assert mig.migrate(tmp_path, dry_run=True)
    else:
        assert mig.migrate(tmp_path) == [] and (tmp_path / "data" / "conference.yaml").read_text() == OLD_DATA


def test_cli_dry_run_lists_and_writes_nothing(tmp_path: Path):
    (tmp_path / "ikon.yaml").write_text("city: X\n", encoding="utf-8")
    proc = run_cli("migrate", str(tmp_path), "--dry-run")
    assert proc.returncode == 0 and "nothing to migrate" in proc.stderr


PRE_EVENTS = Path(__file__).parent / "migrate" / "pre-events"


def test_a_pre_events_project_is_migrated_checks_and_keeps_its_content(tmp_path):
    """tests/migrate/pre-events has the shape Minden had before events were data (one ``conference:``,
    times „17:00 Uhr“, the appendix ``conference``): ``migrate`` reports each change at its line,
    ``check`` passes afterwards, the event reads as before (times as data), and a second run changes nothing."""
    project = tmp_path / "pre-events"
    shutil.copytree(PRE_EVENTS, project)
    before = load_project(project)[0]
    proc = run_cli("migrate", str(project))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "ikon.yaml:22: outline: 'conference' → 'events'",
        "data/conference.yaml:8: time '17:00 Uhr' → '17:00' (the documents add „Uhr“)",
        "data/conference.yaml:13: time '17:15 Uhr' → '17:15' (the documents add „Uhr“)",
        "data/conference.yaml:16: time '18:30 Uhr' → '18:30' (the documents add „Uhr“)",
        "data/conference.yaml:20: time '20:00 Uhr' → '20:00' (the documents add „Uhr“)",
        "data/conference.yaml:2: 'conference:' (one mapping) → 'events:' with it as event E-AUFTAKT (kind: "
        "conference); refer to it as E-AUFTAKT"]
    text = (project / "data" / "conference.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert "conference" not in raw and [e["id"] for e in raw["events"]] == ["E-AUFTAKT"]
    assert [item["time"] for item in raw["events"][0]["agenda"]] == ["17:00", "17:15", "18:30", "20:00"]
    assert "# Workshops nach Handlungsfeldern" in text and "# so stand es im Programm" in text  # comments stay
    assert yaml.safe_load((project / "ikon.yaml").read_text(encoding="utf-8"))["outline"][-1] == "events"
    checked = run_cli("check", str(project))
    assert checked.returncode == 0 and "ok: no errors" in checked.stderr, checked.stderr
    after = load_project(project)[0]
    assert (before.events[0].id, after.events[0].id) == ("conference", "E-AUFTAKT")  # the id migrate gives it
    assert after.events[0].model_dump(exclude={"src", "id"}) == before.events[0].model_dump(exclude={"src", "id"})
    assert event_stems(after, final=False)["E-AUFTAKT"] == event_stems(before, final=False)["conference"]
    assert after.project.outline == [*before.project.outline[:-1], "events"]
    files = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    again = run_cli("migrate", str(project))
    assert again.returncode == 0 and "nothing to migrate" in again.stderr and again.stdout == ""
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == files
