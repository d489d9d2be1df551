"""The rows of ``cables.csv``, and the framing rules stated one line at a time.

``iter_rows_by_line`` is the reference framer: a row starts at a line like
``"123","1/2/2003``, gathers lines while an unescaped quote leaves a field
open, and is read by ``csv.reader``; a row that never closes its field is
reported and skipped. ``csvstream.iter_rows`` frames the same rows block by
block, and hands this module's ``LineFramer`` the segments it cannot cut at once.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from generator.diagnostics import Diagnostic, error, warning
from generator.read.encoding import decode_line

COLUMNS = ("id", "date", "refid", "origin", "classification", "references", "header", "content")
ROW_START = re.compile(r'^"\d+","\d{1,2}/\d{1,2}/\d{4}')
"""The decoded text of a line that starts a row."""
MAX_ROW_LINES = 200_000
_ESCAPE = re.compile(r"\\.", re.S)


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One framed row: its fields, first line and the digest of its bytes."""

    line: int
    fields: tuple[str, ...]
    sha256: str
    fallback_line: int
    """First line of the row that was not valid UTF-8 (0 if none)."""


def _open_quotes(line: str) -> int:
    if "\\" in line:
        line = _ESCAPE.sub("", line)
    return line.count('"')


class LineFramer:
    """The framing rules, one line at a time (state: the row being gathered)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines: list[str] = []
        self.raw = hashlib.sha256()
        self.start = 0
        self.inside = False
        self.fallback = 0

    def _reset(self) -> None:
        self.lines, self.raw, self.inside, self.fallback = [], hashlib.sha256(), False, 0

    def feed(self, data: bytes, lineno: int) -> Iterator[CsvRow | Diagnostic]:
        """Take one line (with its newline); yield a row or a diagnostic when one ends."""
        text, bad = decode_line(data)
        if self.inside and self.lines and ROW_START.match(text):
            yield error(self.path, self.start, "row never closes its quoted field; skipped up "
                        f"to line {lineno - 1}", "csv-unclosed")
            self._reset()
        if not self.lines:
            if not text.strip():
                return
            self.start = lineno
        if bad and not self.fallback:
            self.fallback = lineno
        self.lines.append(text)
        self.raw.update(data)
        if _open_quotes(text) % 2:
            self.inside = not self.inside
        if self.inside and len(self.lines) < MAX_ROW_LINES:
            return
        if self.inside:
            yield error(self.path, self.start, f"row longer than {MAX_ROW_LINES} lines; skipped",
                        "csv-row-too-long")
        else:
            yield row_of_lines(self.lines, self.start, self.raw.hexdigest(), self.fallback,
                               self.path)
        self._reset()

    def finish(self) -> Iterator[Diagnostic]:
        """End of the file: a row still open is reported."""
        if self.lines:
            yield error(self.path, self.start, "file ends inside a quoted field; row skipped",
                        "csv-unclosed")


def iter_rows_by_line(stream: BinaryIO, path: str) -> Iterator[CsvRow | Diagnostic]:
    """Yield each row of a cables.csv stream, framing it line by line (the reference)."""
    framer = LineFramer(path)
    for lineno, data in enumerate(stream, start=1):
        yield from framer.feed(data, lineno)
    yield from framer.finish()


@dataclass(frozen=True, slots=True)
class KnownRow:
    """A row whose bytes are those of a row read before (``iter_rows``' ``known``)."""

    line: int
    sha256: str


def row_of_lines(lines: list[str], start: int, digest: str, fallback: int,
                 path: str) -> CsvRow | Diagnostic:
    """The row of a row's decoded lines, read by ``csv.reader``, or why it cannot be."""
    try:
        parsed = list(csv.reader(lines, escapechar="\\", doublequote=False, strict=True))
    except csv.Error as exc:
        return error(path, start, f"malformed row: {exc}", "csv-row")
    if len(parsed) != 1 or len(parsed[0]) != len(COLUMNS):
        count = sum(len(r) for r in parsed)
        return error(path, start, f"row has {count} fields, expected {len(COLUMNS)}; skipped",
                     "csv-fields")
    return row_of(tuple(parsed[0]), start, digest, fallback, path)


def row_of(fields: tuple[str, ...], start: int, digest: str, fallback: int,
           path: str) -> CsvRow | Diagnostic:
    """The row of eight fields (the dump's own header row is skipped, with a warning)."""
    if fields == COLUMNS:
        return warning(path, start, "header row skipped", "csv-header-row")
    return CsvRow(start, fields, digest, fallback)


csv.field_size_limit(2**31 - 1)
