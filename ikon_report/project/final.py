"""What a final (committee) build refuses: illustrative content and TODO markers."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from ikon_report.errors import InvalidProject, Problem
from ikon_report.project import positions
from ikon_report.project.easy_lint import unreviewed
from ikon_report.project.model import Chapter, IkonProject, Item


def refuse_unfinished(project: IkonProject) -> None:
    """Final builds may not contain illustrative items or TODO markers (warnings already failed)."""
    problems = [*illustrative_problems(project), *unreviewed(project)]
    for ch in project.chapters:
        problems += _chapter_problems(ch)
    if problems:
        raise InvalidProject(problems, "final build refused")


def illustrative_problems(project: IkonProject) -> Iterator[Problem]:
    """Every item anywhere in the model marked ``illustrative`` (records, sections, points, photos …)."""
    for item, owner in illustrative_items(project):
        src = item.src or (owner.src if owner else None)
        path, line = (src.path, src.line_of("illustrative")) if src else ("ikon.yaml", 1)
        what = _describe(item, owner)
        if isinstance(item.illustrative, list):
            keys, one = ", ".join(item.illustrative), len(item.illustrative) == 1
            value = "is an illustrative example value" if one else "are illustrative example values"
            message = (f"{what}: {keys} {value}; replace {'it' if one else 'them'} and remove 'illustrative' "
                       "before a final build")
        else:
            message = (f"{what} is illustrative example content; replace it with real content and remove "
                       "'illustrative: true' before a final build")
        yield Problem(path, line, "error", message)


def illustrative_items(model: BaseModel, owner: Item | None = None) -> Iterator[tuple[Item, Item | None]]:
    """(item, the nearest enclosing item with an id) for every illustrative item below ``model``."""
    if isinstance(model, Item) and model.illustrative:
        yield model, owner
    if isinstance(model, Item) and getattr(model, "id", None):
        owner = model
    for name in type(model).model_fields:
        value = getattr(model, name, None)
        values = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else [value]
        for sub in values:
            if isinstance(sub, BaseModel):
                yield from illustrative_items(sub, owner)


def _describe(item: Item, owner: Item | None) -> str:
    kind = re.sub(r"(?<!^)(?=[A-Z])", " ", type(item).__name__).lower()
    ident = getattr(item, "id", None)
    if ident:
        return f"{kind} {ident}"
    label = next((v for v in (getattr(item, k, None) for k in ("text", "title", "file")) if isinstance(v, str)), "")
    label = f" '{label[:50]}…'" if len(label) > 50 else f" '{label}'" if label else ""
    inside = f" in {getattr(owner, 'id', '')}" if owner is not None else ""
    return f"{'point' if kind == 'note' else kind}{label}{inside}"


def _chapter_problems(ch: Chapter) -> list[Problem]:
    """TODO markers and illustrative passages, one message per line (from the chapter's parse)."""
    parsed = positions.parse(ch.body)
    todos = sorted({m.line for m in parsed.todos})
    passages = sorted(set(parsed.attribute_lines(name="illustrative")))
    return [*(Problem(ch.path, ch.body_line + line, "error", "TODO marker in a final build") for line in todos),
            *(Problem(ch.path, ch.body_line + line, "error", f"chapter {ch.id}: a passage marked '.illustrative' "
                      "is example content; replace it and remove the mark before a final build")
              for line in passages)]
