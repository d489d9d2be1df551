"""Publish a finished build: make the served folder match the staging folder, file by file.

Builds go to a private staging folder; only a build that succeeded is
published into the output folder the server reads. The manifests (path ->
digest) say what changed, so publishing touches only changed files: each is
hard-linked (copied across file systems) under a temporary name and renamed
into place, and files the build no longer produces are removed. Both the
write stage and this module only ever replace files by renaming, never write
into one, so a shared inode is never changed under a reader. The caller
holds the server's publish lock while the plan is applied (the comparison
of manifests is done before): a publish is short and no request sees it half
done.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.write import (
    MANIFEST,
    _remove_empty_parents,
    _safe_target,
    atomic_write,
    digest,
    read_manifest,
)


@dataclass(frozen=True, slots=True)
class Published:
    """What one publish changed in the served folder."""

    written: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    """What a publish will do, worked out before the lock is taken."""

    manifest: dict[str, str]
    """The staging folder's manifest: the served folder's once the plan is applied."""
    changed: tuple[str, ...]
    gone: tuple[str, ...]


@dataclass
class Publisher:
    """Keeps the served folder equal to the last good build in ``staging``."""

    staging: Path
    served: Path
    current: dict[str, str] = field(default_factory=dict)
    """The served folder's manifest, kept in memory between publishes."""
    verified: bool = False
    early: dict[str, tuple[str | None, bytes | None]] = field(default_factory=dict)
    """Files placed by a first look, with their digest and bytes before it (None: new)."""

    def plan(self) -> Plan:
        """Compare manifests (no lock needed: only the rebuild loop writes either folder)."""
        if not self.verified:  # first publish: trust nothing already in the folder
            self.current = read_manifest(self.served)
        new = read_manifest(self.staging)
        old = self.current
        changed = tuple(rel for rel, sha in new.items() if old.get(rel) != sha or (
            not self.verified and not (self.served / rel).is_file()))
        return Plan(new, changed, tuple(sorted(old.keys() - new.keys())))

    def apply(self, plan: Plan) -> Published:
        """Place the changed files, remove the gone ones (under the server's publish lock)."""
        for rel in plan.changed:
            _place(_safe_target(self.staging, rel), _safe_target(self.served, rel))
        removed: list[str] = []
        for rel in plan.gone:
            target = _safe_target(self.served, rel)
            if target.is_file():
                target.unlink()
                removed.append(rel)
                _remove_empty_parents(target.parent, self.served)
        if plan.changed or removed or not self.verified:
            _place(self.staging / MANIFEST, self.served / MANIFEST)
        self.current, self.verified = plan.manifest, True
        self.early.clear()
        return Published(plan.changed, tuple(removed))

    def place_early(self, files: Sequence[tuple[str, bytes]]) -> tuple[str, ...]:
        """Serve a first look (``engine.early``) before its build is published.

        Under the publish lock, like ``apply``. The manifest in memory takes the
        new digests, so the build's own publish leaves these files alone when it
        produces the same bytes; ``withdraw`` puts the old ones back if that
        build is not published.
        """
        placed: list[str] = []
        for rel, data in files:
            sha = digest(data)
            if self.current.get(rel) == sha:
                continue
            target = _safe_target(self.served, rel)
            if rel not in self.early:
                self.early[rel] = (self.current.get(rel),
                                   target.read_bytes() if target.is_file() else None)
            atomic_write(target, data)
            self.current[rel] = sha
            placed.append(rel)
        return tuple(placed)

    def withdraw(self) -> tuple[str, ...]:
        """Undo the first looks since the last publish (their build failed)."""
        undone = tuple(sorted(self.early))
        for rel in undone:
            sha, data = self.early[rel]
            target = _safe_target(self.served, rel)
            if data is None:
                target.unlink(missing_ok=True)
                self.current.pop(rel, None)
            else:
                atomic_write(target, data)
                self.current[rel] = sha or digest(data)
        self.early.clear()
        return undone

    def publish(self) -> Published:
        """Plan and apply at once (when no server is reading)."""
        return self.apply(self.plan())


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
