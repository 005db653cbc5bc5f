"""The translation round trip: every translatable text as XLIFF 1.1 (translate-toolkit) and back.

Export writes one ``trans-unit`` per text (``project/translations.py``): id ``services/S-001/title``,
the German ``source``, the ``target`` with its state (``new``, ``translated``,
``needs-review-translation`` when the German text changed since) and a note with the record, key
and ``path:line``. Import merges the targets into the data files (``exchange/yaml_edit.py``), with
the hash of the German text each was translated from, validates the merged project as ``check``
would, and writes nothing on any error; the files it changes are replaced together (``write_data``).
An unchanged file changes nothing. docs/translations.md.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from lxml import etree
from translate.storage import xliff

from ikon_report.errors import InvalidProject, Problem
from ikon_report.exchange.archive import MiB
from ikon_report.exchange.limits import XLIFF_BYTES
from ikon_report.exchange.yaml_edit import apply, set_top, set_value
from ikon_report.output_set import write_data
from ikon_report.project import model as m
from ikon_report.project.sources import LDict, LList, load_sources, parse_yaml, replace_file
from ikon_report.project.translation_units import HASHES, NEW, OUTDATED, Unit, languages, source_hash, split, units
from ikon_report.project.validate import validate

STATES = {NEW: "new", "translated": "translated", OUTDATED: "needs-review-translation"}


def export_xliff(p: m.IkonProject, lang: str) -> tuple[bytes, list[Unit]]:
    """The XLIFF file for ``lang`` and the units in it."""
    store: xliff.xlifffile = xliff.xlifffile(sourcelanguage="de", targetlanguage=lang)
    all_units = units(p, lang)
    store.getfilenode("NoName").set("original", f"ikon-report/{p.project.city}")
    for u in all_units:
        unit = store.UnitClass(u.source)
        unit.setid(u.uid)
        store.addunit(unit, new=True)
        if u.translation is not None:
            unit.target = u.translation
        target = unit.xmlelement.find(f"{{{store.namespace}}}target")
        if target is None:
            target = etree.SubElement(unit.xmlelement, f"{{{store.namespace}}}target")
        target.set("state", STATES[u.state])
        if "approved" in unit.xmlelement.attrib:
            del unit.xmlelement.attrib["approved"]
        note = f"{u.record} · {u.key} · {u.path}:{u.line}" if u.line else f"{u.record} · {u.key}"
        if u.origin:
            note += f" · current translation from {u.origin}; an import writes {u.dest}"
        if u.is_list:
            note += " · one per line"
        if u.state == OUTDATED:
            note += " · the German text changed since this translation: review it"
        unit.addnote(note, origin="developer")
    return bytes(store), all_units


@dataclass
class Change:
    unit: Unit
    value: str | list[str]
    hash: str | None
    line: int  # in the XLIFF file


def read_changes(p: m.IkonProject, file: Path, data: bytes) -> tuple[str, list[Change]]:
    """The target language and the changed translations of an XLIFF file; every problem of the
    file raised at once as ``FILE.xliff:LINE: error: …``."""
    name = str(file)
    try:
        store = xliff.xlifffile.parsestring(data)
    except etree.XMLSyntaxError as exc:
        raise InvalidProject([Problem(name, exc.lineno or 1, "error", f"not well-formed XML: {exc.msg}; fix the "
                                      "file or export it again")], "the XLIFF file is unreadable") from exc
    except Exception as exc:  # noqa: BLE001 - translate-toolkit raises many kinds for a foreign file
        raise InvalidProject([Problem(name, 1, "error", f"not an XLIFF file ({exc}); export one with "
                                      "'ikon-report translations export'")], "the XLIFF file is unreadable") from exc
    problems: list[Problem] = []
    lang = (store.gettargetlanguage() or "").strip()
    root_line = store.document.getroot().sourceline or 1
    known = languages(p)
    if not lang or lang == "de":
        raise InvalidProject([Problem(name, root_line, "error", "the file names no target language "
                                      "(target-language on <file>); export it again with --lang")], "nothing imported")
    if lang not in known and lang not in p.project.languages:
        problems.append(Problem(name, root_line, "error", f"target language '{lang}' is not one of the project's "
                                f"languages ({', '.join(known) or 'none'}); add it to 'languages' in ikon.yaml"))
    by_id = {u.uid: u for u in units(p, lang)}
    seen: dict[str, int] = {}
    changes: list[Change] = []
    for tu in store.units:
        if tu.isheader():
            continue
        uid, line = tu.xmlelement.get("id") or "", tu.xmlelement.sourceline or 1
        if uid in seen:
            problems.append(Problem(name, line, "error", f"unit '{uid}' appears twice (first at line {seen[uid]}); "
                                    "keep one"))
            continue
        seen[uid] = line
        u = by_id.get(uid)
        if u is None:
            problems.append(Problem(name, line, "error", f"unit '{uid}' names no text of this project (renamed "
                                    "or removed since the export?); remove the unit or export again"))
            continue
        change = _change(u, tu, line)
        if change is not None:
            changes.append(change)
    if problems:
        raise InvalidProject(problems, "the XLIFF file has errors")
    return lang, changes


def _change(u: Unit, tu: xliff.xliffunit, line: int) -> Change | None:
    target_el = tu.xmlelement.find(f"{{{tu.namespace}}}target")
    text = tu.target or ""
    if not text.strip():
        return None  # not translated (an import never deletes a translation)
    if not u.is_label:  # a label keeps its spaces (comma: ", "); data texts are stripped as YAML values are
        text = text.strip()
    state = (target_el.get("state") if target_el is not None else "") or ""
    source = tu.source or ""
    current = u.translation
    if text == (current if u.is_label else (current or "").strip()):
        if u.stored_hash is None or state.startswith("needs-review") or source_hash(source) == u.stored_hash:
            return None  # unchanged (a translation from before hashes stays as it is)
        if source != u.source:
            return None  # confirmed against an older German text: nothing new
    digest = u.stored_hash if state.startswith("needs-review") else source_hash(source)
    return Change(u, split(text) if u.is_list else text, digest, line)


def merge(root: Path, p: m.IkonProject, lang: str, changes: list[Change], name: str) -> dict[Path, bytes]:
    """The new bytes of every data and label file the changes touch, validated like ``check``; raises
    ``InvalidProject`` (lines in the XLIFF file) when the merged project has errors."""
    by_file: dict[str, list[Change]] = defaultdict(list)
    for c in changes:
        by_file[c.unit.dest].append(c)
    out: dict[Path, bytes] = {}
    for rel, found in by_file.items():
        path = root / rel
        if not found[0].unit.is_label:
            out[path] = _merge_file(path.read_text(encoding="utf-8"), rel, found).encode("utf-8")
        else:
            text = path.read_text(encoding="utf-8") if path.exists() else LABEL_HEADER.format(lang=lang)
            out[path] = _merge_labels(text, rel, found).encode("utf-8")
    raw = load_sources(root)
    before = {str(x) for x in validate(raw)[1] if x.severity == "error"}
    for path, data in out.items():
        replace_file(raw, path.relative_to(root).as_posix(), data.decode("utf-8"))
    after = [x for x in validate(raw)[1] if x.severity == "error" and str(x) not in before]
    if after:
        keys = {rel: _key_lines(out[root / rel].decode("utf-8"), rel) for rel, found in by_file.items()
                if found[0].unit.is_label}
        raise InvalidProject([_at_unit(x, changes, name, keys) for x in after], "the translations do not fit the data")
    return out


def _key_lines(text: str, rel: str) -> dict[int, str]:
    doc = parse_yaml(text, rel, [])
    return {line: key for key, line in doc.key_lines.items()} if isinstance(doc, LDict) else {}


def _at_unit(problem: Problem, changes: list[Change], name: str, keys: dict[str, dict[int, str]]) -> Problem:
    """A problem of the merged data at the XLIFF line of the unit that caused it (its record; in a
    label file, its label)."""
    if problem.path in keys:
        lines = keys[problem.path]
        key = lines[max((n for n in lines if n <= problem.line), default=min(lines, default=0))] if lines else ""
        mine = [c for c in changes if c.unit.dest == problem.path]
        c = next((c for c in mine if c.unit.target[0] == key), mine[0] if mine else changes[0])
    else:
        mine = [c for c in changes if c.unit.path == problem.path and c.unit.item <= problem.line]
        c = max(mine, key=lambda c: c.unit.item) if mine else changes[0]
    return Problem(name, c.line, "error", f"{c.unit.uid}: {problem.message} (in {problem.path} after the merge)")


LABEL_HEADER = ("# Eigene Beschriftungen des Projekts für die Ausgaben in '{lang}' (docs/catalogue.md, „Languages“);\n"
                "# angelegt von 'ikon-report translations import'. Was hier fehlt, kommt aus dem Paket.\n")


def _merge_labels(text: str, rel: str, changes: list[Change]) -> str:
    """A label file with the changed labels and their hashes, line by line (``set_top``)."""
    expected = yaml.safe_load(text) or {}
    if not isinstance(expected, dict):
        raise RuntimeError(f"{rel}: not a mapping of labels; nothing was written")
    paths = []
    for c in changes:
        apply(expected, c.unit.target, c.value)
        paths.append(c.unit.target)
    for c in changes:
        if c.hash is not None:
            apply(expected, (HASHES, c.unit.key), c.hash)
            paths.append((HASHES,))
    for keys in dict.fromkeys(paths):
        text = set_top(text, keys, expected)
    if yaml.safe_load(text) != expected:
        raise RuntimeError(f"{rel}: the translation writer lost data; nothing was written (please report this)")
    return text


def _merge_file(text: str, rel: str, changes: list[Change]) -> str:
    doc = parse_yaml(text, rel, [])
    expected = yaml.safe_load(text)
    records: dict[int, list[Change]] = defaultdict(list)
    for c in changes:
        records[c.unit.item].append(c)
    for item in sorted(records, reverse=True):  # bottom up: edits never move the records above
        where = _locate(doc, item)
        record = _plain(expected[where[0]][where[1]])
        assert isinstance(record, dict)
        paths = []
        for c in records[item]:  # the texts first, then their hashes (as one writes them by hand)
            apply(record, c.unit.target, c.value)
            paths.append(c.unit.target)
        for c in records[item]:
            if c.unit.hashes is not None and c.hash is not None:
                apply(record, (*c.unit.hashes, c.unit.key), c.hash)
                paths.append(c.unit.hashes)
        expected[where[0]][where[1]] = record
        for keys in dict.fromkeys(paths):
            text = set_value(text, item, keys, record)
    if yaml.safe_load(text) != expected:
        raise RuntimeError(f"{rel}: the translation writer lost data; nothing was written (please report this)")
    return text


def _locate(doc: object, item: int) -> tuple[str, int]:
    if isinstance(doc, LDict):
        for key, value in doc.items():
            if isinstance(value, LList) and item in value.item_lines:
                return key, value.item_lines.index(item)
    raise RuntimeError(f"no record starts at line {item}")


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def import_xliff(root: Path, p: m.IkonProject, file: Path) -> tuple[str, int, list[Path]]:
    """Merge ``file`` into the project: (language, translations changed, files written)."""
    size = file.stat().st_size
    if size > XLIFF_BYTES:
        raise InvalidProject([Problem(str(file), 1, "error", f"the file is {size // MiB} MiB, more than the "
                                      f"{XLIFF_BYTES // MiB} MiB an XLIFF file may have; export one language at a "
                                      "time")], "the XLIFF file is too large")
    lang, changes = read_changes(p, file, file.read_bytes())
    if not changes:
        return lang, 0, []
    out = merge(root, p, lang, changes, str(file))
    write_data(root, out)  # every file or none
    return lang, len(changes), sorted(out)
