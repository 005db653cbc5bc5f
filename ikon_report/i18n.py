"""The package's label files (``resources/i18n/<tag>.yaml``) and which of them serve a language.

German (``de.yaml``) is the reference: every package file has its keys (a test checks it). A tag
is served by, best first: the project's own ``i18n/<tag>.yaml``, the package's file for the tag,
for its language subtag (``de-AT`` → ``de``) and for the language of its CLDR locale (``prs`` →
``fa_AF`` → ``fa``). ``check`` lists the keys none of them has (``project/translations.py``).
"""

from __future__ import annotations

from functools import cache

import yaml

from ikon_report import languages, resources

DERIVED = ("locale", "dir")  # keys a label file may leave out: they follow from the tag (CLDR)
NAMES = "language_names"  # optional key: language names that win over CLDR's in this language
HASHES = "source_hashes"  # optional key of a project's file: the German texts its labels were translated from
OPTIONAL = (*DERIVED, NAMES, HASHES)
# keys older label files may hold that nothing reads any more, with why
RETIRED = {"date": "dates are written in the language's long CLDR format (never numerically)"}


def package_languages() -> tuple[str, ...]:
    """The languages the package has labels for (German first)."""
    found = sorted(f.stem for f in resources.package_dir("i18n").glob("*.yaml"))
    return ("de", *[tag for tag in found if tag != "de"])


SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LANGS = package_languages()


@cache
def table(lang: str) -> dict:
    """One package label file (our own files: libyaml's parser reads them as PyYAML's does, faster)."""
    return yaml.load(resources.i18n_file(lang).read_text(encoding="utf-8"), Loader=SAFE)  # noqa: S506 - safe loaders


def reference() -> dict:
    """The German labels: every key a language needs."""
    return table("de")


def package_chain(tag: str) -> list[str]:
    """The package label files that serve ``tag``, best first."""
    ident = languages.cldr_id(tag) or ""
    out: list[str] = []
    for name in (tag, languages.base(tag), ident.split("_")[0]):
        if name and name in LANGS and name not in out:
            out.append(name)
    return out


def tables_for(tag: str, own: dict | None = None) -> list[dict]:
    """Every table that gives ``tag`` its labels, best first: the project's ``own`` table, then the
    package's (``package_chain``)."""
    return ([own] if own is not None else []) + [table(name) for name in package_chain(tag)]


def merged(tables: list[dict]) -> dict:
    """One table from several, the first that has a key wins (mappings merged key by key)."""
    out: dict = {}
    for one in reversed(tables):
        for key, value in one.items():
            out[key] = {**out[key], **value} if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def missing_keys(tables: list[dict]) -> list[str]:
    """The German reference's keys (``gender.female`` for entries of mappings) none of ``tables`` has."""
    out = []
    for key, value in reference().items():
        if key in OPTIONAL:
            continue
        found = [t[key] for t in tables if key in t]
        if not found:
            out.append(key)
        elif isinstance(value, dict):
            have = set().union(*(set(v) for v in found if isinstance(v, dict)))
            out += [f"{key}.{sub}" for sub in value if sub not in have]
    return out
