"""The build: config, read, parse, link, render, write.

``build()`` is the entry point of ``cablegen build`` and ``cablegen check``.
The recipe itself is ``generator.engine.session.Session.build``, which runs
the stages in order (``load_config`` -> ``discover`` -> features' ``load`` ->
``parse_site`` (read + parse + collect, cached) -> ``link`` -> ``render_all``
(cable pages, index, features' pages) -> ``commit``) and returns what each
stage found.
"""

from __future__ import annotations

from pathlib import Path

from generator.engine.session import BuildResult, Session

__all__ = ["BuildResult", "build"]


def build(site: Path, out: Path | None = None, *, write: bool = True, jobs: int | None = None,
          progress: bool = False) -> BuildResult:
    """Build the site in ``site`` into ``out`` (default: the configured output folder)."""
    return Session(site, out, jobs=jobs, progress=progress, once=True).build(write=write)
