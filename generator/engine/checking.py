"""The link check of a finished build: only the pages that changed are read again.

A build's link check is a ``LinkIndex`` (``generator.linkindex``): per page
its digest, ids and links. It is saved in the cache after a build and taken
up by the next, in this process or another, so that a rebuild reads and
checks again only the pages whose digest changed and the links that lead to
them. A ``cablegen build`` after editing one cable of 251,287 used to read
every page of the site again (the most of its 25 minutes). The index is
keyed by the code that made it; a page is known by its content digest, so
an index from any earlier build, even one that failed or wrote elsewhere,
updates to exactly the check of the staged site (tests/test_linkindex.py).

The render workers scan each page they render (``linkindex.scanned``) and
the main process feeds the result to the index as it arrives (``Feed``), so
a cold build reads no page back and the scan runs on every core: at 10,000
cables the check was 12 s of one process after the render phase.

A build that changed nothing repeats the last result, kept with a digest of
the manifest it was made from. The pages are read from the staging folder
before it goes live, so the diagnostics describe exactly the site about to
be published.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator import fastpickle
from generator.diagnostics import Diagnostic
from generator.engine.manifest import entry_sha
from generator.engine.output import Manifest, Staging
from generator.engine.version import code_fingerprint
from generator.linkcheck import report
from generator.linkindex import LinkIndex
from generator.linkscan import Scanned
from generator.write import atomic_write

NAME = "linkcheck.pickle"
INDEX = "linkindex.pickle"


class Feed:
    """The link index of one build, fed the pages its workers scanned while rendering.

    ``kept`` is a session's index of its last build; without one, the index
    saved by the last build is loaded once ``HOLD`` pages have arrived, or at
    the check. A build that renders a few pages (an edit) so loads it only
    after assembly, whose memory is gone by then: at 251,287 cables the index
    is some 350 MB, and the build's memory peaks at its end. A build that
    renders nothing may repeat the saved result without loading it at all.
    """

    HOLD = 2048
    """Scanned pages held before the saved index is loaded to take them."""

    def __init__(self, cache_dir: Path, kept: LinkIndex | None = None) -> None:
        self.cache_dir = cache_dir
        self.kept = kept if kept is not None and kept.pages else None
        self.index: LinkIndex | None = self.kept
        self.waiting: list[tuple[str, str, Scanned]] = []

    def __call__(self, path: str, sha: str, page: Scanned) -> None:
        if self.index is None:
            self.waiting.append((path, sha, page))
            if len(self.waiting) >= self.HOLD:
                self.loaded()
            return
        self.index.feed(path, sha, page)

    @property
    def fed(self) -> bool:
        """Whether any page was scanned in this build."""
        return self.index is not None or bool(self.waiting)

    def loaded(self) -> LinkIndex:
        """The index (the saved one if there is none yet), with every held page fed."""
        if self.index is None:
            self.index = load_index(self.cache_dir)
        waiting, self.waiting = self.waiting, []
        for path, sha, page in waiting:
            self.index.feed(path, sha, page)
        return self.index


def check_links(staging: Staging, label: str, cache_dir: Path,
                feed: Feed | None = None) -> tuple[list[Diagnostic], LinkIndex | None]:
    """Broken internal links and anchors of the staged site, as warnings, and the index.

    ``feed`` holds what the workers scanned, and a session's kept index: that
    one is brought up to date and not saved (a session skips the saved result,
    whose key, a digest of the whole manifest, would cost time in proportion
    to the site, not to the change). Otherwise the index is saved for the next
    build. The index returned is None when the saved result was repeated
    without one.
    """
    feed = feed or Feed(cache_dir)
    if feed.kept is not None:  # the index is the last check: update it
        return _updated(feed.kept, staging, label), feed.kept
    manifest = manifest_key(label, staging.new)  # diagnostics name the folder
    if not feed.fed:
        try:
            with (cache_dir / NAME).open("rb") as handle:
                last_key, last = pickle.load(handle)
            if last_key == manifest:
                return list(last), None
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError,
                AttributeError):
            pass
    kept = feed.loaded()
    found = _updated(kept, staging, label)
    save_index(cache_dir, kept)
    cache_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(cache_dir / NAME, pickle.dumps((manifest, found)))
    return found, kept


def manifest_key(label: str, manifest: Manifest, batch: int = 4096) -> str:
    """A digest of ``label`` and the manifest's entries in path order, hashed in batches.

    Made as one ``repr`` of the sorted entries, the text and its encoding took
    some 230 MB at 251,287 cables (815,000 entries), at the end of the build
    where its memory peaks.
    """
    h = hashlib.blake2b(label.encode("utf-8", "surrogatepass"), digest_size=16)
    paths = sorted(manifest)
    for start in range(0, len(paths), batch):
        part = [(p, manifest[p]) for p in paths[start:start + batch]]
        h.update(repr(part).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class _Digests(Mapping[str, str]):
    """A manifest seen as path -> content digest, without copying it."""

    def __init__(self, manifest: Manifest) -> None:
        self._manifest = manifest

    def __getitem__(self, path: str) -> str:
        return entry_sha(self._manifest[path])

    def __contains__(self, path: object) -> bool:
        return path in self._manifest

    def __iter__(self) -> Iterator[str]:
        return iter(self._manifest)

    def __len__(self) -> int:
        return len(self._manifest)


def load_index(cache_dir: Path) -> LinkIndex:
    """The index saved by the last build with this code, or an empty one."""
    try:
        code, index = fastpickle.load(cache_dir / INDEX)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
            ImportError, IndexError, KeyError):
        return LinkIndex()
    if code != code_fingerprint() or not isinstance(index, LinkIndex):
        return LinkIndex()
    return index


def save_index(cache_dir: Path, index: LinkIndex) -> None:
    """Save the index for the next build, streamed (at 251,287 cables it is ~0.5 GB).

    A cache: if it cannot be written, the next build checks every page again.
    """
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{INDEX}.", suffix=".tmp", dir=cache_dir)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle, fastpickle.collector_paused():
            pickle.dump((code_fingerprint(), index), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)
        os.replace(tmp, cache_dir / INDEX)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _updated(index: LinkIndex, staging: Staging, label: str) -> list[Diagnostic]:
    """Bring ``index`` to the staged site; its problems as warnings."""
    index.update(_Digests(staging.new), lambda path: staging.location(path).read_bytes())
    return report(index.problems(), label, locate=staging.location)


def label_of(out: Path, root: Path) -> str:
    """How diagnostics name the output folder: relative to the site when inside it."""
    try:
        return out.relative_to(root).as_posix() + "/"
    except ValueError:
        return f"{out.as_posix()}/"
