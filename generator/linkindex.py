"""The link check kept between builds: a rebuild checks what changed, not the whole site.

``LinkChecker`` reads every page of the output once per build. A session
(``cablegen serve``) rebuilds after each edit, and most pages are as they
were, so this index keeps, per page, its digest, its ids (compressed), its
own problems and the places ``(target, fragment)`` it links to with how
many links, and, per place, the number of links there. ``update`` takes the
new output's digests: it scans the pages whose digest changed, and looks
again only at the places those pages link to or linked to, and at the places
on pages that appeared, vanished or changed their ids. The problems it keeps
are then listed in the order and words of ``LinkChecker.problems``, so that
both report exactly the same.

Which pages link to a place is kept only for the broken places (a site of
250,000 cables has tens of millions of links, and keeping them all was half
of the index's memory): a place found broken is rare, its linking pages are
found by one pass over the pages' places when it first breaks, and then
kept up to date as pages come and go, so that a template's broken link on
every page does not cost that pass on every rebuild. Judging which places are
broken, and listing the problems, is ``generator.linkjudge``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from generator.linkcounts import (
    LinkCounts,
    PageRecord,
    Record,
    ids_blob,
    links_blob,
    pack_links,
    sha_of,
    short_digest,
    unpack_links,
)
from generator.linkjudge import Judged
from generator.linkscan import Out, Place, Resolver, Scanned, extract, scan, summarise


class LinkIndex(Judged):
    """The link check of the last build, updated by the digests of the next one."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget everything: the next update checks every page."""
        self.pages = {}
        self.local = {}
        self.linked = LinkCounts()
        """Per place, the number of links there from all pages (the pages a problem
        names are found by ``_linkers`` and read again for their hrefs, ``_scan``)."""
        self.broken = {}
        self.bad = {}
        self._linking = {}
        self._resolve = Resolver()
        """Links resolved during an update (a new memo each time: it can hold 100,000)."""
        self._touched: set[Place] = set()
        """Places whose problems may have changed since the last update (``feed``)."""
        self._moved: set[str] = set()
        """Pages fed since the last update that appeared or changed their ids."""

    def __getstate__(self) -> dict[str, object]:
        """What is saved between processes: everything but the resolver's memo."""
        state = dict(self.__dict__)
        del state["_resolve"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._resolve = Resolver()
        self.__dict__.setdefault("_touched", set())
        self.__dict__.setdefault("_moved", set())
        self.__dict__.setdefault("_linking", {})

    def feed(self, path: str, sha: str, page: Scanned) -> None:
        """Take in a page of the coming output, scanned elsewhere; the next ``update``
        judges the places it touched. A page whose digest is known is skipped."""
        old = self.pages.get(path)
        short = short_digest(sha)
        if old is not None and sha_of(old) == short:
            return
        try:
            if old is not None:
                self._drop(path, self._touched)
            new = self._add(path, short, page, self._touched)
        except BaseException:
            self.reset()
            raise
        if old is None or ids_blob(old) != ids_blob(new):
            self._moved.add(path)

    def update(self, digests: Mapping[str, str], read: Callable[[str], bytes]) -> int:
        """Make the index that of an output with ``digests`` (path -> content digest).

        ``read`` gives the bytes of a page whose digest is new. Returns how many
        pages were scanned. If it fails (a page cannot be read), the index is
        emptied, so that the next update starts afresh rather than from half.
        """
        try:
            return self._update(digests, read)
        except BaseException:
            self.reset()
            raise

    def _update(self, digests: Mapping[str, str], read: Callable[[str], bytes]) -> int:
        self._resolve = Resolver()
        places: set[Place] = self._touched
        """Places whose problems may have changed."""
        targets: set[str] = self._moved
        """Pages that appeared, vanished or changed their ids: all their places."""
        self._touched, self._moved = set(), set()
        for path in [p for p in self.pages if p not in digests]:
            self._drop(path, places)
            targets.add(path)
        scanned = 0
        for path, sha in digests.items():
            old = self.pages.get(path)
            short = short_digest(sha)
            if old is not None and sha_of(old) == short:
                continue
            scanned += 1
            parts = extract(path, read(path) if path.endswith((".html", ".htm")) else b"")
            if old is not None:
                self._drop(path, places)
            new = self._add(path, short, summarise(path, parts, self._resolve), places)
            if old is None or ids_blob(old) != ids_blob(new):
                targets.add(path)
        for target in targets:
            places.update((target, fragment) for fragment in self.linked.fragments_of(target))
        by_target: dict[str, list[str]] = {}
        for target, fragment in places:
            by_target.setdefault(target, []).append(fragment)
        scans: dict[str, list[Out]] = {}
        self._judge(by_target, lambda path: self._scan(path, read, scans))
        self._resolve = Resolver()
        return scanned

    def _scan(self, path: str, read: Callable[[str], bytes],
              scans: dict[str, list[Out]]) -> list[Out]:
        """The links of a page to other pages, read again to name it in a problem."""
        if path not in scans:
            parts = extract(path, read(path))
            scans[path] = scan(path, parts, self._resolve)[1] if parts is not None else []
        return scans[path]

    def _add(self, path: str, sha: bytes, page: Scanned, places: set[Place]) -> Record:
        """Take in a page as ``scanned`` found it; note the places it links to."""
        if page.local:
            self.local[path] = list(page.local)
        if page.ids is None:  # not HTML: links nowhere, has no ids
            self.pages[path] = sha
            return sha
        pairs = []
        linked, linking = self.linked, self._linking
        for target, fragment, count in page.places:
            number = linked.add(target, fragment, count)
            pairs.append((number, count))
            place = linked.place(number)
            places.add(place)
            if place in linking:
                linking[place].add(path)
        new = self.pages[path] = PageRecord(sha, page.ids, pack_links(pairs))
        return new

    def _drop(self, path: str, places: set[Place]) -> None:
        """Forget a page; note the places it linked to."""
        page = self.pages.pop(path)
        self.local.pop(path, None)
        linking, linked = self._linking, self.linked
        for number, count in unpack_links(links_blob(page)):
            place = linked.place(number)
            if place in linking:
                linking[place].discard(path)
            places.add(place)
            linked.remove(number, count)
