"""What the kept link check (``linkindex``) holds of each page and of each place.

``PageRecord``: per HTML page of the output, its digest, ids and the places it
links to; a page that is not HTML (JSON, scripts, feeds: most of the output)
is kept as its digest alone. ``LinkCounts``: per place ``(target, fragment)``
the number of links there from all pages, each place once with a number, and
per target page the fragments linked on it. Neither the linking pages nor the
hrefs are kept (most links are fine, and there can be tens of millions): the
few pages a problem names are found again by ``LinkIndex._linkers``.

Why numbers and bytes: a cable page links to some 60 places. As a tuple of
place tuples and a tuple of counts that was about 600 bytes a page; as the
places' numbers and counts packed in one bytes object (sorted numbers as
varint deltas), about 150. At 251,287 cables the index keeps 290,000 HTML
pages and 510,000 others, and it lives in the main process beside the
manifests while the site is assembled.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.linkscan import Place
from generator.search.encode import varint


@dataclass(frozen=True, slots=True)
class PageRecord:
    """What the index keeps of one HTML page of the output."""

    sha: bytes
    """The content digest the rest was found from (``short_digest``)."""
    ids: bytes
    """Its ids (``linkids.pack_ids``)."""
    links: bytes
    """The places it links to, each once, with how many links (``pack_links``)."""


Record = PageRecord | bytes
"""An HTML page's record, or the digest of a page that is not HTML."""


def sha_of(record: Record) -> bytes:
    """The content digest a record was made from."""
    return record if isinstance(record, bytes) else record.sha


def ids_blob(record: Record) -> bytes | None:
    """The packed ids of a record's page; None for a page that is not HTML."""
    return None if isinstance(record, bytes) else record.ids


def links_blob(record: Record) -> bytes:
    """The packed links of a record's page (empty for a page that is not HTML)."""
    return b"" if isinstance(record, bytes) else record.links


def short_digest(sha: str) -> bytes:
    """16 bytes naming a page's content digest: the index keeps one per page of the
    output, and the hex string took 113 bytes (90 MB at 251,287 cables)."""
    try:
        return bytes.fromhex(sha[:32])
    except ValueError:
        return sha.encode()


def pack_links(pairs: Iterable[tuple[int, int]]) -> bytes:
    """(place number, links there) pairs, distinct numbers, as sorted varint deltas."""
    out = bytearray()
    last = 0
    for number, count in sorted(pairs):
        varint(number - last, out)
        varint(count, out)
        last = number
    return bytes(out)


def unpack_links(data: bytes) -> Iterator[tuple[int, int]]:
    """The pairs that ``pack_links`` packed, by place number."""
    pos = number = 0
    size = len(data)
    while pos < size:
        values = []
        for _ in range(2):
            value = shift = 0
            while True:
                byte = data[pos]
                pos += 1
                value |= (byte & 0x7F) << shift
                if byte < 0x80:
                    break
                shift += 7
            values.append(value)
        number += values[0]
        yield number, values[1]


class LinkCounts:
    """Links per place, each place numbered once, and the fragments of each target."""

    def __init__(self) -> None:
        self._number: dict[Place, int] = {}
        self._places: list[Place | None] = []
        """Each place by its number (None: a free number)."""
        self._counts: list[int] = []
        """Links to each place, by number."""
        self._free: list[int] = []
        self._fragments: dict[str, set[str]] = {}
        """Per target page, the fragments of the places linked on it, "" (the page
        itself) left out: most targets are linked without one, and a set per target
        was a tenth of the index."""

    def add(self, target: str, fragment: str, count: int) -> int:
        """Count ``count`` more links to a place; the place's number."""
        place = (target, fragment)
        number = self._number.get(place)
        if number is not None:
            self._counts[number] += count
            return number
        if self._free:
            number = self._free.pop()
            self._places[number], self._counts[number] = place, count
        else:
            number = len(self._places)
            self._places.append(place)
            self._counts.append(count)
        self._number[place] = number
        if fragment:
            self._fragments.setdefault(target, set()).add(fragment)
        return number

    def remove(self, number: int, count: int) -> None:
        """Count ``count`` fewer links to place ``number``; forget it when none is left."""
        left = self._counts[number] - count
        self._counts[number] = left
        if left:
            return
        place = self._places[number]
        assert place is not None
        del self._number[place]
        self._places[number] = None
        self._free.append(number)
        target, fragment = place
        if fragment:
            fragments = self._fragments[target]
            fragments.discard(fragment)
            if not fragments:
                del self._fragments[target]

    def place(self, number: int) -> Place:
        """The place numbered ``number``."""
        place = self._places[number]
        assert place is not None, "a page links to a place that was forgotten"
        return place

    def number(self, place: Place) -> int | None:
        """The number of a place linked to, or None."""
        return self._number.get(place)

    def get(self, place: Place, default: int = 0) -> int:
        """The number of links to a place."""
        number = self._number.get(place)
        return default if number is None else self._counts[number]

    def __getitem__(self, place: Place) -> int:
        return self._counts[self._number[place]]

    def __contains__(self, place: object) -> bool:
        return place in self._number

    def links_to(self, target: str) -> bool:
        """Whether any link leads to ``target`` (to the page or to a fragment of it)."""
        return target in self._fragments or (target, "") in self._number

    def fragments_of(self, target: str) -> list[str]:
        """The fragments of the places linked on ``target``, "" for links to the page."""
        out = sorted(self._fragments.get(target, ()))
        if (target, "") in self._number:
            out.append("")
        return out
