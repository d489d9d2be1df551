"""How the search index is written: postings as bytes, files as classic scripts.

Browsers refuse ``fetch``, workers and modules to pages opened from disk
(``file://``), but run ``<script src>``. So every index file is a script
that hands its data to ``cablegenSearch.load(name, data)``; search.js adds
the script elements and waits for the calls. The same files work on a web
server.

A posting list is a run of ``varint(docid - previous docid)`` followed, for
scored terms, by one impact byte (the term's BM25 weight in that cable,
quantised to 1..255). It travels as base64: ``atob`` decodes it at once.
"""

from __future__ import annotations

import base64
import json
from typing import Any

REGISTER = "cablegenSearch.load"


def varint(value: int, out: bytearray) -> None:
    """Append an unsigned LEB128 integer."""
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def decode(data: bytes, scored: bool) -> list[tuple[int, int]]:
    """(docid, impact) pairs of a posting list (impact 0 for unscored terms): for tests."""
    out: list[tuple[int, int]] = []
    doc = pos = 0
    while pos < len(data):
        delta = shift = 0
        while True:
            byte = data[pos]
            pos += 1
            delta |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        doc += delta
        impact = 0
        if scored:
            impact = data[pos]
            pos += 1
        out.append((doc, impact))
    return out


def b64(data: bytes) -> str:
    """Base64 text of bytes."""
    return base64.b64encode(data).decode("ascii")


def script(name: str, data: Any) -> bytes:
    """A classic script registering ``data`` under ``name``.

    JSON is a subset of JavaScript, except U+2028 and U+2029 in old engines
    and ``</script>`` if inlined: both are escaped, so text from cables is safe.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("</", "<\\/")
    return f"{REGISTER}({json.dumps(name)},{text});\n".encode()


def utf16_key(term: str) -> bytes:
    """Sort key matching JavaScript's string order (UTF-16 code units)."""
    return term.encode("utf-16-be", "surrogatepass")
