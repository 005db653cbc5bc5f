"""The review register: one row per comment or tracked change, merged across runs.

Each row has a stable ``key`` (a hash of what the item says and where it sits, independent of the
file it came in), so collecting more reviewed copies adds only new items. ``status`` and
``response`` belong to the consultancy and are never overwritten.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from ikon_report.errors import InvalidProject, Problem
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


def item_key(found: Found) -> str:
    """Stable across files and runs: kind, author, date (to the second), text and nearest bookmark."""
    anchor = found.trail[0] if found.trail else ""
    parts = [found.kind, clean(found.author), found.date[:19], clean(found.text), anchor]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:12]


def to_row(found: Found, locator: Locator, file: str) -> Row:
    where = locator.locate(found.trail)
    return {"key": item_key(found), "status": "open", "response": "", "kind": found.kind, "id": where.id,
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
    out = []
    for n, values in enumerate(lines, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        cells = dict(zip(header, values, strict=False))
        out.append((n, {c: _cell(cells.get(c)) for c in COLUMNS}))
    return out


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


def _yaml(rows: list[Row]) -> bytes:
    head = ("# Review register (ikon-report review collect). Edit only 'status' "
            f"({', '.join(STATUSES)}) and 'response'.\n")
    body = yaml.safe_dump({"items": [{k: r[k] for k in COLUMNS} for r in rows]}, allow_unicode=True,
                          sort_keys=False, width=100)
    return (head + body).encode()


def _xlsx(rows: list[Row]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook has one worksheet
    sheet.title = "Review"
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", row.get(c, "")) for c in COLUMNS])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # review text is text: "=…" must never become a formula
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(n)
        sheet.column_dimensions[letter].width = WIDTHS[column]
        for cell in sheet[letter][1:]:
            cell.alignment = wrap
    status = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=False,
                            showErrorMessage=True, error=f"Use one of: {', '.join(STATUSES)}")
    status.add(f"B2:B{max(len(rows) + 1, 2) + 500}")
    sheet.add_data_validation(status)
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
