"""Posting lists in memory, for one range of terms, and the chunk files written from them.

An ``Accumulator`` collects the postings of the terms whose first UTF-16
code unit lies in its range (all terms by default). The index builder uses
one for the whole vocabulary when that fits its memory budget, and
otherwise one per range, in as many passes over the documents, so memory
holds one range's postings at a time. Ranges follow JavaScript's string
order, so the chunks of successive passes follow each other.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from generator.search.encode import b64, utf16_key, varint

Put = Callable[[str, object], None]
UNITS = 0x10000
SMALL = 24
"""Impacts of frequencies below this are tabulated once per document."""


def impact(tf: int, norm: float) -> int:
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
        table = [impact(tf, norm) for tf in range(SMALL)]
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
            data.append(table[tf] if tf < SMALL else impact(tf, norm))
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

    def write(self, chunks: Chunker) -> None:
        """Hand this range's lists to ``chunks`` in JavaScript order, emptying the lists."""
        terms = sorted(self.lists, key=utf16_key)
        for term in terms:
            posting = self.lists.pop(term)
            chunks.add(term, posting.df, bytes(posting.data))


@dataclass(frozen=True, slots=True)
class Cuts:
    """Where chunks begin: at terms chosen by their hash, so that an edit that changes some
    lists, or adds a term that opens no chunk, leaves the other chunks as they were
    (``search.patch``).

    One term in ``every`` opens a chunk wherever it stands; past ``limit`` bytes, so
    does one in ``every / 64``: chunk sizes stay near the limit instead of following
    the long tail of the gaps between hashes (at 50,000 cables the largest chunk was
    795 KB without the second rule)."""

    every: int
    limit: int

    def opens(self, term: str, held: int) -> bool:
        """Whether ``term`` opens a chunk after ``held`` bytes of the chunk before it."""
        mark = zlib.crc32(term.encode("utf-8", "surrogatepass"))
        return mark & (self.every - 1) == 0 or (
            held >= self.limit and mark & (max(1, self.every // 64) - 1) == 0)


def entry_bytes(entry: list[object]) -> int:
    """What a chunk entry counts toward the chunk's size (about its bytes of JSON)."""
    data = entry[2]
    return len(str(entry[0])) + (len(data) if isinstance(data, str) else 8) + 12


class Chunker:
    """Writes terms, in JavaScript order, into chunks and big posting files."""

    def __init__(self, put: Put, cuts: Cuts, big_bytes: int) -> None:
        self.put, self.cuts, self.big_bytes = put, cuts, big_bytes
        self.firsts: list[str] = []
        self.chunk: list[list[object]] = []
        self.held = 0
        self.counts: Counter[str] = Counter()

    def add(self, term: str, df: int, data: bytes) -> None:
        """One term with its document frequency and posting list."""
        if self.chunk and self.cuts.opens(term, self.held):
            self.close()
        self.counts["terms"] += 1
        entry: list[object]
        if len(data) > self.big_bytes:
            self.put(f"p/{self.counts['big']}", b64(data))
            entry = [term, df, self.counts["big"]]
            self.counts["big"] += 1
        else:
            entry = [term, df, b64(data)]
        if not self.chunk:
            self.firsts.append(term)
        self.chunk.append(entry)
        self.held += entry_bytes(entry)

    def close(self) -> None:
        """Write the open chunk, if any."""
        if self.chunk:
            self.put(f"t/{self.counts['chunks']}", self.chunk)
            self.counts["chunks"] += 1
            self.chunk, self.held = [], 0


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
