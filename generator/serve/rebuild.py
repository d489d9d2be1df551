"""Rebuild the site after a change, behind one small interface the incremental engine can fill.

``Rebuilder`` is all the preview asks of a build engine: build the site into
its output folder, told which source paths changed. ``FullRebuilder`` runs
the whole build each time (the write stage still writes only changed files).
An engine that keeps the model in memory between builds replaces it without
touching the server or the watcher.

``attempt`` runs one rebuild and says whether it failed: errors among the
diagnostics, or a crash (a template syntax error, a bug), turned into a
diagnostic with the file and line to look at rather than a traceback.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from jinja2 import TemplateSyntaxError

from generator.build import BuildResult, build
from generator.diagnostics import Diagnostic, error
from generator.engine.early import Early
from generator.engine.session import Session


class Rebuilder(Protocol):
    """Builds a site into ``output``; kept between rebuilds, so it may cache what it likes.

    The contract the preview relies on:

    - ``rebuild`` leaves ``output`` equal, byte for byte, to a clean build of the
      sources as they are now, written with ``generator.write.write_pages``:
      the publish step reads its manifest to know what changed;
    - ``changed`` holds absolute paths under the resolved site folder, as the
      site names them (symlinks not resolved): files created, changed or
      removed, ``site.toml``, and sometimes a folder created, removed or
      renamed as a whole. Paths may no longer exist. ``None`` means "trust
      nothing": the first build, and the build after a crash (when ``output``
      may hold files its manifest does not list);
    - bad content is reported in ``BuildResult.diagnostics``; an exception is
      taken as a crash and shown to the editor.
    """

    @property
    def output(self) -> Path:
        """The folder it writes (the preview's private staging folder)."""
        ...

    def rebuild(self, changed: frozenset[Path] | None,
                early: Early | None = None) -> BuildResult:
        """Bring ``output`` up to date after ``changed`` (None: rebuild everything).

        ``early``, if the engine can, receives the edited cables' pages before
        the rest is built (``engine.early``); it may never be called.
        """
        ...


@dataclass(frozen=True, slots=True)
class FullRebuilder:
    """Today's engine: a full build every time."""

    site: Path
    output: Path

    def rebuild(self, changed: frozenset[Path] | None,
                early: Early | None = None) -> BuildResult:
        """Build everything (``changed`` is not needed by a full build; no first look)."""
        return build(self.site, self.output)


class SessionRebuilder:
    """The incremental engine: one ``Session`` kept between rebuilds.

    The session keeps the snapshot of input files, the feature states and the
    cache connection's results in memory, so a saved cable costs one parse and
    the pages that show it. ``None`` (the first build, or after a crash)
    starts a fresh session: nothing it remembered is trusted.
    """

    def __init__(self, site: Path, output: Path) -> None:
        self.site = site
        self.output = output
        self.session = Session(site, output)

    def rebuild(self, changed: frozenset[Path] | None,
                early: Early | None = None) -> BuildResult:
        """Build what changed since the last rebuild (everything after ``None``)."""
        if changed is None:
            self.session = Session(self.site, self.output)
        return self.session.build(early=early)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One rebuild: its result (None after a crash) and the errors to show."""

    result: BuildResult | None
    errors: tuple[Diagnostic, ...]

    @property
    def crashed(self) -> bool:
        """The build raised instead of returning."""
        return self.result is None


def attempt(rebuilder: Rebuilder, changed: frozenset[Path] | None, site: Path,
            early: Early | None = None) -> Attempt:
    """Run one rebuild; never raise for what the site's files can cause."""
    try:
        result = rebuilder.rebuild(changed, early)
    except Exception as exc:  # a broken template or a bug must not stop the preview
        return Attempt(None, (crash_diagnostic(exc, site),))
    return Attempt(result, tuple(d for d in result.diagnostics if d.level == "error"))


def crash_diagnostic(exc: BaseException, site: Path) -> Diagnostic:
    """Point at the template line (Jinja rewrites its frames) or the innermost frame."""
    where: tuple[str, int] = ("(build)", 0)
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        where = (exc.filename, exc.lineno)
    else:
        frames = traceback.extract_tb(exc.__traceback__)
        templates = [f for f in frames if f.filename.endswith((".html", ".xml", ".j2"))]
        if chosen := templates or frames:
            where = (chosen[-1].filename, chosen[-1].lineno or 0)
    path = Path(where[0])
    if path.is_absolute() and path.resolve().is_relative_to(site.resolve()):
        path = path.resolve().relative_to(site.resolve())
    code = "template-error" if type(exc).__module__.startswith("jinja2") else "build-crash"
    return error(path.as_posix(), where[1], f"{type(exc).__name__}: {exc}", code)
