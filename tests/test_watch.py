"""``ikon-report watch``: rebuilds on change, keeps the last good output when an edit breaks the
project (and says where), and stops cleanly on Ctrl-C; a rebuild converts only the edited sections
with pandoc, lands the PDF first, and gives what a cold build gives."""

from __future__ import annotations

import queue
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from project_helpers import cli, concept_of, copy_example, is_concept, small_project

from conftest import EXAMPLES, body_text, docx_text, pdf_text
from ikon_report.build import FORMATS, build
from ikon_report.cli.watch import rebuild

TIMEOUT = 180


class Watcher:
    def __init__(self, project, out):
        self.proc = subprocess.Popen([*cli(), "watch", str(project), "--out", str(out), "--debounce", "100"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, *needles: str) -> list[str]:
        """Lines up to and including the first that contains all needles."""
        got, deadline = [], time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.proc.poll() is None, f"watch ended early: {self.seen}"
                continue
            got.append(line)
            self.seen.append(line)
            if all(n in line for n in needles):
                return got
        raise AssertionError(f"no line with {needles} after {TIMEOUT} s: {self.seen}")


def test_watch_rebuilds_and_keeps_last_good_output(tmp_path):
    project, out = small_project(tmp_path / "project"), tmp_path / "out"
    watcher = Watcher(project, out)
    try:
        first = watcher.wait_for("watching")
        assert any(line.startswith("wrote ") and line.endswith(".pdf") for line in first)
        docx = concept_of(list(out.glob("IKON-*")), ".docx")
        pdf = docx.with_suffix(".pdf")

        chapter = project / "chapters" / "01-einleitung.md"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEin neuer Absatz zur Beobachtung.\n",
                           encoding="utf-8")
        lines = watcher.wait_for("wrote", docx.name)
        assert any("changed: chapters/01-einleitung.md" in line for line in lines)
        watcher.wait_for("wrote", pdf.name)
        assert "Ein neuer Absatz zur Beobachtung." in docx_text(docx)
        good = {p: p.read_bytes() for p in (docx, pdf)}

        measures = project / "data" / "measures.yaml"
        valid = measures.read_text(encoding="utf-8")
        measures.write_text(valid.replace("field: ZT", "field: [ZT", 1), encoding="utf-8")
        lines = watcher.wait_for("kept the last good output")
        assert any(line.startswith("data/measures.yaml:") and ": error: " in line for line in lines)
        assert {p: p.read_bytes() for p in good} == good

        measures.write_text(valid, encoding="utf-8")
        watcher.wait_for("up to date")
        assert {p: p.read_bytes() for p in good} == good
    finally:
        watcher.proc.send_signal(signal.SIGINT)
        try:
            watcher.proc.wait(timeout=60)
        finally:
            watcher.proc.kill()
    watcher.reader.join(timeout=10)
    rest = [watcher.lines.get() for _ in range(watcher.lines.qsize())]
    assert watcher.proc.returncode == 0 and "stopped watching" in rest, rest


def _work(out: Path) -> dict[str, Path]:
    """Each document's staging folder (its typst source, pandoc's kept input)."""
    return {folder.name: folder for folder in sorted((out / ".cache" / "work").iterdir())
            if (folder / "concept.typ").is_file()}


def _media(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.glob("media/**/*") if p.is_file()}


def test_staging_keeps_unchanged_copies_and_removes_unused_ones(tmp_path):
    """A rebuild's stage keeps a copy the previous build made (not written again), writes a damaged
    one anew and removes what it no longer uses; blocks without an image are passed on unchanged."""
    from ikon_report.render.staging import stage_blocks

    project, work = tmp_path / "project", tmp_path / "work"
    project.mkdir()
    for name in ("a.png", "b.png"):
        (project / name).write_bytes(b"\x89PNG\r\n\x1a\n" + name.encode())

    def image(name: str) -> dict:
        return {"t": "Para", "c": [{"t": "Image", "c": [["", [], []], [], [str(project / name), ""]]}]}

    text = {"t": "Para", "c": [{"t": "Str", "c": "Image"}]}  # no image: passed on as it is

    def staged(*blocks: dict) -> list[Path]:
        new, stage = stage_blocks(list(blocks), work, [project])
        stage.prune()
        assert all(b is text for b in new if b["c"][0]["t"] == "Str")
        return [work / b["c"][0]["c"][2][0] for b in new if b["c"][0]["t"] == "Image"]

    first, second = staged(text, image("a.png"), image("b.png"))
    written = first.stat().st_mtime_ns
    time.sleep(0.01)
    assert staged(text, image("a.png")) == [first]
    assert first.stat().st_mtime_ns == written  # kept, not written again
    assert sorted(work.rglob("*")) == [work / "media", first.parent, first]  # b's copy removed
    first.write_bytes(b"damaged")
    assert staged(image("a.png"), image("b.png")) == [first, second]
    assert first.read_bytes() == (project / "a.png").read_bytes()
    assert second.read_bytes() == (project / "b.png").read_bytes()


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_a_watch_rebuild_converts_the_edited_chapter_alone_and_lands_the_pdf_first(name, tmp_path, compiler,
                                                                                   monkeypatch):
    """After a chapter edit, pandoc gets that chapter's section alone (the other sections' typst markup
    and the frame are reused), the PDF lands before the DOCX, both show the edit, and the rebuild's
    outputs are a cold build's: the same typst source (every document: watch's put together from
    sections, the cold build's converted whole), the same PDF and DOCX text."""
    project, out = copy_example(EXAMPLES[name], tmp_path / "project"), tmp_path / "out"
    assert rebuild(project, out, FORMATS, compiler, quiet=True, verbose=False)
    names = sorted(p.name for p in out.iterdir() if p.is_file())
    pdf = out / next(n for n in names if n.endswith(".pdf") and is_concept(n, names))
    docx = pdf.with_suffix(".docx")

    import ikon_report.render.typst_parts as parts

    sections_converted: list[int] = []
    real = parts.pandoc

    def counting(args, stdin=None, **kwargs):  # noqa: ANN001, ANN202 - pandoc's signature
        sections_converted.append(stdin.count(parts.SEPARATOR) - 1 if isinstance(stdin, str) else -1)
        return real(args, stdin, **kwargs)

    monkeypatch.setattr(parts, "pandoc", counting)
    sentence = "Ein neuer Absatz, den watch sofort zeigt."
    chapter = sorted((project / "chapters").glob("*.md"))[1]
    chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    seen: list[tuple[bool, bool, bool]] = []  # per step: ok, the PDF shows the edit, the DOCX does

    def landed(ok: bool, _lines: list[str]) -> None:
        seen.append((ok, sentence in " ".join(body_text(pdf).split()), sentence in docx_text(docx)))

    assert rebuild(project, out, FORMATS, compiler, quiet=True, verbose=False, on_rebuild=landed)
    assert seen == [(True, True, False), (True, True, True)]
    assert sections_converted == [1]  # one call, one section; the second step reused everything

    cold = tmp_path / "cold"
    monkeypatch.undo()
    build(project, cold)
    warm_work, cold_work = _work(out), _work(cold)
    assert warm_work.keys() == cold_work.keys()
    for stem, folder in warm_work.items():
        assert (folder / "concept.typ").read_text(encoding="utf-8") == \
            (cold_work[stem] / "concept.typ").read_text(encoding="utf-8"), stem
        assert _media(folder) == _media(cold_work[stem]), stem  # the staged copies: kept ones are the same
    for path in (pdf, docx):
        read = pdf_text if path.suffix == ".pdf" else docx_text
        assert read(path) == read(cold / path.name), path.name
