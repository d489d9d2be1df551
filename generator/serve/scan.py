"""What the preview watches: a snapshot of the site's sources and the watches that cover them.

The sources are ``site.toml``, the content folder (as ``site.toml`` names it)
and ``themes/``. A snapshot maps every source file to (mtime_ns, size,
inode): comparing two finds any change, including one whose event was lost
(an inode catches a rename over a file within the clock's granularity).
Content is often linked in rather than copied (a corpus of cables kept
elsewhere): inotify does not follow symlinks, so each symlinked folder, and
the folder of each symlinked file, gets a watch of its own, and its events
are mapped back to the path the site sees.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.config import load_config
from generator.read.discover import is_editor_temp

Snapshot = dict[str, tuple[int, int, int]]
"""Path (a string: a rescan of 250,000 files makes no ``Path`` per file) -> (mtime_ns,
size, inode)."""


@dataclass(frozen=True, slots=True)
class Point:
    """One watch: the real folder, the path the site sees it under, which names count."""

    real: Path
    shown: Path
    recursive: bool
    names: frozenset[str] | None = None
    """Only these entries of ``real`` count (non-recursive watches)."""
    link: bool = False
    """``shown`` is a symlink to the one file named in ``names``."""
    inode: int = 0
    """Of ``real``: a folder deleted and made again needs a new watch."""

    def show(self, path: Path) -> Path | None:
        """The site path an event path stands for, or None if it does not count."""
        if is_editor_temp(path.name) or not path.is_relative_to(self.real):
            return None
        if self.names is None:
            return self.shown / path.relative_to(self.real)
        if path.parent != self.real or path.name not in self.names:
            return None
        return self.shown if self.link else self.shown / path.name


def _point(real: Path, shown: Path, recursive: bool, names: frozenset[str] | None = None,
           link: bool = False) -> Point | None:
    try:
        return Point(real, shown, recursive, names, link, os.stat(real).st_ino)
    except OSError:
        return None


def _trees(site: Path) -> tuple[list[Path], frozenset[str]]:
    """The watched folders as the site names them, and the names that count in the site."""
    config, _ = load_config(site)
    content = Path(os.path.normpath(site / str(config.get("content") if config else "content")))
    top = {"site.toml", "themes"}
    if content.is_relative_to(site) and content != site:
        top.add(content.relative_to(site).parts[0])
    return [content, site / "themes"], frozenset(top)


def scan(site: Path) -> tuple[Snapshot, set[Point]]:
    """Stat every watched file; list the watches that cover them (following symlinks)."""
    trees, top = _trees(site)
    points = {_point(site, site, False, top)}
    snap: Snapshot = {}
    _stat(os.path.join(site, "site.toml"), snap)
    seen: set[tuple[int, int]] = set()
    for tree in trees:
        points.add(_point(tree.resolve(), tree, True))
        _walk(str(tree), snap, points, seen)
    return snap, {p for p in points if p is not None}


def _walk(folder: str, snap: Snapshot, points: set[Point | None],
          seen: set[tuple[int, int]]) -> bool:
    """Stat the files under ``folder``, following symlinks (one ``scandir`` per folder, one
    ``stat`` per file: the rescan runs on every save); False if it was seen already."""
    try:
        st = os.stat(folder)
        if (st.st_dev, st.st_ino) in seen:  # a symlink loop, or one folder linked twice
            return False
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return False
    seen.add((st.st_dev, st.st_ino))
    for entry in entries:
        name = entry.name
        try:
            is_dir = entry.is_dir()  # follows a symlink
        except OSError:
            continue
        if is_dir:
            if (not name.startswith((".", "_")) and _walk(entry.path, snap, points, seen)
                    and entry.is_symlink()):
                points.add(_point(Path(os.path.realpath(entry.path)), Path(entry.path), True))
        elif not is_editor_temp(name) and _stat(entry.path, snap) and entry.is_symlink():
            target = Path(entry.path).resolve()
            points.add(_point(target.parent, Path(entry.path), False, frozenset({target.name}),
                              link=True))
    return True


def _stat(path: str, snap: Snapshot) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    snap[path] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return True


def diff(old: Snapshot, new: Snapshot) -> set[Path]:
    """Paths added, removed or changed between two snapshots."""
    return {Path(p) for p in old.keys() | new.keys() if old.get(p) != new.get(p)}
