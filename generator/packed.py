"""Per-cable values packed into one ``bytes`` object, for forked workers to read.

A forked worker shares its parent's memory until it writes to it, and CPython
writes to every object it merely reads (its reference count). A term or list
page reads the summaries (and terms) of up to ``browse.page_size`` cables,
whose dozen small objects each lie on memory pages shared with other cables'
objects: over the 128 pages of one pool, a worker at 251,287 cables came to
own its copy of most pages that hold summaries (0.76 GB for the two workers
of a re-key, the peak of the build: issue 8).

``Packed`` keeps each cable's value as ``marshal`` bytes (plain tuples of
strings and numbers) in one ``bytes`` object, with an array of where each
ends. Reading a value decodes a private copy, freed with the page: of the
parent's memory, a worker writes only to the index's entries it looks up (the
ids and their numbers, tens of MB at the release's size whatever the number of
pages). The parent builds the pack once, before it forks the page jobs' workers,
and drops it when they are done.
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Generic, TypeVar

from generator.features import Context, Feature
from generator.link import Summary

T = TypeVar("T")

SUMMARIES = "summaries"
"""``Context.shared`` slot of the packed summaries; a feature's packed values are under
its name."""


_MARSHAL = 0
"""marshal's first format: no references between values and no interned strings, which
the later ones spend time on when reading (1.4 against 2.4 us a summary; 27% larger)."""


class Packed(Generic[T]):
    """Values by cable id, each stored as ``marshal`` bytes and decoded on reading."""

    __slots__ = ("_blob", "_decode", "_ends", "_index")

    def __init__(self, items: Iterable[tuple[str, Any]], decode: Callable[[Any], T]) -> None:
        blob = bytearray()
        ends = array("Q")
        index: dict[str, int] = {}
        for number, (cid, value) in enumerate(items):
            blob += marshal.dumps(value, _MARSHAL)
            ends.append(len(blob))
            index[cid] = number
        self._blob = bytes(blob)
        self._ends = ends
        self._index = index
        self._decode = decode

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, cid: object) -> bool:
        return cid in self._index

    @property
    def size(self) -> int:
        """Bytes of packed values (the index aside)."""
        return len(self._blob)

    def __getitem__(self, cid: str) -> T:
        number = self._index[cid]
        start = self._ends[number - 1] if number else 0
        return self._decode(marshal.loads(self._blob[start:self._ends[number]]))


def summary_values(s: Summary) -> tuple[Any, ...]:
    """A summary as marshal's plain values (its date as ISO text)."""
    return (s.id, s.date.isoformat() if s.date else None, s.subject, s.origin, s.station,
            s.classification, s.caveats, s.tags, s.cites, s.path, s.line, s.paragraphs,
            s.other_refs)


def summary_of(values: Any) -> Summary:
    """A summary back from ``summary_values``: equal to the one packed."""
    (cid, date, subject, origin, station, classification, caveats, tags, cites, path, line,
     paragraphs, other_refs) = values
    return Summary(cid, datetime.fromisoformat(date) if date else None, subject, origin,
                   station, classification, caveats, tags, cites, path, line, paragraphs,
                   other_refs)


def pack_summaries(cables: Mapping[str, Summary], order: Iterable[str]) -> Packed[Summary]:
    """Every cable's summary, in ``order``."""
    return Packed(((cid, summary_values(cables[cid])) for cid in order), summary_of)


def share(ctx: Context, features: Iterable[Feature]) -> int:
    """Pack the summaries, and the collected values of the features that declare
    ``packs``, into ``ctx.shared`` (before forking); return the bytes packed."""
    ctx.shared[SUMMARIES] = pack_summaries(ctx.corpus.cables, ctx.corpus.order)
    for feature in features:
        if feature.packs is not None and feature.name in ctx.collected:
            to, back = feature.packs
            values = ctx.collected[feature.name]
            ctx.shared[feature.name] = Packed(((cid, to(v)) for cid, v in values.items()), back)
    return sum(p.size for p in ctx.shared.values())


def summaries(ctx: Context) -> Callable[[str], Summary]:
    """How a page job reads a cable's summary: a private copy from the packed summaries
    in a worker of a build that packed them, else the corpus's own object."""
    packed: Packed[Summary] | None = ctx.shared.get(SUMMARIES)
    return packed.__getitem__ if packed is not None else ctx.corpus.cables.__getitem__


def collected(ctx: Context, name: str) -> Callable[[str], Any]:
    """How a page job reads a cable's collected value of feature ``name`` (as ``summaries``)."""
    packed: Packed[Any] | None = ctx.shared.get(name)
    return packed.__getitem__ if packed is not None else ctx.collected.get(name, {}).__getitem__
