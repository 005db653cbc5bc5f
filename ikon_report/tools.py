"""External tools in one place: pandoc (via pypandoc-binary), typst (in-process), LibreOffice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from ikon_report.errors import ToolError

MARKDOWN = "markdown-raw_html-raw_tex-raw_attribute-latex_macros-tex_math_dollars-implicit_figures"


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def pandoc(args: list[str], stdin: str | bytes | None = None, keep: Path | None = None,
           timeout: float | None = None) -> bytes:
    """Run the bundled pandoc; raise ``ToolError`` with its message on failure (or after
    ``timeout`` seconds).

    ``keep`` (a path without suffix) leaves the input and the arguments next to the outputs as
    ``NAME.pandoc.json`` and ``NAME.pandoc-args.json``, for inspection and the benchmark's floor.
    """
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    if keep is not None:
        keep.parent.mkdir(parents=True, exist_ok=True)
        Path(f"{keep}.pandoc.json").write_bytes(data or b"")
        Path(f"{keep}.pandoc-args.json").write_text(json.dumps(args, ensure_ascii=False), encoding="utf-8")
    try:
        proc = subprocess.run([pandoc_path(), *args], input=data, capture_output=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise ToolError(f"pandoc {' '.join(args[:4])} did not finish within {timeout:g} s") from exc
    if proc.returncode != 0:
        raise ToolError(f"pandoc {' '.join(args[:4])} failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout


LAYOUT = "<ikon-layout>"  # metadata label of the templates' layout summary


def layout_file(main: Path) -> Path:
    """Where ``Typst.pdf`` leaves the layout summary of ``main``."""
    return main.with_suffix(".layout.json")


class Typst:
    """A reused in-process typst compiler with the project's fonts only. Each document's root (the
    only folder typst may read) is the folder of its main file: the edition's staging folder."""

    def __init__(self, font_dirs: list[Path]) -> None:
        import typst

        self._typst = typst
        self.fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                                 font_paths=[str(d) for d in font_dirs])
        self._compilers: dict[Path, typst.Compiler] = {}

    def pdf(self, main: Path, timestamp: int) -> bytes:
        """The PDF; where the document has ``<ikon-layout>`` metadata (pages of headings and
        figures, see the templates), its value is also written to ``MAIN.layout.json``."""
        layout_file(main).unlink(missing_ok=True)
        root = main.parent.resolve()
        compiler = self._compilers.get(root)
        if compiler is None:
            compiler = self._compilers[root] = self._typst.Compiler(root=str(root), font_paths=self.fonts,
                                                                    ignore_system_fonts=True)
        try:
            pdf = compiler.compile(input=str(root / main.name), format="pdf", pdf_standards="ua-1",
                                   timestamp=timestamp)
        except self._typst.TypstError as exc:
            raise ToolError(f"typst: {exc.message}\n{exc.diagnostic}\n" + "\n".join(exc.hints)) from exc
        if not isinstance(pdf, bytes):  # a list (one image per page) only for png and svg
            raise ToolError(f"typst returned no PDF for {main}")
        try:  # cheap: the query reuses the compile's caches
            layout = compiler.query(LAYOUT, field="value", one=True)
        except (self._typst.TypstError, RuntimeError):  # RuntimeError: no such element
            return pdf  # a template without the metadata
        layout_file(main).write_text(layout if isinstance(layout, str) else json.dumps(layout), encoding="utf-8")
        return pdf


class TypstProcess:
    """typst in a child process per document, for one-shot builds: a large compile's memory
    (typst's caches are process-wide and never shrink) is returned when the child ends, and the
    compile runs beside the DOCX work. Sources under ``small`` bytes compile in-process (no child
    to start; their memory is small). Same interface, root and errors as ``Typst``."""

    def __init__(self, font_dirs: list[Path], small: int = 512 * 1024) -> None:
        self.font_dirs, self.small = font_dirs, small
        self._here: Typst | None = None

    def pdf(self, main: Path, timestamp: int) -> bytes:
        if main.stat().st_size < self.small:
            self._here = self._here or Typst(self.font_dirs)
            return self._here.pdf(main, timestamp)
        fonts = os.pathsep.join(map(str, self.font_dirs))
        proc = subprocess.run([sys.executable, "-m", "ikon_report.tools", "typst", str(main), str(timestamp),
                               fonts], capture_output=True, check=False)
        if proc.returncode == 2:
            error = json.loads(proc.stderr)
            raise ToolError(f"typst: {error['message']}\n{error['diagnostic']}\n" + "\n".join(error["hints"]))
        if proc.returncode != 0:
            raise ToolError(f"typst failed: {proc.stderr.decode(errors='replace').strip()}")
        return proc.stdout


Compiler = Typst | TypstProcess


def _typst_child(main: str, timestamp: str, font_dirs: str) -> int:
    """``python -m ikon_report.tools typst MAIN TIMESTAMP FONTS``: the PDF on stdout."""
    if sys.platform == "linux":  # end with the build, even if it is killed
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    import typst

    try:
        pdf = Typst([Path(d) for d in font_dirs.split(os.pathsep)]).pdf(Path(main), int(timestamp))
    except ToolError as exc:
        cause = exc.__cause__
        sys.stderr.write(json.dumps({"message": cause.message, "diagnostic": cause.diagnostic,
                                     "hints": list(cause.hints)} if isinstance(cause, typst.TypstError)
                                    else {"message": str(exc), "diagnostic": "", "hints": []}))
        return 2
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__" and sys.argv[1:2] == ["typst"]:
    sys.exit(_typst_child(*sys.argv[2:5]))
