"""The XLIFF round trip (translations export/import/status) on Minden and Lindenfeld: lossless,
byte-identical when unchanged, outdated when the German text changes, errors as FILE.xliff:LINE."""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from translate.storage import xliff

from conftest import EXAMPLES, run_cli
from ikon_report.project.translation_units import source_hash
from ikon_report.project.validate import load_project

HOSTILE = "& < > \" ' { } {{ x }} {% if %} # $ \\ % _ * [ ] \u202bمرحبا\u202c ሰላም ትግርኛ"


def copy(root: Path, dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copy2(root / "ikon.yaml", dest / "ikon.yaml")
    for name in ("data", "chapters", "assets", "i18n"):
        if (root / name).exists():
            shutil.copytree(root / name, dest / name)
    return dest


@pytest.fixture(params=sorted(EXAMPLES))
def project(request, tmp_path) -> Path:
    return copy(EXAMPLES[request.param], tmp_path / request.param)


def export(project: Path, lang: str, file: Path) -> subprocess.CompletedProcess:
    proc = run_cli("translations", "export", str(project), "--lang", lang, str(file))
    assert proc.returncode == 0, proc.stderr
    return proc


def units(file: Path) -> dict[str, xliff.xliffunit]:
    store = xliff.xlifffile.parsestring(file.read_bytes())
    return {u.xmlelement.get("id"): u for u in store.units}


def state(unit: xliff.xliffunit) -> str | None:
    target = unit.xmlelement.find(f"{{{unit.namespace}}}target")
    return None if target is None else target.get("state")


def fill(file: Path, targets: dict[str, str], new_state: str = "translated") -> None:
    store = xliff.xlifffile.parsestring(file.read_bytes())
    for u in store.units:
        if u.xmlelement.get("id") in targets:
            u.target = targets[u.xmlelement.get("id")]
            u.xmlelement.find(f"{{{u.namespace}}}target").set("state", new_state)
    file.write_bytes(bytes(store))


def data_unchanged(project: Path, before: Path) -> None:
    cmp = filecmp.dircmp(project / "data", before)
    assert cmp.diff_files == [] and cmp.left_only == [] and cmp.right_only == []
    for name in cmp.common_files:
        assert (project / "data" / name).read_bytes() == (before / name).read_bytes()


def test_export_has_every_text_with_source_context_and_state(project, tmp_path):
    model = load_project(project)[0]
    lang = next(c for c in model.project.languages if c != "de" and any(c in s.translations for s in model.services))
    file = tmp_path / "out.xliff"
    export(project, lang, file)
    found = units(file)
    for s in model.services:
        assert found[f"services/{s.id}/title"].source == s.title
        assert found[f"services/{s.id}/description"].source == s.description
        if s.keywords:
            assert found[f"services/{s.id}/keywords"].source.split("\n") == s.keywords
        if s.opening_hours and s.opening_hours.note:
            assert found[f"services/{s.id}/hours_note"].source == s.opening_hours.note
        tr = s.translations.get(lang)
        unit = found[f"services/{s.id}/title"]
        if tr and tr.title:
            assert unit.target == tr.title and state(unit) == "translated"
        else:
            assert not unit.target and state(unit) == "new"
        assert f"{s.id} · title · data/services.yaml:" in unit.getnotes()
    for f in model.fields:
        assert found[f"fields/{f.id}/name"].source == f.name
    for c in model.categories:
        assert found[f"categories/{c.name}/name"].source == c.name
        tr = c.translations.get(lang)
        assert found[f"categories/{c.name}/name"].target == (tr.name if tr and tr.name else "")
        if c.keywords:
            assert found[f"categories/{c.name}/keywords"].source.split("\n") == c.keywords
    assert xliff.xlifffile.parsestring(file.read_bytes()).gettargetlanguage() == lang


def test_unchanged_import_changes_no_byte(project, tmp_path):
    before = tmp_path / "before"
    shutil.copytree(project / "data", before)
    for lang in [c for c in load_project(project)[0].project.languages if c != "de"][:3]:
        file = tmp_path / f"{lang}.xliff"
        export(project, lang, file)
        proc = run_cli("translations", "import", str(project), str(file))
        assert proc.returncode == 0, proc.stderr
        assert "no changes" in proc.stderr
    data_unchanged(project, before)
    subprocess.run(["cmp", str(project / "data" / "services.yaml"), str(before / "services.yaml")], check=True)


def test_round_trip_keeps_hostile_text_verbatim_and_marks_outdated(project, tmp_path):
    model = load_project(project)[0]
    lang = next(c for c in model.project.languages if c not in ("de", "en"))
    s = next(s for s in model.services if lang not in s.translations)
    noted = next((x for x in model.services if x.opening_hours and x.opening_hours.note), None)
    file = tmp_path / "a.xliff"
    export(project, lang, file)
    targets = {f"services/{s.id}/title": HOSTILE, f"services/{s.id}/description": f"{HOSTILE}\n\nZweiter Absatz",
               f"fields/{model.fields[0].id}/name": "Name " + HOSTILE}
    if noted is not None:
        targets[f"services/{noted.id}/hours_note"] = "ملاحظة " + HOSTILE
        if lang not in noted.translations and noted.id != s.id:
            targets[f"services/{noted.id}/title"] = "عنوان"  # a translation needs its title
    fill(file, targets)
    proc = run_cli("translations", "import", str(project), str(file))
    assert proc.returncode == 0, proc.stderr
    after = load_project(project)[0]
    tr = next(x for x in after.services if x.id == s.id).translations[lang]
    assert tr.title == HOSTILE and tr.description == f"{HOSTILE}\n\nZweiter Absatz"
    assert tr.source_hashes == {"title": source_hash(s.title), "description": source_hash(s.description)}
    assert after.fields[0].translations[lang].name == "Name " + HOSTILE
    if noted is not None:
        assert next(x for x in after.services if x.id == noted.id).translations[lang].hours_note == "ملاحظة " + HOSTILE
    assert run_cli("check", str(project)).returncode == 0
    # the same file again: nothing changes
    snapshot = tmp_path / "snap"
    shutil.copytree(project / "data", snapshot)
    assert run_cli("translations", "import", str(project), str(file)).returncode == 0
    data_unchanged(project, snapshot)
    # the German title changes: the translation is outdated in status, check and a new export
    services = project / "data" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    line = s.src.line_of("title")
    lines = text.splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].replace(s.title, s.title + " (neu)") if s.title in lines[line - 1] else \
        lines[line - 1]
    assert s.title + " (neu)" in lines[line - 1]
    services.write_text("".join(lines), encoding="utf-8")
    check = run_cli("check", str(project))
    assert check.returncode == 0
    assert re.search(rf"data/services\.yaml:\d+: warning: {s.id}: the {lang} translation of 'title' was made "
                     "from an older German text", check.stderr + check.stdout), check.stderr
    status = run_cli("translations", "status", str(project)).stdout
    row = next(r for r in status.splitlines() if r.split()[0] == lang)
    assert int(row.split()[3]) >= 1
    again = tmp_path / "b.xliff"
    export(project, lang, again)
    unit = units(again)[f"services/{s.id}/title"]
    assert state(unit) == "needs-review-translation" and unit.target == HOSTILE
    assert "German text changed" in unit.getnotes()
    # re-importing the review file unchanged keeps it outdated; confirming it makes it current
    assert run_cli("translations", "import", str(project), str(again)).returncode == 0
    assert "warning" in run_cli("check", str(project)).stderr
    fill(again, {f"services/{s.id}/title": HOSTILE + "!"})
    assert run_cli("translations", "import", str(project), str(again)).returncode == 0
    assert f"{s.id}: the {lang} translation of 'title'" not in run_cli("check", str(project)).stderr


def test_errors_name_the_xliff_line_all_at_once_and_write_nothing(project, tmp_path):
    model = load_project(project)[0]
    lang = next(c for c in model.project.languages if c != "de")
    file = tmp_path / "bad.xliff"
    export(project, lang, file)
    s = model.services[0]
    fill(file, {f"services/{s.id}/title": "Բարեւ"})  # Armenian: no shipped font has it
    text = file.read_text(encoding="utf-8")
    text = text.replace(f'id="services/{model.services[1].id}/title"', 'id="services/NOPE/title"', 1)
    file.write_text(text, encoding="utf-8")
    before = tmp_path / "before"
    shutil.copytree(project / "data", before)
    proc = run_cli("translations", "import", str(project), str(file))
    assert proc.returncode == 1
    nope = next(n for n, line in enumerate(text.splitlines(), 1) if 'id="services/NOPE/title"' in line)
    assert f"{file}:{nope}: error: unit 'services/NOPE/title' names no text of this project" in proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    data_unchanged(project, before)
    # once the unknown unit is gone, the text itself is checked as YAML would be
    file.write_text(text.replace('id="services/NOPE/title"', f'id="services/{model.services[1].id}/title"'),
                    encoding="utf-8")
    proc = run_cli("translations", "import", str(project), str(file))
    assert proc.returncode == 1
    assert re.search(rf"^{re.escape(str(file))}:\d+: error: services/{s.id}/title: .*no shipped font can display",
                     proc.stderr, re.M), proc.stderr
    data_unchanged(project, before)
    broken = tmp_path / "broken.xliff"
    broken.write_text(text[: len(text) // 2], encoding="utf-8")
    proc = run_cli("translations", "import", str(project), str(broken))
    assert proc.returncode == 1 and re.search(rf"{re.escape(str(broken))}:\d+: error: not well-formed XML",
                                              proc.stderr), proc.stderr
    data_unchanged(project, before)


def test_status_counts_per_language(project):
    model = load_project(project)[0]
    proc = run_cli("translations", "status", str(project))
    assert proc.returncode == 0, proc.stderr
    rows = {r.split()[0]: [int(x) for x in r.split()[1:]] for r in proc.stdout.splitlines()[1:]}
    for lang in [c for c in model.project.languages if c != "de"]:
        translated, missing, outdated, total = rows[lang]
        titles = sum(1 for s in model.services if s.translations.get(lang) and s.translations[lang].title)
        assert translated >= titles and translated + missing + outdated == total
        assert outdated == 0  # the examples are current


def test_unknown_language_is_a_usage_error(project, tmp_path):
    proc = run_cli("translations", "export", str(project), "--lang", "xx", str(tmp_path / "x.xliff"))
    assert proc.returncode == 1 and "--lang xx: not a translation language" in proc.stderr
    assert not (tmp_path / "x.xliff").exists()


def test_entities_are_never_resolved_and_size_is_limited(tmp_path):
    project = copy(EXAMPLES["minden"], tmp_path / "minden")
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM-4711", encoding="utf-8")
    file = tmp_path / "xxe.xliff"
    export(project, "ar", file)
    text = file.read_text(encoding="utf-8")
    sid = load_project(project)[0].services[1].id
    text = text.replace("<xliff ", f'<!DOCTYPE xliff [<!ENTITY x SYSTEM "file://{secret}">]>\n<xliff ', 1)
    text = re.sub(rf'(id="services/{sid}/title">\s*<source>[^<]*</source>\s*)<target state="new"/>',
                  r'\1<target state="translated">&x;</target>', text)
    file.write_text(text, encoding="utf-8")
    run_cli("translations", "import", str(project), str(file))
    assert "GEHEIM-4711" not in (project / "data" / "services.yaml").read_text(encoding="utf-8")
    big = tmp_path / "big.xliff"
    with big.open("wb") as out:
        out.truncate(51 * 1024 * 1024)
    proc = run_cli("translations", "import", str(project), str(big))
    assert proc.returncode == 1 and f"{big}:1: error: the file is 51 MiB, more than the 50 MiB" in proc.stderr
