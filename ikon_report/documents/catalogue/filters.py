"""Which services a filtered edition contains. The rules (also in docs/catalogue.md):

- every option narrows the selection (AND); repeating an option allows any of its values (OR);
- gender: a service for ``all`` genders matches every requested gender;
- age: a single age or a range matches when it overlaps the service's age range
  (a missing ``age_min``/``age_max`` means open-ended, bounds are inclusive);
- residence status: a service for ``all`` matches every status, otherwise the status must be listed;
- language: the service must be offered in that language (ISO code, e.g. ``ar``);
- field: field id or name (case-insensitive); the service must be listed in that field;
- district: district name (case-insensitive, spaces and hyphens ignored).

Unknown values (a field or district that does not exist) are usage errors, not empty results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ikon_report.errors import UsageError
from ikon_report.project import vocabulary

if TYPE_CHECKING:  # not imported at run time: the command line loads this module on every start
    from ikon_report.project.model import IkonProject, Service

# What a reader may ask for: every value but the one that includes all others.
GENDERS = tuple(g for g in vocabulary.GENDERS if g != vocabulary.EVERYONE)
STATUSES = tuple(s for s in vocabulary.RESIDENCE_STATUSES if s != vocabulary.EVERYONE)
MAX_AGE = 120
_AGE = re.compile(r"^\s*(\d{1,3})?\s*(-|–|bis)?\s*(\d{1,3})?\s*$")


@dataclass(frozen=True)
class AgeRange:
    low: int
    high: int

    def __str__(self) -> str:
        if self.low == self.high:
            return str(self.low)
        return f"{self.low}–{self.high}" if self.high < MAX_AGE else f"{self.low}+"


@dataclass(frozen=True)
class Filter:
    """A selection of services; empty tuples mean 'no restriction'."""

    gender: tuple[str, ...] = ()
    age: AgeRange | None = None
    status: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    field: tuple[str, ...] = ()
    district: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.gender or self.age or self.status or self.language or self.field or self.district)


def parse_age(value: str) -> AgeRange:
    """``30`` → 30–30, ``18-26`` → 18–26, ``65-`` → 65–120, ``-12`` → 0–12."""
    match = _AGE.match(value)
    if not match or not (match.group(1) or match.group(3)) or (match.group(2) is None and match.group(3)):
        raise UsageError(f"--age {value!r}: use an age such as 30 or a range such as 18-26, 65- or -12")
    low = int(match.group(1)) if match.group(1) else 0
    high = int(match.group(3)) if match.group(3) else (MAX_AGE if match.group(2) else low)
    if low > high or high > MAX_AGE:
        raise UsageError(f"--age {value!r}: the range must go from a lower to a higher age (at most {MAX_AGE})")
    return AgeRange(low, high)


def _norm(value: str) -> str:
    return re.sub(r"[\s_-]+", "", value).casefold()


def resolve(project: IkonProject, flt: Filter) -> Filter:
    """The filter with field names turned into ids and district names into their spelling in the
    data; raises ``UsageError`` for values that exist nowhere (typos should not look like 'no match')."""
    from ikon_report.project.sources import closest

    fields = {_norm(f.id): f.id for f in project.fields} | {_norm(f.name): f.id for f in project.fields}
    districts = {_norm(s.district): s.district for s in project.services}
    languages = sorted({code for s in project.services for code in s.languages})
    problems = []
    for value in flt.field:
        if _norm(value) not in fields:
            problems.append(f"--field {value!r} is not a field of action{closest(value, fields.values())}; "
                            f"known: {', '.join(f.id for f in project.fields)}")
    for value in flt.district:
        if _norm(value) not in districts:
            problems.append(f"--district {value!r} has no services{closest(value, districts.values())}; "
                            f"known: {', '.join(sorted(districts.values()))}")
    for value in flt.language:
        if value not in languages:
            problems.append(f"--language {value!r}: no service is offered in it; codes in the data: "
                            f"{', '.join(languages)}")
    if problems:
        raise UsageError("\n".join(problems))
    return Filter(gender=flt.gender, age=flt.age, status=flt.status, language=flt.language,
                  field=tuple(dict.fromkeys(fields[_norm(v)] for v in flt.field)),
                  district=tuple(dict.fromkeys(districts[_norm(v)] for v in flt.district)))


def matches(service: Service, flt: Filter) -> bool:
    """Whether ``service`` belongs in the edition selected by ``flt`` (rules in the module doc)."""
    target = service.target
    if flt.gender and target.gender != vocabulary.EVERYONE and target.gender not in flt.gender:
        return False
    if flt.age is not None:
        low = target.age_min if target.age_min is not None else 0
        high = target.age_max if target.age_max is not None else MAX_AGE
        if high < flt.age.low or low > flt.age.high:
            return False
    statuses = set(target.residence_status)
    if flt.status and vocabulary.EVERYONE not in statuses and not set(flt.status) & statuses:
        return False
    if flt.language and not set(flt.language) & set(service.languages):
        return False
    if flt.field and not set(flt.field) & set(service.fields):
        return False
    return not (flt.district and _norm(service.district) not in {_norm(d) for d in flt.district})


def select(project: IkonProject, flt: Filter) -> list[Service]:
    """The matching services in data order."""
    return [s for s in project.services if matches(s, flt)]


def slug(flt: Filter) -> str:
    """A file-name part describing the filter, e.g. ``female_age-18-26_ar``."""
    parts = [*flt.gender]
    if flt.age:
        parts.append(f"age-{flt.age.low}" + (f"-{flt.age.high}" if flt.age.high != flt.age.low else ""))
    parts += [*flt.status, *flt.language, *flt.field, *flt.district]
    return re.sub(r"[^\w-]+", "-", "_".join(parts)).strip("-")
