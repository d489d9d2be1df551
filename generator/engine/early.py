"""First look: the pages of the cables just edited, rendered before the rest of the build.

An editor who saves a cable is looking at that cable's page. On a large
site the rest of an incremental rebuild (the lists that show the cable, the
glossary pages, the search index, the exports, the link check) takes
seconds, and the editor should not wait for it to see the page. So a kept
session (``cablegen serve``) renders the changed cables' own files first,
with the same context the full build then uses, and hands them to the
preview, which serves them at once (Hugo's server calls this fast render).
The full build follows and is published as usual: it writes the same bytes
for those files, so the served site ends equal to a clean build.

A first look is offered only when it is cheap and safe: a few changed
cables, a session that already built the site, and no error in what the
changed cables produce (an editor who breaks a cable keeps the last good
page, as with any failed build).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from generator.diagnostics import Diagnostic
from generator.engine.cache import Cache
from generator.engine.flatten import Entry
from generator.engine.parsing import load_cable
from generator.features import Context, Feature
from generator.render.pages import render_cable

LIMIT = 8
"""More changed cables than this is a bulk change (a CSV replaced): no first look."""

Files = tuple[tuple[str, bytes], ...]
"""Output path -> bytes, as the full build will write them."""

Early = Callable[[Files], None]
"""Receives a first look (the preview publishes it)."""


def changed_entries(entries: Sequence[Entry], ctx: Context,
                    last: Collection[tuple[str, int, str]]) -> list[Entry] | None:
    """The entries not in the last build (``last``: its (path, line, digest) slots).

    None when there is no last build to compare with, or too many changed.
    """
    if not last:
        return None
    fresh = [e for e in entries if (e.path, e.line, e.digest) not in last
             and (e.path, e.line) in ctx.corpus.by_source]
    return fresh if 0 < len(fresh) <= LIMIT else None


def first_look(fresh: Sequence[Entry], ctx: Context, features: tuple[Feature, ...],
               diagnostics: Sequence[Diagnostic], opener: Callable[[], Cache]) -> Files:
    """The files of the fresh cables, or nothing if any of them has an error."""
    paths = {e.path for e in fresh}
    if any(d.level == "error" and d.path in paths for d in diagnostics):
        return ()
    out: list[tuple[str, bytes]] = []
    cache = opener()
    try:
        for entry in fresh:
            pages, problems = render_cable(load_cable(cache, entry), ctx, features)
            if any(getattr(d, "level", "") == "error" for d in problems):
                return ()
            out.extend((p.path, p.data) for p in pages)
    finally:
        cache.close()
    return tuple(out)
