"""Posting lists in memory, for one range of terms, and the chunk files written from them.

An ``Accumulator`` collects the postings of the terms whose first UTF-16
code unit lies in its range (all terms by default). The index builder uses
one for the whole vocabulary when that fits its memory budget, and
otherwise one per range, in as many passes over the documents, so memory
holds one range's postings at a time. Ranges follow JavaScript's string
order, so the chunks of successive passes follow each other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from generator.search.encode import b64, utf16_key, varint

Put = Callable[[str, object], None]
UNITS = 0x10000
SMALL = 24
"""Impacts of frequencies below this are tabulated once per document."""


def _impact(tf: int, norm: float) -> int:
    """BM25's saturation of a frequency, quantised to 1..255."""
    return max(1, min(255, int(255 * tf / (tf + norm) + 0.5)))


def unit(term: str) -> int:
    """The first UTF-16 code unit of a term (a lead surrogate for astral characters)."""
    code = ord(term[0])
    return code if code < UNITS else 0xD800 + ((code - UNITS) >> 10)


class _List:
    """One growing posting list."""

    __slots__ = ("data", "df", "last")

    def __init__(self) -> None:
        self.data = bytearray()
        self.last = 0
        self.df = 0


class Accumulator:
    """Posting lists of the terms in ``[lo, hi)`` (first code unit)."""

    def __init__(self, lo: int = 0, hi: int = UNITS) -> None:
        self.lo, self.hi = lo, hi
        self.everything = lo == 0 and hi == UNITS
        self.lists: dict[str, _List] = {}
        self.postings = 0

    def add(self, number: int, terms: Mapping[str, int], norm: float,
            plain: Iterable[str] = ()) -> None:
        """Add document ``number`` (numbers only grow): its terms with their frequencies,
        scored by BM25 with the document's length ``norm``, and ``plain`` terms unscored."""
        table = [_impact(tf, norm) for tf in range(SMALL)]
        lists = self.lists
        everything, lo, hi = self.everything, self.lo, self.hi
        for term, tf in terms.items():
            if not everything and not lo <= unit(term) < hi:
                continue
            entry = lists.get(term)
            if entry is None:
                entry = lists[term] = _List()
            data = entry.data
            delta = number - entry.last
            if delta < 0x80:
                data.append(delta)
            else:
                varint(delta, data)
            data.append(table[tf] if tf < SMALL else _impact(tf, norm))
            entry.last = number
            entry.df += 1
        for term in plain:
            if not everything and not lo <= unit(term) < hi:
                continue
            entry = lists.get(term)
            if entry is None:
                entry = lists[term] = _List()
            varint(number - entry.last, entry.data)
            entry.last = number
            entry.df += 1
        self.postings += len(terms)

    def write(self, put: Put, firsts: list[str], counts: Counter[str], chunk_bytes: int,
              big_bytes: int) -> None:
        """Write this range's chunks (numbered on from ``counts``), emptying the lists."""
        chunk: list[list[object]] = []
        size = 0
        terms = sorted(self.lists, key=utf16_key)
        counts["terms"] += len(terms)
        for term in terms:
            posting = self.lists.pop(term)
            data = bytes(posting.data)
            entry: list[object]
            if len(data) > big_bytes:
                put(f"p/{counts['big']}", b64(data))
                entry = [term, posting.df, counts["big"]]
                counts["big"] += 1
                size += len(term) + 16
            else:
                encoded = b64(data)
                entry = [term, posting.df, encoded]
                size += len(term) + len(encoded) + 12
            if not chunk:
                firsts.append(term)
            chunk.append(entry)
            if size >= chunk_bytes:
                put(f"t/{counts['chunks']}", chunk)
                counts["chunks"] += 1
                chunk, size = [], 0
        if chunk:
            put(f"t/{counts['chunks']}", chunk)
            counts["chunks"] += 1


def ranges(histogram: Counter[int], budget: int) -> list[tuple[int, int]]:
    """Contiguous ranges of first code units holding at most ``budget`` postings each
    (a single unit over the budget gets a range of its own)."""
    out: list[tuple[int, int]] = []
    start, held = 0, 0
    for code in sorted(histogram):
        if held and held + histogram[code] > budget:
            out.append((start, code))
            start, held = code, 0
        held += histogram[code]
    out.append((start, UNITS))
    return out
