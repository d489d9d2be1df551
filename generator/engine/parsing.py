"""The parse phase: every cable's summary, from the snapshot or the cache where possible.

A file unchanged since the last build (same size and mtime) keeps its
record from the snapshot without being read. A changed file is read as a
stream; each unit whose digest is in the cache keeps its cached parse, the
others are parsed by worker processes and stored. Features' per-cable values
follow the same path, keyed by the feature's state. Full cables never stay
in memory: the result holds summaries and collected values only.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from generator.config import SiteConfig
from generator.diagnostics import Diagnostic
from generator.engine.cache import Cache
from generator.engine.flatten import Entry, FlatMemo, ParseResult, flatten
from generator.engine.progress import Progress
from generator.engine.refresh import refresh_collected
from generator.engine.snapshot import FileRecord, Snapshot, stat_of
from generator.engine.version import code_fingerprint
from generator.engine.workers import (
    parse_units,
    rebase_cable,
    rebase_diagnostics,
    rebase_summary,
)
from generator.features import Feature, LoadContext
from generator.link import Summary
from generator.model import Cable, Unit
from generator.read import read_file
from generator.read.csvstream import KnownRow
from generator.read.discover import Discovery


def state_key(state: Any) -> str:
    """Digest of a feature's loaded state: its own ``digest`` if it has one, else its pickle.

    States that keep a memo or other derived data should expose ``digest`` (a
    string naming their inputs), so the key does not change as memos fill.
    """
    own = getattr(state, "digest", None)
    if isinstance(own, str):
        return own
    try:
        data = pickle.dumps(state, protocol=4)
    except (TypeError, AttributeError, pickle.PicklingError):
        # Unpicklable and without a digest: never equal to a past key, so whatever
        # depends on it is recomputed each build (correct, if slower).
        data = os.urandom(16)
    return hashlib.blake2b(data, digest_size=12).hexdigest()


@dataclass(slots=True)
class _Reading:
    """A file being read in this build."""

    path: str
    stat: tuple[int, int] | None
    old: FileRecord | None = None
    """The file's record from the last build: its unchanged units need no cache lookup."""
    units: list[tuple[str, int]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def parse_site(config: SiteConfig, found: Discovery, features: tuple[Feature, ...],
               states: dict[str, Any], cache: Cache, jobs: int, progress: Progress,
               previous: Snapshot | None, flat: FlatMemo | None = None,
               ) -> tuple[ParseResult, Snapshot]:
    """Summaries and collected values of every cable, parsing only what is new.

    ``flat``: the session's memo of flattened records (see ``FlatMemo``).
    """
    keys = {f.name: "+".join([code_fingerprint()] + [state_key(states.get(n))
                                                     for n in (f.name, *f.reads)])
            for f in features if f.collect}
    snap = Snapshot(cache.version, keys)
    reading: list[_Reading] = []
    queued: set[str] = set()
    lctx = LoadContext(config, states)

    root = os.fspath(config.root)
    same_states = previous is not None and previous.states == keys

    def units() -> Iterator[Unit]:
        for rel, fmt in found.cables:
            stat = stat_of(os.path.join(root, rel))  # a string path: 250,000 files
            old = previous.files.get(rel) if previous else None
            if old is not None and stat == (old.size, old.mtime):
                snap.files[rel] = old
                continue
            current = _Reading(rel, stat, old)
            reading.append(current)
            # Units the file's last record holds are cached, as for an unchanged file:
            # one row of a big CSV edited needs no cache lookup for the others.
            held = set(old.digests) if old is not None and same_states else set()
            for item in read_file(config.root, rel, fmt, held or None):
                if isinstance(item, KnownRow):  # a row of the last version: not parsed
                    current.units.append((item.sha256, item.line))
                    queued.add(item.sha256)
                    continue
                if not isinstance(item, Unit):
                    current.diagnostics.append(item)
                    continue
                digest = item.source.sha256
                current.units.append((digest, item.source.line))
                if digest not in queued:
                    queued.add(digest)
                    if digest not in held:
                        yield item

    def uncached() -> Iterator[Unit]:
        """Units not in the cache, checked in batches as they stream in."""
        batch: list[Unit] = []
        for unit in units():
            batch.append(unit)
            if len(batch) >= 256:
                yield from _missing(cache, batch, keys)
                batch = []
        yield from _missing(cache, batch, keys)

    fresh: dict[str, tuple[Summary, list[Diagnostic], dict[str, Any]]] = {}
    pending = []
    light = lighteners(features)
    for parsed in parse_units(uncached(), features, lctx, jobs):
        fresh[parsed.digest] = (parsed.summary, parsed.diagnostics,
                                lighten(parsed.collected, light))
        pending.append(parsed)
        progress.step("parsed")
        if len(pending) >= 256:
            _store(cache, pending, keys)
            pending = []
    _store(cache, pending, keys)
    for current in reading:
        snap.files[current.path] = _record(cache, current, fresh, keys, same_states, light)
    if previous is not None:
        refresh_collected(cache, features, lctx, snap, previous, jobs, light)
    result = flatten(found, snap, flat)
    result.parsed = len(fresh)
    result.changed = previous is None or bool(reading) or snap.states != previous.states \
        or set(snap.files) != set(previous.files)
    if previous is not None and same_states:  # the records of other files are the same
        snap.token, snap.delta = previous.token, set(previous.delta)
        result.changed_paths = {r.path for r in reading} | (set(previous.files) - set(snap.files))
    cache.commit()
    return result, snap


def lighteners(features: tuple[Feature, ...]) -> dict[str, Callable[[Any], Any]]:
    """Feature name -> its ``light`` hook, for the features that have one."""
    return {f.name: f.light for f in features if f.light is not None}


def lighten(values: dict[str, Any], light: Mapping[str, Callable[[Any], Any]]) -> dict[str, Any]:
    """A cable's collected values as the build keeps them in memory (``Feature.light``)."""
    if not light:
        return values
    return {name: light[name](v) if name in light and v is not None else v
            for name, v in values.items()}


def _missing(cache: Cache, batch: list[Unit], keys: dict[str, str]) -> list[Unit]:
    """The units to parse: those whose parse, or a feature's value for its present
    state, is not cached (a file back to an earlier text after ``glossary.toml``
    changed has the parse but not the values: they were never made for that state)."""
    have = cache.has([u.source.sha256 for u in batch], keys)
    return [u for u in batch if u.source.sha256 not in have]


def _store(cache: Cache, batch: list[Any], keys: dict[str, str]) -> None:
    cache.put((p.digest, p.cable, p.summary, p.diagnostics) for p in batch)
    cache.put_collected((p.digest, name, keys[name], value) for p in batch
                        for name, value in p.collected.items())


def _record(cache: Cache, current: _Reading,
            fresh: dict[str, tuple[Summary, list[Diagnostic], dict[str, Any]]],
            keys: dict[str, str], same_states: bool,
            light: Mapping[str, Callable[[Any], Any]]) -> FileRecord:
    """The snapshot record of a file read in this build."""
    old = _from_old(current, keys, same_states, fresh)  # (never copy ``fresh``: one per file)
    missing = [d for d, _ in current.units if d not in fresh and d not in old]
    cached = cache.summaries(missing)
    values = {name: cache.collected(name, k, missing) for name, k in keys.items()}
    size, mtime = current.stat or (-1, -1)
    record = FileRecord(size, mtime, [], [], [], [], current.diagnostics,
                        {name: [] for name in keys})
    for digest, line in current.units:
        at = -1  # where the last record had it (then rebased there already), if it did
        if digest in fresh:
            summary, diags, collected = fresh[digest]
        elif digest in old:
            summary, diags, collected, at = old[digest]
            if at != line:
                diags = [replace(d, path="", line=d.line - at + 1 if d.line > 0 else d.line)
                         for d in diags]
        elif digest in cached:
            summary, diags = cached[digest]
            collected = lighten({name: values[name].get(digest) for name in keys}, light)
        else:
            continue
        record.digests.append(digest)
        record.lines.append(line)
        if at != line:
            summary = rebase_summary(summary, current.path, line)
            diags = rebase_diagnostics(diags, current.path, line)
        record.summaries.append(summary)
        record.diagnostics.append(diags)
        for name in keys:
            record.collected[name].append(collected.get(name))
    return record


_Old = tuple[Summary, list[Diagnostic], dict[str, Any], int]
"""A unit's summary and diagnostics as the file's last record holds them (rebased to the
line it was at then), its collected values, and that line."""


def _from_old(current: _Reading, keys: dict[str, str], same_states: bool,
              fresh: dict[str, tuple[Summary, list[Diagnostic], dict[str, Any]]],
              ) -> dict[str, _Old]:
    """Units of a re-read file that its last record already holds (one row of a big CSV
    edited: the other rows come from memory, not from 250,000 cache lookups).

    A unit still at its line keeps its record's objects as they are; ``_record``
    moves the others (rebasing every row's diagnostics twice was a third of
    reading a 50,000-row CSV again after an edit).
    """
    old = current.old
    if old is None or not same_states:
        return {}
    wanted = {d for d, _ in current.units if d not in fresh}
    out: dict[str, _Old] = {}
    for i, digest in enumerate(old.digests):
        if digest in wanted and digest not in out:
            out[digest] = (old.summaries[i], old.diagnostics[i],
                           {name: old.collected[name][i] for name in keys}, old.lines[i])
    return out


def load_cable(cache: Cache, entry: Entry) -> Cable:
    """The full cable of an entry, rebased to where it was found."""
    cable = cache.cable(entry.digest)
    if cable is None:
        raise LookupError(f"cable {entry.digest} of {entry.path}:{entry.line} is not cached")
    return rebase_cable(cable, entry.path, entry.line)
