"""File operations of the output folders: manifests, page writes, links, scans.

These are the primitives ``engine.output`` builds its double buffer from.
Creating a file costs far more than rewriting one on most filesystems (an
inode to allocate), and a hard link costs little: the shadow folder is
therefore rewritten in place where that is safe, and pages are shared
between the two folders as hard links.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.engine.manifest import Manifest, entry, entry_sha, load_manifest, save_manifest
from generator.write import MANIFEST, atomic_write, digest

__all__ = ["Manifest", "folder_of", "is_temporary", "link_into", "load_manifest", "prune_empty",
           "save_manifest", "scan", "write_private"]

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


def scan(folder: Path, live: Path | None = None, known: Manifest | None = None) -> Manifest:
    """What a folder whose manifest was lost holds; leftover temporary files are removed.

    ``live`` and ``known`` are the live folder and its manifest. A file that is
    a hard link to the live file at the same path holds what ``known`` says: a
    shared page is never written through (``write_private`` replaces it), so
    only the other files are read. After a build interrupted in the middle of
    an edit those are a handful; reading every page of a 50,000-cable site
    again took 40 s.
    """
    found: list[tuple[str, str]] = []
    root = os.fspath(folder)
    skip = len(root) + 1
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        prefix = dirpath[skip:].replace(os.sep, "/")
        for name in filenames:
            path = os.path.join(dirpath, name)
            if name == MANIFEST or not os.path.isfile(path):
                continue
            if is_temporary(name):
                os.unlink(path)
                continue
            found.append((f"{prefix}/{name}" if prefix else name, path))
    out: Manifest = {}
    for rel, path in sorted(found):
        sha = _shared_sha(path, rel, live, known)
        out[rel] = entry("", sha or digest(Path(path).read_bytes()))
    return out


def _shared_sha(path: str, rel: str, live: Path | None, known: Manifest | None) -> str:
    """The live manifest's digest of ``rel`` if ``path`` is the live file itself, else ""."""
    if live is None or not known or rel not in known:
        return ""
    try:
        here, there = os.stat(path), os.stat(os.path.join(live, rel))
    except OSError:
        return ""
    if (here.st_ino, here.st_dev) != (there.st_ino, there.st_dev):
        return ""
    return entry_sha(known[rel])


def prune_empty(folder: Path, root: Path) -> None:
    """Remove ``folder`` and its parents up to ``root`` while they are empty."""
    root = root.resolve()
    while folder.resolve() != root and root in folder.resolve().parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
