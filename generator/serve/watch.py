"""Watch a site's sources (``content/``, ``themes/``, ``site.toml``); yield batches of changes.

Editors save in many ways: vim and IDEs write a temporary file and rename
it over the original, others truncate and write, and users create, delete
and rename cables. Any filesystem event under a watched folder only says
"look again": each batch ends with a rescan, a snapshot of (path, mtime_ns,
size, inode) of every watched file compared with the last one, so an event
lost or never sent still leaves no change unseen once anything stirs.
Bursts are debounced: a batch closes after ``quiet`` seconds without events
(at most ``max_wait`` after its first). Symlinked folders and files inside
the trees (a corpus linked in, not copied) are watched where they really
are. Editor swap and backup files never trigger a rebuild.

``Watcher.batches`` is a plain generator: tests drive it without a server.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from generator.config import load_config
from generator.read.discover import is_editor_temp

Snapshot = dict[Path, tuple[int, int, int]]
_CHANGES = {"created", "deleted", "modified", "moved", "closed", "attrib"}


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
    _stat(site / "site.toml", snap)
    seen: set[str] = set()
    for tree in trees:
        points.add(_point(tree.resolve(), tree, True))
        for dirpath, dirnames, filenames in os.walk(tree, followlinks=True):
            real = os.path.realpath(dirpath)
            if real in seen:  # a symlink loop, or one folder linked twice
                dirnames[:] = []
                continue
            seen.add(real)
            here = Path(dirpath)
            if here != tree and here.is_symlink():
                points.add(_point(Path(real), here, True))
            dirnames[:] = [d for d in dirnames if not d.startswith((".", "_"))]
            for name in filenames:
                path = here / name
                if not is_editor_temp(name) and _stat(path, snap) and path.is_symlink():
                    target = path.resolve()
                    points.add(_point(target.parent, path, False, frozenset({target.name}),
                                      link=True))
    return snap, {p for p in points if p is not None}


def _stat(path: Path, snap: Snapshot) -> bool:
    try:
        st = path.stat()
    except OSError:
        return False
    snap[path] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return True


def diff(old: Snapshot, new: Snapshot) -> set[Path]:
    """Paths added, removed or changed between two snapshots."""
    return {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)}


def gather(events: queue.Queue[Path], quiet: float, max_wait: float) -> set[Path]:
    """Debounce: take events until ``quiet`` seconds pass without one (``max_wait`` at most)."""
    batch: set[Path] = set()
    deadline = time.monotonic() + max_wait
    while (left := deadline - time.monotonic()) > 0:
        try:
            batch.add(events.get(timeout=min(quiet, left)))
        except queue.Empty:
            break
    return batch


class _Handler(FileSystemEventHandler):
    def __init__(self, point: Point, events: queue.Queue[Path]) -> None:
        self.point, self.events = point, events

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES or (
                event.is_directory and event.event_type in ("modified", "attrib", "closed")):
            return
        for raw in (event.src_path, event.dest_path):
            if raw and (shown := self.point.show(Path(os.fsdecode(raw)))) is not None:
                self.events.put(shown)


class Watcher:
    """The site's watches and last snapshot; a context manager around a watchdog observer."""

    def __init__(self, site: Path, quiet: float = 0.05, max_wait: float = 1.0) -> None:
        self.site = site.resolve()
        self.quiet, self.max_wait = quiet, max_wait
        self.events: queue.Queue[Path] = queue.Queue()
        self._observer: BaseObserver = Observer()
        self._watches: dict[Point, ObservedWatch] = {}
        self.snapshot: Snapshot = {}

    def __enter__(self) -> Watcher:
        self._observer.start()
        self._rescan()
        return self

    def __exit__(self, *exc: object) -> None:
        self._observer.stop()
        self._observer.join(timeout=10)

    def _rescan(self) -> set[Path]:
        snap, points = scan(self.site)
        for point in set(self._watches) - points:
            with contextlib.suppress(KeyError, OSError):
                self._observer.unschedule(self._watches.pop(point))
        for point in points - set(self._watches):
            with contextlib.suppress(OSError):  # gone again: the next rescan tries once more
                self._watches[point] = self._observer.schedule(
                    _Handler(point, self.events), str(point.real), recursive=point.recursive)
        changed = diff(self.snapshot, snap)
        self.snapshot = snap
        return changed

    def batches(self, stop: threading.Event) -> Iterator[frozenset[Path]]:
        """Yield the source paths changed in each burst of events, until ``stop`` is set."""
        while not stop.is_set():
            try:
                first = self.events.get(timeout=0.2)
            except queue.Empty:
                continue
            named = {first} | gather(self.events, self.quiet, self.max_wait)
            changed = self._rescan() | named
            if changed:
                yield frozenset(changed)
