"""Regression tests for issue 10 (input side): nothing read from outside the project, nothing
injected into typst, limits with ``path:line`` messages, long words and line breaks kept.

Each test carries the reproduction from the issue (its number in the name). Checks run
``load_project`` (what ``ikon-report check`` runs); where the issue names a command, the real CLI
runs too, with a timeout so that a regression fails instead of hanging.
"""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from itertools import pairwise
from pathlib import Path

import pytest
from PIL import Image
from project_helpers import CHAPTER, add_to_chapter, concept_of, set_value, small_project

from conftest import CLI, ROOT, body_text, docx_text, pdf_text, require_tool
from ikon_report import escaping, resources
from ikon_report.build import build
from ikon_report.errors import InvalidProject, ToolError
from ikon_report.project import limits
from ikon_report.project.validate import load_project
from ikon_report.tools import Typst

CANARY = "CANARY-7f3a-nothing-outside-the-project"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return small_project(tmp_path / "project")


def problems_of(root: Path) -> list[str]:
    """Every problem ``check`` reports, as ``path:line: severity: message``; [] if the project is valid."""
    try:
        load_project(root)
    except InvalidProject as exc:
        return [str(p) for p in exc.problems]
    return []


def cli(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout, check=False)


def assert_refused(proc: subprocess.CompletedProcess, *expected: str) -> None:
    """Exit 1, no traceback, and each ``expected`` text in the printed problems."""
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    for text in expected:
        assert text in proc.stderr, proc.stderr


def png(path: Path, size: tuple[int, int], colour: str = "red") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)
    return path


def pdf_image_sizes(pdf: Path) -> set[tuple[int, int]]:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return {(int(obj.Width), int(obj.Height)) for obj in doc.objects
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"}


def docx_parts(docx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as z:
        return {name: z.read(name) for name in z.namelist()}


# --- 1: nothing reaches typst unescaped ---------------------------------------------------------

ISSUE_1_WIDTH = "1cm) #text(fill: red)[INJECTED] #raw(read(\"/etc/passwd\")) #box(width: 1cm"


def test_1_image_attributes_are_parsed_as_lengths(project):
    absolute = (project / "assets" / "logo.png").resolve()
    [issue_line, relative_line] = add_to_chapter(project, f"![Logo]({absolute}){{width='{ISSUE_1_WIDTH}'}}",
                                                 f"![Logo](../assets/logo.png){{width='{ISSUE_1_WIDTH}'}}")
    found = problems_of(project)
    assert f"{CHAPTER}:{issue_line}: error: chapter ch-einleitung: image '{absolute}' is an absolute path" in \
        "\n".join(found)
    assert sum(f"{CHAPTER}:{issue_line}:" in p for p in found) == 2  # the path and the width
    assert any(p.startswith(f"{CHAPTER}:{relative_line}: error: ") and "width '1cm) #text" in p
               and "is not a length" in p for p in found), found


@pytest.mark.parametrize(("value", "typst"), [("70%", "70%"), ("8cm", "8cm"), (" 2.5 in", "2.5in"), ("100", "75pt"),
                                              ("40px", "30pt"), ("1inch", "1in"), ("12.5mm", "12.5mm")])
def test_1_lengths_become_typst_lengths(value, typst):
    assert escaping.length_problem(value) == ""
    assert escaping.typst_length(value) == typst


@pytest.mark.parametrize("value", [ISSUE_1_WIDTH, "0", "-1cm", "101%", "51cm", "2em", "1cm 2cm", "calc(1cm)", ""])
def test_1_other_sizes_are_refused(value):
    assert escaping.length_problem(value)
    with pytest.raises(ValueError):
        escaping.typst_length(value)


def test_1_strings_and_labels_are_escaped():
    image = {"t": "Image", "c": [["", [], [["width", "50%"]]], [{"t": "Str", "c": 'a"\\) #panic()'}],
                                  ['x".png) #panic(', ""]]}
    span = {"t": "Span", "c": [["q> #panic() <z", ["id"], []], [{"t": "Str", "c": "x"}]]}
    [para] = escaping.for_typst([{"t": "Para", "c": [image, span]}])
    code = "".join(n["c"][1] for n in para["c"] if n["t"] == "RawInline")
    assert code.startswith('#image("x\\".png) #panic(", alt: "a\\"\\\\) #panic()", width: 50%)')
    assert '#label("q> #panic() <z")' in code
    assert escaping.typst_string("\n\t\"\\\x01") == '"\\n\\t\\"\\\\\\u{1}"'


def test_1_the_lua_filter_copies_no_attribute_into_typst():
    """The filter only maps Div classes to constant calls; images and ids are built in Python. A
    condition may look at a Div's attributes (a Div that only names a Word style is passed through as
    its content); no value of them is ever written."""
    lua = resources.template("typst-filter.lua").read_text(encoding="utf-8")
    lines = [line for line in lua.splitlines() if not line.lstrip().startswith("--")]
    conditions = [line for line in lines if re.match(r"\s*(if|elseif)\b.*\bthen\s*$", line)]
    assert conditions and not any("RawBlock" in line or "Raw" in line for line in conditions)
    code = "\n".join(line for line in lines if line not in conditions)
    for attribute in ("attributes", "identifier", ".src", "caption", "stringify", "text"):
        assert attribute not in code, attribute


def test_1_typst_reads_nothing_outside_its_staging_folder(tmp_path):
    """typst's root is the folder of the document (the staging folder), never '/'."""
    (tmp_path / "canary.txt").write_text(CANARY, encoding="utf-8")
    stage = tmp_path / "stage"
    stage.mkdir()
    compiler = Typst(resources.font_dirs())
    (stage / "inside.txt").write_text("drinnen", encoding="utf-8")
    main = stage / "doc.typ"
    main.write_text('#set document(title: "T")\n#set text(lang: "de")\n#read("inside.txt")\n', encoding="utf-8")
    assert compiler.pdf(main, 0).startswith(b"%PDF")  # the control: a file of the stage is read
    for path in (str(tmp_path / "canary.txt"), "../canary.txt", "/canary.txt"):
        main = stage / "doc.typ"
        main.write_text(f'#set document(title: "T")\n#set text(lang: "de")\n#read("{path}")\n', encoding="utf-8")
        with pytest.raises(ToolError):
            compiler.pdf(main, 0)


# --- 2 and 3: chapter images ----------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> dict[str, Path]:
    """Files outside the project: a secret text and a real PNG."""
    folder = tmp_path / "x"
    folder.mkdir()
    secret = folder / "secret.txt"
    secret.write_text(CANARY, encoding="utf-8")
    return {"secret": secret, "png": png(folder / "outside.png", (97, 31), "green")}


def test_2_chapter_images_must_be_files_of_the_project(project, outside):
    (project / "assets" / "link.png").symlink_to(outside["png"])
    up = "../" * (len(project.resolve().parts) + 1)
    targets = {
        "/etc/passwd": "is an absolute path",
        f"{up}{str(outside['secret'].resolve()).lstrip('/')}": "is outside the project folder",
        str(outside["png"]): "is an absolute path",
        "../assets/link.png": "is outside the project folder",
        f"file://{outside['png']}": "is a file address",
        "../ikon.yaml": "is not a PNG or JPEG file",
        "bilder/fehlt.png": "not found in the project",
    }
    lines = add_to_chapter(project, *(f"![Bild]({target})" for target in targets))
    found = problems_of(project)
    for line, (target, message) in zip(lines, targets.items(), strict=True):
        assert f"{CHAPTER}:{line}: error: chapter ch-einleitung: image '{target}' {message}" in "\n".join(found)
    assert len(found) == len(targets), found
    out = project.parent / "out"
    assert_refused(cli("build", str(project), "--out", str(out), "-q", "--format", "docx"), "/etc/passwd")
    assert not list(out.glob("*.docx"))


def test_2_project_templates_and_fonts_must_not_lead_outside(project, outside):
    (project / "templates").mkdir()
    (project / "templates" / "concept.typ").symlink_to(outside["secret"])
    (project / "assets" / "fonts").symlink_to(outside["secret"].parent, target_is_directory=True)
    assert problems_of(project) == [
        "assets/fonts:1: error: 'assets/fonts' is a link to outside the project folder; copy the file (or folder) "
        "into the project instead",
        "templates/concept.typ:1: error: 'templates/concept.typ' is a link to outside the project folder; copy the "
        "file (or folder) into the project instead"]
    # typst searches font folders recursively: a link deeper down is refused too
    (project / "assets" / "fonts").unlink()
    (project / "assets" / "fonts" / "extra").mkdir(parents=True)
    (project / "assets" / "fonts" / "extra" / "Schrift.ttf").symlink_to(outside["secret"])
    (project / "templates" / "concept.typ").unlink()
    assert problems_of(project) == [
        "assets/fonts/extra/Schrift.ttf:1: error: 'assets/fonts/extra/Schrift.ttf' is a link to outside the project "
        "folder; copy the file (or folder) into the project instead"]


def test_3_relative_chapter_images_show_in_docx_and_pdf(project, compiler):
    beside = png(project / "chapters" / "bilder" / "plan.png", (123, 45), "navy")
    assets = png(project / "assets" / "karte.jpg", (67, 89), "olive")
    add_to_chapter(project, "![Ein Plan neben dem Kapitel](bilder/plan.png){width=40%}",
                   "![Eine Karte aus den Assets](../assets/karte.jpg){width=5cm height=6cm}")
    out = project.parent / "out"
    build(project, out, compiler=compiler)
    concept = next(out.glob("IKON-Teststadt-*.pdf"))
    assert {(123, 45), (67, 89)} <= pdf_image_sizes(concept)
    media = docx_parts(next(out.glob("IKON-Teststadt-*.docx")))
    assert beside.read_bytes() in media.values() and assets.read_bytes() in media.values()
    # pandoc and typst only saw the staging folder: the typst source names staged copies
    typ = next(out.glob(".cache/work/IKON-Teststadt-*/concept.typ")).read_text(encoding="utf-8")
    assert str(project) not in typ and re.search(r'#image\("media/[0-9a-f]{20}/plan\.png", alt: "Ein Plan', typ)


# --- 9: deep nesting ------------------------------------------------------------------------------


def test_9_deep_quotes_and_lists_are_errors_at_their_line(project):
    [quote_line] = add_to_chapter(project, ">" * 3000 + " tief")
    body = "\n".join("  " * i + f"- Ebene {i}" for i in range(500))
    [list_line] = add_to_chapter(project, body)
    found = problems_of(project)
    assert found == [
        f"{CHAPTER}:{quote_line}: error: chapter ch-einleitung: block quotes nested more than "
        f"{limits.QUOTE_DEPTH} deep ('>' markers)",
        f"{CHAPTER}:{list_line + 21}: error: chapter ch-einleitung: line indented by 42 columns, more than "
        f"{limits.INDENT_COLUMNS}; lists may not nest this deep"]


def test_9_nesting_pandoc_reads_but_python_could_not_decode(project):
    """2,000 nested emphasis marks pass the line scan; the decoded depth is still limited."""
    [line] = add_to_chapter(project, "*_" * 2000 + "x" + "_*" * 2000)
    assert problems_of(project) == [f"{CHAPTER}:{line}: error: chapter ch-einleitung: elements nested more than "
                                    f"{limits.NESTING} deep; flatten the quotes, lists or divs"]


def test_9_nested_brackets_are_refused_before_pandoc(project):
    """Ten nested '[' took pandoc 21 s, twenty more than a minute and 6 GB."""
    [line] = add_to_chapter(project, "[" * 20 + "x" + "]{.a}" * 20)
    proc = cli("check", str(project), timeout=60)
    assert_refused(proc, f"{CHAPTER}:{line}: error: chapter ch-einleitung: brackets '[' nested more than 3 deep")


def test_9_nesting_within_the_limits_builds(project, compiler):
    lists = "\n".join("  " * i + f"- Ebene {i}" for i in range(15))
    add_to_chapter(project, "> " * limits.QUOTE_DEPTH + "Zitat", lists, "[[[*Klammer*]]]{.x}")
    out = project.parent / "out"
    build(project, out, compiler=compiler)
    text = pdf_text(next(out.glob("IKON-Teststadt-*.pdf")))
    assert "Zitat" in text and "Ebene 14" in text and "Klammer" in text


# --- 10 and 16: image files -----------------------------------------------------------------------


def _bomb_png(path: Path, side: int) -> Path:
    """A one-bit PNG of ``side`` × ``side`` pixels, a few hundred KB on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", data) + chunk(b"IEND", b""))
    return path


def test_10_magic_bytes_only_are_no_image(project):
    (project / "assets" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (project / "assets" / "photo.png").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JF")
    proc = cli("check", str(project))
    assert_refused(proc, "ikon.yaml:11: error: image 'assets/logo.png' is damaged or incomplete",
                   "data/conference.yaml:24: error: image 'assets/photo.png' is damaged or incomplete")


def test_16_pixel_dimensions_are_read_before_decoding(project):
    _bomb_png(project / "assets" / "photo.png", 65_000)
    assert (project / "assets" / "photo.png").stat().st_size < 1_000_000
    proc = cli("check", str(project), timeout=60)
    assert_refused(proc, "data/conference.yaml:24: error: image 'assets/photo.png' has more than 50,000,000 pixels")
    png(project / "assets" / "photo.png", (20_001, 10), "white")
    assert problems_of(project) == ["data/conference.yaml:24: error: image 'assets/photo.png' has 20001 × 10 pixels, "
                                    "more than 50,000,000 pixels or a side over 20,000; reduce it"]


# --- 11: long city names --------------------------------------------------------------------------


def test_11_long_city_names_give_bounded_file_names(project, compiler):
    city = "Groß-" + "Ümlautstadt-an-der-langen-Straße-" * 10
    set_value(project, "ikon.yaml", ["city"], city)
    assert len(city) >= 220
    out = project.parent / "out"
    result = build(project, out, compiler=compiler)
    names = sorted(p.name for p in result.written)
    assert {Path(n).suffix for n in names} == {".docx", ".pdf", ".html"}
    assert all(len(name.encode("utf-8")) < 160 for name in names), names
    assert all("Groß-Ümlautstadt" in name for name in names)
    assert city in docx_text(next(out.glob("IKON-Groß*.docx"))).replace("\n", "")


# --- 14: chapter ids ------------------------------------------------------------------------------


def test_14_chapter_ids_must_not_take_generated_ids(project):
    second = project / "chapters" / "02-weiter.md"
    second.write_text("---\nid: ch-weiter\ntitle: Weiter\norder: 2\n---\n\n## Ziele {#ziele}\n", encoding="utf-8")
    lines = add_to_chapter(project, "## T {#M-01}", "## Tab Übersicht", "[Text]{#ch-weiter}", "## Z {#ziele}")
    found = problems_of(project)
    assert found == [
        f"{CHAPTER}:{lines[0]}: error: chapter ch-einleitung: the id 'M-01' is already the id of "
        "data/measures.yaml:2 (measure M-01); give this heading, div or span another id with {#…}",
        f"{CHAPTER}:{lines[1]}: error: chapter ch-einleitung: the id 'tab-übersicht' starts with 'tab-', which is "
        "kept for generated sections, figures and tables; give it another id with {#…}",
        f"{CHAPTER}:{lines[2]}: error: chapter ch-einleitung: the id 'ch-weiter' is already the id of "
        "chapters/02-weiter.md:2 (chapter ch-weiter); give this heading, div or span another id with {#…}",
        "chapters/02-weiter.md:7: error: chapter ch-weiter: the id 'ziele' is already the id of "
        f"{CHAPTER}:{lines[3]} (chapter ch-einleitung); give this heading, div or span another id with {{#…}}"]


# --- 15 and 19: YAML limits -----------------------------------------------------------------------

BOMB = "".join([
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n',
    *(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n" for prev, name in zip("abcdefgh", "bcdefghi",
                                                                                           strict=True))])


def test_15_alias_bombs_are_refused_at_their_line(project):
    assert len(BOMB.encode()) < 470
    measures = project / "data" / "measures.yaml"
    text = measures.read_text(encoding="utf-8").replace("    description: Monatliche Begegnungsformate in vier "
                                                        "Quartieren.\n", "    description: *i\n")
    text = "lol:\n" + "".join("  " + line + "\n" for line in BOMB.splitlines()) + text
    measures.write_text(text, encoding="utf-8")
    use = text.splitlines().index("    description: *i") + 1
    (project / "data" / "bomb.yaml").write_text(BOMB + "services: []\n", encoding="utf-8")
    proc = cli("check", str(project), timeout=60)
    assert_refused(proc, "data/bomb.yaml:9: error: aliases ('*name') expand this file by 490,329,036 values, more "
                   "than the 10,000 allowed", f"data/measures.yaml:{use}: error: aliases ('*name') expand this file")


def test_15_ordinary_anchors_still_work(project):
    measures = project / "data" / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    measures.write_text(text.replace("partners: [Quartiersmanagement]", "partners: &p [Quartiersmanagement]"),
                        encoding="utf-8")
    assert problems_of(project) == []


def test_19_file_and_text_sizes_are_limited(project):
    big = project / "data" / "big.yaml"
    big.write_text("services:\n" + "# Füllzeile\n" * (50 * 1024 * 1024 // 13), encoding="utf-8")
    set_value(project, "data/measures.yaml", ["measures", 0, "description"], "x" * 200_000)
    (project / "chapters" / "03-lang.md").write_text("---\nid: ch-lang\ntitle: Lang\norder: 3\n---\n\n"
                                                    + "Wort " * 120_000, encoding="utf-8")
    chapter_size = limits.size((project / "chapters" / "03-lang.md").stat().st_size)
    proc = cli("check", str(project), timeout=60)
    assert_refused(proc, "data/big.yaml:1: error: the file is 50 MB, more than the 5 MB it may have; split it",
                   f"chapters/03-lang.md:1: error: the file is {chapter_size}, more than the 512 KB it may have",
                   "data/measures.yaml:6: error: a text of 200,000 characters, more than the 100,000 a value may have")


# --- 20: numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1e400", ".inf", "-1e999"])
def test_20_infinite_numbers_are_errors(project, value):
    indicators = project / "data" / "indicators.yaml"
    indicators.write_text(indicators.read_text(encoding="utf-8").replace("target: 1200", f"target: {value}"),
                          encoding="utf-8")
    [problem] = problems_of(project)
    assert problem.startswith("data/indicators.yaml:10: error: indicator I-01: 'target' should be a finite number")


# --- 23 and 24: long words, line breaks, quotation marks -----------------------------------------


def test_23_only_runs_typst_cannot_break_get_break_opportunities():
    name = "IKON-Angebotskatalog-Groß-Ümlautstadt-an-der-Weser-v0.9-Entwurf.pdf"
    link = "https://www.example.org/" + "/".join(["abschnitt"] * 8) + "?seite=2"
    run = "c//d..." + "x" * 95 + "/*"
    for word, breaks in ((name, 0), (link, 0), (run, 4)):
        [para] = escaping.for_typst([{"t": "Para", "c": [{"t": "Str", "c": word}]}])
        parts = [n["c"] if n["t"] == "Str" else n["c"][1] for n in para["c"]]
        assert "".join(parts).replace("\u200b", "").replace("\\", "") == word
        assert "".join(parts).count("\u200b") == breaks, parts
        # pieces never meet where typst would read markup ('//', '/*', '...') across two of them
        assert all(not (a.endswith("/") and b.startswith(("/", "*"))) for a, b in pairwise(parts))


def _words_inside_pages(pdf: Path) -> list[str]:
    """Words whose box reaches past the right edge of their page."""
    exe = require_tool("pdftotext")
    html = subprocess.run([exe, "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    outside = []
    for width, page in re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', html, re.S):
        outside += [w for x, w in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</word>',
                                             page) if float(x) > float(width)]
    return outside


def test_23_24_long_words_break_and_text_keeps_its_lines(project, compiler):
    word = "".join(chr(ord("a") + i % 26) for i in range(6000))
    set_value(project, "data/measures.yaml", ["measures", 0, "description"], f"Anfang {word} Ende")
    set_value(project, "data/services.yaml", ["services", 0, "address"], "Musterstraße 1\n00000 Teststadt")
    set_value(project, "data/services.yaml", ["services", 0, "opening_hours"], "Mo\tDi 9–12 Uhr\nDo 14–18 Uhr")
    set_value(project, "data/measures.yaml", ["measures", 0, "goal"], "Menschen\tbegegnen sich\nregelmäßig.")
    add_to_chapter(project, 'Sie sagte "Willkommen in der Stadt" und \'bitte\'.')
    out = project.parent / "out"
    build(project, out, compiler=compiler)
    concept_pdf, catalogue_pdf = next(out.glob("IKON-Teststadt-*.pdf")), next(out.glob("IKON-Angebots*.pdf"))
    # 23: the word breaks (nothing beyond the page edge) and every character is there
    assert _words_inside_pages(concept_pdf) == []
    assert word in re.sub(r"[\s\u200b\u00ad-]", "", body_text(concept_pdf))  # (typst may hyphenate)
    assert word in docx_text(next(out.glob("IKON-Teststadt-*.docx")))
    # 24: line breaks kept where the field allows them, tabs and other line breaks are spaces
    catalogue_docx = docx_text(next(out.glob("IKON-Angebots*.docx")))
    assert "Musterstraße 1\n00000 Teststadt" in catalogue_docx and "Mo Di 9–12 Uhr\nDo 14–18 Uhr" in catalogue_docx
    lines = pdf_text(catalogue_pdf).splitlines()
    for first, second in (("Musterstraße 1", "00000 Teststadt"), ("Mo Di 9–12 Uhr", "Do 14–18 Uhr")):
        assert [line for line in lines if first in line and second not in line], (first, lines)
        assert [line for line in lines if second in line and first not in line], (second, lines)
    concept_docx = docx_text(next(out.glob("IKON-Teststadt-*.docx")))
    assert "Menschen begegnen sich regelmäßig." in concept_docx
    assert "Menschen begegnen sich regelmäßig." in " ".join(pdf_text(concept_pdf).split())
    # 24: German quotation marks in both formats
    quote = "Sie sagte „Willkommen in der Stadt“ und ‚bitte‘."
    assert quote in concept_docx
    assert quote in " ".join(pdf_text(concept_pdf).split())


def test_24_staged_images_are_the_only_files_pandoc_sees(project, compiler):
    """The DOCX's media are exactly the staged copies (logo excepted: the frame embeds it)."""
    out = project.parent / "out"
    build(project, out, compiler=compiler, formats=("docx",))
    staged = {p.read_bytes() for p in out.glob(".cache/work/IKON-Teststadt-*/media/*/*")}
    media = [data for name, data in docx_parts(next(out.glob("IKON-Teststadt-*.docx"))).items()
             if name.startswith("word/media/")]
    assert media and all(data in staged for data in media)
    assert Image.open(io.BytesIO(media[0])).format == "PNG"


# --- both example projects ----------------------------------------------------------------------

EXAMPLES = {"minden": ROOT, "lindenfeld": ROOT / "examples" / "lindenfeld"}


def copy_example(name: str, dst: Path) -> Path:
    """The example's sources (settings, data, chapters, images), without the tool around Minden."""
    src = EXAMPLES[name]
    dst.mkdir()
    shutil.copy2(src / "ikon.yaml", dst / "ikon.yaml")
    for folder in [f for f in ("data", "chapters", "assets", "i18n") if (src / f).is_dir()]:
        shutil.copytree(src / folder, dst / folder, symlinks=True)
    return dst


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_examples_confine_chapter_images_and_show_relative_ones(name, tmp_path, compiler, outside):
    root = copy_example(name, tmp_path / name)
    chapter = sorted((root / "chapters").glob("*.md"))[1]
    rel = chapter.relative_to(root).as_posix()
    plan = png(root / "chapters" / "bilder" / "plan.png", (111, 37), "maroon")
    text = chapter.read_text(encoding="utf-8").rstrip("\n")
    logo = sorted((root / "assets" / "images").glob("*.png"))[0].name
    bad = [f"![Logo](../assets/images/{logo}){{width='{ISSUE_1_WIDTH}'}}", f"![Geheim]({outside['secret']})",
           "![Geheim](../../x/secret.txt)"]
    chapter.write_text(text + "\n\n" + "\n\n".join(bad) + "\n", encoding="utf-8")
    found = problems_of(root)
    lines = chapter.read_text(encoding="utf-8").splitlines()
    assert [p.split(":")[:2] for p in found] == [[rel, str(lines.index(line) + 1)] for line in bad], found
    chapter.write_text(text + "\n\n![Ein Plan neben dem Kapitel](bilder/plan.png){width=30%}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = build(root, out, compiler=compiler)
    assert (111, 37) in pdf_image_sizes(concept_of(result.written, ".pdf"))
    docx = concept_of(result.written, ".docx")
    assert plan.read_bytes() in docx_parts(docx).values()
