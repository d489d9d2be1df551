"""The snapshot: what each input file held at the last build, to skip unchanged files.

For every cable file: its size and mtime, the units it held (digest and
line), their summaries and diagnostics, and the features' per-cable values.
A file whose size and mtime are unchanged is not read again (make and git
trust the same signal); a 1.7 GB ``cables.csv`` costs one ``stat``. The
snapshot is one pickle in the cache folder, loaded at once: far faster than
one cache query per cable, and kept in memory by ``cablegen serve``.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.link import Summary
from generator.write import atomic_write

NAME = "snapshot.pickle"


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


def load(folder: Path, version: str) -> Snapshot | None:
    """The snapshot of the last build, if it was made by this parser."""
    try:
        with (folder / NAME).open("rb") as handle:
            snap = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError):
        return None
    if not isinstance(snap, Snapshot) or snap.version != version:
        return None
    return snap


def save(folder: Path, snap: Snapshot) -> None:
    """Write the snapshot atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / NAME, pickle.dumps(snap, protocol=pickle.HIGHEST_PROTOCOL))


def stat_of(path: Path) -> tuple[int, int] | None:
    """(size, mtime in ns) of a file, or None if it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns
