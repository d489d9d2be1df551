"""File operations of the output folders: manifests, page writes, links, scans.

These are the primitives ``engine.output`` builds its double buffer from.
Creating a file costs far more than rewriting one on most filesystems (an
inode to allocate), and a hard link costs little: the shadow folder is
therefore rewritten in place where that is safe, and pages are shared
between the two folders as hard links.
"""

from __future__ import annotations

import ctypes
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from generator.engine.manifest import Manifest, entry, entry_sha, load_manifest, save_manifest
from generator.write import MANIFEST, atomic_write, digest

__all__ = ["STALE", "Manifest", "begin_rewrite", "end_rewrite", "exchange", "folder_of",
           "foreign_files",
           "is_temporary", "link_into", "load_manifest", "prune_empty", "recover",
           "save_manifest", "scan", "share_live", "write_private"]


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


def share_live(live: Path, target: Path, path: str) -> None:
    """Make ``target/path`` a hard link to ``live/path`` unless it is one already.

    For a page whose two copies hold the same bytes: a re-render that finds them
    equal writes nothing, so without this both folders kept a copy of every page
    after a change that rewrote them all (at 50,000 cables 1,886 of 159,725 files
    were shared), and the output took twice its size on disk.
    """
    src, dst = live / path, target / path
    try:
        a, b = os.stat(src), os.stat(dst)
    except OSError:
        return
    if a.st_dev == b.st_dev and not os.path.samestat(a, b):
        link_into(src, dst)

def link_into(src: Path, dst: Path) -> None:
    """Make ``dst`` the same file as ``src``, atomically (a hard link, else a copy)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.link")
    tmp.unlink(missing_ok=True)
    try:
        os.link(src, tmp)
    except OSError:
        tmp.write_bytes(src.read_bytes())
    os.replace(tmp, dst)


def folder_of(root: str, path: str, made: dict[str, str]) -> str:
    """The folder of ``path`` under ``root``, made if needed and checked to be inside it.

    ``made`` remembers folders already made and checked (most pages share a few).
    """
    parent = path.rpartition("/")[0]
    slot = f"{root}\0{parent}"
    folder = made.get(slot)
    if folder is not None:
        return folder
    parts = [p for p in parent.split("/") if p]
    if path.startswith("/") or ".." in parts or not path.rpartition("/")[2].strip(". "):
        raise ValueError(f"refusing to write {path!r} outside the output folder")
    folder = os.path.join(root, *parts)
    os.makedirs(folder, exist_ok=True)
    if os.path.commonpath([root, os.path.realpath(folder)]) != root:
        raise ValueError(f"refusing to write {path!r} outside the output folder")
    made[slot] = folder
    return folder


def write_private(target: str, data: bytes) -> None:
    """Write a file of a folder no reader sees: in place, unless it is shared.

    A file that is a hard link to a live page (or not a regular file) is
    replaced by a new one, never written through.
    """
    try:
        st = os.lstat(target)
        shared = st.st_nlink > 1 or not stat.S_ISREG(st.st_mode)
    except FileNotFoundError:
        shared = False
    if shared:
        atomic_write(Path(target), data)
        return
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC,
                 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def is_temporary(name: str) -> bool:
    """Temporary files of ``atomic_write`` and ``link_into`` left by a killed build."""
    return name.startswith(".") and name.endswith((".tmp", ".link"))


STALE = ".cablegen-manifest.stale.json"
"""The manifest of a shadow being rewritten, stamped (its mtime) when the rewrite began."""
SLACK_NS = 2_000_000_000
"""Files changed this long before the stamp are read again too (coarse file times)."""


def begin_rewrite(folder: Path, manifest: Manifest, saved: bool) -> None:
    """Mark the shadow as being rewritten: its manifest becomes the stale one, stamped now.

    A build killed from here on leaves the stale manifest and the stamp, and every
    file it wrote is newer than the stamp; ``recover`` reads only those. ``saved``:
    the folder's own manifest file is ``manifest`` (renamed, not written again).
    """
    if not saved:
        save_manifest(folder, manifest)
    os.replace(folder / MANIFEST, folder / STALE)
    os.utime(folder / STALE)


def end_rewrite(folder: Path) -> None:
    """The shadow is complete: its stale manifest goes (its own is about to be saved)."""
    (folder / STALE).unlink(missing_ok=True)


def recover(folder: Path, live: Path, known: Manifest) -> Manifest:
    """What a shadow whose rewrite was interrupted holds (``scan``, trusting what it can)."""
    stale = load_manifest(folder, known, STALE)
    try:
        since = (folder / STALE).stat().st_mtime_ns if stale is not None else 0
    except OSError:
        stale, since = None, 0
    return scan(folder, live, known, stale, since)


def scan(folder: Path, live: Path | None = None, known: Manifest | None = None,
         stale: Manifest | None = None, since_ns: int = 0) -> Manifest:
    """What a folder whose manifest was lost holds; leftover temporary files are removed.

    Files are read for their digests, except where something else says what they
    hold: a hard link to the file at the same path in ``live`` holds what ``known``
    (the live manifest) says, as a shared page is never written through
    (``write_private`` replaces it); a file of ``stale`` (the shadow's manifest
    when its rewrite began at ``since_ns``) not changed since then holds what
    ``stale`` says. After an interrupted edit only the few files the build wrote
    are read; reading every page of a 50,000-cable site took 40 s.
    """
    found: list[tuple[str, str, os.stat_result]] = []
    root = os.fspath(folder)
    skip = len(root) + 1
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        prefix = dirpath[skip:].replace(os.sep, "/")
        for name in filenames:
            path = os.path.join(dirpath, name)
            if name in (MANIFEST, STALE):
                continue
            try:
                here = os.stat(path)
            except OSError:
                continue
            if not stat.S_ISREG(here.st_mode):
                continue
            if is_temporary(name):
                os.unlink(path)
                continue
            found.append((f"{prefix}/{name}" if prefix else name, path, here))
    out: Manifest = {}
    for rel, path, here in sorted(found, key=lambda f: f[0]):
        sha = _known_sha(here, rel, live, known, stale, since_ns)
        out[rel] = entry("", sha or digest(Path(path).read_bytes()))
    return out


def _known_sha(here: os.stat_result, rel: str, live: Path | None, known: Manifest | None,
               stale: Manifest | None, since_ns: int) -> str:
    """The digest of the file ``here`` (stat) at ``rel`` as a manifest tells it (see
    ``scan``), or ""."""
    if live is not None and known and rel in known:
        try:
            there = os.stat(os.path.join(live, rel))
        except OSError:
            there = None
        if there is not None and os.path.samestat(here, there):
            return entry_sha(known[rel])
    if stale and rel in stale and here.st_mtime_ns < since_ns - SLACK_NS:
        return entry_sha(stale[rel])
    return ""


def prune_empty(folder: Path, root: Path) -> None:
    """Remove ``folder`` and its parents up to ``root`` while they are empty."""
    root = root.resolve()
    while folder.resolve() != root and root in folder.resolve().parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def foreign_files(live: Path, produced: Manifest) -> Iterator[str]:
    """Files of the live folder that cablegen did not produce (a CNAME, .htaccess...)."""
    root = os.fspath(live)
    if not os.path.isdir(root):
        return
    skip = len(root) + 1
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        prefix = dirpath[skip:].replace(os.sep, "/")
        for name in sorted(filenames):
            rel = f"{prefix}/{name}" if prefix else name
            if rel not in produced and rel not in (MANIFEST, STALE) and not is_temporary(name):
                yield rel
