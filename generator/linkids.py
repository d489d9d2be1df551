"""A page's ids, packed small for the link check: numbered runs as ranges, then zlib.

The link check keeps the ids of every HTML page so that a link to ``#p3`` or
``#L120`` can be judged without reading the page again. A cable page's ids
are mostly numbered runs (``L1`` ... ``L150`` for the lines of the original
text, ``p1`` ... ``p12`` for paragraphs), and the index keeps one such set per
page (about 290,000 at 251,287 cables). Compressed as a sorted list, the ids of
a synthetic cable page took 519 bytes on average; with runs written as ranges
(``L`` 1-150), 135 (the example cable: 343 and 176).

The packing is exact: ``unpack_ids(pack_ids(b))`` gives back every id of ``b``,
and equal sets pack to equal bytes, so packed ids can be compared to learn
whether a page's ids changed.
"""

from __future__ import annotations

import re
import zlib

_NUMBERED = re.compile(r"(.*?)([1-9][0-9]{0,17}|0)", re.DOTALL)
"""An id ending in a number written without leading zeros (``L120``, ``p3``, ``7``):
only those round-trip through an integer."""
_RANGES = "\x01"
"""Separates a prefix from its numbers; an id holding it disables the packing."""
_PACKED, _PLAIN = b"R", b"P"


def pack_ids(blob: bytes) -> bytes:
    """Pack the ids of a page given as ``linkscan.extract`` lists them (NUL-separated)."""
    text = blob.decode("utf-8", "surrogateescape")
    if not text or _RANGES in text:
        return _PLAIN + zlib.compress(blob, 1)
    plain: list[str] = []
    numbered: dict[str, list[int]] = {}
    for ident in text.split("\0"):
        match = _NUMBERED.fullmatch(ident)
        if match is None:
            plain.append(ident)
        else:
            numbered.setdefault(match[1], []).append(int(match[2]))
    lines = sorted(plain)
    for prefix in sorted(numbered):
        lines.append(prefix + _RANGES + _ranges(sorted(set(numbered[prefix]))))
    packed = "\0".join(lines).encode("utf-8", "surrogateescape")
    return _PACKED + zlib.compress(packed, 6)


def _ranges(numbers: list[int]) -> str:
    """``1-3,5,7-9`` for [1, 2, 3, 5, 7, 8, 9] (sorted, distinct)."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in numbers[1:]:
        if n != prev + 1:
            out.append(f"{start}-{prev}" if prev != start else str(start))
            start = n
        prev = n
    out.append(f"{start}-{prev}" if prev != start else str(start))
    return ",".join(out)


def unpack_ids(packed: bytes) -> frozenset[str]:
    """The ids that ``pack_ids`` packed."""
    text = zlib.decompress(packed[1:]).decode("utf-8", "surrogateescape")
    if not text:
        return frozenset()
    if packed[:1] != _PACKED:
        return frozenset(text.split("\0"))
    out: set[str] = set()
    for line in text.split("\0"):
        prefix, sep, ranges = line.partition(_RANGES)
        if not sep:
            out.add(line)
            continue
        for part in ranges.split(","):
            first, _, last = part.partition("-")
            out.update(f"{prefix}{n}" for n in range(int(first), int(last or first) + 1))
    return frozenset(out)
