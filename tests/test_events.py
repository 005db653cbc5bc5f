"""The participation process as data (issue 12): every event's documentation is a document of its
own (DOCX and PDF) for both examples; Minden's kick-off carries every section of the source
document; times are formatted once; priorities follow the dot-vote rule; the older single
``conference:`` still loads; unknown event ids are errors at their line."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from project_helpers import finished_copy

from conftest import EXAMPLES, Example, build_project, docx_text, pdf_text, run_cli
from ikon_report.content.participation import rule_text
from ikon_report.documents.naming import event_stems
from ikon_report.project.validate import load_project
from pdfcheck import notdef_glyphs

MARK = "[Beispiel]"

# The headings of the source document (the documentation of Minden's kick-off conference), in
# order; two slide titles read "des Prozess", the data says "des Prozesses" (a substring test).
SEED_HEADINGS = [
    "Übersicht Veranstaltungsablauf", "Input: Vorstellung der Kernelemente der Bestandserhebung",
    "Entwicklung eines Integrationskonzepts (IKON)", "I. Vorstellung des Prozess", "I.I Zielsetzung",
    "I.II Ablauf des Prozess", "Qualitative Umfrage", "Quantitative Umfrage", "II. Zwischenergebnisse",
    "II.I Bewertung des Zusammenlebens", "II.II Angebotssituation", "II.III Vernetzung", "II.IV Herausforderungen",
    "III. Workshopphase", "IV. Ausblick", "Vielen Dank für Ihre Aufmerksamkeit", "Ergebnisse der Workshopphase",
    "Workshop 1: Zusammenleben und Teilhabe",
    "I. Allgemeine Herausforderungen für Menschen mit und ohne Migrations- bzw. Fluchthintergrund in Minden",
    "I.I Gesamtgesellschaftliche Situation", "I.II Kulturelle Teilhabe", "I.III Unterstützungs- und Angebotsstrukturen",
    "II. Herausforderungen für Neuzugewanderte (und z.T. bereits länger hier lebende Migrant*innen)",
    "II.I Spezifische Zielgruppen", "II.II Bereich Beratung und Hilfen", "II.III Gesundheit", "Workshop 2: Bildung",
    "I. Zielgruppe Kinder und Jugendliche", "II. Zielgruppe Erwachsene Zuwander*innen",
    "III. Zielgruppe ehren- und hauptamtlich Tätige", "Workshop 3: Arbeitsmarktintegration",
    "I. In Ausbildung und Arbeit bringen", "II. In Ausbildung und Arbeit begleiten", "III. Institutionen stärken",
    "Workshop 4: Wohnen", "Fotodokumentation",
]
# What the seed's slides and agenda say, beyond the headings (numbers as the small-cell rule prints them).
SEED_FACTS = [
    "17:00 Uhr", "Selvi Arslan-Dolma, Integrationsbeauftragte der Stadt Minden", "Michael Jäcke, Bürgermeister",
    "Peter Kienzle, erster Beigeordneter", "18:10 Uhr", "Pause", "19:55 Uhr", "Schlusswort", "20:00 Uhr",
    "Ende der Veranstaltung", "Priorisierung der Bedarfe und Herausforderungen", "Steuerungsgruppe begleitet den "
    "Prozess strategisch", "qualitative Umfrage (20 Expert*innen) + 3 schriftliche Rückmeldungen",
    "Frauen 15, Männer 8", "mit Migrationshintergrund 6, ohne Migrationshintergrund 17", "Frauen 23, Männer 21",
    "Grundsätzlich wirkt Minden auf mich offen, vielfältig und integrativ.", "Starke Veränderung ab 2015",
    "Kontakte zur Stabsstelle Integration durchweg positiv", "Raum: Hauptsaal", "Raum: 3.12 Menzel",
    "Raum: 3.11 Bessel", "Raum: 3.03 Friederike", "образование", "iş piyasası", "Herzlich willkommen!",
]


def squash(text: str) -> str:
    return re.sub(r"[\s\u00ad\u2010\u2068\u2069-]+", "", text)


def model(root: Path):
    return load_project(root)[0]


def event_files(example: Example, suffix: str) -> dict[str, Path]:
    p = model(example.root)
    return {eid: example.out / f"{stem}{suffix}" for eid, stem in event_stems(p, final=False).items()}


def test_every_event_has_its_own_documentation(example: Example):
    p = model(example.root)
    assert len(p.events) >= 3  # a kick-off conference and later events, in both examples
    for e in p.events:
        pdf, docx = event_files(example, ".pdf")[e.id], event_files(example, ".docx")[e.id]
        assert pdf.is_file() and docx.is_file(), sorted(x.name for x in example.out.iterdir())
        assert pdf.name.startswith("IKON-Dokumentation-") and example.city in pdf.name
        assert squash(e.title) in squash(pdf_text(pdf)) and e.title in docx_text(docx)
        assert notdef_glyphs(pdf) == [], pdf.name
        for ws in e.workshops:
            assert squash(ws.title) in squash(pdf_text(pdf)), (e.id, ws.id)
        with zipfile.ZipFile(docx) as z:
            pictures = re.findall(r"<wp:docPr\b[^>]*>", z.read("word/document.xml").decode("utf-8"))
        photos = len(e.photos) + sum(len(ws.photos) for ws in e.workshops)
        assert len(pictures) >= photos and all(re.search(r'descr="[^"]+"', tag) for tag in pictures), e.id


def test_minden_kickoff_reproduces_every_section_of_the_source(minden: Path):
    example = Example("minden", EXAMPLES["minden"], minden)
    pdf, docx = event_files(example, ".pdf")["E-AUFTAKT"], event_files(example, ".docx")["E-AUFTAKT"]
    for text in (squash(pdf_text(pdf)), squash(docx_text(docx))):
        at = 0
        for heading in SEED_HEADINGS:
            found = text.find(squash(heading), at)
            assert found >= 0, f"seed heading {heading!r} missing (or out of order) in {pdf.name}"
            at = found
        missing = [fact for fact in SEED_FACTS if squash(fact) not in text]
        assert missing == []
    headings = [p.text for p in Document(str(docx)).paragraphs if p.style.name.startswith("Heading")]
    assert any(h.startswith("1 ") and "Übersicht Veranstaltungsablauf" in h for h in headings)
    assert any(h.startswith("3.4 ") and "Workshop 4: Wohnen" in h for h in headings)


def test_times_are_formatted_once(example: Example):
    p = model(example.root)
    pdfs = [example.concept_pdf, *event_files(example, ".pdf").values()]
    texts = {path.name: pdf_text(path) + docx_text(path.with_suffix(".docx")) for path in pdfs}
    for name, text in texts.items():
        assert "Uhr Uhr" not in text, name
    agenda = "".join(texts[f.name] for e in p.events if e.agenda for f in [event_files(example, ".pdf")[e.id]])
    times = [item.time for e in p.events for item in e.agenda]
    assert times and all(re.fullmatch(r"\d\d:\d\d", t) for t in times)
    for t in times:
        assert f"{t} Uhr" in agenda, t


def test_old_conference_key_still_loads_and_builds(example: Example, tmp_path: Path):
    root = old_format_copy(example.root, tmp_path / "old")
    p, _ = load_project(root)
    [event] = p.events
    assert (event.id, event.kind, event.short_title) == ("conference", "conference", "Auftaktkonferenz")
    assert all(re.fullmatch(r"\d\d:\d\d", item.time) for item in event.agenda)
    assert [c.priority for c in p.challenges] == [c.priority for c in model(example.root).challenges]
    out = tmp_path / "out"
    proc = build_project(root, out, "--format", "pdf")
    assert proc.returncode == 0, proc.stderr
    doc = next(out.glob("IKON-Dokumentation-Auftaktkonferenz-*.pdf"))
    text = pdf_text(doc)
    assert "Uhr Uhr" not in text and f"{event.agenda[0].time} Uhr" in text


def old_format_copy(src: Path, dest: Path) -> Path:
    """The example as a project written before events existed: one ``conference:`` mapping with
    agenda times as printed ("17:00 Uhr"), dot votes as ``votes`` of the challenges."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("examples", "tests", "bench", ".venv", "build", ".git"))
    events = yaml.safe_load((dest / "data/events.yaml").read_text(encoding="utf-8"))["events"]
    kickoff = next(e for e in events if e["kind"] == "conference")
    votes = {v["challenge"]: v["dots"] for ws in kickoff.get("workshops", []) for v in ws.pop("votes", [])}
    conference = {k: kickoff[k] for k in ("title", "date", "venue", "agenda", "workshops", "photos") if k in kickoff}
    conference["participants"] = kickoff["participants"]["count"]
    for item in conference["agenda"]:
        item["time"] += " Uhr"
    (dest / "data/events.yaml").unlink()
    (dest / "data/conference.yaml").write_text(yaml.safe_dump({"conference": conference}, allow_unicode=True),
                                               encoding="utf-8")
    for name, drop in (("challenges", "events"), ("measures", "events")):
        data = yaml.safe_load((dest / f"data/{name}.yaml").read_text(encoding="utf-8"))
        for rec in data[name]:
            rec.pop(drop, None)
            if name == "challenges" and rec["id"] in votes:
                rec["votes"] = votes[rec["id"]]
        (dest / f"data/{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    settings = (dest / "ikon.yaml").read_text(encoding="utf-8")
    (dest / "ikon.yaml").write_text(settings.replace("  - events\n", "  - conference\n"), encoding="utf-8")
    return dest


def test_lindenfeld_priorities_follow_the_rule_printed_in_the_method_section(lindenfeld: Example):
    p = model(lindenfeld.root)
    rule = p.project.priority_rule
    assert rule is not None and rule.thresholds
    for c in p.challenges:
        assert c.votes is not None and c.priority_derived, c.id
        expected = "hoch" if c.votes >= rule.thresholds["hoch"] else "mittel" if c.votes >= rule.thresholds["mittel"] \
            else "niedrig"
        assert c.priority == expected, (c.id, c.votes)
    assert squash(rule_text(rule)) in squash(pdf_text(lindenfeld.concept_pdf))


def test_rank_rule_on_both_examples(example: Example, tmp_path: Path):
    root = tmp_path / "p"
    shutil.copytree(example.root, root, ignore=shutil.ignore_patterns("examples", "tests", "bench", ".venv", ".git"))
    settings = (root / "ikon.yaml").read_text(encoding="utf-8")
    settings = re.sub(r"priority_rule:\n(  .*\n)+", "", settings) + "priority_rule:\n  ranks: {hoch: 2, mittel: 4}\n"
    (root / "ikon.yaml").write_text(settings, encoding="utf-8")
    challenges = (root / "data/challenges.yaml").read_text(encoding="utf-8")
    voted = {c.id for c in model(example.root).challenges if c.votes is not None}
    for cid in voted:  # their priority now comes from the rule
        challenges = re.sub(rf"(- id: {cid}\n(?:    .*\n)*?)    priority: \w+\n", r"\1", challenges)
    (root / "data/challenges.yaml").write_text(challenges, encoding="utf-8")
    p = model(root)
    for c in p.challenges:
        if c.id not in voted:
            continue
        rivals = [o for o in p.challenges if o.field == c.field and o.votes is not None]
        better = sum((o.votes or 0) > (c.votes or 0) for o in rivals)
        assert c.priority == ("hoch" if better < 2 else "mittel" if better < 4 else "niedrig"), (c.id, c.votes)
        assert c.priority_derived


def test_priority_missing_and_votes_twice_are_errors_at_their_line(tmp_path: Path):
    root = tmp_path / "p"
    shutil.copytree(EXAMPLES["lindenfeld"], root)
    challenges = (root / "data/challenges.yaml").read_text(encoding="utf-8")
    record = "  - id: C-FAM-02\n    field: FAM\n"
    challenges = challenges.replace(record, record + "    votes: 3\n")
    (root / "data/challenges.yaml").write_text(challenges, encoding="utf-8")
    settings = (root / "ikon.yaml").read_text(encoding="utf-8")
    (root / "ikon.yaml").write_text(re.sub(r"priority_rule:\n(  .*\n)+", "", settings), encoding="utf-8")
    proc = run_cli("check", str(root))
    assert proc.returncode == 1
    line = challenges.splitlines().index("  - id: C-FAM-02") + 1
    assert f"data/challenges.yaml:{line}: error: challenge C-FAM-02: no 'priority' and ikon.yaml has no " \
           "'priority_rule'" in proc.stderr
    vote_line = next(n for n, text in enumerate((root / "data/events.yaml").read_text("utf-8").splitlines(), 1)
                     if text.strip() == "- challenge: C-FAM-02")
    assert f"data/events.yaml:{vote_line}: error: event E-AUFTAKT, workshop WS-FAM: dots for challenge C-FAM-02 " \
           "are also given as 'votes'" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_unknown_event_ids_are_errors_at_their_line(name: str, tmp_path: Path):
    root = tmp_path / "p"
    shutil.copytree(EXAMPLES[name], root, ignore=shutil.ignore_patterns("examples", "tests", "bench", ".venv", ".git"))
    edits = {}
    for file, key in (("challenges", "challenge"), ("measures", "measure")):
        text = (root / f"data/{file}.yaml").read_text(encoding="utf-8")
        lines = text.splitlines()
        at = next(n for n, line in enumerate(lines) if line.startswith("    events: ["))
        rid = next(line.split(": ")[1] for line in reversed(lines[:at]) if line.startswith("  - id: "))
        lines[at] = "    events: [E-NIRGENDS]"
        (root / f"data/{file}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        edits[file] = (at + 1, key, rid)
    events = (root / "data/events.yaml").read_text(encoding="utf-8")
    vote = next(n for n, line in enumerate(events.splitlines(), 1) if line.strip().startswith("- challenge: "))
    (root / "data/events.yaml").write_text("\n".join(
        re.sub(r"challenge: \S+", "challenge: C-NIRGENDS", line) if n == vote else line
        for n, line in enumerate(events.splitlines(), 1)) + "\n", encoding="utf-8")
    proc = run_cli("check", str(root))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    for file, (line, key, rid) in edits.items():
        assert f"data/{file}.yaml:{line}: error: {key} {rid}: 'events' refers to unknown event 'E-NIRGENDS'" \
               in proc.stderr, proc.stderr
    assert re.search(rf"^data/events\.yaml:{vote}: error: event \S+, workshop \S+: 'challenge' refers to unknown "
                     r"challenge 'C-NIRGENDS'", proc.stderr, re.M), proc.stderr


def test_times_are_data(tmp_path: Path):
    """An agenda time with „Uhr“ in the new format is an error that says how to write it; an
    unquoted 17:00 (a base-60 number in YAML 1.1) stays the time it looks like."""
    root = tmp_path / "p"
    shutil.copytree(EXAMPLES["lindenfeld"], root)
    events = (root / "data/events.yaml").read_text(encoding="utf-8")
    events = events.replace('- time: "10:30"', "- time: 10:30", 1).replace('- time: "10:45"', '- time: "10:45 Uhr"', 1)
    (root / "data/events.yaml").write_text(events, encoding="utf-8")
    proc = run_cli("check", str(root))
    line = next(n for n, text in enumerate(events.splitlines(), 1) if text.strip() == '- time: "10:45 Uhr"')
    assert proc.returncode == 1
    assert f"data/events.yaml:{line}: error: event E-AUFTAKT: 'agenda.time': '10:45 Uhr' is not a time; write a " \
           "24-hour time like '17:00' without „Uhr“" in proc.stderr, proc.stderr
    assert proc.stderr.count("error:") == 1


def test_appendix_results_sit_below_their_workshop(example: Example):
    """Issue 11 item 6: result sections (I., I.I …) are headings below „A.n.m Workshop …“."""
    doc = Document(str(example.concept_docx))
    levels = [(int(p.style.name.split()[-1]), p.text) for p in doc.paragraphs
              if re.fullmatch(r"Heading \d", p.style.name)]
    start = next(i for i, (lvl, text) in enumerate(levels) if lvl == 1 and re.match(r"[A-Z] Dokumentation", text))
    numbered_level, checked = 0, 0
    for lvl, text in levels[start + 1:]:
        if lvl == 1:
            break
        if re.match(r"[A-Z](\.\d+)+ ", text):  # A.1 event, A.1.1 workshop
            numbered_level = lvl
        elif re.match(r"[IVX]+\.", text):
            assert lvl > numbered_level, text
            checked += 1
    assert checked >= 3


def test_invented_dot_votes_mark_the_votes_and_the_priority_derived_from_them(tmp_path: Path):
    """A real challenge whose dots come from an illustrative vote shows the mark at its dots and at
    the priority the rule derives from them; ``--final`` refuses exactly that vote, at its line."""
    root = finished_copy(EXAMPLES["lindenfeld"], tmp_path / "p")
    events = (root / "data/events.yaml").read_text(encoding="utf-8")
    vote = "          - challenge: C-FAM-02\n            dots: 14\n"
    assert vote in events
    (root / "data/events.yaml").write_text(events.replace(vote, vote + "            illustrative: true\n"),
                                           encoding="utf-8")
    line = events.splitlines().index(vote.splitlines()[0]) + 1
    proc = build_project(root, tmp_path / "final", "--final")
    errors = [e for e in proc.stderr.splitlines() if ": error: " in e]
    assert proc.returncode == 1 and len(errors) == 1, errors
    assert errors[0].startswith(f"data/events.yaml:{line + 2}: error: vote") and "WS-FAM" in errors[0], errors
    proc = build_project(root, tmp_path / "draft", "--format", "docx")
    assert proc.returncode == 0, proc.stderr
    concept = next(p for p in (tmp_path / "draft").glob("IKON-Lindenfeld-*.docx"))
    rows = [[c.text for c in row.cells] for t in Document(str(concept)).tables for row in t.rows]
    row = next(r for r in rows if r[0] == "C-FAM-02" and len(r) == 6)
    assert MARK not in row[1] and row[2].endswith(MARK) and row[3] == f"14 {MARK}", row
    others = [r for r in rows if len(r) == 6 and r[0].startswith("C-") and r[0] != "C-FAM-02"]
    assert others and not any(MARK in cell for r in others for cell in r), others
    assert docx_text(concept).count("„[Beispiel]“ kennzeichnet") == 1  # the legend, as wherever a mark stands


def test_result_sections_numbered_1_are_headings_not_lists(lindenfeld: Example):
    """A section numbered „1.“ (Lindenfeld's input) is a heading: typst would read „1. Der Weg …“ at
    a heading's start as a list item (the heading indented, its contents entry broken over two lines)."""
    pdf = event_files(lindenfeld, ".pdf")["E-AUFTAKT"]
    lines = [line.strip() for line in pdf_text(pdf).splitlines()]
    p = model(lindenfeld.root)
    numbered = [f"{s.number} {s.title}" for s in p.event("E-AUFTAKT").input.sections if s.number]
    assert numbered and all(re.match(r"\d+\.$", n.split()[0]) for n in numbered)
    for heading in numbered:  # in the contents: the title, its leader dots and page on one line
        assert any(line.startswith(heading) and re.search(r"\. \.[\s.\u2060]*\d+$", line) for line in lines), heading
        assert lines.count(heading) == 1, heading  # and in the body, once, as a heading line of its own
