"""The check cache (``project/check_cache.py``) never changes a result.

``check`` prints the same lines (errors and warnings, byte for byte) and exits the same way cold,
on a warm cache, after one file was edited, and with damaged or foreign cache entries — on Minden
and on Lindenfeld here, on every case of the broken corpus in test_broken.py. A warm cache really
is used: no data file is parsed again. With nothing changed at all, the last answer is printed
without validating anything (``project/check_result.py``), and every kind of edit is seen.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from cache_helpers import EDIT, check
from click.testing import CliRunner
from project_helpers import copy_example, small_project

from conftest import EXAMPLES, pdf_text
from ikon_report import resources
from ikon_report.build import fingerprint_of
from ikon_report.cli.main import main
from ikon_report.cli.watch import rebuild
from ikon_report.documents.registry import follow_up_plans, plan_editions
from ikon_report.project import check_result, markdown, positions, validate
from ikon_report.project.check_cache import FACTS, FOLDER, CheckCache
from ikon_report.project.crosscheck import image_files
from ikon_report.project.model import IkonProject
from ikon_report.project.validate import load_project
from ikon_report.render.pdf import make_compiler


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_examples_cold_warm_edited_damaged(example: str, tmp_path: Path, parsed: list[str]) -> None:
    project = copy_example(EXAMPLES[example], tmp_path / example)
    reference = check(project, "--no-cache")
    assert reference[0] == 0 and "ok: no errors" in reference[2], reference
    assert not (project / "build").exists(), "--no-cache wrote a cache"
    assert check(project) == reference  # cold: writes the cache
    entries = sorted((project / "build" / FOLDER).glob("*.pickle"))
    data_files = sorted(p for p in (project / "data").rglob("*.yaml"))
    # two per data file (its records, and its part without the services' records: check_cache.slim),
    # the chapters' blocks and parses, the languages
    assert len(entries) == 2 * len(data_files) + 3
    parsed.clear()
    assert check(project) == reference  # warm
    assert parsed == []
    file = data_files[0]
    file.write_text(file.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    edited = check(project, "--no-cache")
    parsed.clear()
    assert check(project) == edited
    assert parsed == [file.relative_to(project).as_posix()]
    assert len(list((project / "build" / FOLDER).glob("*.pickle"))) == len(entries), "old entries kept"
    # damaged entries (the whole answer's too): truncated, garbage, a foreign version's header, an empty file
    assert (project / "build" / FOLDER / check_result.NAME).is_file()
    for index, entry in enumerate(sorted((project / "build" / FOLDER).glob("*.*"))):
        blob = entry.read_bytes()
        entry.write_bytes([blob[: len(blob) // 2], b"\x80\x05garbage", blob.replace(b"cache 1\n", b"cache 0\n")
                           .replace(b'"format": 1', b'"format": 0'),
                           b""][index % 4])
    parsed.clear()
    assert check(project) == edited
    assert sorted(parsed) == sorted(p.relative_to(project).as_posix() for p in data_files)
    parsed.clear()
    assert check(project) == edited  # rewritten, warm again
    assert parsed == []


def _edits(project: Path) -> dict[str, tuple[Path, str]]:
    """One edit of each kind of input: the file and its new text (each adds a warning or an error)."""
    services, measures = project / "data" / "services.yaml", project / "data" / "measures.yaml"
    chapter = sorted((project / "chapters").glob("*.md"))[1]
    image = project / image_files(load_project(project)[0])[0]
    return {
        "services": (services, re.sub(r"last_checked: \S+", "last_checked: 2001-01-01",
                                      services.read_text(encoding="utf-8"), count=1)),
        "measures": (measures, re.sub(r"^( +)lead:", r"\1lead_:", measures.read_text(encoding="utf-8"), count=1,
                                      flags=re.M)),
        "chapter": (chapter, chapter.read_text(encoding="utf-8") + "\nTODO: Zahlen prüfen.\n"),
        "settings": (project / "ikon.yaml", (project / "ikon.yaml").read_text(encoding="utf-8") + "\ncolour: blau\n"),
        "image": (image, "kein Bild"),
    }


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_no_change_answers_from_the_whole_result(example: str, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing changed since a check without errors, ``check`` validates nothing and prints
    the same bytes as ``--no-cache`` (``--strict`` too); an edit of each kind (a services file, a
    measures file, a chapter, ikon.yaml, an image the project shows) is seen at once, and its
    undoing too; a check that found an error keeps no answer."""
    project = copy_example(EXAMPLES[example], tmp_path / example)
    runs: list[Path] = []
    real = validate.load_project
    monkeypatch.setattr(validate, "load_project", lambda root, **kw: runs.append(root) or real(root, **kw))
    edits = _edits(project)
    before, failed = check(project, "--no-cache"), False
    for kind, (file, text) in [("none", (project / "ikon.yaml", (project / "ikon.yaml").read_text())),
                               *edits.items()]:
        original = file.read_bytes()
        for version in dict.fromkeys((text.encode(), original)):  # the edit, then undoing it
            file.write_bytes(version)
            reference, strict = check(project, "--no-cache"), check(project, "--no-cache", "--strict")
            runs.clear()
            assert check(project) == reference, kind
            # undoing an edit with an error returns to the state whose answer is kept
            first = 0 if version == original and failed else 1
            assert len(runs) == first, f"{kind}: the change was not seen"
            assert check(project) == reference and check(project, "--strict") == strict, kind
            failed = reference[0] == 1
            assert len(runs) == first + 2 * failed, f"{kind}: answered {'from' if failed else 'without'} the result"
            assert (reference == before) == (version == original), f"{kind}: the edit changes nothing"
        assert file.read_bytes() == original
    assert edits["image"][0].suffix == ".png"


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_the_chapters_are_parsed_again_only_when_edited(example: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The chapters' positioned parses come from the cache: after a data edit no chapter is parsed
    again, after a chapter edit that chapter alone; the output is the same as without the cache."""
    project = copy_example(EXAMPLES[example], tmp_path / example)
    parses: list[str] = []
    real = positions._parse
    monkeypatch.setattr(positions, "_parse", lambda body: parses.append(body) or real(body))

    def fresh() -> tuple[int, str, str]:  # as a new process: nothing parsed in this one
        positions.parse.cache_clear()
        monkeypatch.setattr(positions, "_KNOWN", {})
        parses.clear()
        return check(project)

    assert fresh() == check(project, "--no-cache")
    assert len(parses) == len(list((project / "chapters").glob("*.md")))
    measures = project / "data" / "measures.yaml"
    measures.write_text(measures.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    assert fresh() == check(project, "--no-cache")
    assert parses == []
    chapter = sorted((project / "chapters").glob("*.md"))[-1]
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nTODO: Zahlen prüfen.\n", encoding="utf-8")
    assert fresh() == check(project, "--no-cache")
    assert len(parses) == 1 and parses[0].endswith("TODO: Zahlen prüfen.\n")


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_glyphs_are_checked_with_the_characters_the_cache_keeps(example: str, tmp_path: Path) -> None:
    """A character no font has (Armenian) in a services file is found on a warm cache, where the
    characters of unchanged files come from their entries: cold, after editing another file and
    after its fix, the same bytes as ``--no-cache``."""
    project = copy_example(EXAMPLES[example], tmp_path / example)
    services, measures = project / "data" / "services.yaml", project / "data" / "measures.yaml"
    original = services.read_text(encoding="utf-8")
    services.write_text(re.sub(r"(\n\s+title: ).*", r"\1Բարեւ", original, count=1), encoding="utf-8")
    reference = check(project, "--no-cache")
    assert reference[0] == 1 and "no shipped font can display" in reference[2], reference
    assert check(project) == reference  # cold
    measures.write_text(measures.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    assert check(project) == check(project, "--no-cache") == reference
    fonts = project / "assets" / "fonts"  # fonts of its own: the services' records are read for the glyphs
    fonts.mkdir(parents=True)
    shutil.copy2(sorted(resources.package_dir("fonts").glob("*.ttf"))[0], fonts)
    reference = check(project, "--no-cache")
    assert "no shipped font can display" in reference[2]
    measures.write_text(measures.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    assert check(project) == check(project, "--no-cache") == reference
    services.write_text(original, encoding="utf-8")
    fixed = check(project, "--no-cache")
    assert fixed[0] == 0 and check(project) == fixed


def test_a_warning_comes_from_the_cache_too(tmp_path: Path, parsed: list[str]) -> None:
    """Warnings of a file (here: an empty data file) are reproduced on a warm cache."""
    project = copy_example(EXAMPLES["lindenfeld"], tmp_path / "p")
    (project / "data" / "leer.yaml").write_text("# nothing yet\n", encoding="utf-8")
    cold = check(project)
    assert "data/leer.yaml:1: warning: data file is empty" in cold[2]
    parsed.clear()
    assert check(project) == cold
    assert parsed == []


def test_an_unwritable_cache_changes_nothing(tmp_path: Path) -> None:
    project = copy_example(EXAMPLES["lindenfeld"], tmp_path / "p")
    reference = check(project, "--no-cache")
    (project / "build" / ".cache").mkdir(parents=True)
    (project / "build" / FOLDER).write_text("a file where the cache folder should be")
    assert check(project) == reference
    store = CheckCache(tmp_path / "cache")
    store.put("x.yaml", "k", lambda: None)  # cannot be pickled: nothing stored, nothing raised
    assert store.get("x.yaml", "k") is None and not list((tmp_path / "cache").glob("*"))


def test_build_fails_where_check_fails_on_a_warm_cache(tmp_path: Path) -> None:
    """``build`` reads through the same cache: the same problems, cold and warm."""
    project = copy_example(EXAMPLES["lindenfeld"], tmp_path / "p")
    measures = next(p for p in sorted((project / "data").glob("*.yaml")) if "measures:" in p.read_text())
    measures.write_text(measures.read_text(encoding="utf-8").replace("measures:", "measurez:", 1), encoding="utf-8")
    code, _, err = check(project)
    assert code == 1 and "measurez" in err
    lines = [line for line in err.splitlines() if ": error: " in line or ": warning: " in line]
    shutil.rmtree(project / "build")
    for _ in range(2):  # cold, then warm
        result = CliRunner().invoke(main, ["build", str(project), "-q"], catch_exceptions=False)
        assert result.exit_code == 1
        assert [line for line in result.stderr.splitlines() if ": error: " in line or ": warning: " in line] == lines


def test_watch_rebuild_reuses_the_chapters_and_shows_every_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``watch``'s rebuild after a data edit takes the chapters' blocks from the cache (pandoc does
    not read them again) and the PDF shows the edit; after a chapter edit the new text shows."""
    project, out = small_project(tmp_path / "p"), tmp_path / "out"
    compiler = make_compiler(project_root=project)
    assert rebuild(project, out, ("pdf",), compiler, quiet=True, verbose=False)
    reads: list[int] = []
    real = markdown._ast
    monkeypatch.setattr(markdown, "_ast", lambda text: reads.append(len(text)) or real(text))
    measures = project / "data" / "measures.yaml"
    measures.write_text(measures.read_text(encoding="utf-8").replace(
        "title: Begegnungsprogramm in den Quartieren", "title: Begegnungsprogramm in allen Quartieren"),
        encoding="utf-8")
    assert rebuild(project, out, ("pdf",), compiler, quiet=True, verbose=False)
    assert reads == [], "an unchanged chapter was read by pandoc again"
    pdf = next(p for p in out.glob("IKON-*.pdf") if "Angebotskatalog" not in p.name)
    assert "Begegnungsprogramm in allen Quartieren" in " ".join(pdf_text(pdf).split())
    chapter = project / "chapters" / "01-einleitung.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEin neuer Absatz zur Beobachtung.\n", encoding="utf-8")
    assert rebuild(project, out, ("pdf",), compiler, quiet=True, verbose=False)
    assert len(reads) == 1  # the chapters, read together
    assert "Ein neuer Absatz zur Beobachtung." in " ".join(pdf_text(pdf).split())


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_a_chapter_text_edit_rebuilds_only_the_documents_that_show_chapters(example: str) -> None:
    """After a chapter's text changed, the concept's fingerprint changes and the committee paper's
    and monitoring report's do not (``watch`` rebuilds the concept alone); a chapter id changes both."""
    project, _ = load_project(EXAMPLES[example])

    def prints(p: IkonProject) -> dict[str, str]:
        return {plan.stem: fingerprint_of(p, False, plan.depends_on, plan.inputs_digest)
                for plan in plan_editions(p, False)}

    concept = plan_editions(project, False)[0].stem
    follow_ups = {plan.stem for plan in follow_up_plans(project, False)}
    assert len(follow_ups) == 2, follow_ups  # both examples have a committee paper and monitoring data
    before = prints(project)
    edited = project.model_copy(deep=True)
    edited.chapters[0].body += "\nEin neuer Absatz.\n"
    after = prints(edited)
    assert before[concept] != after[concept]
    assert all(before[stem] == after[stem] for stem in follow_ups)
    edited.chapters[0].id = "ch-umbenannt"
    renamed = prints(edited)
    assert all(before[stem] != renamed[stem] for stem in follow_ups)


EXTRA_SERVICES = """\
services:
  - id: S-FACTS-1
    title: Zauberwort-Sprechstunde
    provider: Beratungsstelle
    fields: [NOPE]
    category: Neue Kategorie
    description: Eine Sprechstunde, die nur hier das Zauberwort nennt.
    languages: [de, Dari]
    district: Mitte
    address: Musterweg 1, 12345 Beispielstadt
    contact: Tel. 0000 000000-00
    last_checked: 2001-01-01
    translations:
      de_DE: {title: Sprechstunde, description: Eine Sprechstunde.}
      en: {title: Consultation, description: A consultation., source_hashes: {title: '000000000000'}}
  - id: S-FACTS-1
    title: Zweimal dieselbe Nummer
    provider: Beratungsstelle
    fields: []
    category: Neue Kategorie
    description: Ein zweites Angebot mit derselben Nummer.
    district: Mitte
    address: Musterweg 2, 12345 Beispielstadt
    contact: Tel. 0000 000000-01
    last_checked: 2001-01-02
glossary:
  - term: Zauberwort
    definition: Ein Wort, das nur ein Angebot nennt.
"""


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_unchanged_services_are_checked_by_their_facts(example: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """After an edit of another file, ``check`` reads the services of unchanged files from their
    facts (``service_facts.py``; never their records) and prints what ``--no-cache`` prints: every
    check that reads services (duplicate ids, unknown fields, language tags, translation tags,
    outdated translations, categories without names, old ``last_checked``, the glossary's terms
    used only in a service, a chapter's reference to a service and an id a heading takes)."""
    project = copy_example(EXAMPLES[example], tmp_path / example)
    (project / "data" / "services-facts.yaml").write_text(EXTRA_SERVICES, encoding="utf-8")
    chapter = sorted((project / "chapters").glob("*.md"))[0]
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nSiehe [@S-FACTS-1].\n\n## Doppelt {#S-001}\n",
                       encoding="utf-8")
    reference = check(project, "--no-cache")
    for expected in ("duplicate id 'S-FACTS-1'", "unknown field of action 'NOPE'", "languages: 'Dari'",
                     "translation 'de_DE'", "the en translation of 'title'", "the category 'Neue Kategorie'",
                     "last checked on 2001-01-01", "is already the id of data/services.yaml"):
        assert expected in reference[2], expected
    assert "Zauberwort" not in reference[2] and "S-FACTS-1' names no record" not in reference[2]
    assert check(project) == reference  # cold: writes the entries
    read: list[str] = []
    real = CheckCache.get
    monkeypatch.setattr(CheckCache, "get", lambda self, rel, key: read.append(rel) or real(self, rel, key))
    measures = project / "data" / "measures.yaml"
    measures.write_text(measures.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    edited = check(project, "--no-cache")
    read.clear()
    assert check(project) == edited
    services = [f"data/{name}" for name in ("services.yaml", "services-facts.yaml")]
    assert [rel for rel in read if rel in services] == [], "a services file's records were read"
    assert all(f"{rel}{FACTS}" in read for rel in services)
    read.clear()
    assert CliRunner().invoke(main, ["build", str(project), "-q"]).exit_code == 1  # build reads the records
    assert all(rel in read for rel in services)
