"""The parse result: the snapshot's records flattened, in discovery order.

Every build needs the site's cables as flat lists (entries, summaries,
diagnostics) and its collected values by cable id. A kept session
(``cablegen serve``) flattens again only the records that changed: one
edited cable beside a CSV of 250,000 rows costs one record, not the CSV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic
from generator.engine.snapshot import FileRecord, Snapshot
from generator.link import Summary
from generator.read.discover import Discovery


@dataclass(frozen=True, slots=True)
class Entry:
    """One cable of the site: its digest and where it was found."""

    digest: str
    path: str
    line: int


@dataclass(slots=True)
class ParseResult:
    """Summaries in input order, collected values by feature and cable id, diagnostics."""

    entries: list[Entry] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)
    collected: dict[str, dict[str, Any]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    parsed: int = 0
    """Units parsed in this run (the others came from the snapshot or the cache)."""
    changed: bool = True
    """The snapshot differs from the previous one (and must be saved)."""
    changed_paths: set[str] | None = None
    """The files whose records changed, when only records changed (else None: all)."""


@dataclass(frozen=True, slots=True)
class Flat:
    """One file's record, flattened: its share of the parse result."""

    entries: list[Entry]
    diagnostics: list[Diagnostic]
    collected: dict[str, dict[str, Any]]
    """Feature -> cable id -> value, the file's first unit of an id winning."""


@dataclass(slots=True)
class FlatMemo:
    """Records flattened by the last build: kept by a session, so a rebuild flattens only
    the records that changed (one edited cable beside a 250,000-row CSV).

    Valid for one set of feature states: ``_refresh_collected`` updates the
    collected values of a kept record in place when a state changes.
    """

    states: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[FileRecord, Flat]] = field(default_factory=dict)


def _flat(rel: str, record: FileRecord) -> Flat:
    diagnostics = list(record.read_diagnostics)
    for diags in record.diagnostics:
        diagnostics.extend(diags)
    collected: dict[str, dict[str, Any]] = {}
    for name, values in record.collected.items():
        mine = collected[name] = {}
        for summary, value in zip(record.summaries, values, strict=True):
            mine.setdefault(summary.id, value)
    entries = [Entry(d, rel, line) for d, line in zip(record.digests, record.lines, strict=True)]
    return Flat(entries, diagnostics, collected)


def flatten(found: Discovery, snap: Snapshot, memo: FlatMemo | None = None) -> ParseResult:
    """Flatten the snapshot, in discovery order, into the parse result.

    ``memo`` holds the flattening of the records of the last build: a record
    that is the same object again is not flattened again. It is updated here.
    """
    result = ParseResult(collected={name: {} for name in snap.states})
    memo = FlatMemo() if memo is None else memo
    if memo.states != snap.states:
        memo.states, memo.files = dict(snap.states), {}
    files = memo.files
    kept: set[str] = set()
    for rel, _fmt in found.cables:
        record = snap.files.get(rel)
        if record is None:
            continue
        kept.add(rel)
        last = files.get(rel)
        if last is not None and last[0] is record:
            flat = last[1]
        else:
            flat = _flat(rel, record)
            files[rel] = (record, flat)
        result.entries.extend(flat.entries)
        result.summaries.extend(record.summaries)
        result.diagnostics.extend(flat.diagnostics)
        for name, values in flat.collected.items():
            into = result.collected.setdefault(name, {})
            if into.keys().isdisjoint(values):
                into.update(values)
            else:  # the same cable in two files: the first one found wins
                for cable_id, value in values.items():
                    into.setdefault(cable_id, value)
    for rel in files.keys() - kept:
        del files[rel]
    return result
