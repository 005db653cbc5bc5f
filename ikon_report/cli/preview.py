"""``ikon-report preview``: the built documents on http://127.0.0.1:PORT, rebuilt on every change.

What ``mkdocs serve`` and ``quarto preview`` users expect: an index page lists the documents (PDF,
DOCX, the web edition) and shows one of them; it asks the server every half second which build it
shows, and reloads itself when a rebuild lands. A broken edit shows its ``path:line`` problems on the
page while the last good documents stay. Only loopback is served; only files of the output folder.
"""

from __future__ import annotations

import html
import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click

from ikon_report.cli.options import FORMATS, out_option, project_argument
from ikon_report.cli.watch import watch_project
from ikon_report.errors import UsageError

HOST = "127.0.0.1"
SHOWN = (".pdf", ".html", ".docx")
TYPES = {".pdf": "application/pdf", ".html": "text/html; charset=utf-8",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass
class State:
    """What the page shows: which build (a counter), whether it failed, and its problem lines."""

    build: int = 0
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def landed(self, ok: bool, problems: list[str]) -> None:
        with self.lock:
            self.build += 1
            self.ok, self.problems = ok, problems

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "ok": self.ok, "problems": self.problems}).encode()


def index_page(out: Path, state: State, shown: str | None) -> str:
    """The preview page: document list, problems of the last rebuild, the chosen document."""
    documents = sorted(p.name for p in out.iterdir() if p.is_file() and p.suffix in SHOWN) if out.is_dir() else []
    if shown not in documents:
        shown = next((d for d in documents if d.endswith(".html")), next(iter(documents), None))
    items = "".join(
        f'<li><a href="/?show={urllib.parse.quote(d)}"{" aria-current=page" if d == shown else ""}>{html.escape(d)}'
        f'</a> · <a href="/files/{urllib.parse.quote(d)}" download>herunterladen</a></li>' for d in documents)
    with state.lock:
        build, ok, problems = state.build, state.ok, list(state.problems)
    problem_box = "" if ok else (
        '<section id="problems" role="alert"><h2>Die letzte Änderung enthält Fehler – '
        'angezeigt wird der letzte gültige Stand</h2><pre>'
        + html.escape("\n".join(problems)) + "</pre></section>")
    frame = (f'<iframe id="document" title="{html.escape(shown)}" src="/files/{urllib.parse.quote(shown)}"></iframe>'
             if shown and not shown.endswith(".docx") else "<p>Kein Dokument zur Anzeige.</p>")
    return f"""<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Vorschau – ikon-report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ margin: 0; font-family: system-ui, sans-serif; display: grid; grid-template-columns: 20rem 1fr;
       height: 100vh; }}
nav {{ padding: 1rem; overflow: auto; border-right: 1px solid #ccc; }}
nav li {{ margin: .4rem 0; word-break: break-all; }}
main {{ display: flex; flex-direction: column; }}
iframe {{ flex: 1; border: 0; width: 100%; }}
#problems {{ background: #fff3f3; border-bottom: 2px solid #b00020; padding: 0 1rem; }}
#problems pre {{ white-space: pre-wrap; }}
</style></head>
<body data-build="{build}">
<nav aria-label="Dokumente"><h1>Vorschau</h1><p>Stand {build}</p><ul>{items}</ul></nav>
<main>{problem_box}{frame}</main>
<script>
const shown = {build};
async function poll() {{
  try {{
    const state = await (await fetch('/__status', {{cache: 'no-store'}})).json();
    if (state.build !== shown) {{ location.reload(); return; }}
  }} catch (e) {{ /* the server is restarting: try again */ }}
  setTimeout(poll, 500);
}}
setTimeout(poll, 500);
</script></body></html>"""


def make_handler(out: Path, state: State) -> type[BaseHTTPRequestHandler]:
    """A request handler serving the index, the build state and the files of ``out`` (nothing else)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/":
                shown = urllib.parse.parse_qs(url.query).get("show", [None])[0]
                self._send(index_page(out, state, shown).encode(), "text/html; charset=utf-8")
            elif url.path == "/__status":
                self._send(state.as_json(), "application/json")
            elif url.path.startswith("/files/"):
                name = urllib.parse.unquote(url.path.removeprefix("/files/"))
                file = out / name
                if "/" in name or name.startswith(".") or not file.is_file() or file.suffix not in SHOWN:
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
                self._send(file.read_bytes(), TYPES[file.suffix])
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _send(self, body: bytes, content_type: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
            pass  # quiet: the terminal shows the builds

    return Handler


def serve(root: Path, out: Path, port: int, *, stop: threading.Event | None = None, quiet: bool = True) -> None:
    """Build, serve ``out`` on 127.0.0.1:``port`` and rebuild on changes until ``stop`` (or Ctrl-C)."""
    state = State()
    try:
        server = ThreadingHTTPServer((HOST, port), make_handler(out.resolve(), state))
    except OSError as exc:
        raise UsageError(f"cannot serve on {HOST}:{port}: {exc.strerror}; choose another --port") from exc
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    click.echo(f"preview on http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)", err=True)
    try:
        watch_project(root, out, formats=FORMATS, quiet=quiet, stop=stop, on_rebuild=state.landed)
    finally:
        server.shutdown()
        server.server_close()


@click.command()
@project_argument()
@out_option()
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("-v", "--verbose", is_flag=True, help="Show each build's progress.")
def preview(project: Path, out: Path | None, port: int, verbose: bool) -> None:
    """Serve PROJECT's documents on http://127.0.0.1:PORT and rebuild them on every change; the open
    page reloads when a rebuild lands and shows the problems of a broken edit."""
    if not project.is_dir():
        raise UsageError(f"{project} is not a folder; preview needs the project folder (with ikon.yaml)")
    try:
        serve(project, out or project / "build", port, quiet=not verbose)
    except KeyboardInterrupt:
        click.echo("stopped the preview", err=True)
