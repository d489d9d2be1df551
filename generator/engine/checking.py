"""The link check of a finished build, run only when the site changed.

The check reads every page of the staged site (``generator.linkcheck``), so
it runs when a build rendered or removed pages; a build that changed
nothing repeats the last result, kept with a digest of the manifest it was
made from. The pages are read from the staging folder before it goes live,
so the diagnostics describe exactly the site about to be published.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.engine.output import Staging
from generator.features.keys import key
from generator.linkcheck import LinkChecker, Parts, extract
from generator.write import atomic_write

NAME = "linkcheck.pickle"


Extracts = dict[str, tuple[str, Parts | None]]
"""Output path -> (content digest, its ids and links): what a session keeps between builds."""


def check_links(staging: Staging, label: str, cache_dir: Path,
                extracts: Extracts | None = None) -> list[Diagnostic]:
    """Broken internal links and anchors of the staged site, as warnings.

    ``extracts`` (kept by a session) holds each page's ids and links by digest,
    so a rebuild reads only the pages that changed.
    """
    manifest = key(sorted(staging.new.items()))
    try:
        with (cache_dir / NAME).open("rb") as handle:
            last_key, last = pickle.load(handle)
        if last_key == manifest:
            return list(last)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass
    checker = LinkChecker(label)
    memo: Extracts = {} if extracts is None else extracts
    for path in sorted(staging.new):
        sha = staging.new[path][1]
        hit = memo.get(path)
        if hit is None or hit[0] != sha:
            data = staging.location(path).read_bytes() if path.endswith((".html", ".htm")) \
                else b""
            hit = memo[path] = (sha, extract(path, data))
        checker.feed_parts(path, hit[1])
    for path in set(memo) - set(staging.new):
        del memo[path]
    found = checker.finish(locate=staging.location)
    cache_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(cache_dir / NAME, pickle.dumps((manifest, found)))
    return found


def label_of(out: Path, root: Path) -> str:
    """How diagnostics name the output folder: relative to the site when inside it."""
    try:
        return out.relative_to(root).as_posix() + "/"
    except ValueError:
        return f"{out.as_posix()}/"
