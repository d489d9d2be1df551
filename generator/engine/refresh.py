"""Features' values made again for the cables of files the build did not read, in workers.

A feature's per-cable values are keyed by its state (the glossary's data and
``content/glossary.toml``, the code): when that changes, every cable kept
from the snapshot needs its value made again from its cached parse. At
100,000 cables that took 188 s in the main process alone; the work is now
spread over the build's workers, each loading cables from its own
connection to the cache, and the values are stored for the next build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.engine.cache import Cache
from generator.engine.snapshot import Snapshot
from generator.engine.workers import call_each, rebase_cable
from generator.features import Feature, LoadContext

BATCH = 512
"""Values stored in the cache per statement."""


def refresh_collected(cache: Cache, features: tuple[Feature, ...], lctx: LoadContext,
                      snap: Snapshot, previous: Snapshot, jobs: int,
                      light: Mapping[str, Callable[[Any], Any]]) -> int:
    """Collect again, for files reused from ``previous``, the features whose state changed
    (a new glossary); return how many cables were collected. The values are kept as
    ``light`` makes them (``Feature.light``), as parsing keeps them."""
    made = 0
    for feature in features:
        name = feature.name
        if feature.collect is None or previous.states.get(name) == snap.states.get(name):
            continue
        state = snap.states[name]
        reused = [(path, record) for path, record in snap.files.items()
                  if previous.files.get(path) is record]
        have = cache.collected(name, state, {d for _, r in reused for d in r.digests})
        todo: list[tuple[str, str, int]] = []
        """(digest, path, line) of each cable to collect, each digest once."""
        for path, record in reused:
            for digest, line in zip(record.digests, record.lines, strict=True):
                if digest not in have:
                    have[digest] = None
                    todo.append((digest, path, line))
        cache.commit()  # the workers read the cache through connections of their own
        task, opened = _task(cache, feature, lctx, todo)
        pending: list[tuple[str, str, str, Any]] = []
        try:
            for (digest, _, _), value in zip(todo, call_each(len(todo), task, jobs),
                                             strict=True):
                have[digest] = value
                pending.append((digest, name, state, value))
                if len(pending) >= BATCH:
                    cache.put_collected(pending)
                    pending = []
        finally:
            for connection in opened.values():  # made here only when the task ran here
                connection.close()
        cache.put_collected(pending)
        made += len(todo)
        keep = light.get(name)
        if keep is not None:
            have = {d: None if v is None else keep(v) for d, v in have.items()}
        for _, record in reused:
            record.collected[name] = [have[d] for d in record.digests]
    return made


def _task(cache: Cache, feature: Feature, lctx: LoadContext, todo: list[tuple[str, str, int]],
          ) -> tuple[Callable[[int], Any], dict[str, Cache]]:
    """The task giving the value of cable ``todo[i]``, loaded through a connection of the
    process it runs in, and where that connection is kept."""
    assert feature.collect is not None
    collect = feature.collect
    local: dict[str, Cache] = {}

    def task(index: int) -> Any:
        digest, path, line = todo[index]
        own = local.get("cache") or local.setdefault("cache", cache.reopen())
        cable = own.cable(digest)
        return None if cable is None else collect(rebase_cable(cable, path, line), lctx)

    return task, local
