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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

from generator.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class State:
    """What every open page is told: the served version and the last build's errors."""

    version: str
    """``<run token>:<epoch>``; epoch 0 means nothing published yet."""
    ready: bool
    failed: bool
    """The last build failed: the site served is the last good one."""
    errors: tuple[Diagnostic, ...]

    def event(self) -> bytes:
        """The state as one server-sent event."""
        data = {"version": self.version, "ready": self.ready, "failed": self.failed,
                "errors": [asdict(d) for d in self.errors]}
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
        self._readers = 0
        self._writing = False
        self.closing = False

    def state(self) -> State:
        """The current state."""
        with self._cond:
            return State(f"{self._token}:{self._epoch}", self._epoch > 0, self._failed,
                         self._errors)

    @property
    def changes(self) -> int:
        """How many times the state changed (for waiters)."""
        with self._cond:
            return self._changes

    def update(self, errors: tuple[Diagnostic, ...], failed: bool, published: bool) -> None:
        """Record a build's outcome; bump the epoch only if it was published."""
        with self._cond:
            self._errors, self._failed = errors, failed
            self._epoch += 1 if published else 0
            self._changes += 1
            self._cond.notify_all()

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
                self._cond.notify_all()

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
