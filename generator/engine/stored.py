"""Whole collected values read back from the cache, for features that keep them light.

A feature with a ``light`` hook (the search terms) keeps only a small part of
each cable's value in memory; the one stage that needs the whole values (the
search index) streams them from the cache, where parsing stored them, in the
site's order and a few hundred at a time, so memory holds one batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from generator.engine.cache import Cache
from generator.engine.flatten import Entry
from generator.link import Corpus

BATCH = 500

Stored = Callable[[str, Iterable[str]], Iterator[tuple[str, Any]]]


def reader(opener: Callable[[], Cache], states: Mapping[str, str], entries: Sequence[Entry],
           corpus: Corpus) -> Stored:
    """``stored(feature, ids)``: (id, whole value or None) for each id, in order.

    ``states`` are the collected values' state keys (the snapshot's); the map
    from cable id to content digest is made on first use only.
    """
    digests: dict[str, str] = {}

    def stored(feature: str, ids: Iterable[str]) -> Iterator[tuple[str, Any]]:
        if not digests:
            by_source = corpus.by_source
            for e in entries:
                cable_id = by_source.get((e.path, e.line))
                if cable_id is not None:
                    digests[cable_id] = e.digest
        state = states[feature]
        cache = opener()
        try:
            batch: list[str] = []
            for cable_id in ids:
                batch.append(cable_id)
                if len(batch) >= BATCH:
                    yield from _batch(cache, feature, state, batch, digests)
                    batch = []
            yield from _batch(cache, feature, state, batch, digests)
        finally:
            cache.close()

    return stored


def _batch(cache: Cache, feature: str, state: str, ids: list[str],
           digests: Mapping[str, str]) -> Iterator[tuple[str, Any]]:
    found = cache.collected(feature, state, {digests[i] for i in ids if i in digests})
    for cable_id in ids:
        digest = digests.get(cable_id)
        yield cable_id, found.get(digest) if digest is not None else None
