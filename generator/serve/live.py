"""The preview's shared state: which build is served, its errors, and who may read files now.

``Live`` is the one object the rebuild loop, the file handler and the event
stream share. The epoch counts published builds and only moves after a
build has been published in full (mkdocs' rule), so a browser told to
reload never loads half a site; the version sent to pages adds a token per
server run, so pages opened before a restart reload too. Publishing takes
the write side of a readers-writer lock that every file read takes the read
side of: a request during a publish waits for it, a request during a build
gets the previous site.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import partial

from generator.diagnostics import Diagnostic

MAX_LISTED = 2000
"""A publish that changed more files than this reloads every page."""


@dataclass(frozen=True, slots=True)
class State:
    """What every open page is told: the served version and the last build's errors."""

    version: str
    """``<run token>:<epoch>``; epoch 0 means nothing published yet."""
    ready: bool
    failed: bool
    """The last build failed: the site served is the last good one."""
    errors: tuple[Diagnostic, ...]
    previous: str = ""
    """The version before the last publish."""
    changed: tuple[str, ...] | None = None
    """The files the last publish changed or removed (None: unknown, or too many to list)."""

    def event(self) -> bytes:
        """The state as one server-sent event.

        A page served at ``previous`` that is not among ``changed``, and loaded
        none of them, is still current: it takes the new version without
        reloading (an edit to one cable does not reload every open tab).
        """
        data = {"version": self.version, "ready": self.ready, "failed": self.failed,
                "errors": [asdict(d) for d in self.errors], "previous": self.previous,
                "changed": None if self.changed is None else list(self.changed)}
        return f"event: state\ndata: {json.dumps(data)}\n\n".encode()


class Live:
    """Epoch, errors and the publish lock, guarded by one condition."""

    def __init__(self) -> None:
        self._token = secrets.token_hex(4)
        self._cond = threading.Condition()
        self._epoch = 0
        self._changes = 0
        self._failed = False
        self._errors: tuple[Diagnostic, ...] = ()
        self._changed: tuple[str, ...] | None = None
        self._readers = 0
        self._served = 0
        self._streams = 0
        self._writing = False
        self.closing = False

    def state(self) -> State:
        """The current state."""
        with self._cond:
            return State(f"{self._token}:{self._epoch}", self._epoch > 0, self._failed,
                         self._errors, f"{self._token}:{self._epoch - 1}", self._changed)

    @property
    def changes(self) -> int:
        """How many times the state changed (for waiters)."""
        with self._cond:
            return self._changes

    def update(self, errors: tuple[Diagnostic, ...], failed: bool, published: bool,
               changed: Collection[str] | None = None) -> None:
        """Record a build's outcome; bump the epoch only if it was published.

        ``changed`` lists the files the publish changed; None tells every page to reload.
        """
        with self._cond:
            self._errors, self._failed = errors, failed
            self._changes += 1
            if published:
                self._epoch += 1
                self._changed = None if changed is None or len(changed) > MAX_LISTED \
                    else tuple(sorted(changed))
            self._cond.notify_all()

    def advance(self, changed: Collection[str]) -> None:
        """A partial publish (a first look): new version, same errors."""
        with self._cond:
            errors, failed = self._errors, self._failed
        self.update(errors, failed, True, changed)

    def wait(self, seen: int, timeout: float) -> int:
        """Block until the state changes after ``seen`` (or timeout, or closing)."""
        with self._cond:
            self._cond.wait_for(lambda: self._changes != seen or self.closing, timeout)
            return self._changes

    def close(self) -> None:
        """Release every waiting event stream."""
        with self._cond:
            self.closing = True
            self._cond.notify_all()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold off publishing while a file is opened and read."""
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._served += 1
                self._cond.notify_all()

    def _moved(self, served: int) -> bool:
        return self._served != served or self.closing

    @contextmanager
    def listening(self) -> Iterator[None]:
        """An event stream is open: a page (or a tab's shared worker) is watching."""
        with self._cond:
            self._streams += 1
        try:
            yield
        finally:
            with self._cond:
                self._streams -= 1

    def settle(self, first: float = 0.3, idle: float = 0.05, most: float = 1.0) -> None:
        """Wait while open pages reload after a first look, before the build goes on.

        The rest of the build shares this process with the server: left to run,
        it would slow the very reload the first look was for. So the build
        waits for a request (``first`` seconds at most, and not at all when no
        page is watching), then until no file was read for ``idle`` seconds,
        ``most`` seconds in all.
        """
        start = time.monotonic()
        with self._cond:
            if not self._streams:
                return
            seen = self._served
            if not self._cond.wait_for(partial(self._moved, seen), first):
                return
            while not self.closing and (left := most - (time.monotonic() - start)) > 0:
                if not self._cond.wait_for(partial(self._moved, self._served), min(idle, left)):
                    return

    @contextmanager
    def publishing(self) -> Iterator[None]:
        """Exclusive access to the served folder; new readers wait, current ones finish."""
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._writing = True  # set first, so a stream of readers cannot starve us
            self._cond.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()
