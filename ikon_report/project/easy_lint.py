"""Leichte-Sprache rules for texts written by people: warnings at the line of each text.

Small heuristic rules after DIN SPEC 33429 and the Netzwerk Leichte Sprache (no German language
model is installable offline; docs/easy-language.md lists what each rule cannot see). Each rule
is a function ``str → list[str]`` (messages); ``easy_problems`` runs them on every Leichte-Sprache
text of a project and says where texts or reviews are missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ikon_report.errors import Problem
from ikon_report.project.model import EasyDocument, EasyText, IkonProject, Strict
from ikon_report.project.sources import closest

MAX_WORDS = 15
LONG_WORD = 13  # letters of a word without '-' or '·' from which it counts as a long compound
WORD = re.compile(r"[\wÄÖÜäöüß·-]+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9„\"])")

WERDEN = re.compile(r"\b(wird|werden|wirst|werdet|wurde|wurden|wurdest|worden)\b", re.I)
PARTICIPLE = re.compile(r"\b(ge\w{2,}(?:t|en)|\w{3,}iert)\b")
NOT_PARTICIPLE = {"gegen", "genau", "gestern", "gerne", "gemeinsam", "genug", "gesund", "gelten", "geben", "gehen",
                  "gewinnen", "genießen"}  # words that only look like a participle
NEGATION = re.compile(r"\b(nicht|nichts|kein|keine|keinen|keinem|keiner|keines|nie|niemals|niemand|nirgends|weder)\b",
                      re.I)
SUBJUNCTIVE = re.compile(r"\b(würde|wäre|hätte|könnte|müsste|dürfte|sollte|bräuchte)(n|st|t)?\b|\b(gäbe|käme|käme"
                         r"n|sei|seien)\b", re.I)
GENITIVE = re.compile(r"\bdes\b|\b(eines|keines|meines|deines|seines|ihres|unseres|eures|dieses|jenes)\s+[A-ZÄÖÜ]\w*s"
                      r"\b|\b(wegen|während|trotz|statt|anstatt|aufgrund|innerhalb|außerhalb)\s+(der|des|eines|einer)\b")
ABBREVIATIONS = re.compile(r"(?<!\w)(z\.\s?B\.|d\.\s?h\.|u\.\s?a\.|usw\.|bzw\.|ca\.|etc\.|ggf\.|evtl\.|inkl\.|vgl\.|"
                           r"sog\.|Nr\.|Tel\.|Str\.|Dr\.|Mo\.|Di\.|Mi\.|Do\.|Fr\.|Sa\.|So\.)"
                           r"|\b[A-ZÄÖÜ]{2,6}s?\b")
NUMBER = re.compile(r"(?<![\d.,])\d{4,}(?![\d.,]\d)")
PERCENT = re.compile(r"%|\bProzent\b", re.I)


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def long_sentences(text: str) -> list[str]:
    """Sentences of more than 15 words."""
    counts = [len(WORD.findall(s)) for s in _sentences(text)]
    return [f"a sentence of {n} words; Leichte Sprache uses at most {MAX_WORDS}: split it" for n in counts
            if n > MAX_WORDS]


def passive(text: str) -> list[str]:
    """A form of 'werden' with a past participle in the same sentence: 'Der Antrag wird geprüft'."""
    found = []
    for sentence in _sentences(text):
        participles = [p for p in PARTICIPLE.findall(sentence) if p.lower() not in NOT_PARTICIPLE]
        werden = WERDEN.search(sentence)
        if werden and participles:
            found.append(f"passive voice ('{werden.group()} … {participles[-1]}'); say who does it: "
                         "'Wir prüfen den Antrag.'")
    return found


def negations(text: str) -> list[str]:
    """'nicht', 'kein', 'nie' …: say what is, not what is not."""
    return [f"negation '{m.group()}'; say it positively if you can ('Der Kurs ist kostenlos.')"
            for m in NEGATION.finditer(text)]


def subjunctive(text: str) -> list[str]:
    """Konjunktiv: 'würde', 'könnte', 'wäre' …"""
    return [f"subjunctive '{m.group()}'; write what is ('Sie können …', 'Es gibt …')"
            for m in SUBJUNCTIVE.finditer(text)]


def genitive(text: str) -> list[str]:
    """Genitive: 'des Kurses', 'eines Antrags', 'wegen der Kosten'."""
    return [f"genitive '{m.group()}'; write 'von' ('das Haus von der Stadt') or say it another way"
            for m in GENITIVE.finditer(text)]


def abbreviations(text: str) -> list[str]:
    """Abbreviations ('z. B.', 'usw.', 'Nr.') and short words in capitals ('VHS', 'BAMF')."""
    return [f"abbreviation '{m.group()}'; write the words out (or explain it once)"
            for m in ABBREVIATIONS.finditer(text)]


def ungrouped_numbers(text: str) -> list[str]:
    """Numbers over 1.000 in digits without grouping ('12000'): years 1900–2099, numbers that start
    with 0 and the group after them (telephone) and a postcode (five digits after ', ' before the town) are allowed."""
    found = []
    for m in NUMBER.finditer(text):
        digits, after = m.group(), text[m.end():m.end() + 2]
        if int(digits) <= 1000 or digits.startswith("0") or (len(digits) == 4 and 1900 <= int(digits) <= 2099):
            continue
        if re.search(r"(?<!\d)0\d+[ /-]$", text[:m.start()]):
            continue  # the number after a telephone area code: „0571 123456“
        before = text[max(0, m.start() - 2):m.start()]
        if len(digits) == 5 and re.match(r"\s[A-ZÄÖÜ]", after) and (before in ("", ", ") or before.endswith("\n")):
            continue  # a postcode after the street: „Marktplatz 1, 12345 Lindenfeld“
        grouped = f"{int(digits):,}".replace(",", ".")
        found.append(f"the number {digits} without grouping; write {grouped} (or words such as 'viele')")
    return found


def percent(text: str) -> list[str]:
    """Percentages ('%', 'Prozent')."""
    return [f"percentage '{m.group()}'; write 'viele', 'die Hälfte' or 'jeder Dritte'" for m in PERCENT.finditer(text)]


def long_compounds(text: str) -> list[str]:
    """Words of 13 letters or more without a hyphen or media point ('Beratungsstelle')."""
    return [f"long word '{w}'; split it with a hyphen or a media point ('Beratungs-Stelle', 'Beratungs·stelle')"
            for w in WORD.findall(text) if len(w) >= LONG_WORD and "-" not in w and "·" not in w and w.isalpha()]


RULES: tuple[Callable[[str], list[str]], ...] = (long_sentences, passive, negations, subjunctive, genitive,
                                                 abbreviations, ungrouped_numbers, percent, long_compounds)


def lint(text: str) -> list[str]:
    """Every rule's messages for one text."""
    return [message for rule in RULES for message in rule(text)]


def _texts(record: Strict, keys: tuple[str, ...]) -> Iterator[tuple[int, str]]:
    """(line, text) of ``record``'s keys: a text at its key's line, a list's items at theirs."""
    src = record.src
    for key in keys:
        value = getattr(record, key, None)
        values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        for n, text in enumerate(values):
            line = src.line_of(key, n if isinstance(value, list) else None) if src else 1
            yield line, text


def _lint(record: Strict | None, label: str, keys: tuple[str, ...]) -> Iterator[Problem]:
    if record is None:
        return
    path = record.src.path if record.src else "ikon.yaml"
    for line, text in _texts(record, keys):
        for message in lint(text):
            yield Problem(path, line, "warning", f"{label}: Leichte Sprache: {message}")


def _document(doc: EasyDocument | None, name: str, what: str, texts: list[EasyText]) -> Iterator[Problem]:
    if doc is None:
        if texts:
            src = texts[0].src
            yield Problem(src.path if src else "data", src.line if src else 1, "warning",
                          f"Leichte-Sprache texts for {what} ('easy' with '{what[:-1]}:'), but ikon.yaml has no "
                          f"'easy.{name}' (title, intro, review): the Leichte-Sprache edition is not built")
        return
    path, line = (doc.src.path, doc.src.line) if doc.src else ("ikon.yaml", 1)
    if not texts:
        yield Problem(path, line, "warning", f"'easy.{name}' is set, but no 'easy' text names one of the {what}: "
                      "the Leichte-Sprache edition is not built")
    if doc.review is None:
        yield Problem(path, line, "warning", f"easy.{name}: no 'review' by Prüflesende (by, date); have the "
                      "texts checked before publishing them (a final build refuses them unchecked)")
    yield from _lint(doc, f"easy.{name}", ("title", "intro", "closing"))


def easy_of(p: IkonProject, kind: str, services: list[str] | None = None) -> list[EasyText]:
    """The Leichte-Sprache texts of ``kind`` ("service" or "field"), in the order of those records
    (``services``: the services' ids, by default those of ``p.services``)."""
    ids = ([s.id for s in p.services] if services is None else services) if kind == "service" \
        else [f.id for f in p.fields]
    by_id = {getattr(t, kind): t for t in p.easy if getattr(t, kind) is not None}
    return [by_id[r] for r in ids if r in by_id]


def _references(p: IkonProject, invalid: set[str], services: list[str]) -> Iterator[Problem]:
    known = {"service": set(services), "field": {f.id for f in p.fields}}
    seen: dict[str, str] = {}
    for text in p.easy:
        kind = "service" if text.service is not None else "field"
        ident = str(getattr(text, kind))
        path, line = (text.src.path, text.src.line_of(kind)) if text.src else ("data", 1)
        if ident not in known[kind] and ident not in invalid:
            yield Problem(path, line, "error", f"Leichte-Sprache text: unknown {kind} '{ident}'"
                          f"{closest(ident, known[kind])}; name one of the project's {kind} ids")
        elif f"{kind}:{ident}" in seen:
            yield Problem(path, line, "error", f"Leichte-Sprache text: {kind} '{ident}' has a text already (at "
                          f"{seen[f'{kind}:{ident}']}); keep one")
        seen.setdefault(f"{kind}:{ident}", f"{path}:{line}")


def easy_problems(p: IkonProject, invalid: set[str] | None = None, services: list[str] | None = None
                  ) -> Iterator[Problem]:
    """Leichte-Sprache texts: references, documents and reviews, and the lint warnings at each line
    (``services``: the services' ids, by default those of ``p.services``)."""
    easy = p.project.easy if p.project is not None else None
    services = [s.id for s in p.services] if services is None else services
    yield from _references(p, invalid or set(), services)
    yield from _document(getattr(easy, "summary", None), "summary", "fields", easy_of(p, "field"))
    yield from _document(getattr(easy, "catalogue", None), "catalogue", "services", easy_of(p, "service", services))
    for text in p.easy:
        label = f"Leichte-Sprache text for {text.service or text.field}"
        yield from _lint(text, label, ("title", "text"))
        if text.pictogram is not None:
            yield from _lint(text.pictogram, label, ("alt",))


def unreviewed(p: IkonProject) -> Iterator[Problem]:
    """What a final build refuses: a Leichte-Sprache document that will be built but has no review."""
    easy = p.project.easy
    for name, kind in (("summary", "field"), ("catalogue", "service")):
        doc = getattr(easy, name, None)
        if doc is not None and easy_of(p, kind) and doc.review is None:
            path, line = (doc.src.path, doc.src.line) if doc.src else ("ikon.yaml", 1)
            yield Problem(path, line, "error", f"easy.{name} has no review by Prüflesende; add 'review: {{by: …, "
                          "date: …}' once they have checked the texts")
