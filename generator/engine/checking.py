"""The link check of a finished build, run only when the site changed.

The check reads every page of the staged site (``generator.linkcheck``), so
it runs when a build rendered or removed pages; a build that changed
nothing repeats the last result, kept with a digest of the manifest it was
made from. A session keeps a ``LinkIndex`` instead, so that its rebuilds
read and check again only the pages that changed and the links to them.
The pages are read from the staging folder before it goes live, so the
diagnostics describe exactly the site about to be published.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from generator.diagnostics import Diagnostic
from generator.engine.output import Staging
from generator.features.keys import key
from generator.linkcheck import LinkChecker, report
from generator.linkindex import LinkIndex
from generator.linkscan import extract
from generator.write import atomic_write

NAME = "linkcheck.pickle"


def check_links(staging: Staging, label: str, cache_dir: Path,
                index: LinkIndex | None = None) -> list[Diagnostic]:
    """Broken internal links and anchors of the staged site, as warnings.

    ``index`` (kept by a session) holds the last check, so a rebuild reads and
    checks only the pages that changed and the links that lead to them; it
    skips the saved result, whose key (a digest of the whole manifest) would
    cost time in proportion to the site, not to the change.
    """
    if index is not None and index.pages:  # the index is the last check: update it
        return _updated(index, staging, label)
    manifest = key(label, sorted(staging.new.items()))  # diagnostics name the folder
    try:
        with (cache_dir / NAME).open("rb") as handle:
            last_key, last = pickle.load(handle)
        if last_key == manifest:
            return list(last)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass
    if index is None:
        checker = LinkChecker(label)
        for path in sorted(staging.new):
            data = staging.location(path).read_bytes() if path.endswith((".html", ".htm")) \
                else b""
            checker.feed_parts(path, extract(path, data))
        found = checker.finish(locate=staging.location)
    else:
        found = _updated(index, staging, label)
    cache_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(cache_dir / NAME, pickle.dumps((manifest, found)))
    return found


def _updated(index: LinkIndex, staging: Staging, label: str) -> list[Diagnostic]:
    """Bring ``index`` to the staged site; its problems as warnings."""
    index.update({path: entry[1] for path, entry in staging.new.items()},
                 lambda path: staging.location(path).read_bytes())
    return report(index.problems(), label, locate=staging.location)


def label_of(out: Path, root: Path) -> str:
    """How diagnostics name the output folder: relative to the site when inside it."""
    try:
        return out.relative_to(root).as_posix() + "/"
    except ValueError:
        return f"{out.as_posix()}/"
