"""What a build leaves for the next one: cable page keys, and features' values.

``cablegen build`` after an edit is a new process: the keys a kept session
holds (``engine.memo``) are gone, and every cable page's key was made again
(about a tenth of an edit of 50,000 cables, 1.8 s: the summaries of the
cables each one cites and is cited by, each feature's part). A build run
once saves its keys here with the identity of the snapshot it saved; the
next process takes them up only if the snapshot it starts from is that one
and the records it reads now agree with it wherever other cables' keys look
(the rule a kept session follows: ``Memo.known_keys``). Then only the
edited cables' pages are keyed again, as in ``cablegen serve``.

Features leave values the same way (``features.Carried``: the term pages'
and list pages' keys), on disk for the next process and in memory for the
next build of a kept session, with the cables changed since (``changed_ids``).
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import fastpickle
from generator.engine.memo import KeyMemo, Memo, Shares, whole
from generator.engine.snapshot import FileRecord, Snapshot
from generator.write import atomic_write

NAME = "pagekeys.pickle"
Identity = tuple[tuple[int, int] | None, tuple[int, int] | None]
"""``snapshot.identity``: the stats of the snapshot files."""


@dataclass(frozen=True, slots=True)
class StoredKeys:
    """A build's cable page keys and what they hold for."""

    snapshot: Identity
    """The snapshot files as the build that made the keys left them."""
    base: str
    inputs: dict[str, str]
    keys: KeyMemo
    values: dict[str, Any] = field(default_factory=dict)
    """What features put for the next process (``features.Carried``)."""


@dataclass(slots=True)
class Carry:
    """``features.Carried``: the values a build found and the ones it leaves."""

    found: Mapping[str, Any]
    changed: frozenset[str]
    out: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        """What the last build put under ``name`` (None if nothing)."""
        return self.found.get(name)

    def put(self, name: str, value: Any) -> None:
        """Leave ``value`` for the next build."""
        self.out[name] = value


def save(folder: Path, stored: StoredKeys) -> None:
    """Write the keys atomically (a killed build leaves the last ones, which then name a
    snapshot that is no longer there and are not taken up)."""
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / NAME, fastpickle.dumps(stored))


def load(folder: Path, identity: Identity) -> StoredKeys | None:
    """The saved keys if they were made with the snapshot that ``identity`` describes."""
    try:
        stored = fastpickle.load(folder / NAME)
    except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError,
            IndexError, pickle.UnpicklingError):
        return None
    if not isinstance(stored, StoredKeys) or stored.snapshot != identity \
            or identity == (None, None):
        return None
    return stored


def take_up(memo: Memo, folder: Path, started_from: Identity | None,
            previous: Snapshot | None, current: Snapshot,
            collected: Mapping[str, Mapping[str, Any]],
            shares: Mapping[str, Shares | None],
            held: tuple[Snapshot, Mapping[str, Any]] | None = None) -> tuple[bool, Carry]:
    """Give ``memo`` the saved keys if this process started from the snapshot they were
    made with (``started_from``: its identity before this build saved its own; None
    in a kept session) and the records read now (``current``) agree with it; whether
    it did, and the features' values that build left (none if they do not apply).

    ``held``: the snapshot of a kept session's last complete build and the values
    it left, in memory (the session keeps its keys itself). They are taken up if
    ``previous`` is that snapshot: a build that failed after reading its files
    left a newer one, and changes since the values were made would go unseen.
    """
    if started_from is None:
        return False, carry_held(held, previous, current)
    stored = load(folder, started_from)
    changed = changed_ids(previous, current) if stored is not None and previous else None
    if stored is None or previous is None or changed is None:
        return False, Carry({}, frozenset())
    carry = Carry(stored.values, changed)
    if not records_agree(previous, current, shares):
        return False, carry
    memo.adopt(stored.base, stored.inputs, stored.keys, collected)
    return True, carry


def carry_held(held: tuple[Snapshot, Mapping[str, Any]] | None, previous: Snapshot | None,
               current: Snapshot) -> Carry:
    """A kept session's values, with the cables changed since the build that left them
    (none if ``previous`` is not that build's snapshot, or the states changed)."""
    if held is None or previous is None or held[0] is not previous:
        return Carry({}, frozenset())
    changed = changed_ids(previous, current)
    return Carry(held[1], changed) if changed is not None else Carry({}, frozenset())


def changed_ids(old: Snapshot, new: Snapshot) -> frozenset[str] | None:
    """The cables whose summary or collected values differ between two snapshots, with
    those of positions that moved in a file (a row added before them); None when the
    feature states differ (every value may then differ)."""
    if old.states != new.states:
        return None
    out: set[str] = set()
    for path in old.files.keys() | new.files.keys():
        a, b = old.files.get(path), new.files.get(path)
        if a is b:
            continue
        if a is None or b is None:
            out.update(s.id for s in (a or b).summaries)  # type: ignore[union-attr]
            continue
        for i in range(max(len(a.summaries), len(b.summaries))):
            if i >= len(a.summaries) or i >= len(b.summaries) or not _same_unit(a, b, i):
                out.update(r.summaries[i].id for r in (a, b) if i < len(r.summaries))
    return frozenset(out)


def _same_unit(a: FileRecord, b: FileRecord, i: int) -> bool:
    x, y = a.summaries[i], b.summaries[i]
    if x is not y and x != y:
        return False
    return all(name in a.collected and len(a.collected[name]) > i
               and (a.collected[name][i] is values[i] or a.collected[name][i] == values[i])
               for name, values in b.collected.items())


def records_agree(old: Snapshot, new: Snapshot, shares: Mapping[str, Shares | None]) -> bool:
    """Whether two snapshots hold the same files with equal summaries, in the same order,
    and collected values that differ only where no other cable's key reads
    (``Feature.shares``). A file read again (a CSV with one edited row) keeps
    the very objects of its unchanged rows, so most comparisons are identities.
    """
    if old.states != new.states or old.files.keys() != new.files.keys():
        return False
    return all(a is b or _records_agree(a, b, shares)
               for path, b in new.files.items() for a in (old.files[path],))


def _records_agree(a: FileRecord, b: FileRecord, shares: Mapping[str, Shares | None]) -> bool:
    if len(a.summaries) != len(b.summaries) or a.collected.keys() != b.collected.keys():
        return False
    if not all(x is y or x == y for x, y in zip(a.summaries, b.summaries, strict=True)):
        return False
    for name, values in b.collected.items():
        part = shares.get(name) or whole
        if len(values) != len(a.collected[name]) or not all(
                x is y or part(x) == part(y)
                for x, y in zip(a.collected[name], values, strict=True)):
            return False
    return True
