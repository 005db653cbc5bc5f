"""What the web edition's search indexes, and the search script with its vendored libraries.

The search itself runs in the browser (``templates/catalogue-search.js``, MiniSearch with a stemmer
per language, docs/catalogue.md#search). Here: the keywords of each service (its own and its
category's, per language), the texts that must not be found (placeholder addresses and e-mail
addresses at reserved example domains), and the script that inlines MiniSearch and the stemmers.
"""

from __future__ import annotations

import re
from functools import cache

from ikon_report import resources
from ikon_report.project.model import Category, IkonProject, Service

# A word starting with „Muster“ (Musterstraße, Musterweg, Musterstadt) marks an invented address.
PLACEHOLDER_ADDRESS = re.compile(r"(?<!\w)muster", re.IGNORECASE)
# E-mail addresses and hosts at the domains reserved for examples (RFC 2606).
EXAMPLE_DOMAIN = re.compile(r"[\w.+-]*@?(?<![\w-])example\.(?:org|com|net)\b", re.IGNORECASE)
LIBRARIES = ("minisearch.js",)
LICENCES = ("minisearch.LICENSE.txt", "stemmers.LICENSE.md", "Apache-2.0.txt")
STEMMER_PREFIX, STEMMER_SUFFIX = "stemmer-", ".cjs"


def searchable_address(address: str) -> str:
    """The address as the search sees it: empty when it is a placeholder."""
    return "" if PLACEHOLDER_ADDRESS.search(address) else address


def searchable_contact(contact: str) -> str:
    """The contact text without e-mail addresses at example domains."""
    return EXAMPLE_DOMAIN.sub(" ", contact)


def keywords(service: Service, categories: dict[str, Category], langs: list[str]) -> dict[str, list[str]]:
    """Search words per language: the service's own, then its category's (German under ``de``)."""
    category = categories.get(service.category)
    out: dict[str, list[str]] = {}
    for code in langs:
        words: list[str] = []
        if code == "de":
            words += service.keywords + (category.keywords if category else [])
        else:
            own = service.translations.get(code)
            shared = category.translations.get(code) if category else None
            words += (own.keywords if own else []) + (shared.keywords if shared else [])
        if words:
            out[code] = list(dict.fromkeys(words))
    return out


def search_fields(project: IkonProject, langs: list[str]) -> dict[str, dict]:
    """Per service id: its keywords and the address and contact texts the search may index."""
    categories = {c.name: c for c in project.categories}
    return {s.id: {"keywords": keywords(s, categories, langs), "address": searchable_address(s.address),
                   "contact": searchable_contact(s.contact)} for s in project.services}


@cache
def stemmer_langs() -> tuple[str, ...]:
    """Language codes with a vendored stemmer (``resources/web/stemmer-<code>.cjs``)."""
    folder = resources.package_dir("web")
    return tuple(sorted(p.name.removeprefix(STEMMER_PREFIX).removesuffix(STEMMER_SUFFIX)
                        for p in folder.glob(f"{STEMMER_PREFIX}*{STEMMER_SUFFIX}")))


def _read(name: str) -> str:
    return (resources.package_dir("web") / name).read_text(encoding="utf-8")


def _comment(text: str) -> str:
    return "/*\n" + text.replace("*/", "* /").rstrip() + "\n*/\n"


@cache
def vendored_script() -> str:
    """MiniSearch and the stemmers as one script prefix, their licences first (as comments).

    Each stemmer is a CommonJS file; it runs in a function that gives it ``exports`` and keeps its
    names private. ``IKON_STEMMERS[code]`` is its ``stemmer(word)`` function.
    """
    parts = ["/* Bundled libraries: MiniSearch 7.2.0 (MIT) and @orama/stemmers 3.1.18 (Apache-2.0); "
             "see ikon_report/resources/web/README.md. Their licences follow. */\n"]
    parts += [_comment(_read(name)) for name in LICENCES]
    parts += [_read(name).rstrip() + "\n" for name in LIBRARIES]
    parts.append("const IKON_STEMMERS = {};\n")
    for code in stemmer_langs():
        body = _read(f"{STEMMER_PREFIX}{code}{STEMMER_SUFFIX}").rstrip()
        parts.append(f'IKON_STEMMERS["{code}"] = (function () {{ var exports = {{}};\n{body}\n'
                     "return exports.stemmer; })();\n")
    return "".join(parts)
