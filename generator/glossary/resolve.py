"""Context decides: which entries explain a term in one cable.

Candidates are ranked, and the best rank that has any wins:

1. the cable itself: its own definitions ("Government of Honduras (GOH)")
   and its routing header (``RUEHBS`` = ``AMEMBASSY BRUSSELS``);
2. entries scoped to the cable's sending station;
3. entries scoped to the country of the sending post;
4. entries scoped to a country of the cable's geographic TAGS;
5. general entries;
6. the definition given by another cable from the same post, or failing that
   by cables of another post of the same country (named as such): inferred
   from other cables, it yields to any entry an editor wrote.

Entries whose period excludes the cable's date are left out. When only
scoped entries exist and none applies, every meaning is returned and the
result is marked ambiguous: a guess is never presented as fact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from generator.glossary.model import TAG_KINDS, TEXT_EXCLUDED, Entry, Glossary


@dataclass(frozen=True, slots=True)
class CableContext:
    """What decides between meanings: where and when the cable was written, and its TAGS."""

    station: str = ""
    country: str = ""
    """FIPS code of the sending post's country (from the posts table), or empty."""
    tag_countries: tuple[str, ...] = ()
    date: datetime | None = None
    local: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)
    """Entries from the cable itself (its definitions, its header)."""
    post: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)
    """Definitions given by other cables from the same post."""


@dataclass(frozen=True, slots=True)
class Resolution:
    """The meanings of a term in one cable."""

    term: str
    entries: tuple[Entry, ...]
    ambiguous: bool
    """Nothing in the cable decides: several meanings apply, or the only meanings
    known are scoped elsewhere (another country, another period)."""


def make_context(glossary: Glossary, station: str, tags: Sequence[str],
                 date: datetime | None, local: Mapping[str, tuple[Entry, ...]] | None = None,
                 post: Mapping[str, tuple[Entry, ...]] | None = None) -> CableContext:
    """The context of a cable from its station, TAGS codes and date."""
    countries = tuple(t for t in tags if t in glossary.countries and len(t) == 2)
    return CableContext(station, glossary.posts.get(station, ""), countries, date,
                        local or {}, post or {})


def _in_period(entry: Entry, when: datetime | None) -> bool:
    if when is None:
        return True
    day = when.date()
    s = entry.scope
    return (s.start is None or s.start <= day) and (s.end is None or day <= s.end)


def _rank(entry: Entry, ctx: CableContext) -> int | None:
    """The rank at which an entry applies in this context (lower is better), or None."""
    s = entry.scope
    if s.general:
        return 5
    if ctx.station and ctx.station in s.stations:
        return 2
    if ctx.country and ctx.country in s.countries:
        return 3
    if any(c in s.countries for c in ctx.tag_countries):
        return 4
    return None


def lookup(glossary: Glossary, term: str, ctx: CableContext | None = None,
           where: str = "text") -> list[Entry]:
    """The entries that explain ``term`` in this context (see ``resolve``)."""
    return list(resolve(glossary, term, ctx or CableContext(), where).entries)


def _distinct(entries: Sequence[Entry]) -> tuple[Entry, ...]:
    """Entries with distinct expansions, first kept (the same meaning in two scopes)."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        seen.setdefault(entry.expansion.lower(), entry)
    return tuple(seen.values())


def resolve(glossary: Glossary, term: str, ctx: CableContext, where: str = "text",
            ) -> Resolution:
    """The meanings of ``term`` in a cable; ``where`` is ``text`` or ``tags``."""
    if term in ctx.local:
        return Resolution(term, ctx.local[term], len(ctx.local[term]) > 1)
    candidates = [e for e in glossary.entries.get(term, ()) if _in_period(e, ctx.date)]
    if where == "tags":
        tagged = [e for e in candidates if e.kind in TAG_KINDS]
        candidates = tagged or candidates
    else:
        candidates = [e for e in candidates if e.kind not in TEXT_EXCLUDED]
        prose = [e for e in candidates if e.kind not in TAG_KINDS]
        candidates = prose or candidates
    ranked: dict[int, list[Entry]] = {}
    for entry in candidates:
        rank = _rank(entry, ctx)
        if rank is not None:
            ranked.setdefault(rank, []).append(entry)
    if term in ctx.post:
        ranked.setdefault(6, []).extend(ctx.post[term])
    if ranked:
        best = _distinct(ranked[min(ranked)])
        return Resolution(term, best, len(best) > 1)
    return Resolution(term, _distinct(candidates), bool(candidates))


def header_entries(routing: Sequence[tuple[str | None, str]], cable_id: str,
                   ) -> dict[str, tuple[Entry, ...]]:
    """Routing indicators explained by the cable's own header (``RUEHBS`` -> its station)."""
    out: dict[str, tuple[Entry, ...]] = {}
    for code, name in routing:
        if code and name and code not in out:
            out[code] = (Entry(code, name, "routing indicator",
                               "As this cable's own routing header pairs them.", source=
                               "the cable's header", origin="header", path=cable_id),)
    return out
