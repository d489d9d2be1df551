"""Facets of the collection: the cables of each tag, post, year, month, classification, caption.

Built once by the link stage from the summaries, newest first, so that
browse pages and the edition page's "previous / next from the same post"
read the same lists. Keys are as the cables state them (tag codes, the
station of the id, ``2007``, ``2007-03``, ``CONFIDENTIAL//NOFORN``,
``SIPDIS``); ``slug`` turns a key into a safe file name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

FACETS = ("tag", "post", "year", "month", "classification", "caption")
FOLDERS = {"tag": "tags", "post": "posts", "year": "dates", "month": "dates",
           "classification": "classifications", "caption": "captions"}
UNDATED = "undated"
UNKNOWN_POST = "UNKNOWN"
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}


class Listed(Protocol):
    """What facets read of a cable's summary."""

    @property
    def id(self) -> str: ...
    @property
    def station(self) -> str: ...
    @property
    def classification(self) -> str: ...
    @property
    def caveats(self) -> tuple[str, ...]: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def month(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Facets:
    """Ids by facet and key, newest first; and each cable's place in its post's list."""

    groups: Mapping[str, Mapping[str, tuple[str, ...]]]
    """``groups[facet][key]``: the ids of the cables with that key, newest first."""
    post_position: Mapping[str, int]
    """Index of each cable in its post's list."""
    names: Mapping[str, Mapping[str, str]]
    """``names[facet][key]``: the file name of the key's page (without ``.html``)."""

    def page(self, facet: str, key: str) -> str:
        """Output path of the first page listing ``key`` of ``facet``."""
        return f"{FOLDERS[facet]}/{self.names[facet][key]}.html"

    def neighbours(self, cable_id: str, station: str) -> tuple[str | None, str | None]:
        """(the previous, the next) cable from the same post, in time: older, newer."""
        ids = self.groups["post"].get(station or UNKNOWN_POST, ())
        pos = self.post_position.get(cable_id)
        if pos is None or pos >= len(ids) or ids[pos] != cable_id:
            return None, None
        older = ids[pos + 1] if pos + 1 < len(ids) else None
        newer = ids[pos - 1] if pos > 0 else None
        return older, newer


def keys_of(s: Listed) -> Iterable[tuple[str, str]]:
    """The (facet, key) pairs a cable is listed under."""
    for tag in s.tags:
        yield "tag", tag
    yield "post", s.station or UNKNOWN_POST
    month = s.month
    yield "year", month[:4] if month else UNDATED
    if month:
        yield "month", month
    yield "classification", s.classification or "UNKNOWN"
    for caveat in dict.fromkeys(s.caveats):
        yield "caption", caveat


def build_facets(order: Iterable[str], summaries: Mapping[str, Listed]) -> Facets:
    """Group the cables, taken in ``order`` (newest first), by every facet."""
    groups: dict[str, dict[str, list[str]]] = {f: defaultdict(list) for f in FACETS}
    for cable_id in order:
        for facet, key in keys_of(summaries[cable_id]):
            groups[facet][key].append(cable_id)
    posts = groups["post"]
    position = {cid: n for ids in posts.values() for n, cid in enumerate(ids)}
    names = {f: ({k: k for k in g} if f in ("year", "month") else slugs(g))
             for f, g in groups.items()}
    return Facets({f: {k: tuple(v) for k, v in sorted(g.items())} for f, g in groups.items()},
                  position, names)


def slug(key: str) -> str:
    """A file name for a facet key: letters, digits and dashes, never a reserved name.

    A key that would end like a continuation page (``-2``) or that Windows
    reserves (``CON``, ``NUL``) gets a trailing underscore.
    """
    name = re.sub(r"[^A-Za-z0-9]+", "-", key).strip("-") or "_"
    if name.upper() in _RESERVED or re.search(r"-\d+$", name):
        name += "_"
    return name


def slugs(keys: Iterable[str]) -> dict[str, str]:
    """Unique file names for keys (``SECRET//NOFORN`` and ``SECRET NOFORN`` differ)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for key in sorted(keys):
        name = base = slug(key)
        n = 2
        while name.upper() in used:
            name = f"{base}_{n}"
            n += 1
        used.add(name.upper())
        out[key] = name
    return out
