"""The cable pages' keys of the last build, kept on disk for the next process.

``cablegen build`` after an edit is a new process: the keys a kept session
holds (``engine.memo``) are gone, and every cable page's key was made again
(about a tenth of an edit of 50,000 cables, 1.8 s: the summaries of the
cables each one cites and is cited by, each feature's part). A build run
once saves its keys here with the identity of the snapshot it saved; the
next process takes them up only if the snapshot it starts from is that one
and the records it reads now agree with it wherever other cables' keys look
(the rule a kept session follows: ``Memo.known_keys``). Then only the
edited cables' pages are keyed again, as in ``cablegen serve``.
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from dataclasses import dataclass
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


def take_up(memo: Memo, folder: Path, started_from: Identity, previous: Snapshot,
            current: Snapshot, collected: Mapping[str, Mapping[str, Any]],
            shares: Mapping[str, Shares | None]) -> bool:
    """Give ``memo`` the saved keys if this process started from the snapshot they were
    made with (``started_from``: its identity before this build saved its own) and the
    records read now (``current``) agree with it; whether it did."""
    stored = load(folder, started_from)
    if stored is None or not records_agree(previous, current, shares):
        return False
    memo.adopt(stored.base, stored.inputs, stored.keys, collected)
    return True


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
