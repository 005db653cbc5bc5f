"""How a run treats Python's heap: cyclic garbage collected rarely, and memory given back between editions.

A build holds a large model for its whole run (at the Köln size ~300,000 objects). With CPython's default
thresholds (700, 10, 10) the collector scans that model again and again while it is being read: loading
the Köln size took 7.9 s with them and 4.6 s with ``THRESHOLDS`` (twice the data: 15.0 s and 10.3 s;
bench/notes.md). Reference counting frees all garbage but cycles at once either way.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc

THRESHOLDS = (50_000, 20, 100)  # objects allocated before a young collection; young, middle collections per older one


def collect_rarely() -> None:
    """Set ``THRESHOLDS`` for this process (the command line does, once, before any command runs)."""
    gc.set_threshold(*THRESHOLDS)


def give_back() -> None:
    """Free what is left of cycles now and return freed memory to the system (glibc keeps it otherwise):
    between editions at the Köln size the build's process shrinks by ~55 MB (bench/notes.md)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to give back this way
        ctypes.CDLL("libc.so.6").malloc_trim(0)
