"""The snapshot: what each input file held at the last build, to skip unchanged files.

For every cable file: its size and mtime, the units it held (digest and
line), their summaries and diagnostics, and the features' per-cable values.
A file whose size and mtime are unchanged is not read again (make and git
trust the same signal); a 1.7 GB ``cables.csv`` costs one ``stat``. The
snapshot is one pickle in the cache folder, loaded at once: far faster than
one cache query per cable, and kept in memory by ``cablegen serve``. A build
that re-read few files writes only their records, as a delta beside it.
"""

from __future__ import annotations

import os
import pickle
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import fastpickle
from generator.diagnostics import Diagnostic
from generator.link import Summary
from generator.write import atomic_write

NAME = "snapshot.pickle"
DELTA = "snapshot-delta.pickle"
MAX_DELTA = 2000
"""Changed files a delta may hold before the full snapshot is written again."""


@dataclass(slots=True)
class FileRecord:
    """What one input file held when it had this size and mtime."""

    size: int
    mtime: int
    digests: list[str]
    lines: list[int]
    summaries: list[Summary]
    diagnostics: list[list[Diagnostic]]
    """Per unit, rebased to this file."""
    read_diagnostics: list[Diagnostic]
    collected: dict[str, list[Any]] = field(default_factory=dict)
    """Per feature, one value per unit."""


@dataclass(slots=True)
class Snapshot:
    """Every file's record, valid for one parser fingerprint and one set of feature states."""

    version: str
    states: dict[str, str]
    files: dict[str, FileRecord] = field(default_factory=dict)
    token: str = ""
    """Names the full snapshot file these records extend (deltas apply to it only)."""
    delta: set[str] = field(default_factory=set)
    """The paths whose records the delta file beside it holds (none in a full snapshot):
    the next delta holds them too, taken from memory rather than read again."""


@dataclass(slots=True)
class Delta:
    """Records of the files changed since the full snapshot ``token`` was written."""

    token: str
    version: str
    states: dict[str, str]
    files: dict[str, FileRecord | None]
    """Path -> its record, or None for a file gone."""


def _read(path: Path) -> object:
    try:
        return fastpickle.load(path)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError):
        return None


def load(folder: Path, version: str) -> Snapshot | None:
    """The snapshot of the last build, if it was made by this parser."""
    snap = _read(folder / NAME)
    if not isinstance(snap, Snapshot) or snap.version != version:
        return None
    if not hasattr(snap, "token"):  # written by a cablegen without deltas
        snap.token = ""
    snap.delta = set()
    delta = _read(folder / DELTA)
    if isinstance(delta, Delta) and delta.token == snap.token and snap.token \
            and delta.version == version:
        snap.states = delta.states
        snap.delta = set(delta.files)
        for path, record in delta.files.items():
            if record is None:
                snap.files.pop(path, None)
            else:
                snap.files[path] = record
    return snap


def save(folder: Path, snap: Snapshot, changed: set[str] | None = None) -> None:
    """Write the snapshot atomically: only the records of ``changed`` files when they are few.

    A full snapshot of 250,000 files takes seconds to write; one edited file, a
    small delta file beside it. Deltas accumulate until they grow large. The
    records the last delta held are the snapshot's own (``Snapshot.delta`` names
    them): reading that delta again to carry them over took seconds when it held
    a ``cables.csv`` of 250,000 rows. A record left out is never wrong: its file
    is read again.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if changed is not None and snap.token:
        paths = snap.delta | changed
        if len(paths) <= MAX_DELTA and not _most(snap, paths) and (folder / NAME).exists():
            files: dict[str, FileRecord | None] = {path: snap.files.get(path) for path in paths}
            atomic_write(folder / DELTA, fastpickle.dumps(
                Delta(snap.token, snap.version, snap.states, files)))
            snap.delta = paths
            return
    snap.token = secrets.token_hex(8)
    snap.delta = set()
    atomic_write(folder / NAME, fastpickle.dumps(snap))
    (folder / DELTA).unlink(missing_ok=True)


def _most(snap: Snapshot, paths: set[str]) -> bool:
    """Do the records of ``paths`` hold most of the snapshot's cables? Then a delta would
    be as big as the snapshot (one ``cables.csv`` holds every cable), and the next build
    would read both: the snapshot is written whole instead."""
    total = sum(len(r.digests) for r in snap.files.values())
    return 2 * sum(len(r.digests) for p in paths if (r := snap.files.get(p))) > total


def identity(folder: Path) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Stats of the snapshot files: they change whenever the snapshot does."""
    return stat_of(folder / NAME), stat_of(folder / DELTA)


def stat_of(path: Path | str) -> tuple[int, int] | None:
    """(size, mtime in ns) of a file, or None if it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns
