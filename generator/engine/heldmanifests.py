"""Output manifests a kept session holds in memory between builds.

A build reads the live folder's manifest and the shadow's (800,000 entries
at 251,287 cables). ``cablegen serve`` wrote the one and read the other in
its last build: it keeps both, and takes them again while the files are
those very files (same device, inode, size and modification time).
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.engine.outfiles import Manifest, load_manifest
from generator.write import MANIFEST

Known = dict[tuple[int, int, int, int], Manifest]
"""Manifests in memory, by the (device, inode, size, modification time) of the file
that holds them: a kept session (``cablegen serve``) knows both folders' manifests
from its last build (the live one it wrote, the shadow's it read), where reading
them again took 0.3 s at 10,000 cables and seconds at 251,287."""


def _stamp(folder: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(folder / MANIFEST)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def load_known(folder: Path, like: Manifest | None, known: Known | None) -> Manifest | None:
    """A folder's manifest: from memory if the file is the one it was read from or
    written to, else read (and remembered, if the file did not change meanwhile)."""
    if known is None:
        return load_manifest(folder, like)
    before = _stamp(folder)
    if before is not None and before in known:
        return known[before]
    found = load_manifest(folder, like)
    if found is not None and before is not None and _stamp(folder) == before:
        known[before] = found
    return found


def remember(known: Known | None, live: Manifest, new: Manifest, folder: Path) -> None:
    """After a commit: the new manifest (saved in ``folder``) and the last live one, now
    the shadow's; nothing else."""
    if known is None:
        return
    kept = {k: m for k, m in known.items() if m is live}
    known.clear()
    known.update(kept)
    if (stamp := _stamp(folder)) is not None:
        known[stamp] = new
