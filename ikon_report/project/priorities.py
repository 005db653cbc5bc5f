"""Dot votes recorded in events become each challenge's ``votes``; where a challenge has no
``priority``, the rule in ``ikon.yaml: priority_rule`` derives it from them.

Runs once after validation (``validate.py``), before the cross-checks, so every later stage sees
plain challenges with their votes and priority.
"""

from __future__ import annotations

from collections.abc import Iterator

from ikon_report.errors import Problem
from ikon_report.project import model as m


def apply_votes(p: m.IkonProject, invalid: set[str]) -> list[Problem]:
    """Sum the events' dots per challenge into ``Challenge.votes``, then derive missing priorities."""
    return [*_collect(p), *_derive(p, invalid)]


def _collect(p: m.IkonProject) -> Iterator[Problem]:
    by_id = {c.id: c for c in p.challenges}
    own = {c.id for c in p.challenges if c.votes is not None}
    totals: dict[str, int] = {}
    for event in p.events:
        for workshop, vote in event.all_votes():
            if vote.challenge in own:
                yield _at(vote, f"{_label(event, workshop)}: dots for challenge {vote.challenge} are also given "
                          f"as 'votes' at {by_id[vote.challenge].src}; keep them in one place "
                          "(preferably here, in the event)", "challenge")
            elif vote.challenge in by_id:
                totals[vote.challenge] = totals.get(vote.challenge, 0) + vote.dots
                if any(x is not None and x.is_illustrative() for x in (vote, workshop, event)):
                    by_id[vote.challenge]._derived_from_examples.add("votes")
    for cid, dots in totals.items():
        by_id[cid].votes = dots


def ranks(challenges: list[m.Challenge]) -> dict[str, int]:
    """Rank of each voted challenge within its field of action (1 = most dots; ties share a rank)."""
    out: dict[str, int] = {}
    fields = {c.field for c in challenges}
    for field in fields:
        voted = sorted((c for c in challenges if c.field == field and c.votes is not None),
                       key=lambda c: -(c.votes or 0))
        for c in voted:
            out[c.id] = 1 + sum((o.votes or 0) > (c.votes or 0) for o in voted)
    return out


def _derive(p: m.IkonProject, invalid: set[str]) -> Iterator[Problem]:
    rule = p.project.priority_rule
    rank = ranks(p.challenges)
    for c in p.challenges:
        if c.priority is not None:
            continue
        if rule is not None and c.votes is not None:
            c.priority = rule.priority(c.votes, rank[c.id])
            c._priority_derived = True
            field = [o for o in p.challenges if o.field == c.field] if rule.ranks is not None else [c]
            if any("votes" in o._derived_from_examples for o in field):  # a rank depends on the whole field
                c._derived_from_examples.add("priority")
        elif not invalid:  # a record that failed validation (an event) may hold its votes: no cascade
            why = ("it has no dot votes" if rule is not None else
                   "ikon.yaml has no 'priority_rule' to derive it from dot votes")
            yield _at(c, f"challenge {c.id}: no 'priority' and {why}; add 'priority: hoch', 'mittel' or "
                      "'niedrig'", "id")


def _label(event: m.Event, workshop: m.Workshop | None) -> str:
    return f"event {event.id}" + (f", workshop {workshop.id}" if workshop else "")


def _at(record: m.Strict, message: str, key: str) -> Problem:
    src = record.src
    if src is None:
        return Problem("ikon.yaml", 1, "error", message)
    return Problem(src.path, src.line_of(key), "error", message)
