"""Judging the kept link check: which targets and anchors are broken, and who links there.

``LinkIndex`` (``generator.linkindex``) keeps what each page links to and how
many links lead to each place; after an update it asks, for the places whose
problems may have changed, whether they are broken now and which pages to
name. That judgement, and the listing of problems in the words and order of
``LinkChecker.problems``, are here, apart from the bookkeeping of pages.

Why the order rules below: the one-pass check feeds pages in path order;
a link to a page fed before it is checked at once, a link to a later page
when the last page has been seen. So a broken anchor names first the pages
from its target on, then the pages before it; within a page links come in
the order of their hrefs as written (``linkcheck.scan``).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Mapping

from generator.linkcheck import anchor_message, ids_of, link_message, sourced
from generator.linkcounts import LinkCounts, PageRecord, Record, ids_blob, unpack_links
from generator.linkscan import Local, Out, Place

_SOURCES = 3
"""Pages named for each broken target (as ``LinkChecker``)."""

Sources = tuple[int, list[tuple[str, str]]]
"""How many links lead to a broken place, and the first few (page, href as written)."""


class Judged:
    """The problems of a link index: broken targets and anchors, with the pages to name.

    ``LinkIndex`` keeps the attributes below up to date as pages come and go.
    """

    pages: dict[str, Record]
    local: dict[str, list[Local]]
    """Problems within a page, for the pages that have some."""
    linked: LinkCounts
    broken: dict[str, Sources]
    """Links to pages not in the output, by target."""
    bad: dict[Place, Sources]
    """Links to ids their (HTML) target page lacks, by place."""
    _linking: dict[Place, set[str]]
    """The pages linking to each broken place (of ``broken`` and ``bad``), kept as
    pages are added and dropped."""

    def _judge(self, by_target: Mapping[str, list[str]],
               links: Callable[[str], list[Out]]) -> None:
        """Whether the links to each target and to these fragments of it are broken, and by
        whom (``links`` gives the links of a page named in a problem)."""
        targets: list[str] = []
        """Targets not in the output that something links to."""
        anchors: list[Place] = []
        """Places whose (HTML) target lacks their fragment."""
        for target, fragments in by_target.items():
            page = self.pages.get(target)
            if page is None and self.linked.links_to(target):
                targets.append(target)
            else:
                self.broken.pop(target, None)
            blob = ids_blob(page) if page is not None else None
            ids: frozenset[str] | None = None  # read only if some link there has a fragment
            for fragment in fragments:
                place = (target, fragment)
                count = self.linked.get(place, 0)
                if fragment and count and blob is not None and ids is None:
                    ids = ids_of(blob)
                if not fragment or ids is None or not count or fragment in ids:
                    self.bad.pop(place, None)
                else:
                    anchors.append(place)
        linkers = self._linkers({(t, f) for t in targets for f in self.linked.fragments_of(t)}
                                | set(anchors))
        for target in targets:
            linking = [(target, fragment) for fragment in self.linked.fragments_of(target)]
            first = heapq.nsmallest(_SOURCES, {path for place in linking
                                               for path in linkers[place]})
            named = [(path, href) for path in first for to, _, href in links(path)
                     if to == target]
            self.broken[target] = sum(self.linked[p] for p in linking), named[:_SOURCES]
        for place in anchors:
            target = place[0]
            # as the one-pass check: first the pages from the target on, then those before
            first = heapq.nsmallest(_SOURCES, linkers[place],
                                    key=lambda path: (path < target, path))
            named = [(path, href) for path in first for to, at, href in links(path)
                     if (to, at) == place]
            self.bad[place] = self.linked[place], named[:_SOURCES]

    def _linkers(self, wanted: set[Place]) -> dict[Place, set[str]]:
        """The pages that link to each of ``wanted``, the broken places, kept from now on.

        The places broken already are known; for the others (rare: a problem
        that appeared) it is one pass over every page's places. The places no
        longer broken (or no longer linked) are forgotten; those broken and not
        judged now are kept.
        """
        linking = self._linking
        for place in [p for p in linking if p not in wanted and (
                p not in self.linked or (p not in self.bad and p[0] not in self.broken))]:
            del linking[place]
        new = wanted.difference(linking)
        if new:
            for place in new:
                linking[place] = set()
            numbers = {n for n in map(self.linked.number, new) if n is not None}
            for path, page in self.pages.items():
                if not isinstance(page, PageRecord):
                    continue
                for number, _ in unpack_links(page.links):
                    if number in numbers:
                        linking[self.linked.place(number)].add(path)
        return linking

    def problems(self) -> Iterator[tuple[str, str, str, str]]:
        """(page, href, message, code) of every broken link and anchor, as ``LinkChecker``."""
        for path in sorted(self.local):
            yield from ((path, *problem) for problem in self.local[path])
        for target in sorted(self.broken):
            count, first = self.broken[target]
            yield from sourced(count, first, link_message(target), "broken-link")
        for place in sorted(self.bad):
            count, first = self.bad[place]
            yield from sourced(count, first, anchor_message(*place), "broken-anchor")
