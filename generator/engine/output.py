"""The output folder, replaced atomically: a build never leaves a half-written site.

A build writes into a *shadow* copy of the site (a hidden sibling folder),
then exchanges it with the live folder in one atomic ``renameat2(...,
RENAME_EXCHANGE)``: readers and the preview server see the old site or the
new one, never a mix, and a build killed at any moment leaves the live site
as it was. The two folders are double buffers: the shadow holds the build
before last, so a build only writes the pages that differ from it, and
pages that did not change are hard links to the live files (no copy).
Files in the live folder that cablegen did not produce are carried over.

The shadow is prepared only when a page must be written: a build in which
nothing changed touches neither folder. A first build (no live folder yet)
also links every page into a *spare* folder that becomes the shadow, so the
next build that changes one page does not have to link the whole site first.

Where the exchange cannot work (another filesystem, no ``renameat2``), files
are replaced one by one in the live folder, each atomically.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.engine.heldmanifests import Known, load_known, remember
from generator.engine.manifest import entry, entry_key, entry_sha
from generator.engine.outfiles import (
    Manifest,
    begin_rewrite,
    end_rewrite,
    exchange,
    folder_of,
    foreign_files,
    link_into,
    load_manifest,
    prune_empty,
    recover,
    save_manifest,
    share_live,
    write_private,
)
from generator.engine.replacing import replace_big, wait_freed
from generator.write import atomic_write, digest

__all__ = ["Known", "Manifest", "Staging", "begin", "commit", "dry_run", "exchange"]


@dataclass(slots=True)
class Staging:
    """One build's view of the output: what is live, what the target folder holds, what is new."""

    live: Path
    target: Path
    """Where pages are written: the shadow, or the live folder in place mode."""
    live_manifest: Manifest
    target_manifest: Manifest = field(default_factory=dict)
    """What the target holds (known once prepared)."""
    new: Manifest = field(default_factory=dict)
    in_place: bool = False
    dry: bool = False
    """Check only: render what changed (for its diagnostics), write nothing."""
    prepared: bool = False
    spare: Path | None = None
    """First build only: a folder that receives a hard link of every page written."""
    kept: list[str] = field(default_factory=list)
    _kept_index: set[str] = field(default_factory=set)
    folders: dict[str, str] = field(default_factory=dict)
    """Folders of the target (and spare) already made and checked, by relative path."""
    known: Known | None = None
    """Manifests a kept session holds in memory (``Known``)."""

    def prepare(self) -> None:
        """Make the shadow ready for writes (before workers fork: they write into it)."""
        if self.prepared:
            return
        self.prepared = True
        if self.in_place or self.dry:
            self.target_manifest = dict(self.live_manifest)
            return
        self.target.mkdir(exist_ok=True)
        manifest = load_known(self.target, self.live_manifest, self.known)
        saved = manifest is not None
        if manifest is None:  # a build was interrupted: learn what the shadow holds
            manifest = recover(self.target, self.live, self.live_manifest)
        begin_rewrite(self.target, manifest, saved)  # the shadow is now being rewritten
        self.target_manifest = manifest
        spare = _spare(self.live)
        if spare.exists():  # left by an interrupted first build
            shutil.rmtree(spare)
        if not self.live.exists() and not manifest:
            self.spare = spare

    def current(self, path: str, key: str) -> bool:
        """Whether the live page at ``path`` was rendered from the same inputs."""
        found = self.live_manifest.get(path)
        return found is not None and bool(key) and entry_key(found) == key

    def keep(self, path: str) -> None:
        """Carry the live page at ``path`` into the new site unchanged (linked at commit)."""
        self.new[path] = self.live_manifest[path]
        self.kept.append(path)

    def keep_as(self, path: str, key: str) -> None:
        """``keep``, recorded with a new key (a file job that carries its own files over)."""
        self.new[path] = entry(key, entry_sha(self.live_manifest[path]))
        self.kept.append(path)

    def put(self, path: str, key: str, data: bytes) -> bool:
        """Record a rendered page; write it if the target holds other bytes. True if written."""
        sha = digest(data)
        return self.record(path, key, sha, data)

    def record(self, path: str, key: str, sha: str, data: bytes | None = None) -> bool:
        """Record a page (written by a worker when ``data`` is None)."""
        if path in self.new:
            raise ValueError(f"two pages would be written to {path}")
        self.new[path] = entry(key, sha)
        if data is None:
            return False
        self.prepare()
        if not self.needs_write(path, sha):
            self.share(path, sha)
            return False
        self.write(path, data)
        return True

    def needs_write(self, path: str, sha: str) -> bool:
        """Whether the target folder holds other bytes at ``path`` (once prepared)."""
        return not self.dry and entry_sha(self.target_manifest.get(path)) != sha

    def share(self, path: str, sha: str) -> None:
        """A page rendered again with the live page's bytes, which the target already
        holds: make the target's copy the live file itself (``outfiles.share_live``)."""
        if not (self.in_place or self.dry) and entry_sha(self.live_manifest.get(path)) == sha:
            share_live(self.live, self.target, path)

    def write(self, path: str, data: bytes) -> None:
        """Write a page into the target folder, refusing any path that leads outside it.

        The live folder is only written atomically; the shadow, which no reader sees,
        is rewritten in place (see ``write_private``).
        """
        name = path.rpartition("/")[2]
        target = os.path.join(folder_of(os.path.realpath(self.target), path, self.folders),
                              name)
        if self.in_place:
            atomic_write(Path(target), data)
            return
        write_private(target, data)
        if self.spare is not None:
            spare = os.path.join(folder_of(os.fspath(self.spare), path, self.folders), name)
            os.link(target, spare)

    def location(self, path: str) -> Path:
        """Where the new site's ``path`` is now: live for a kept page (linked in at commit),
        else in the target folder."""
        if path in self._kept_set():
            return self.live / path
        return self.target / path

    def _kept_set(self) -> set[str]:
        if len(self._kept_index) != len(self.kept):
            self._kept_index = set(self.kept)
        return self._kept_index

    def place(self, path: str, tmp: Path) -> None:
        """Move a finished temporary file into the target at ``path`` (streamed outputs).

        Like ``write``, it keeps the first build's spare folder complete.
        """
        name = path.rpartition("/")[2]
        target = os.path.join(folder_of(os.path.realpath(self.target), path, self.folders),
                              name)
        replace_big(tmp, target)
        if self.spare is not None:
            spare = os.path.join(folder_of(os.fspath(self.spare), path, self.folders), name)
            os.link(target, spare)

    def unchanged(self) -> bool:
        """Whether the new site is the live one: nothing to write, nothing to remove."""
        return not self.prepared and self.live.exists() and self.new == self.live_manifest


def _spare(live: Path) -> Path:
    return live.parent / f".{live.name}.cablegen-spare"


def dry_run(live: Path) -> Staging:
    """A staging that writes nothing: pages current in the live site are not re-rendered."""
    live = live.resolve()
    manifest = (load_manifest(live) or {}) if live.exists() else {}
    return Staging(live, live, manifest, dict(manifest), dry=True, prepared=True)


def begin(live: Path, known: Known | None = None) -> Staging:
    """Start a build's view of the output; the shadow is prepared at the first write.

    ``known``: the manifests a kept session holds (``Known``), updated by ``commit``."""
    live = live.resolve()
    live.parent.mkdir(parents=True, exist_ok=True)
    shadow = live.parent / f".{live.name}.cablegen-shadow"
    live_manifest = (load_known(live, None, known) or {}) if live.exists() else {}
    same_fs = not live.exists() or os.stat(live).st_dev == os.stat(live.parent).st_dev
    if not same_fs:
        return Staging(live, live, live_manifest, in_place=True, known=known)
    return Staging(live, shadow, live_manifest, known=known)


def commit(staging: Staging) -> tuple[str, ...]:
    """Finish the new site and make it live; return the paths removed."""
    removed = tuple(sorted(set(staging.live_manifest) - set(staging.new)))
    wait_freed()  # no old file's second name goes live (``replacing``)
    if staging.unchanged():
        return removed
    staging.prepare()
    for path in staging.kept:
        if entry_sha(staging.target_manifest.get(path)) != entry_sha(staging.new[path]):
            link_into(staging.live / path, staging.target / path)
    for path in sorted(set(staging.target_manifest) - set(staging.new)):
        target = staging.target / path
        target.unlink(missing_ok=True)
        prune_empty(target.parent, staging.target)
    if staging.in_place:
        save_manifest(staging.live, staging.new)
        remember(staging.known, staging.live_manifest, staging.new, staging.live)
        return removed
    for rel in foreign_files(staging.live, staging.live_manifest):
        if not (staging.target / rel).exists():
            link_into(staging.live / rel, staging.target / rel)
    end_rewrite(staging.target)
    save_manifest(staging.target, staging.new)
    remember(staging.known, staging.live_manifest, staging.new,
             staging.target)  # the same file once the folders are exchanged
    if not staging.live.exists():
        os.replace(staging.target, staging.live)
        if staging.spare is not None:  # the spare holds the same pages: the next shadow
            save_manifest(staging.spare, staging.new)
            os.replace(staging.spare, staging.target)
    elif not exchange(staging.target, staging.live):
        backup = staging.live.with_name(f".{staging.live.name}.cablegen-old")
        os.replace(staging.live, backup)
        os.replace(staging.target, staging.live)
        os.replace(backup, staging.target)
    return removed
