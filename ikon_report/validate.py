"""Turn raw sources into a validated ``IkonProject``, collecting every problem at once.

Stage 1 validates each record on its own (types, required keys, typos);
stage 2 (``crosscheck``) checks what only the whole project can tell.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import model as m
from .crosscheck import crosscheck
from .errors import InvalidProject, Problem
from .sources import LDict, LList, RawProject, closest, load_sources

RECORD_TYPES: dict[str, type[m.Strict]] = {
    "fields": m.FieldOfAction, "process": m.ProcessStep, "samples": m.Sample,
    "findings": m.Finding, "challenges": m.Challenge, "measures": m.Measure,
    "services": m.Service, "indicators": m.Indicator, "updates": m.MeasureUpdate,
}
KIND_NAMES = {
    "fields": "field of action", "process": "process step", "samples": "sample", "findings": "finding",
    "challenges": "challenge", "measures": "measure", "services": "service", "indicators": "indicator",
    "updates": "measure update",
}
KEY_HINTS = {
    "lead": "the office or organisation that leads the measure ('wer den Hut aufhat')",
    "first_steps": "a list of the first steps",
    "alt": "a description of the image for screen readers",
    "id": "a stable id such as 'M-BIL-04'",
}


def load_project(root: Path, *, strict: bool = False) -> tuple[m.IkonProject, list[Problem]]:
    """Read and validate the project below ``root``; raise ``InvalidProject`` on any error.

    Returns the model and the warnings. With ``strict`` warnings fail too.
    """
    raw = load_sources(root)
    project, problems = validate(raw)
    errors = [p for p in problems if p.severity == "error"]
    if errors or (strict and problems) or project is None:
        raise InvalidProject(problems)
    return project, problems


def validate(raw: RawProject) -> tuple[m.IkonProject | None, list[Problem]]:
    """Validate every record, then cross-check; returns (model or None, problems)."""
    problems = list(raw.problems)
    settings = _one(m.Project, raw.settings, "project settings", problems) if raw.settings else None
    conference = _one(m.Conference, raw.conference, "conference", problems) if raw.conference else None
    records: dict[str, list] = {}
    for kind, items in raw.collections.items():
        records[kind] = [
            rec for item in items
            if (rec := _one(RECORD_TYPES[kind], item, KIND_NAMES[kind], problems)) is not None
        ]
    chapters = [c for raw_ch in raw.chapters if (c := _chapter(raw_ch, problems)) is not None]
    if settings is None:
        if not any(p.path == "ikon.yaml" for p in problems):
            problems.append(Problem("ikon.yaml", 1, "error", "ikon.yaml is empty; it needs city, title, …"))
        return None, problems
    project = m.IkonProject(root=str(raw.root), project=settings, conference=conference,
                            chapters=sorted(chapters, key=lambda c: (c.appendix, c.order)), **records)
    problems.extend(crosscheck(project, Path(raw.root)))
    problems.extend(_outline(project, raw.settings))
    return project, sorted(set(problems))


def _outline(project: m.IkonProject, settings: LDict) -> list[Problem]:
    """``outline:`` names chapter ids and built-in sections only."""
    from .content.concept import SECTIONS

    known = [c.id for c in project.chapters] + list(SECTIONS)
    items = settings.get("outline") if isinstance(settings, LDict) else None
    if not isinstance(items, LList):
        return []
    return [Problem("ikon.yaml", line, "error", f"outline: '{name}' is neither a chapter id nor a built-in "
                    f"section{closest(str(name), known)}; known: {', '.join(known)}")
            for name, line in zip(items, items.item_lines, strict=True) if name not in known]


def _one(cls: type[m.Strict], raw: object, kind: str, problems: list[Problem]) -> m.Strict | None:
    """Validate one record; report its problems at the line of the offending key."""
    path, line = getattr(raw, "path", "?"), getattr(raw, "line", 1)
    if not isinstance(raw, dict):
        problems.append(Problem(path, line, "error", f"a {kind} must be a mapping of keys, got "
                                f"{_kind_of(raw)}"))
        return None
    label = f"{kind} {raw['id']}" if isinstance(raw.get("id"), str) else kind
    try:
        record = cls.model_validate(dict(raw))
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            at = _line_of(raw, err["loc"])
            problems.append(Problem(path, at, "error", f"{label}: {_message(err, cls)}"))
        return None
    attach_sources(record, raw)
    return record


def _chapter(raw, problems: list[Problem]) -> m.Chapter | None:
    meta = raw.meta if isinstance(raw.meta, LDict) else None
    if meta is None:
        if raw.meta is not None or not any(p.path == raw.path for p in problems):
            problems.append(Problem(raw.path, 2, "error", "front matter must be keys: id, title, order"))
        return None
    unknown = set(meta) - {"id", "title", "order", "appendix"}
    for key in sorted(unknown, key=str):
        problems.append(Problem(raw.path, meta.key_lines[key], "error", f"chapter: unknown key '{key}'"
                                f"{closest(str(key), ['id', 'title', 'order', 'appendix'])}"))
    data = {k: v for k, v in meta.items() if k not in unknown}
    data.update(body=raw.body, path=raw.path, body_line=raw.body_line)
    chapter = _one(m.Chapter, LDict_with(meta, data), "chapter", problems)
    return chapter if not unknown else None


def LDict_with(template: LDict, data: dict) -> LDict:  # noqa: N802 - constructor-like helper
    out = LDict(data)
    out.path, out.line, out.key_lines = template.path, template.line, template.key_lines
    return out


def attach_sources(model: BaseModel, raw: object) -> None:
    """Give every nested record its ``src`` from the raw mapping it came from."""
    if isinstance(model, m.Strict) and isinstance(raw, LDict):
        model._src = m.Src(path=raw.path, line=raw.line)
    if not isinstance(raw, dict):
        return
    for name in type(model).model_fields:
        value, sub = getattr(model, name), raw.get(name)
        if isinstance(value, BaseModel):
            attach_sources(value, sub)
        elif isinstance(value, list) and isinstance(sub, list):
            for item, sub_item in zip(value, sub, strict=False):
                if isinstance(item, BaseModel):
                    attach_sources(item, sub_item)
        elif isinstance(value, dict) and isinstance(sub, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    attach_sources(item, sub.get(key))


def _line_of(raw: object, loc: tuple) -> int:
    """The line of the deepest existing node along a pydantic error location."""
    line = getattr(raw, "line", 1)
    node = raw
    for part in loc:
        if isinstance(node, LDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, LList) and isinstance(part, int) and part < len(node):
            line = node.item_lines[part]
            node = node[part]
        else:
            break
    return line


def _kind_of(value: object) -> str:
    return {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list",
            type(None): "nothing"}.get(type(value), "a mapping" if isinstance(value, dict) else "a value")


def _message(err: dict, cls: type[BaseModel]) -> str:
    loc = [str(p) for p in err["loc"] if not isinstance(p, int)]
    key = ".".join(loc) or "record"
    last = loc[-1] if loc else ""
    kind = err["type"]
    if kind == "missing":
        hint = KEY_HINTS.get(last, "a value")
        return f"missing required key '{key}'; add '{last}:' with {hint}"
    if kind == "extra_forbidden":
        parent = _model_at(cls, [p for p in err["loc"][:-1] if not isinstance(p, int)])
        allowed = sorted(parent.model_fields) if parent else []
        return f"unknown key '{key}'{closest(last, allowed)}; allowed keys: {', '.join(allowed)}"
    if kind == "string_pattern_mismatch" and last in ("id", "field", "measure") or "pattern" in err["msg"]:
        return (f"'{key}' is {err['input']!r}; ids start with a letter and use only letters, digits, '-' "
                "and '_' (at most 40 characters), e.g. 'M-BIL-02'")
    if kind == "literal_error":
        return f"'{key}' is {err['input']!r}; {err['msg'].replace('Input should be', 'use')}"
    if kind in ("string_type", "int_type", "float_type", "bool_type", "list_type", "dict_type",
                "date_type", "date_from_datetime_parsing", "int_parsing", "float_parsing", "bool_parsing",
                "date_parsing", "model_type", "model_attributes_type", "int_from_float"):
        want = err["msg"].replace("Input should be", "should be")
        return f"'{key}' {want}, got {_kind_of(err['input'])} {_short(err['input'])}"
    return f"'{key}': {err['msg'].removeprefix('Value error, ')}"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _model_at(cls: type[BaseModel], path: list[str]) -> type[BaseModel] | None:
    """The nested model class at a key path, for listing allowed keys."""
    import typing

    current: object = cls
    for name in path:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        if name not in current.model_fields:
            continue  # a mapping key such as a language code
        current = current.model_fields[name].annotation
        while typing.get_origin(current) is not None:
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[-1] if args else None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None
