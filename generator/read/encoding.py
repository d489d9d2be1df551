"""Decode bytes of unknown encoding without losing a byte.

UTF-8 is the norm. A BOM decides UTF-16/32. Bytes that are not UTF-8 are
decoded as Windows-1252 (a superset of Latin-1 for text), and any byte
Windows-1252 leaves undefined as Latin-1, so every byte becomes a
character and the caller is told where decoding deviated from UTF-8.
Mixed files (UTF-8 with stray Latin-1 bytes) are decoded span by span.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, and how."""

    text: str
    encoding: str
    """``utf-8``, ``utf-8-sig``, ``utf-16-le``..., or ``utf-8+cp1252`` for a mixed file."""
    first_bad_line: int
    """1-based line of the first byte that was not valid in the declared encoding; 0 if none."""
    binary: bool
    """The bytes look like binary data rather than text."""


def _cp1252_byte(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(b)


_FALLBACK = tuple(_cp1252_byte(b) for b in range(256))


def _fallback_handler(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(_FALLBACK[b] for b in bad), exc.end


codecs.register_error("cablegen-cp1252", _fallback_handler)


def looks_binary(data: bytes) -> bool:
    """Whether a sample of bytes is binary: NUL bytes or many control characters."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(sample) > 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 text by its pattern of NUL bytes."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.6 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode(data: bytes) -> Decoded:
    """Decode ``data``; never raises, never drops a byte."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_declared(data, name)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode_declared(data, utf16)
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 0, looks_binary(data))
    except UnicodeDecodeError as exc:
        bad_line = data.count(b"\n", 0, exc.start) + 1
    text = data.decode("utf-8", errors="cablegen-cp1252")
    return Decoded(text, "utf-8+cp1252", bad_line, looks_binary(data))


def _decode_declared(data: bytes, name: str) -> Decoded:
    try:
        text = data.decode(name)
        bad = 0
    except UnicodeDecodeError as exc:
        bad = data.count(b"\n", 0, exc.start) + 1
        text = data.decode(name, errors="backslashreplace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return Decoded(text, name, bad, False)


def decode_line(data: bytes) -> tuple[str, bool]:
    """Decode one line of a stream as UTF-8, falling back per byte; report a fallback."""
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="cablegen-cp1252"), True
