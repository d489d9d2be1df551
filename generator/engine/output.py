"""The output folder, replaced atomically: a build never leaves a half-written site.

A build writes into a *shadow* copy of the site (a hidden sibling folder),
then exchanges it with the live folder in one atomic ``renameat2(...,
RENAME_EXCHANGE)``: readers and the preview server see the old site or the
new one, never a mix, and a build killed at any moment leaves the live site
as it was. The two folders are double buffers: the shadow holds the build
before last, so a build only writes the pages that differ from it, and
pages that did not change are hard links to the live files (no copy).
Files in the live folder that cablegen did not produce are carried over.

Where the exchange cannot work (another filesystem, no ``renameat2``), files
are replaced one by one in the live folder, each atomically.
"""

from __future__ import annotations

import ctypes
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.write import MANIFEST, atomic_write, digest

Manifest = dict[str, tuple[str, str]]
"""Output path -> (dependency key, content digest)."""


def _load(folder: Path) -> Manifest | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return None
    out: Manifest = {}
    for path, value in files.items():
        if isinstance(value, list) and len(value) == 2:
            out[str(path)] = (str(value[0]), str(value[1]))
        elif isinstance(value, str):  # manifests of cablegen 0.1 held digests only
            out[str(path)] = ("", value)
    return out


def _save(folder: Path, manifest: Manifest) -> None:
    data = {"generator": "cablegen", "files": {k: list(v) for k, v in sorted(manifest.items())}}
    atomic_write(folder / MANIFEST, (json.dumps(data, separators=(",", ":")) + "\n").encode())


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux ``renameat2``); False where it is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        rename = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = rename(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def _link_into(src: Path, dst: Path) -> None:
    """Make ``dst`` the same file as ``src``, atomically (a hard link, else a copy)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.link")
    tmp.unlink(missing_ok=True)
    try:
        os.link(src, tmp)
    except OSError:
        tmp.write_bytes(src.read_bytes())
    os.replace(tmp, dst)


@dataclass(slots=True)
class Staging:
    """One build's view of the output: what is live, what the target folder holds, what is new."""

    live: Path
    target: Path
    """Where pages are written: the shadow, or the live folder in place mode."""
    live_manifest: Manifest
    target_manifest: Manifest
    new: Manifest = field(default_factory=dict)
    in_place: bool = False
    dry: bool = False
    """Check only: render what changed (for its diagnostics), write nothing."""

    def current(self, path: str, key: str) -> bool:
        """Whether the live page at ``path`` was rendered from the same inputs."""
        entry = self.live_manifest.get(path)
        return entry is not None and entry[0] == key and bool(key)

    def keep(self, path: str) -> None:
        """Carry the live page at ``path`` into the new site unchanged."""
        entry = self.live_manifest[path]
        self.new[path] = entry
        if not self.dry and self.target_manifest.get(path, ("", ""))[1] != entry[1]:
            _link_into(self.live / path, self.target / path)

    def put(self, path: str, key: str, data: bytes) -> bool:
        """Record a rendered page; write it if the target holds other bytes. True if written."""
        sha = digest(data)
        return self.record(path, key, sha, data)

    def record(self, path: str, key: str, sha: str, data: bytes | None = None) -> bool:
        """Record a page (written by a worker when ``data`` is None)."""
        if path in self.new:
            raise ValueError(f"two pages would be written to {path}")
        self.new[path] = (key, sha)
        if data is None or not self.needs_write(path, sha):
            return False
        target = (self.target / path).resolve()
        if self.target.resolve() not in target.parents:
            raise ValueError(f"refusing to write {path!r} outside the output folder")
        atomic_write(target, data)
        return True

    def needs_write(self, path: str, sha: str) -> bool:
        """Whether the target folder holds other bytes at ``path``."""
        return not self.dry and self.target_manifest.get(path, ("", ""))[1] != sha


def dry_run(live: Path) -> Staging:
    """A staging that writes nothing: pages current in the live site are not re-rendered."""
    live = live.resolve()
    manifest = (_load(live) or {}) if live.exists() else {}
    return Staging(live, live, manifest, dict(manifest), dry=True)


def begin(live: Path) -> Staging:
    """Prepare a build's writes: find or make the shadow, mark it as being rewritten."""
    live = live.resolve()
    live.parent.mkdir(parents=True, exist_ok=True)
    shadow = live.parent / f".{live.name}.cablegen-shadow"
    live_manifest = (_load(live) or {}) if live.exists() else {}
    same_fs = not live.exists() or os.stat(live).st_dev == os.stat(live.parent).st_dev
    if not same_fs:
        return Staging(live, live, live_manifest, dict(live_manifest), in_place=True)
    shadow.mkdir(exist_ok=True)
    shadow_manifest = _load(shadow)
    if shadow_manifest is None:  # a build was interrupted: learn what the shadow holds
        shadow_manifest = _scan(shadow)
    (shadow / MANIFEST).unlink(missing_ok=True)  # the shadow is now being rewritten
    return Staging(live, shadow, live_manifest, shadow_manifest)


def _is_temporary(name: str) -> bool:
    """Temporary files of ``atomic_write`` and ``_link_into`` left by a killed build."""
    return name.startswith(".") and name.endswith((".tmp", ".link"))


def _scan(folder: Path) -> Manifest:
    """What a folder whose manifest was lost holds; leftover temporary files are removed."""
    out: Manifest = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name == MANIFEST:
            continue
        if _is_temporary(path.name):
            path.unlink()
            continue
        out[path.relative_to(folder).as_posix()] = ("", digest(path.read_bytes()))
    return out


def _foreign(staging: Staging) -> Iterable[str]:
    """Files of the live folder that cablegen did not produce (a CNAME, .htaccess...)."""
    root = os.fspath(staging.live)
    if not os.path.isdir(root):
        return
    skip = len(root) + 1
    produced = staging.live_manifest
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        prefix = dirpath[skip:].replace(os.sep, "/")
        for name in sorted(filenames):
            rel = f"{prefix}/{name}" if prefix else name
            if rel not in produced and rel != MANIFEST and not _is_temporary(name):
                yield rel


def commit(staging: Staging) -> tuple[str, ...]:
    """Finish the new site and make it live; return the paths removed."""
    removed = tuple(sorted(set(staging.live_manifest) - set(staging.new)))
    for path in sorted(set(staging.target_manifest) - set(staging.new)):
        target = staging.target / path
        target.unlink(missing_ok=True)
        _prune_empty(target.parent, staging.target)
    if staging.in_place:
        _save(staging.live, staging.new)
        return removed
    for rel in _foreign(staging):
        if not (staging.target / rel).exists():
            _link_into(staging.live / rel, staging.target / rel)
    _save(staging.target, staging.new)
    if not staging.live.exists():
        os.replace(staging.target, staging.live)
    elif not exchange(staging.target, staging.live):
        backup = staging.live.with_name(f".{staging.live.name}.cablegen-old")
        os.replace(staging.live, backup)
        os.replace(staging.target, staging.live)
        os.replace(backup, staging.target)
    return removed


def _prune_empty(folder: Path, root: Path) -> None:
    root = root.resolve()
    while folder.resolve() != root and root in folder.resolve().parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
