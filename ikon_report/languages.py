"""Languages as data: BCP 47 tags checked against the IANA registry (langcodes), their names,
script and writing direction from CLDR (Babel). No hand-written tables.

A tag is written as the registry spells it (``de``, ``de-DE``, ``prs``, ``ckb``, ``sr-Latn``);
CLDR's aliases map individual languages onto the locale that holds their data (Dari ``prs`` →
``fa_AF``, Northern Kurdish ``kmr`` → ``ku``). Both libraries are imported when first needed: the
command line loads this module on every start.
"""

from __future__ import annotations

import datetime as dt
import difflib
from functools import cache
from typing import Any

RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"})


_ANSWERS: dict[str, str | None] = {}  # problem() of each tag asked so far (the check cache keeps them)


def answers() -> dict[str, str | None]:
    """What ``problem`` said of each tag so far."""
    return dict(_ANSWERS)


def learn(known: dict[str, str | None]) -> None:
    """Answers of ``problem`` given earlier (by this version of the registry): not asked again."""
    _ANSWERS.update(known)


def problem(tag: str) -> str | None:
    """Why ``tag`` is no usable language tag (with a suggestion), or None when it is one."""
    if tag not in _ANSWERS:
        _ANSWERS[tag] = _problem(tag)
    return _ANSWERS[tag]


def _problem(tag: str) -> str | None:
    import langcodes

    try:
        parsed = langcodes.Language.get(tag, normalize=False)
    except (langcodes.tag_parser.LanguageTagError, ValueError):
        parsed = None
    if parsed is not None and parsed.is_valid():
        written = parsed.to_tag()
        return None if written == tag else f"is written '{written}' in BCP 47"
    hint = suggestion(tag)
    near = f" (did you mean '{hint}'?)" if hint else ""
    return (f"is not a language tag{near}; write a BCP 47 tag from the IANA registry such as "
            "'ar', 'fa-AF', 'prs' (Dari) or 'ckb' (Central Kurdish)")


def suggestion(word: str) -> str | None:
    """The tag meant by ``word``: an overlong or deprecated code (``ukr`` → ``uk``), a language
    name in English or German (``Dari`` → ``prs``), else a close known code."""
    import langcodes

    try:
        standard = langcodes.standardize_tag(word)
        if langcodes.Language.get(standard, normalize=False).is_valid() and standard != word:
            return _preferred(standard)
    except (langcodes.tag_parser.LanguageTagError, ValueError):
        pass
    by_name = _names()
    key = word.strip().casefold()
    if key in by_name:
        return by_name[key]
    near = difflib.get_close_matches(key, list(by_name), n=1, cutoff=0.85)
    return by_name[near[0]] if near else None


def _preferred(standard: str) -> str:
    """``fa-AF`` as the individual language's own code where CLDR has one (``prs``)."""
    aliases = {v.replace("_", "-"): k for k, v in _babel_global("language_aliases").items()
               if len(k) == 3 and "_" in v}  # prs → fa_AF; not ara → ar
    return aliases.get(standard, standard)


@cache
def _names() -> dict[str, str]:
    """Language names (English and German, folded) → tag, from CLDR."""
    from babel import Locale

    out: dict[str, str] = {}
    for lang in ("de", "en"):
        for code, name in Locale.parse(lang).languages.items():
            out.setdefault(name.casefold(), _preferred(code.replace("_", "-")))
    return out


def _babel_global(key: str) -> Any:
    from babel import core

    return core.get_global(key)  # type: ignore[arg-type]


@cache
def cldr_id(tag: str) -> str | None:
    """The CLDR locale holding ``tag``'s data (``prs`` → ``fa_AF``, ``de-DE`` → ``de_DE``), or None."""
    from babel import Locale, UnknownLocaleError

    language, _, rest = tag.partition("-")
    alias = _babel_global("language_aliases").get(language)
    ident = (alias or language) + ("_" + rest.replace("-", "_") if rest else "")
    for candidate in (ident, alias or language):
        try:
            return str(Locale.parse(candidate))
        except (UnknownLocaleError, ValueError):
            continue
    return None


@cache
def script(tag: str) -> str | None:
    """The script ``tag`` is written in (``Arab``, ``Latn``, ``Ethi``), from CLDR's likely subtags."""
    from babel import Locale

    parts = tag.split("-")
    explicit = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if explicit:
        return explicit.title()
    ident = cldr_id(tag)
    if ident is None:
        return None
    locale = Locale.parse(ident)
    if locale.script:
        return locale.script
    likely = _babel_global("likely_subtags")  # e.g. ckb → ckb_Arab_IQ
    for key in (ident, locale.language):
        subtags = likely.get(key, "").split("_")
        found = next((p for p in subtags[1:] if len(p) == 4), None)
        if found:
            return found
    return None


def direction(tag: str) -> str:
    """``rtl`` or ``ltr``: CLDR's character order of the language's locale, else of its script."""
    from babel import Locale

    ident = cldr_id(tag)
    if ident is not None:
        return "rtl" if Locale.parse(ident).character_order == "right-to-left" else "ltr"
    return "rtl" if script(tag) in RTL_SCRIPTS else "ltr"


def is_rtl(tag: str) -> bool:
    return direction(tag) == "rtl"


@cache
def name(tag: str, in_lang: str) -> str:
    """The name of language ``tag`` in language ``in_lang`` (its own name when both are the same),
    from CLDR; the tag itself when CLDR has no name for it."""
    from babel import Locale

    ident, where = cldr_id(tag), cldr_id(in_lang) or "en"
    found = None
    if ident is not None:
        names = Locale.parse(where).languages
        found = names.get(ident) or names.get(ident.split("_")[0])
    return found[:1].upper() + found[1:] if found else tag


def date(value: dt.date, tag: str) -> str:
    """A date written out in language ``tag`` (CLDR's long format: ``20. Mai 2019``, ``May 20, 2019``,
    ``20 травня 2019 р.``), Latin digits; English where CLDR has no locale for the tag. Its spaces
    are no-break spaces: a date never breaks across lines."""
    from babel.dates import format_date

    text = format_date(value, format="long", locale=cldr_id(tag) or "en")
    return text.replace(" ", "\u00a0").replace("\u202f", "\u00a0")


def base(tag: str) -> str:
    """The language subtag (``de-DE`` → ``de``)."""
    return tag.split("-")[0].lower()
