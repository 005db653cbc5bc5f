"""``ikon-report watch``: rebuilds on change, keeps the last good output when an edit breaks the
project (and says where), and stops cleanly on Ctrl-C."""

from __future__ import annotations

import queue
import signal
import subprocess
import threading
import time

from project_helpers import cli, concept_of, small_project

from conftest import docx_text

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
