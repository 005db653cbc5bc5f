"""The project-level labels in the XLIFF round trip (issue 13): every UI label a translated edition
shows, with its German source, exported, imported into the project's ``i18n/<tag>.yaml`` line by
line, lossless, outdated when the German label changes, errors at FILE.xliff:LINE — on Minden and
Lindenfeld."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_translations import copy, export, fill, state, units

from conftest import EXAMPLES, run_cli
from ikon_report import i18n
from ikon_report.documents.catalogue.edition import catalogue_edition
from ikon_report.project.translation_units import source_hash
from ikon_report.project.validate import load_project

SETTINGS = ("locale", "dir", "date", "language_names", "source_hashes")
LABEL_HOSTILE = "& < > \" ' # $ \\ % _ * [ ] {{ }} \u202bمرحبا\u202c ሰላም"  # labels are templates: {x} is a placeholder


@pytest.fixture(params=sorted(EXAMPLES))
def project(request, tmp_path) -> Path:
    return copy(EXAMPLES[request.param], tmp_path / request.param)


def snapshot(project: Path) -> dict[str, bytes]:
    """Every data and label file of the project, byte for byte."""
    return {p.relative_to(project).as_posix(): p.read_bytes() for folder in ("data", "i18n")
            for p in sorted((project / folder).rglob("*")) if p.is_file()}


def without(text: str, keys: set[str]) -> list[str]:
    """The lines of a label file without the top-level blocks of ``keys``."""
    out, skipping = [], False
    for line in text.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            skipping = line.split(":", 1)[0] in keys
        if not skipping:
            out.append(line)
    return out


def label_lang(project: Path) -> str:
    """An edition language with a label file of the project's own if there is one, else the first."""
    model = load_project(project)[0]
    own = [t for t in model.project.languages if t in model.i18n and t != "de"]
    return own[0] if own else next(t for t in model.project.languages if t != "de")


def test_every_label_is_exported_with_its_german_source_and_current_translation(project, tmp_path):
    model = load_project(project)[0]
    german = i18n.merged(i18n.tables_for("de", model.i18n["de"].labels if "de" in model.i18n else None))
    for lang in {label_lang(project), "ar"} & set(model.project.languages):
        file = tmp_path / f"{lang}.xliff"
        export(project, lang, file)
        found = units(file)
        own = model.i18n[lang].labels if lang in model.i18n else {}
        served = i18n.merged(i18n.tables_for(lang, own or None))
        for key, value in german.items():
            if key in SETTINGS:
                continue
            entries = value.items() if isinstance(value, dict) else [(None, value)]
            for sub, text in entries:
                uid = f"labels/{key}" + (f"/{sub}" if sub else "")
                want = served[key][sub] if sub else served[key]
                source = "\n".join(text) if isinstance(text, list) else text
                assert found[uid].source == source, uid
                assert found[uid].target == ("\n".join(want) if isinstance(want, list) else want), uid
                assert state(found[uid]) == "translated", uid
                where = f"i18n/{lang}.yaml:" if key in own else "from the package's"
                assert where in found[uid].getnotes(), (uid, found[uid].getnotes())


def test_label_round_trip_is_lossless_and_writes_the_project_label_file_line_by_line(project, tmp_path):
    before = snapshot(project)
    saved = tmp_path / "saved"
    shutil.copytree(project / "i18n", saved)
    model = load_project(project)[0]
    for lang in {label_lang(project), "ar"} & set(model.project.languages):
        file = tmp_path / f"{lang}.xliff"
        export(project, lang, file)
        proc = run_cli("translations", "import", str(project), str(file))
        assert proc.returncode == 0 and "no changes" in proc.stderr, proc.stderr
    assert snapshot(project) == before
    for name in (p.name for p in saved.iterdir()):  # the label files, byte for byte
        subprocess.run(["cmp", str(project / "i18n" / name), str(saved / name)], check=True)

    lang = label_lang(project)
    label_file = project / "i18n" / f"{lang}.yaml"
    old_text = label_file.read_text(encoding="utf-8") if label_file.exists() else ""
    file = tmp_path / "edit.xliff"
    export(project, lang, file)
    title = "Titel " + LABEL_HOSTILE
    intro = ["Erster Absatz {city} {fields}", "Zweiter {{ x }} Absatz", "Dritter {date} {client}"]
    fill(file, {"labels/title": title, "labels/gender/female": "Frauen " + LABEL_HOSTILE, "labels/comma": " ; ",
                "labels/intro": "\n".join(intro)})
    proc = run_cli("translations", "import", str(project), str(file))
    assert proc.returncode == 0, proc.stderr
    assert f"i18n/{lang}.yaml" in proc.stderr
    after = load_project(project)[0]
    labels = after.i18n[lang].labels
    assert labels["title"] == title and labels["intro"] == intro and labels["comma"] == " ; "
    assert isinstance(labels["gender"], dict) and labels["gender"]["female"] == "Frauen " + LABEL_HOSTILE
    assert labels["source_hashes"]["title"] == source_hash("Angebotskatalog")
    assert catalogue_edition(after, final=False, lang=lang).title == title  # what the edition prints
    # only the changed labels' lines (and the hashes) differ; the rest of the file stays byte for byte
    changed = {"title", "intro", "comma", "gender", "source_hashes"}
    if old_text:
        assert without(label_file.read_text(encoding="utf-8"), changed) == without(old_text, changed)
    else:  # a new file: a comment that says what it is, then the labels
        assert label_file.read_text(encoding="utf-8").startswith("# Eigene Beschriftungen des Projekts")
    assert run_cli("check", str(project)).returncode == 0
    # the same file again, and a fresh export of the result: no byte changes
    state_now = snapshot(project)
    assert run_cli("translations", "import", str(project), str(file)).returncode == 0
    again = tmp_path / "again.xliff"
    export(project, lang, again)
    assert run_cli("translations", "import", str(project), str(again)).returncode == 0
    assert snapshot(project) == state_now


def test_a_new_label_file_is_created_for_a_language_served_by_the_package(project, tmp_path):
    model = load_project(project)[0]
    lang = next(t for t in model.project.languages if t != "de" and t not in model.i18n)
    assert not (project / "i18n" / f"{lang}.yaml").exists()
    file = tmp_path / "new.xliff"
    export(project, lang, file)
    fill(file, {"labels/hours": "Öffnungszeiten " + LABEL_HOSTILE})
    assert run_cli("translations", "import", str(project), str(file)).returncode == 0
    after = load_project(project)[0]
    assert after.i18n[lang].labels["hours"] == "Öffnungszeiten " + LABEL_HOSTILE
    assert set(after.i18n[lang].labels) == {"hours", "source_hashes"}  # the rest still comes from the package
    assert run_cli("check", str(project)).returncode == 0


def test_a_changed_german_label_marks_its_translations_for_review(project, tmp_path):
    german = project / "i18n" / "de.yaml"
    old = german.read_text(encoding="utf-8") if german.exists() else ""
    german.write_text(old + "hours: Sprechzeiten\n", encoding="utf-8")
    line = len(old.splitlines()) + 1
    model = load_project(project)[0]
    # the package's translations were made from its German text; a project's own without a hash counts as current
    own = {t: f.labels for t, f in model.i18n.items()}
    langs = [t for t in model.project.languages if t != "de" and "hours" not in own.get(t, {})]
    check = run_cli("check", str(project))
    assert check.returncode == 0, check.stderr
    for lang in langs:
        assert f"i18n/de.yaml:{line}: warning: labels: the {lang} translation of 'hours' was made from an older " \
               "German text" in check.stderr, check.stderr
    status = run_cli("translations", "status", str(project)).stdout
    assert all(int(r.split()[3]) >= 1 for r in status.splitlines()[1:] if r.split()[0] in langs), status
    lang = langs[0]
    file = tmp_path / "review.xliff"
    export(project, lang, file)
    unit = units(file)["labels/hours"]
    assert unit.source == "Sprechzeiten" and state(unit) == "needs-review-translation"
    assert "German text changed" in unit.getnotes()
    assert run_cli("translations", "import", str(project), str(file)).returncode == 0  # unconfirmed: unchanged
    assert f"the {lang} translation of 'hours'" in run_cli("check", str(project)).stderr
    fill(file, {"labels/hours": unit.target})  # confirmed as it is: now current, pinned in the project's file
    assert run_cli("translations", "import", str(project), str(file)).returncode == 0
    after = load_project(project)[0]
    assert after.i18n[lang].labels["source_hashes"]["hours"] == source_hash("Sprechzeiten")
    assert f"the {lang} translation of 'hours'" not in run_cli("check", str(project)).stderr


def test_label_errors_name_the_xliff_line_and_write_nothing(project, tmp_path):
    lang = label_lang(project)
    file = tmp_path / "bad.xliff"
    export(project, lang, file)
    fill(file, {"labels/subtitle": "ohne Platzhalter", "labels/age_from": "ab {max}", "labels/hours": "ok"})
    before = snapshot(project)
    proc = run_cli("translations", "import", str(project), str(file))
    assert proc.returncode == 1
    lines = file.read_text(encoding="utf-8").splitlines()
    for uid, why in (("labels/subtitle", "must use the placeholders {city}, {fields}"),
                     ("labels/age_from", "must use the placeholders {min} (it uses {max})")):
        at = next(n for n, text in enumerate(lines, 1) if f'id="{uid}"' in text)
        assert f"{file}:{at}: error: {uid}: labels {lang}: " in proc.stderr and why in proc.stderr, proc.stderr
    assert "labels/hours" not in proc.stderr and "Traceback" not in proc.stderr
    assert snapshot(project) == before


def test_a_label_file_whose_hashes_are_no_mapping_is_an_error_at_its_line(project):
    lang = label_lang(project)
    label_file = project / "i18n" / f"{lang}.yaml"
    old = label_file.read_text(encoding="utf-8") if label_file.exists() else ""
    label_file.parent.mkdir(exist_ok=True)
    label_file.write_text(old + "source_hashes: abc\n", encoding="utf-8")
    proc = run_cli("check", str(project))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"i18n/{lang}.yaml:{len(old.splitlines()) + 1}: error: labels {lang}: 'source_hashes' should be a " \
           "mapping" in proc.stderr, proc.stderr
