"""The review register: one row per comment or tracked change, merged across runs.

Each row has a stable ``key`` (a hash of what the item says and where it sits, independent of the
file it came in), so collecting more reviewed copies adds only new items. ``status`` and
``response`` belong to the consultancy and are never overwritten.

In the .xlsx register a text longer than a cell holds (``CELL_MAX``) continues in extra columns
``text (2)``, ``text (3)``, … at the right; reading joins them, so nothing is cut.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ikon_report.errors import InvalidProject, Problem
from ikon_report.exchange.limits import split_cell
from ikon_report.exchange.review.anchors import Locator
from ikon_report.exchange.review.collect import Found, clean
from ikon_report.output import write_atomic
from ikon_report.project.sources import LDict, LList, parse_yaml, read_text

COLUMNS = ["key", "status", "response", "kind", "id", "record_type", "source", "chapter", "field", "author",
           "date", "text", "context", "replies", "files"]
STATUSES = ("open", "accepted", "rejected", "done")
KEPT = ("status", "response")
WIDTHS = {"key": 14, "status": 11, "response": 40, "kind": 11, "id": 14, "record_type": 12, "source": 26,
          "chapter": 28, "field": 22, "author": 18, "date": 18, "text": 50, "context": 40, "replies": 40,
          "files": 30}
Row = dict[str, str]


def item_key(found: Found, occurrence: int = 0) -> str:
    """Stable across files and runs: kind, author, date (to the second), text and nearest bookmark;
    ``occurrence`` counts earlier identical items in the same file (each is a row of its own)."""
    anchor = found.trail[0] if found.trail else ""
    parts: list[str | int] = [found.kind, clean(found.author), found.date[:19], clean(found.text), anchor]
    if occurrence:
        parts.append(occurrence)
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:12]


def rows_of(items: list[Found], locator: Locator, file: str) -> list[Row]:
    """The register rows of one file's items; identical items in one file stay separate rows."""
    seen: dict[str, int] = {}
    rows = []
    for found in items:
        first = item_key(found)
        rows.append(to_row(found, locator, file, seen.get(first, 0)))
        seen[first] = seen.get(first, 0) + 1
    return rows


def to_row(found: Found, locator: Locator, file: str, occurrence: int = 0) -> Row:
    where = locator.locate(found.trail)
    return {"key": item_key(found, occurrence), "status": "open", "response": "", "kind": found.kind, "id": where.id,
            "record_type": where.kind, "source": where.source, "chapter": found.chapter, "field": where.field,
            "author": found.author, "date": found.date[:19].replace("T", " "), "text": found.text,
            "context": found.context, "replies": "\n".join(found.replies), "files": file}


@dataclass
class Merge:
    rows: list[Row]
    added: int
    known: int


def merge(existing: list[Row], incoming: list[Row]) -> Merge:
    """Existing rows keep their place, status and response; new keys are appended as ``open``."""
    rows = [dict(r) for r in existing]
    index = {r["key"]: r for r in rows}
    added = known = 0
    for new in incoming:
        old = index.get(new["key"])
        if old is None:
            rows.append(new)
            index[new["key"]] = new
            added += 1
            continue
        known += 1
        kept = {k: old[k] for k in KEPT}
        files = _union(old.get("files", ""), new["files"], sep="; ")
        replies = _union(old.get("replies", ""), new["replies"], sep="\n")
        old.update(new, **kept, files=files, replies=replies)
    return Merge(rows, added, known)


def _union(old: str, new: str, sep: str) -> str:
    items = [x for x in old.split(sep) if x]
    items += [x for x in new.split(sep) if x and x not in items]
    return sep.join(items)


def default_path(root: Path) -> Path:
    """``reviews/register.xlsx`` below the project, or the ``.yaml`` register if that is what exists."""
    folder = root / "reviews"
    yaml_file = folder / "register.yaml"
    return yaml_file if yaml_file.exists() and not (folder / "register.xlsx").exists() else folder / "register.xlsx"


def read_register(path: Path) -> list[tuple[int, Row]]:
    """Rows with the line (YAML) or row number (xlsx) they were read from; bad statuses are errors."""
    if not path.exists():
        return []
    rows = _read_xlsx(path) if path.suffix == ".xlsx" else _read_yaml(path)
    problems = [Problem(str(path), line, "error", f"status '{row['status']}' is not one of {', '.join(STATUSES)}")
                for line, row in rows if row["status"] not in STATUSES]
    problems += [Problem(str(path), line, "error", "row without a key; restore it or delete the row")
                 for line, row in rows if not row["key"]]
    if problems:
        raise InvalidProject(problems, "review register has errors")
    return rows


def _read_xlsx(path: Path) -> list[tuple[int, Row]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise InvalidProject([Problem(str(path), 1, "error", f"cannot read the register: {exc}")]) from exc
    lines = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(lines, ())]
    missing = [c for c in ("key", "status") if c not in header]
    if missing:
        raise InvalidProject([Problem(str(path), 1, "error", f"header row lacks the column(s) {', '.join(missing)}")])
    parts = {c: _parts(header, c) for c in COLUMNS}
    out = []
    for n, values in enumerate(lines, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        out.append((n, {c: _cell("".join(_raw(values, i) for i in parts[c])) for c in COLUMNS}))
    return out


_PART = re.compile(r"(\w+) \((\d+)\)")


def _parts(header: list[str], column: str) -> list[int]:
    """Where ``column`` and its continuations ("text (2)", "text (3)", …) are, in reading order."""
    more = sorted((int(m.group(2)), i) for i, h in enumerate(header) if (m := _PART.fullmatch(h))
                  and m.group(1) == column)
    return [i for i, h in enumerate(header) if h == column][:1] + [i for _, i in more]


def _raw(values: tuple, index: int) -> str:
    value = values[index] if index < len(values) else None
    return "" if value is None else str(value)


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def _read_yaml(path: Path) -> list[tuple[int, Row]]:
    problems: list[Problem] = []
    text = read_text(path, str(path), problems)
    data = parse_yaml(text, str(path), problems) if text is not None else None
    items = data.get("items") if isinstance(data, LDict) else None
    if problems or not isinstance(items, LList):
        raise InvalidProject(problems or [Problem(str(path), 1, "error", "expected 'items:' with a list of rows")])
    return [(getattr(item, "line", 1), {c: _cell(item.get(c)) for c in COLUMNS})
            for item in items if isinstance(item, dict)]


def write_register(path: Path, rows: list[Row]) -> Path:
    data = _xlsx(rows) if path.suffix == ".xlsx" else _yaml(rows)
    return write_atomic(path, data)


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: the same text, ten times faster


def _yaml(rows: list[Row]) -> bytes:
    head = ("# Review register (ikon-report review collect). Edit only 'status' "
            f"({', '.join(STATUSES)}) and 'response'.\n")
    body = yaml.dump({"items": [{k: r[k] for k in COLUMNS} for r in rows]}, Dumper=_DUMPER, allow_unicode=True,
                     sort_keys=False, width=100)
    return (head + body).encode()


def _xlsx(rows: list[Row]) -> bytes:
    """The register as a workbook, streamed row by row (write-only: no cell is looked up again)."""
    from openpyxl import Workbook
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    cells = [[split_cell(ILLEGAL_CHARACTERS_RE.sub("", row.get(c, ""))) for c in COLUMNS] for row in rows]
    extra = [max((len(r[i]) for r in cells), default=1) - 1 for i in range(len(COLUMNS))]
    header = COLUMNS + [f"{c} ({n})" for c, more in zip(COLUMNS, extra, strict=True) for n in range(2, more + 2)]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Review")
    for n, column in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = WIDTHS.get(column, 50)
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    status = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=False,
                            showErrorMessage=True, error=f"Use one of: {', '.join(STATUSES)}")
    status.add(f"B2:B{max(len(rows) + 1, 2) + 500}")
    sheet.data_validations.append(status)
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="D9D9D9")
    book.add_named_style(NamedStyle("Register", alignment=Alignment(wrap_text=True, vertical="top")))

    def cell(value: str, head: bool = False) -> Cell:
        out = WriteOnlyCell(sheet, value)
        out.data_type = "s"  # review text is text: "=…" must never become a formula
        if head:
            out.font, out.fill = bold, grey
        else:
            out.style = "Register"  # one named style: no per-cell style lookups
        return out

    sheet.append([cell(name, head=True) for name in header])
    for pieces in cells:
        first = [p[0] for p in pieces]
        more = [p[n] if n < len(p) else "" for p, count in zip(pieces, extra, strict=True) for n in range(1, count + 1)]
        sheet.append([cell(value) for value in first + more])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
