"""Base types of the project model: ids, source positions, the strict record base, the item that
may be marked illustrative, points, images."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, PrivateAttr, StringConstraints, field_validator

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")]
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?")  # what typst (lang, region) and Word accept
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
Priority = Literal["hoch", "mittel", "niedrig"]
PRIORITY_ORDER = {"hoch": 0, "mittel": 1, "niedrig": 2}


@dataclass(slots=True)
class Src:
    """Where a record was read: path relative to the project, 1-based line; ``keys`` and ``items``
    hold the line of each key and of each list item under a key, for precise messages. A record
    read from a workbook has a ``column`` (and ``columns`` per key): ``path`` is the sheet, lines
    are rows. A plain dataclass, not a model: one is made for every record and list item, and the
    check cache stores them."""

    path: str
    line: int
    keys: dict[str, int] = field(default_factory=dict)
    items: dict[str, list[int]] = field(default_factory=dict)
    column: str = ""
    columns: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.path}!{self.column}{self.line}" if self.column else f"{self.path}:{self.line}"

    def column_of(self, key: str) -> str:
        """The workbook column of ``key`` (else the record's; empty for YAML)."""
        return self.columns.get(key, self.column)

    def line_of(self, key: str, index: int | None = None) -> int:
        """Line of ``key`` (or of its list item ``index``), else the record's line."""
        lines = self.items.get(key, [])
        if index is not None and 0 <= index < len(lines):
            return lines[index]
        return self.keys.get(key, self.line)


class Strict(BaseModel):
    """Base for every data model: unknown keys are errors, strings are stripped, numbers finite
    (``.inf``, ``.nan`` and ``1e400``, which YAML reads as text and Python as infinity, are errors)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False, allow_inf_nan=False)
    _src: Src | None = PrivateAttr(default=None)

    @property
    def src(self) -> Src | None:
        private = self.__pydantic_private__  # not through pydantic's __getattr__: read for every message
        return private.get("_src") if private else None


class Text(Strict):
    """Marker base: records whose free-text fields must not be empty."""

    @field_validator("*", mode="after")
    @classmethod
    def _not_blank(cls, value: object) -> object:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                if not item.strip():
                    raise ValueError("must not be empty; write the text or remove the key")
                bad = CONTROL.search(item)
                if bad:
                    raise ValueError(f"contains the control character U+{ord(bad.group()):04X}; remove it")
        return value


class Item(Text):
    """Base of every data item (record, section, point, number, figure, photo): ``illustrative``
    marks invented example content, ``true`` for the whole item or a list of the keys whose
    values are invented (``[votes, priority]``). Documents mark it where it stands; ``--final``
    refuses it (``project/final.py``)."""

    illustrative: bool | list[str] = False

    @field_validator("illustrative")
    @classmethod
    def _own_keys(cls, value: bool | list[str]) -> bool | list[str]:
        if isinstance(value, list):
            keys = [k for k in cls.model_fields if k != "illustrative"]
            for key in value:
                if key not in keys:
                    raise ValueError(f"lists keys of this item whose values are invented; {key!r} is not one "
                                     f"(write true for the whole item, or some of: {', '.join(keys)})")
        return value

    def is_illustrative(self, key: str | None = None) -> bool:
        """The whole item is invented (``key`` None), or the value of ``key`` is (not the whole item)."""
        if key is None:
            return self.illustrative is True
        return isinstance(self.illustrative, list) and key in self.illustrative


def _point(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


class Note(Item):
    """One text of a list (a point, an item, a step): a plain string in YAML, or
    ``{text: …, illustrative: true}`` when that one point is invented."""

    text: str


Point = Annotated[Note, BeforeValidator(_point, json_schema_input_type=str | Note)]


class Image(Item):
    file: str
    alt: str
    caption: str | None = None


class Person(Text):
    name: str
    role: str | None = None
