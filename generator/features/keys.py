"""Dependency keys: short digests of what a page depends on.

A page is rendered again only when its key changes, so a key must name
everything the page reads. These helpers make keys from plain values and
from cable summaries in a stable way (no ``hash()``: it changes per process).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from generator.link import Summary


def key(*parts: Any) -> str:
    """A digest of ``parts`` (strings, numbers, None, tuples and lists of them)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr(parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


V = TypeVar("V")
_MISSING: Any = object()


def same_parts(old: Mapping[str, V], new: Mapping[str, V], part: Callable[[V], object]) -> bool:
    """Whether two builds' values per cable are for the same cables and agree in ``part``.

    Unchanged values are mostly the very same objects, so identity decides most
    of them at once; ``part`` is what a reader of the values depends on (the
    glossary's site indexes, other cables' page keys)."""
    if len(old) != len(new):
        return False
    for cable_id, value in new.items():
        was = old.get(cable_id, _MISSING)
        if was is not value and (was is _MISSING or part(was) != part(value)):
            return False
    return True


def summary_key(s: Summary) -> str:
    """The digest of what list and link renderers show of a cable.

    Memoised by the summary's identity: the keys of a site's pages ask for the
    same few hundred thousand summaries millions of times (every cable's row
    on every term page it appears on), and hashing a frozen dataclass hashes
    all its fields each time (a sixth of the glossary pages' keys at 100,000
    cables). The memo holds the summary too, so an id is never reused while
    its entry lives.
    """
    hit = _KEYS.get(id(s))
    if hit is not None and hit[0] is s:
        return hit[1]
    if len(_KEYS) >= _KEYS_MAX:
        _KEYS.clear()
    made = key(s.id, s.date.isoformat() if s.date else None, s.subject, s.origin, s.station,
               s.classification, s.caveats, s.tags, s.paragraphs)
    _KEYS[id(s)] = (s, made)
    return made


_KEYS: dict[int, tuple[Summary, str]] = {}
"""``summary_key``'s memo (a cache of pure results, per process)."""
_KEYS_MAX = 1 << 20
_SLACK = 1024
"""Summaries the memo may hold beyond twice the live corpus (a small site never trims)."""


def trim_memo(live: int) -> None:
    """Forget ``summary_key``'s memo once it holds far more summaries than the ``live``
    corpus has: a kept session (``cablegen serve``) makes new summaries for the cables
    that change, and the memo would otherwise keep every old one alive."""
    if len(_KEYS) > 2 * live + _SLACK:
        _KEYS.clear()


def forget_memo() -> None:
    """Forget ``summary_key``'s memo (a build with no next one lets its summaries go)."""
    _KEYS.clear()


def summaries_key(summaries: Iterable[Summary]) -> str:
    """The digest of a list of cables as a list page shows them."""
    return key(*(summary_key(s) for s in summaries))


def ids_key(ids: Iterable[str]) -> bytes:
    """A short digest of a list of cable ids (what a list or term page lists): ids never
    hold a NUL (they are file names), so joining them with one is unambiguous."""
    return hashlib.blake2b("\0".join(ids).encode(), digest_size=16).digest()
