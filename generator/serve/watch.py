"""Watch a site's sources (``content/``, ``themes/``, ``site.toml``); yield batches of changes.

Editors save in many ways: vim and IDEs write a temporary file and rename
it over the original, others truncate and write, and users create, delete
and rename cables. Any filesystem event under a watched folder only says
"look again": each batch ends with a rescan, a snapshot of (path, mtime_ns,
size, inode) of every watched file compared with the last one, so an event
lost or never sent still leaves no change unseen once anything stirs.
Bursts are debounced: a batch closes after ``quiet`` seconds without events
(at most ``max_wait`` after its first), or after only ``settle`` seconds once
every file written in it is complete: closed by its writer (inotify's
IN_CLOSE_WRITE) or renamed into place, with nothing deleted or moved away
(vim moves the original aside before writing the new file). A save is then
built at once instead of after the quiet, and a write still open, or a file
that may be about to reappear, still waits the full quiet. The watches follow each rescan
(``scan``): a folder created, deleted or made again, or a symlink added,
is watched from the next batch on. Editor swap and backup files never
trigger a rebuild.

``Watcher.batches`` is a plain generator: tests drive it without a server.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from watchdog import events as watchdog_events
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from generator.serve.scan import Point, Snapshot, diff, scan

_CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed", "attrib"})
_KINDS = (FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent,
          DirCreatedEvent, DirDeletedEvent, DirMovedEvent,
          # touch and chmod: their own event since watchdog 5, "modified" before
          getattr(watchdog_events, "FileAttribEvent", FileModifiedEvent))
"""What the kernel is asked to report: not opens and reads (every build reads every file)."""


Kind = str
"""What an event says of its path: ``OPEN`` (written, maybe not finished), ``DONE`` (complete:
closed after writing, or renamed into place), ``OTHER`` (deleted, moved away, a folder...)."""
OPEN, DONE, OTHER = "open", "done", "other"


def gather(events: queue.Queue[tuple[Path, Kind]], quiet: float, max_wait: float,
           settle: float | None = None,
           first: tuple[Path, Kind] | None = None) -> set[Path]:
    """Debounce: take events until ``quiet`` seconds pass without one (``max_wait`` at most),
    or ``settle`` seconds once every file written is complete (see the module)."""
    settle = quiet if settle is None else settle
    batch: set[Path] = set()
    writing: set[Path] = set()
    unsure = False
    deadline = time.monotonic() + max_wait
    event = first
    while True:
        if event is not None:
            path, kind = event
            batch.add(path)
            if kind == OPEN:
                writing.add(path)
            elif kind == DONE:
                writing.discard(path)
            else:
                unsure = True
        wait = settle if batch and not writing and not unsure else quiet
        if (left := deadline - time.monotonic()) <= 0:
            break
        try:
            event = events.get(timeout=min(wait, left))
        except queue.Empty:
            break
    return batch


class _Handler(FileSystemEventHandler):
    def __init__(self, point: Point, events: queue.Queue[tuple[Path, Kind]]) -> None:
        self.point, self.events = point, events

    def on_any_event(self, event: FileSystemEvent) -> None:
        kind = event.event_type
        if kind not in _CHANGES or (
                event.is_directory and kind in ("modified", "attrib", "closed")):
            return
        if event.is_directory:
            says = (OTHER, OTHER)
        elif kind == "moved":
            says = (OTHER, DONE)  # moved away; renamed into place, complete
        elif kind == "closed":
            says = (DONE, DONE)
        elif kind in ("created", "modified"):
            says = (OPEN, OPEN)
        else:
            says = (OTHER, OTHER)
        for raw, said in zip((event.src_path, event.dest_path), says, strict=True):
            if raw and (shown := self.point.show(Path(os.fsdecode(raw)))) is not None:
                self.events.put((shown, said))


class Watcher:
    """The site's watches and last snapshot; a context manager around a watchdog observer."""

    def __init__(self, site: Path, quiet: float = 0.05, max_wait: float = 1.0,
                 settle: float = 0.01) -> None:
        self.site = site.resolve()
        self.quiet, self.max_wait, self.settle = quiet, max_wait, min(settle, quiet)
        self.events: queue.Queue[tuple[Path, Kind]] = queue.Queue()
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
                    _Handler(point, self.events), str(point.real), recursive=point.recursive,
                    event_filter=list(_KINDS))
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
            named = gather(self.events, self.quiet, self.max_wait, self.settle, first)
            changed = self._rescan() | named
            if changed:
                yield frozenset(changed)
