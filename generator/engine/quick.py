"""The no-change shortcut: a build whose inputs are all as they were repeats its last result.

Every page key is a function of the parsed cables (the snapshot), the
features' states, the settings, the theme and the code; the live site is
described by its manifest. So when no cable file was read again (sizes and
mtimes unchanged), the other inputs (notes, pages, data, assets: their
stats), the base key, the states and the live manifest (its stat) are all
those of the last build, that build's outcome is this build's: nothing is
linked, keyed or compared, and the last diagnostics are reported again.
At 250,000 cables that saves the link stage and 250,000 page keys.

A fresh process (``cablegen build``) can decide even before loading the
snapshot, which alone takes seconds at 250,000 cables: the last build also
records an ``early`` fingerprint, the same inputs plus the size and mtime
the snapshot holds for every cable file. If every cable file still has them,
nothing was read, and the snapshot is not needed.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.engine.snapshot import Snapshot, stat_of
from generator.features.keys import key
from generator.read.discover import Discovery
from generator.write import MANIFEST, atomic_write

NAME = "lastbuild.pickle"


@dataclass(frozen=True, slots=True)
class LastBuild:
    """What the last build that wrote the site produced, under the fingerprint of its inputs."""

    fingerprint: str
    cables: int
    pages: int
    diagnostics: tuple[Diagnostic, ...]
    early: str = ""
    """``fingerprint`` with the cable files' stats as the snapshot recorded them."""


def fingerprint(root: Path, found: Discovery, base: str, states: dict[str, str],
                problems: list[Diagnostic], target: Path) -> str:
    """Digest of every input of a build but the cable files (covered by the snapshot).

    ``problems`` are the diagnostics found before parsing (settings, discovery, features).
    """
    try:
        st = os.stat(target / MANIFEST)
    except OSError:
        return ""
    others = [(rel, stat_of(root / rel)) for group in (found.notes, found.pages, found.data,
                                                        found.assets) for rel in group]
    return key(base, sorted(states.items()), found.cables, others,
               [d.format() for d in problems],
               (st.st_size, st.st_mtime_ns, st.st_ino), os.fspath(target))


def load(folder: Path, fp: str, early: bool = False) -> LastBuild | None:
    """The last build's outcome if its fingerprint (its ``early`` one) is ``fp``."""
    if not fp:
        return None
    try:
        with (folder / NAME).open("rb") as handle:
            last: Any = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError):
        return None
    if not isinstance(last, LastBuild):
        return None
    if (getattr(last, "early", "") if early else last.fingerprint) != fp:
        return None
    return last


def early_key(fp: str, stats: list[tuple[str, tuple[int, int] | None]] | str) -> str:
    """The early fingerprint: ``fp`` and every cable file's (size, mtime).

    ``stats`` may be given as its ``stats_key`` already: a build takes the
    snapshot's stats before it lets the snapshot go, and 251,287 files' stats
    kept as tuples until the end would cost some 40 MB.
    """
    return key("early", fp, stats if isinstance(stats, str) else stats_key(stats)) if fp else ""


def stats_key(stats: list[tuple[str, tuple[int, int] | None]]) -> str:
    """The digest of the cable files' stats that ``early_key`` takes."""
    return key(stats)


def cable_stats(root: Path, found: Discovery) -> list[tuple[str, tuple[int, int] | None]]:
    """The cable files' stats now (one ``stat`` each, as the snapshot check does)."""
    top = os.fspath(root)
    return [(rel, stat_of(os.path.join(top, rel))) for rel, _ in found.cables]


def recorded_stats(found: Discovery,
                   snap: Snapshot | None) -> list[tuple[str, tuple[int, int] | None]]:
    """The cable files' stats as the snapshot recorded them when it read them."""
    files = snap.files if snap is not None else {}
    out: list[tuple[str, tuple[int, int] | None]] = []
    for rel, _ in found.cables:
        record = files.get(rel)
        out.append((rel, (record.size, record.mtime) if record and record.size >= 0 else None))
    return out


def save(folder: Path, last: LastBuild) -> None:
    """Record a build's outcome (after its site went live)."""
    atomic_write(folder / NAME, pickle.dumps(last, protocol=pickle.HIGHEST_PROTOCOL))
