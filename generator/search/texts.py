"""The texts that search results quote, grouped a few cables to a file.

A result shows the paragraph that matched, so the search page needs each
shown cable's paragraphs. One file per cable was the simple layout, but a
file costs more to create than to fill (about a millisecond each on the
ext4 of our benchmark machine, whatever its size), and a third of a site's
files were these. Cables are grouped instead into ``2**bits`` buckets by a
hash of their id, ``bits`` chosen from the site's size so that a bucket holds
at most ``PER_BUCKET`` cables on average (about 50 KB): a page of results
loads a few more bytes, a build creates an eighth of the files, and an
edited cable rewrites its bucket only.

``search.js`` finds a cable's bucket with the same hash (32-bit FNV-1a over
the id's UTF-8 bytes) and the ``bits`` that ``search.html`` carries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

PER_BUCKET = 8
"""Cables per bucket, on average at most (and more than half of it, above 8 cables)."""
FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes of ``text`` (search.js computes the same)."""
    value = FNV_OFFSET
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * FNV_PRIME) & 0xFFFFFFFF
    return value


def bucket_bits(count: int) -> int:
    """The number of hash bits that name buckets for a site of ``count`` cables."""
    bits = 0
    while count > PER_BUCKET << bits:
        bits += 1
    return bits


def bucket_name(cable_id: str, bits: int) -> str:
    """The bucket of a cable: ``bits`` low bits of its hash, in hexadecimal."""
    width = max(1, -(-bits // 4))
    return format(fnv1a(cable_id) & ((1 << bits) - 1), f"0{width}x")


def text_path(bucket: str) -> str:
    """Output path of a bucket's texts."""
    return f"search/text/{bucket}.js"


def buckets(ids: Iterable[str], bits: int) -> dict[str, list[str]]:
    """Bucket name -> the ids it holds, in the order given; buckets in name order."""
    out: dict[str, list[str]] = {}
    for cable_id in ids:
        out.setdefault(bucket_name(cable_id, bits), []).append(cable_id)
    return dict(sorted(out.items()))


def anchor(index: int, paragraph: Mapping[str, Any]) -> tuple[str, str]:
    """A paragraph's anchor on the edition page (as cable.html writes it) and label."""
    if paragraph.get("kind") == "heading":
        return f"h{index}", ""
    number = paragraph.get("number")
    if number is not None:
        return f"p{number}", str(number)
    return f"u{index}", ""


def entry(cable: Mapping[str, Any], notes: str) -> dict[str, Any]:
    """What a result needs of a cable, from its JSON (``cables/<ID>.json``) and notes."""
    paragraphs: Sequence[Mapping[str, Any]] = cable.get("paragraphs") or []
    paras = [[*anchor(i, p), p.get("text", "")] for i, p in enumerate(paragraphs, start=1)]
    if notes:
        paras.append(["notes", "notes", notes])
    return {"id": cable.get("id", ""), "s": cable.get("subject", ""), "p": paras}
