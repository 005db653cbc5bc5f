"""``ikon-report preview``: serves the built documents on loopback, rebuilds on change, and the open
page in headless Chromium reloads and shows the new text; a broken edit shows its path:line problems
on the page and keeps the last good documents."""

from __future__ import annotations

import re
import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from project_helpers import small_project
from web_helpers import chromium

from conftest import CLI

TITLE = "title: Migrationsberatung"


@pytest.fixture(scope="module")
def browser() -> Iterator:
    yield from chromium()


class Preview:
    """The real command in a child process; its stderr read in the background."""

    def __init__(self, project: Path, out: Path) -> None:
        self.proc = subprocess.Popen([*CLI, "preview", str(project), "--out", str(out), "--port", "0"],
                                     stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 240) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if found := re.search(pattern, line):
                    return found
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"no line matching {pattern!r}; stderr so far:\n" + "\n".join(self.lines))

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _wait(condition, timeout: float = 240, what: str = "") -> None:  # noqa: ANN001 - a callable
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _frame_text(browser) -> str:  # noqa: ANN001 - a WebDriver
    """The text of the document shown in the page ("" while the page reloads)."""
    from selenium.common.exceptions import WebDriverException

    try:
        browser.switch_to.default_content()
        frames = browser.find_elements("css selector", "iframe#document")
        if not frames:
            return ""
        browser.switch_to.frame(frames[0])
        text = str(browser.find_element("tag name", "body").text)
    except WebDriverException:
        return ""
    finally:
        browser.switch_to.default_content()
    return text


def _build(browser) -> str:  # noqa: ANN001 - a WebDriver
    """Which build the open page shows."""
    return str(browser.execute_script("return document.body ? document.body.dataset.build : ''"))


def test_preview_reloads_after_an_edit_and_shows_problems(browser, tmp_path: Path):
    project = small_project(tmp_path / "p")
    services = project / "data" / "services.yaml"
    assert TITLE in services.read_text(encoding="utf-8")
    preview = Preview(project, tmp_path / "out")
    try:
        port = preview.wait_for(r"preview on http://127\.0\.0\.1:(\d+)/").group(1)
        url = f"http://127.0.0.1:{port}/"
        preview.wait_for(r"^watching ")
        browser.get(url)
        documents = [a.text for a in browser.find_elements("css selector", "nav li a:first-child")]
        assert any(d.endswith(".pdf") for d in documents) and any(d.endswith(".html") for d in documents)
        _wait(lambda: "Migrationsberatung" in _frame_text(browser), what="the web edition in the page")
        first = _build(browser)

        services.write_text(services.read_text(encoding="utf-8").replace(TITLE, f"{TITLE} im Stadtteilbüro"),
                            encoding="utf-8")
        _wait(lambda: _build(browser) not in ("", first),
              what="the page to reload after the rebuild")
        _wait(lambda: "Migrationsberatung im Stadtteilbüro" in _frame_text(browser), what="the new text")
        pdf = next(p for p in (tmp_path / "out").glob("IKON-Angebotskatalog-*.pdf"))
        with urllib.request.urlopen(url + "files/" + pdf.name) as response:  # noqa: S310 - loopback
            assert response.read(5) == b"%PDF-"

        second = _build(browser)
        services.write_text(services.read_text(encoding="utf-8").replace("    provider:", "    provder:", 1),
                            encoding="utf-8")
        _wait(lambda: _build(browser) not in ("", second),
              what="the page to reload after the broken edit")
        _wait(lambda: bool(browser.find_elements("css selector", "#problems")), what="the problems on the page")
        problems = browser.find_element("css selector", "#problems").text
        assert re.search(r"data/services\.yaml:\d+: error: .*'provder'", problems), problems
        assert "Migrationsberatung im Stadtteilbüro" in _frame_text(browser)  # the last good documents stay
        with pytest.raises(urllib.error.HTTPError):  # nothing outside the output folder is served
            urllib.request.urlopen(url + "files/..%2Fp%2Fikon.yaml")  # noqa: S310 - loopback
    finally:
        preview.stop()
    assert preview.proc.returncode in (0, 130, -signal.SIGINT), preview.lines
