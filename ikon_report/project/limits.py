"""Every size limit of a project's sources in one place (documented in docs/limits.md).

They keep ``check`` and ``build`` fast and within memory whatever a file holds; each is enforced
at ``check`` time with a ``path:line`` message saying the limit and what to do.
"""

from __future__ import annotations

MB = 1024 * 1024

YAML_FILE_BYTES = 5 * MB  # ikon.yaml and each data/*.yaml file
CHAPTER_FILE_BYTES = MB // 2  # each chapters/*.md file
TEXT_CHARS = 100_000  # one YAML value (a key, a text)
ALIAS_VALUES = 10_000  # values YAML aliases ('*name') may add to one file when expanded

IMAGE_FILE_BYTES = 20 * MB
IMAGE_PIXELS = 50_000_000  # width × height
IMAGE_SIDE = 20_000  # pixels, width or height

# Markdown chapters (pandoc's reader is exponential in nested brackets, slow in deep nesting)
QUOTE_DEPTH = 10  # '>' markers at the start of a line
INDENT_COLUMNS = 40  # indentation of a line outside fenced code (a tab counts 4)
BRACKET_DEPTH = 3  # '[' nested in one paragraph (links, images, spans, notes)
DIV_DEPTH = 10  # '::: ' fenced divs inside each other
NESTING = 40  # elements inside one another in a chapter (quotes, lists, divs, emphasis, links …)


def size(n: int) -> str:
    """``5 MB``, ``5.2 MB``, ``586 KB``, ``900 bytes``."""
    if n >= MB:
        return f"{n / MB:.1f}".removesuffix(".0") + " MB"
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def count(n: int) -> str:
    """``100,000`` (messages are English)."""
    return f"{n:,}"
