"""What the kept link check (``linkindex``) holds of each page and of each place.

``PageRecord``: per page of the output, its digest, ids and the places it
links to. ``LinkCounts``: per place ``(target, fragment)`` the number of links there from all
pages, each place once (shared by the pages that link there), and per target
page the fragments linked on it. Neither the linking pages nor the hrefs are
kept (most links are fine, and there can be tens of millions): the few pages
a problem names are found again by ``LinkIndex._linkers``.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.linkscan import Place


@dataclass(frozen=True, slots=True)
class PageRecord:
    """What the index keeps of one page of the output."""

    sha: bytes
    """The content digest the rest was found from (``short_digest``)."""
    ids: bytes | None
    """Its ids, sorted, NUL-separated and compressed; None for a file that is not HTML."""
    places: tuple[Place, ...]
    """The places it links to, each once."""
    counts: bytes | tuple[int, ...]
    """How many links it has to each of ``places`` (bytes while all are below 256)."""


def short_digest(sha: str) -> bytes:
    """16 bytes naming a page's content digest: the index keeps one per page of the
    output, and the hex string took 113 bytes (90 MB at 251,287 cables)."""
    try:
        return bytes.fromhex(sha[:32])
    except ValueError:
        return sha.encode()


class LinkCounts:
    """Links per place, with the places shared and the fragments of each target."""

    def __init__(self) -> None:
        self._counts: dict[Place, int] = {}
        self._canon: dict[Place, Place] = {}
        """Each place once, shared by the pages that link there."""
        self._fragments: dict[str, set[str]] = {}
        """Per target page, the fragments of the places linked on it, "" (the page
        itself) left out: most targets are linked without one, and a set per target
        was a tenth of the index."""

    def add(self, target: str, fragment: str, number: int) -> Place:
        """Count ``number`` more links to a place; the place, as shared."""
        place = self._canon.setdefault((target, fragment), (target, fragment))
        self._counts[place] = self._counts.get(place, 0) + number
        if fragment:
            self._fragments.setdefault(target, set()).add(fragment)
        return place

    def remove(self, place: Place, number: int) -> None:
        """Count ``number`` fewer links to a place; forget it when none is left."""
        left = self._counts[place] - number
        if left:
            self._counts[place] = left
            return
        del self._counts[place]
        del self._canon[place]
        target, fragment = place
        if fragment:
            fragments = self._fragments[target]
            fragments.discard(fragment)
            if not fragments:
                del self._fragments[target]

    def get(self, place: Place, default: int = 0) -> int:
        """The number of links to a place."""
        return self._counts.get(place, default)

    def __getitem__(self, place: Place) -> int:
        return self._counts[place]

    def __contains__(self, place: object) -> bool:
        return place in self._counts

    def links_to(self, target: str) -> bool:
        """Whether any link leads to ``target`` (to the page or to a fragment of it)."""
        return target in self._fragments or (target, "") in self._counts

    def fragments_of(self, target: str) -> list[str]:
        """The fragments of the places linked on ``target``, "" for links to the page."""
        out = sorted(self._fragments.get(target, ()))
        if (target, "") in self._counts:
            out.append("")
        return out
