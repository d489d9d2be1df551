"""``cablegen serve``: build, serve, watch, rebuild, publish, tell the open pages.

The loop: every batch of source changes from the watcher is handed to the
``Rebuilder``, which builds into a private staging folder
(``<build.cache>/serve``). A build that succeeded is published into the
output folder under the server's publish lock and the epoch moves, which
reloads the open pages; a build that failed is not published: the last good
site stays served and its errors go to the pages' overlay.

A build fails when it crashes or when it has errors the served site did not
have: a site that already has errors (a damaged cable in a large corpus)
still updates as the editor works on other files, and an editor who breaks
a cable keeps the last good version of the site. The first build is always
published unless it crashed: there is no earlier good site to keep.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import webbrowser
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from generator.config import load_config
from generator.diagnostics import count, error
from generator.serve.live import Live
from generator.serve.publish import Published, Publisher, forget
from generator.serve.rebuild import Attempt, Rebuilder, SessionRebuilder, attempt
from generator.serve.safety import is_loopback
from generator.serve.server import PreviewServer
from generator.serve.watch import Watcher
from generator.write import check_output


class SiteError(ValueError):
    """The site cannot be served at all (bad site.toml, unsafe output folder)."""


def _say(message: str, stream: TextIO | None = None) -> None:
    """Print a line; a closed terminal must not stop the preview."""
    with contextlib.suppress(OSError):
        print(message, file=stream or sys.stdout, flush=True)


class Preview:
    """A running preview of one site: server, watcher and rebuild loop, as a context manager."""

    def __init__(self, site: Path, host: str = "127.0.0.1", port: int = 8000, *,
                 rebuilder: Rebuilder | None = None, quiet: float = 0.05) -> None:
        config, problems = load_config(site)
        if config is None:
            raise SiteError("\n".join(d.format() for d in problems))
        self.site, self.served = config.root, config.output
        try:
            check_output(self.served, config.root, config.content)
        except ValueError as exc:
            raise SiteError(f"site.toml:0: error: {exc} [unsafe-output]") from exc
        staging = config.root / str(config.get("build.cache")) / "serve"
        self.rebuilder = rebuilder or SessionRebuilder(config.root, staging)
        self.publisher = Publisher(self.rebuilder.output, self.served)
        self.live = Live()
        self.server = PreviewServer(host, port, self.served, self.live)
        self.watcher = Watcher(config.root, quiet=quiet)
        self._stop = threading.Event()
        self._baseline: Counter[tuple[str, str]] = Counter()
        self._closed = False
        self._crashed = True  # nothing built yet: the first rebuild trusts nothing
        self.started = 0
        """Rebuilds begun."""
        self.finished = 0
        """Rebuilds ended (published or not); a first look does not end one."""
        self._threads = [threading.Thread(target=self.server.serve_forever, args=(0.2,),
                                          name="cablegen-http", daemon=True),
                         threading.Thread(target=self._loop, name="cablegen-rebuild",
                                          daemon=True)]

    @property
    def url(self) -> str:
        """Where a browser on this machine finds the preview."""
        host = self.server.server_name
        if host in ("0.0.0.0", "::"):
            host = "127.0.0.1"
        return f"http://{f'[{host}]' if ':' in host else host}:{self.server.server_port}/"

    def __enter__(self) -> Preview:
        self.watcher.__enter__()  # watch first: nothing saved during the first build is lost
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.live.close()
        self.server.shutdown()
        self.server.server_close()
        with self.live.publishing():  # a publish under way ends; none starts after this
            self._closed = True
        self._threads[1].join(timeout=2)  # a build under way is left to die with the process
        self.watcher.__exit__()

    def wait(self) -> None:
        """Block until the preview stops (Ctrl-C raises KeyboardInterrupt here)."""
        while not self._stop.wait(0.5):
            pass

    def _loop(self) -> None:
        forget(self.rebuilder.output)  # a process killed mid-build leaves no stale manifest
        self._cycle(None)
        for changed in self.watcher.batches(self._stop):
            self._cycle(changed)

    def _cycle(self, changed: frozenset[Path] | None) -> None:
        self.started += 1
        try:
            self._rebuild(changed)
        finally:
            self.finished += 1

    def _rebuild(self, changed: frozenset[Path] | None) -> None:
        tried = attempt(self.rebuilder, None if self._crashed else changed, self.site,
                        self._first_look)
        first = not self.live.state().ready
        counts = Counter((d.path, d.code) for d in tried.errors)
        self._crashed = tried.crashed
        if tried.crashed:
            forget(self.rebuilder.output)  # it may have written files its manifest lacks
        elif first or not counts - self._baseline:
            try:
                self._publish(tried, first, changed)
            except (OSError, ValueError) as exc:  # disk full, permissions, unsafe path
                self.publisher.verified = False  # check every file next time
                tried = Attempt(tried.result, (error(
                    str(self.served), 0, f"cannot publish the build: {exc}", "publish-failed"),))
            else:
                self._baseline = counts
                return
        with self.live.publishing():  # the first look of a failed build is taken back
            undone: tuple[str, ...] = ()
            try:
                undone = () if self._closed else self.publisher.withdraw()
            except (OSError, ValueError):
                self.publisher.verified = False  # the next publish checks every file
            self.live.update(tried.errors, True, bool(undone), undone)
        self._report(tried, changed, None)

    def _first_look(self, files: Sequence[tuple[str, bytes]]) -> None:
        """Serve the edited cables' pages now; the rest of the build follows.

        A first look that cannot be placed is dropped: the build's own publish
        reports why.
        """
        placed: tuple[str, ...] = ()
        with self.live.publishing():
            if self._closed or not self.live.state().ready:
                return
            try:
                placed = self.publisher.place_early(files)
            except (OSError, ValueError):
                self.publisher.verified = False
                return
            if placed:
                self.live.advance(placed)
        if placed:
            self.live.settle()  # outside the lock: the pages reload now

    def _publish(self, tried: Attempt, first: bool, changed: frozenset[Path] | None) -> None:
        plan = self.publisher.plan()  # the slow part (manifests), before the lock
        with self.live.publishing():
            if self._closed:
                return
            done = self.publisher.apply(plan)
            self.live.update(tried.errors, False, first or bool(done.written or done.removed),
                             None if first else (*done.written, *done.removed))
        self._report(tried, changed, done)

    def _report(self, tried: Attempt, changed: frozenset[Path] | None,
                done: Published | None) -> None:
        paths = None if changed is None else {
            p.relative_to(self.site).as_posix() for p in changed if p.is_relative_to(self.site)}
        for d in tried.result.diagnostics if tried.result else tried.errors:
            if d.level == "error" or (d.level == "warning" and (paths is None or d.path in paths)):
                _say(d.format(), sys.stderr)
        errors = len(tried.errors)
        if done is None or tried.result is None:
            kept = "still serving the last good site" if self.live.state().ready else \
                "nothing to serve yet"
            _say(f"cablegen serve: build failed ({errors} error(s)); {kept}")
        else:
            r = tried.result
            _say(f"cablegen serve: {r.cables} cable(s), {r.pages} pages built in "
                 f"{r.seconds:.2f} s; {len(done.written)} file(s) updated, {len(done.removed)} "
                 f"removed; {errors} error(s), {count(r.diagnostics, 'warning')} warning(s)")


def run(site: Path, host: str, port: int, open_browser: bool) -> int:
    """The ``serve`` command: serve until Ctrl-C; return the exit status."""
    try:
        preview = Preview(site, host, port)
    except SiteError as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"cablegen: error: cannot listen on {host}:{port}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with preview:
            if preview.server.hosts.any_ip or not is_loopback(preview.server.server_name):
                _say(f"cablegen serve: warning: listening on {preview.server.server_name}: the "
                     "site is exposed to every machine that can reach this one", sys.stderr)
            _say(f"cablegen serve: {preview.url} (serving {preview.served}; Ctrl-C to stop)")
            if open_browser:
                webbrowser.open(preview.url)
            preview.wait()
    except KeyboardInterrupt:
        _say("cablegen serve: stopped")
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
