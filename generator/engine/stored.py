"""Whole collected values read back from the cache, for features that keep them light.

A feature with a ``light`` hook (the search terms) keeps only a small part of
each cable's value in memory; the one stage that needs the whole values (the
search index) streams them from the cache, where parsing stored them, in the
site's order and a few hundred at a time, so memory holds one batch. The
same stage may ask for the values of cables as they were in an earlier build
(by their content digest, ``by_digest``): the cache keeps them until pruned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from generator.engine.cache import Cache
from generator.engine.flatten import Entry
from generator.link import Corpus

BATCH = 500


class Stored:
    """``stored(feature, ids)``: (id, whole value or None) for each id, in order.

    ``states`` are the collected values' state keys (the snapshot's); the map
    from cable id to content digest is made on first use only.
    """

    def __init__(self, opener: Callable[[], Cache], states: Mapping[str, str],
                 entries: Sequence[Entry], corpus: Corpus) -> None:
        self._opener, self._states, self._entries, self._corpus = opener, states, entries, corpus
        self._digests: dict[str, str] = {}

    def digest(self, cable_id: str) -> str | None:
        """The content digest of a cable of this build."""
        if not self._digests:
            by_source = self._corpus.by_source
            for e in self._entries:
                found = by_source.get((e.path, e.line))
                if found is not None:
                    self._digests[found] = e.digest
        return self._digests.get(cable_id)

    def __call__(self, feature: str, ids: Iterable[str]) -> Iterator[tuple[str, Any]]:
        self.digest("")  # the map, before the batches use it
        state = self._states[feature]
        cache = self._opener()
        try:
            batch: list[str] = []
            for cable_id in ids:
                batch.append(cable_id)
                if len(batch) >= BATCH:
                    yield from _batch(cache, feature, state, batch, self._digests)
                    batch = []
            yield from _batch(cache, feature, state, batch, self._digests)
        finally:
            cache.close()

    def by_digest(self, feature: str, digests: Iterable[str]) -> dict[str, Any]:
        """The whole values of cables by content digest (of this build or an earlier one,
        if still cached), computed with this build's state of the feature."""
        cache = self._opener()
        try:
            return cache.collected(feature, self._states[feature], digests)
        finally:
            cache.close()


def reader(opener: Callable[[], Cache], states: Mapping[str, str], entries: Sequence[Entry],
           corpus: Corpus) -> Stored:
    """The reader of a build (see ``Stored``)."""
    return Stored(opener, states, entries, corpus)


def _batch(cache: Cache, feature: str, state: str, ids: list[str],
           digests: Mapping[str, str]) -> Iterator[tuple[str, Any]]:
    found = cache.collected(feature, state, {digests[i] for i in ids if i in digests})
    for cable_id in ids:
        digest = digests.get(cable_id)
        yield cable_id, found.get(digest) if digest is not None else None
