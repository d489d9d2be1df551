"""Dependency keys: short digests of what a page depends on.

A page is rendered again only when its key changes, so a key must name
everything the page reads. These helpers make keys from plain values and
from cable summaries in a stable way (no ``hash()``: it changes per process).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from generator.link import Summary


def key(*parts: Any) -> str:
    """A digest of ``parts`` (strings, numbers, None, tuples and lists of them)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr(parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def summary_key(s: Summary) -> str:
    """The digest of what list and link renderers show of a cable.

    Memoised on the summary's own fields (summaries are frozen and hashable), so
    that building the keys of 250,000 pages digests each summary once.
    """
    return _summary_key(s)


@lru_cache(maxsize=1 << 20)
def _summary_key(s: Summary) -> str:
    return key(s.id, s.date.isoformat() if s.date else None, s.subject, s.origin, s.station,
               s.classification, s.caveats, s.tags, s.paragraphs)


def summaries_key(summaries: Iterable[Summary]) -> str:
    """The digest of a list of cables as a list page shows them."""
    return key(*(summary_key(s) for s in summaries))
