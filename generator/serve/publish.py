"""Publish a finished build: make the served folder match the staging folder, file by file.

Builds go to a private staging folder; only a build that succeeded is
published into the output folder the server reads. The manifests (path ->
digest) say what changed, so publishing touches only changed files: each is
hard-linked (copied across file systems) under a temporary name and renamed
into place, and files the build no longer produces are removed. Both the
write stage and this module only ever replace files by renaming, never write
into one, so a shared inode is never changed under a reader. The caller
holds the server's publish lock: a publish is short and no request sees it
half done.
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.write import MANIFEST, _remove_empty_parents, _safe_target, read_manifest


@dataclass(frozen=True, slots=True)
class Published:
    """What one publish changed in the served folder."""

    written: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass
class Publisher:
    """Keeps the served folder equal to the last good build in ``staging``."""

    staging: Path
    served: Path
    current: dict[str, str] = field(default_factory=dict)
    """The served folder's manifest, kept in memory between publishes."""
    verified: bool = False

    def publish(self) -> Published:
        """Bring the served folder up to date with the staging folder's manifest."""
        if not self.verified:  # first publish: trust nothing already in the folder
            self.current = read_manifest(self.served)
        new = read_manifest(self.staging)
        written: list[str] = []
        for rel, sha in new.items():
            target = _safe_target(self.served, rel)
            if self.current.get(rel) != sha or (not self.verified and not target.is_file()):
                _place(_safe_target(self.staging, rel), target)
                written.append(rel)
        removed: list[str] = []
        for rel in sorted(set(self.current) - set(new)):
            target = _safe_target(self.served, rel)
            if target.is_file() or target.is_symlink():
                target.unlink()
                removed.append(rel)
                _remove_empty_parents(target.parent, self.served)
        if written or removed or not self.verified:
            _place(self.staging / MANIFEST, self.served / MANIFEST)
        self.current, self.verified = new, True
        return Published(tuple(written), tuple(removed))


def _place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    try:
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copyfile(source, tmp)
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def forget(staging: Path) -> None:
    """Make the next build into ``staging`` write every file (after a crash or a restart)."""
    (staging / MANIFEST).unlink(missing_ok=True)
