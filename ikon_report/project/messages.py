"""pydantic's validation errors in the user's words: what the value should be, and what to do."""

from __future__ import annotations

import datetime as dt
import typing

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from ikon_report.project.sources import closest, kind_of

KEY_HINTS = {
    "lead": "the office or organisation that leads the measure ('wer den Hut aufhat')",
    "first_steps": "a list of the first steps",
    "alt": "a description of the image for screen readers",
    "id": "a stable id such as 'M-BIL-04'",
}
WANT = {  # pydantic error type → what the value should be, in the user's words
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false", "list_type": "a list ('- …' lines or [a, b])",
    "dict_type": "a mapping of keys", "model_type": "a mapping of keys", "model_attributes_type": "a mapping of keys",
    "date_type": "a date like 2020-03-02", "date_parsing": "a date like 2020-03-02",
    "date_from_datetime_parsing": "a date like 2020-03-02", "date_from_datetime_inexact": "a date like 2020-03-02",
}


def message(err: ErrorDetails, cls: type[BaseModel]) -> str:
    """A pydantic error in the user's words, with what to do about it."""
    parts = err["loc"][:-1] if len(err["loc"]) > 1 and isinstance(err["loc"][-2], int) \
        and err["loc"][-1] == "text" else err["loc"]  # a point given as plain text: name its list
    loc = [str(p) for p in parts if not isinstance(p, int)]
    key = ".".join(loc) or "record"
    last = loc[-1] if loc else ""
    kind, value = err["type"], err.get("input")
    if kind == "missing":
        hint = KEY_HINTS.get(last, "a value")
        return f"missing required key '{key}'; add '{last}:' with {hint}"
    if kind == "extra_forbidden":
        parent = _model_at(cls, [p for p in err["loc"][:-1] if not isinstance(p, int)])
        allowed = sorted(parent.model_fields) if parent else []
        return f"unknown key '{key}'{closest(last, allowed)}; allowed keys: {', '.join(allowed)}"
    if kind == "invalid_key":
        return f"the key {value!r} is not a name; keys are words such as 'title' (put it in quotes if meant)"
    if kind == "string_pattern_mismatch":
        return (f"'{key}' is {value!r}; ids start with a letter and use only letters, digits, '-' "
                "and '_' (at most 40 characters), e.g. 'M-BIL-02'")
    if kind == "literal_error":
        return f"'{key}' is {value!r}; {err['msg'].replace('Input should be', 'use')}"
    if kind == "finite_number":
        return f"'{key}' should be a finite number, got {value}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(err.get("ctx", {}).values()), "")
        word = {"greater_than_equal": "at least", "less_than_equal": "at most",
                "greater_than": "more than", "less_than": "less than"}[kind]
        return f"'{key}' is {value!r}; it must be {word} {bound}"
    if kind in WANT:
        detail = err["msg"].partition(", ")[2] if kind.startswith("date") else ""
        message = f"'{key}' should be {WANT[kind]}, got {describe(value)}"
        if detail:
            message += f" ({detail})"
        if kind == "string_type" and isinstance(value, int | float | bool | dt.date):
            message += "; put the value in quotes to keep it as text"
        if kind == "list_type" and isinstance(value, str | int | float):
            message += f"; for one item write [{value}]"
        return message
    return f"'{key}': {err['msg'].removeprefix('Value error, ')}"


def describe(value: object) -> str:
    """A value as a user reads it: ``text 'x'``, ``the number 2020``, ``a list``, ``nothing``."""
    if isinstance(value, dict | list) or value is None:
        return kind_of(value)
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    text = repr(value) if isinstance(value, str) else str(value)
    text = text if len(text) <= 40 else text[:37] + "…"
    return f"text {text}" if isinstance(value, str) else f"the number {text}"


def _model_at(cls: type[BaseModel], path: list[str]) -> type[BaseModel] | None:
    """The nested model class at a key path, for listing allowed keys."""
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
