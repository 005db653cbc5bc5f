"""Write ``data/services.yaml`` back after an import, changing as little as possible.

The file is split into its head (comments, ``services:``) and one text block per service. A
service whose data did not change keeps its block byte for byte (comments included); a changed
or new service is written in a canonical form; a removed one disappears. So an import without
edits leaves the file untouched, and an edit shows up in ``git diff`` as just that service.
"""

from __future__ import annotations

import re

import yaml

from ikon_report.project.model import Service

ITEM = re.compile(r"^(\s*)- ", re.M)


ALWAYS = ("languages", "costs", "barrier_free", "registration")  # written even at their default value
ORDER = [*(n for n in Service.model_fields if n not in ("illustrative", "translations")), "illustrative",
         "translations"]  # as in the example data


def service_dict(s: Service) -> dict:
    """The YAML mapping of a service: model order, defaults and empty values left out."""
    data = s.model_dump(exclude_defaults=True, exclude_none=True)
    out = {name: data[name] if name in data else getattr(s, name) for name in ORDER
           if name in data or (name in ALWAYS and getattr(s, name) is not None)}  # unknown yes/no: no key
    target = s.target  # always written in full, except open age bounds
    out["target"] = {"gender": target.gender, **({"age_min": target.age_min} if target.age_min is not None else {}),
                     **({"age_max": target.age_max} if target.age_max is not None else {}),
                     "residence_status": list(target.residence_status)}
    if isinstance(out.get("opening_hours"), dict):
        out["opening_hours"] = _hours(out["opening_hours"])
    return {name: out[name] for name in ORDER if name in out}


def _hours(data: dict) -> dict | str:
    """Opening hours as one writes them by hand: a day with only time slots as ``["09:00-12:00"]``,
    a note alone as its text."""
    if set(data) == {"note"}:
        return data["note"]
    days = {name: [f"{s['start']}-{s['end']}" for s in day["time_slots"]] if set(day) == {"time_slots"} else day
            for name, day in data.get("days", {}).items()}
    return {**data, "days": days} if days else data


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 80 and "\n" not in value and value == value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    flow = all(isinstance(v, str) and len(v) < 30 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)


def block(s: Service, indent: str = "  ") -> str:
    """One service as a YAML list item, indented like the rest of the file."""
    text = yaml.dump([service_dict(s)], Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=90,
                     indent=2)
    return "".join(indent + line if line.strip() else line for line in text.splitlines(keepends=True))


def split(text: str, starts: list[int]) -> tuple[str, list[str]]:
    """The head of the file and the block of each item (``starts``: 1-based item lines)."""
    lines = text.splitlines(keepends=True)
    head = "".join(lines[: starts[0] - 1]) if starts else text
    blocks = ["".join(lines[a - 1: b - 1]) for a, b in zip(starts, [*starts[1:], len(lines) + 1], strict=True)]
    return head, blocks


def _content_and_tail(block_text: str) -> tuple[str, str]:
    """A block's own lines and the comment/blank lines after it (they introduce the next item)."""
    lines = block_text.splitlines(keepends=True)
    end = len(lines)
    while end > 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return "".join(lines[:end]), "".join(lines[end:])


def rewrite(text: str | None, starts: list[int], old: list[Service], new: list[Service]) -> str:
    """The new file text: unchanged services keep their block, the others are written anew."""
    if not text or not starts:
        return HEADER + "services:\n" + "".join(block(s) for s in new)
    head, blocks = split(text, starts)
    indent = item.group(1) if (item := ITEM.match(blocks[0])) else "  "
    by_id = {s.id: (s, b) for s, b in zip(old, blocks, strict=True)}
    tails = {s.id: _content_and_tail(b)[1] for s, b in zip(old, blocks, strict=True)}
    parts = [head]
    for s in new:
        if s.id in by_id and _same(by_id[s.id][0], s):
            content = _content_and_tail(by_id[s.id][1])[0]
        else:
            content = block(s, indent)
        tail = tails.get(s.id, "")
        parts.append(content + tail)
    out = "".join(parts)
    return out if out.endswith("\n") else out + "\n"


def _same(a: Service, b: Service) -> bool:
    return a.model_dump() == b.model_dump()


HEADER = "# Angebotskatalog; geschrieben von 'ikon-report services import' (Format: docs/catalogue.md).\n"
