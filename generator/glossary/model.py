"""The glossary's data: entries with kinds and scopes, and the loaded glossary.

An ``Entry`` explains one term (``GOB``) in one way (``Government of
Belgium``), possibly only within a ``Scope`` (cables from Brussels, cables
about Belgium, a period). The ``Glossary`` holds every entry by term, the
posts table (station -> country) that scopes rely on, and the list of
ordinary English words (so that ``AID`` or ``US`` in an all-capitals
telegram are not taken for acronyms). Everything here is frozen; the only
mutable part is a memo of site-wide indexes derived from the collected
values of one build (see ``Glossary.memo``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

KINDS = (
    "subject tag", "program tag", "geographic tag", "organisation tag", "caption",
    "title or office", "acronym", "routing indicator", "post",
)
"""Kinds of entries, as data files and ``content/glossary.toml`` write them."""

TAG_KINDS = frozenset({"subject tag", "program tag", "geographic tag", "organisation tag"})
TEXT_EXCLUDED = frozenset({"geographic tag"})
"""Kinds never looked for in running text (``GM`` in prose is not Germany)."""

ORIGINS = ("cable", "header", "site", "built-in", "post")
"""Where an entry comes from: the cable's own text, its routing header, the
site's ``content/glossary.toml``, the data shipped with cablegen, or the
definition given in another cable from the same post."""


@dataclass(frozen=True, slots=True)
class Scope:
    """Where an entry applies; an empty scope applies everywhere."""

    stations: tuple[str, ...] = ()
    """Sending stations as in cable ids (``BRUSSELS``, ``LAPAZ``)."""
    countries: tuple[str, ...] = ()
    """FIPS 10-4 country codes (``BE``): the post's country or a geographic TAG."""
    start: date | None = None
    end: date | None = None

    @property
    def general(self) -> bool:
        """Whether the entry applies regardless of post and country."""
        return not self.stations and not self.countries

    def describe(self, country_names: Mapping[str, str]) -> str:
        """A short human description (``cables from BRUSSELS; Belgium; 2005-2010``)."""
        parts = []
        if self.stations:
            parts.append("cables from " + ", ".join(self.stations))
        if self.countries:
            parts.append("cables from or about " + ", ".join(
                country_names.get(c, c) for c in self.countries))
        if self.start or self.end:
            parts.append(f"{self.start or '…'} to {self.end or '…'}")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Entry:
    """One meaning of one term."""

    term: str
    expansion: str
    kind: str
    note: str = ""
    scope: Scope = field(default_factory=Scope)
    source: str = ""
    origin: str = "built-in"
    """One of ``ORIGINS``."""
    path: str = ""
    """File (or cable id) the entry was read from, for diagnostics and provenance."""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Glossary:
    """The loaded glossary: the state of the ``glossary`` feature."""

    entries: Mapping[str, tuple[Entry, ...]]
    """Every entry, by term (terms are matched as written: capitals, digits, ``/&-``)."""
    posts: Mapping[str, str]
    """Station (as in cable ids) -> FIPS country code."""
    countries: Mapping[str, str]
    """FIPS country code -> country name (from the geographic tags)."""
    words: frozenset[str]
    """Ordinary English words, in capitals (not acronyms when a text is all capitals)."""
    digest: str
    """Digest of every entry: changes when any entry changes."""
    text_terms: frozenset[str] = frozenset()
    """Terms looked for in running text (those with an entry of a kind found in prose)."""
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Site-wide indexes derived from one build's collected values, computed once.

    Keyed by name and the identity of the collected mapping they were derived
    from, so a new build never sees a stale index."""

    @staticmethod
    def entry_key(entry: Entry) -> str:
        """A stable text naming an entry's content (for fingerprints and page keys)."""
        s = entry.scope
        return "|".join((entry.term, entry.expansion, entry.kind, entry.note, entry.source,
                         entry.origin, ",".join(s.stations), ",".join(s.countries),
                         str(s.start or ""), str(s.end or "")))
