"""Stream rows of WikiLeaks' ``cables.csv`` without holding the file in memory.

The format is a MySQL dump: eight double-quoted fields, quotes and
backslashes escaped with a backslash, fields spanning lines. Rows are framed
by tracking whether an unescaped quote leaves a field open at the end of a
line, so that a broken row (a quote never closed) is reported and the next
row is found again instead of swallowing the rest of the file.

Two framers give the same rows. ``iter_rows_by_line`` (``csvrows``) states
the rules, one line at a time. ``iter_rows`` reads blocks of megabytes and cuts them at the
lines that start a row (``"123","1/2/2003``); a segment that holds exactly one
well-formed row is framed at once (its unescaped quotes are found by one
pattern and a row closes at the first line end outside a field), and any other
segment, around broken rows, goes through the line framer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container, Iterator
from typing import BinaryIO

from generator.diagnostics import Diagnostic
from generator.read.csvrows import (
    MAX_ROW_LINES,
    ROW_START,
    CsvRow,
    KnownRow,
    LineFramer,
    iter_rows_by_line,
    row_of,
    row_of_lines,
)
from generator.read.encoding import decode_line

__all__ = ["CsvRow", "KnownRow", "iter_rows", "iter_rows_by_line"]

_CHUNK = 1 << 22
# A line that may start a row (checked with ROW_START on its decoded text).
_CANDIDATE = re.compile(rb'\n(?="[\d\x80-\xff])')
_UNESCAPE = re.compile(rb"\\(.)", re.S)


def iter_rows(stream: BinaryIO, path: str, chunk: int = _CHUNK,
              known: Container[str] | None = None,
              ) -> Iterator[CsvRow | KnownRow | Diagnostic]:
    """Yield each row of a cables.csv stream, or a diagnostic for a row that cannot be read.

    ``known``: digests of rows read before (the file's last version). A segment
    whose bytes hash to one of them is that very row, and framing depends on
    the row's bytes alone: it comes as a ``KnownRow``, its fields not split
    (one row of 250,000 edited: the others need only their digest and line).
    """
    framer = LineFramer(path)
    buf, pos, line, eof = b"", 0, 1, False
    while True:
        end = _segment_end(buf, pos, eof)
        if end is None:  # the next row start is not in the buffer yet
            data = stream.read(chunk)
            buf, pos, eof = buf[pos:] + data, 0, not data
            continue
        if end > pos and known is not None and not framer.lines:
            digest = hashlib.sha256(buf[pos:end]).hexdigest()
            if digest in known:
                yield KnownRow(line, digest)
                line += buf.count(b"\n", pos, end)
                pos = end
                if eof and pos >= len(buf):
                    break
                continue
        if end > pos:
            row = None if framer.lines else _whole_row(buf, pos, end, line, eof, path)
            if row is not None:
                yield row
            else:
                yield from _by_line(framer, buf, pos, end, line)
            line += buf.count(b"\n", pos, end)
        pos = end
        if eof and pos >= len(buf):
            break
    yield from framer.finish()


def _segment_end(buf: bytes, pos: int, eof: bool) -> int | None:
    """Where the segment starting at ``pos`` ends: at the next line that starts a row."""
    search = pos
    while (m := _CANDIDATE.search(buf, search)) is not None:
        start = m.end()
        stop = buf.find(b"\n", start)
        if stop < 0 and not eof:
            return None
        if ROW_START.match(decode_line(buf[start:stop if stop >= 0 else len(buf)])[0]):
            return start
        search = start
    return len(buf) if eof else None


def _by_line(framer: LineFramer, buf: bytes, pos: int, end: int,
             line: int) -> Iterator[CsvRow | Diagnostic]:
    while pos < end:
        stop = buf.find(b"\n", pos, end)
        stop = end if stop < 0 else stop + 1
        yield from framer.feed(buf[pos:stop], line)
        pos, line = stop, line + 1


def _whole_row(buf: bytes, pos: int, end: int, line: int, eof: bool,
               path: str) -> CsvRow | Diagnostic | None:
    """The row of a segment that holds one well-formed row and blank lines; else None."""
    if buf[pos:pos + 1] != b'"':
        return None
    quotes = _quotes(buf, pos, end)
    if len(quotes) % 2:
        return None
    close = -1
    for i in range(1, len(quotes), 2):  # between fields: a line end there closes the row
        gap_end = quotes[i + 1] if i + 1 < len(quotes) else end
        close = buf.find(b"\n", quotes[i] + 1, gap_end)
        if close >= 0:
            break
    if close < 0:
        if not (eof and end == len(buf)):
            return None
        close = end - 1
    rest = buf[close + 1:end]
    if rest.strip() and decode_line(rest)[0].strip():
        return None
    data = buf[pos:close + 1]
    if data.count(b"\n") >= MAX_ROW_LINES:
        return None
    digest = hashlib.sha256(data).hexdigest()
    fields = _fields(data, [q - pos for q in quotes])
    if fields is not None and fields[1]:
        return row_of(fields[0], line, digest, _fallback(data, line), path)
    if fields is not None:
        return row_of(fields[0], line, digest, 0, path)
    fallback = _fallback(data, line)
    text = data.decode("utf-8", errors="cablegen-cp1252")
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return row_of_lines(lines, line, digest, fallback, path)


def _quotes(buf: bytes, pos: int, end: int) -> list[int]:
    """Positions of the unescaped quotes in ``buf[pos:end]``.

    A quote is escaped when an odd number of backslashes precede it (escapes pair
    left to right, so a run of backslashes is read two by two).
    """
    out = []
    at = buf.find(b'"', pos, end)
    while at >= 0:
        if buf[at - 1] != 0x5C:  # no backslash before it: the common case
            out.append(at)
        else:
            run = at - 1
            while run > pos and buf[run - 1] == 0x5C:
                run -= 1
            if (at - run) % 2 == 0:
                out.append(at)
        at = buf.find(b'"', at + 1, end)
    return out


def _fallback(data: bytes, line: int) -> int:
    """The line of the first byte of ``data`` that is not UTF-8 (0 if none)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return line + data.count(b"\n", 0, exc.start)
    return 0


def _fields(data: bytes, quotes: list[int]) -> tuple[tuple[str, ...], bool] | None:
    """The eight fields of a plain row (quoted fields, commas, a final newline) and whether
    a byte was not UTF-8; else None.

    ``csv.reader`` gives the same fields; this is only a shortcut for the common shape,
    and anything else (NUL bytes, stray characters, another field count) goes to it.
    """
    if len(quotes) != 16 or b"\0" in data or data[quotes[-1] + 1:] not in (b"\n", b""):
        return None
    for i in range(1, 15, 2):
        if quotes[i + 1] != quotes[i] + 2 or data[quotes[i] + 1] != 0x2C:
            return None
    out, bad = [], False
    for i in range(0, 16, 2):
        raw = data[quotes[i] + 1:quotes[i + 1]]
        if 0x5C in raw:
            raw = _UNESCAPE.sub(rb"\1", raw)
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(raw.decode("utf-8", errors="cablegen-cp1252"))
            bad = True
    return tuple(out), bad
