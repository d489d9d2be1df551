"""Stream rows of WikiLeaks' ``cables.csv`` without holding the file in memory.

The format is a MySQL dump: eight double-quoted fields, quotes and
backslashes escaped with a backslash, fields spanning lines. Rows are framed
line by line by tracking whether an unescaped quote leaves a field open, so
that a broken row (a quote never closed) is reported and the next row is
found again instead of swallowing the rest of the file.
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
_ESCAPE = re.compile(r"\\.", re.S)
_ROW_START = re.compile(r'^"\d+","\d{1,2}/\d{1,2}/\d{4}')
_MAX_ROW_LINES = 200_000


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


def iter_rows(stream: BinaryIO, path: str) -> Iterator[CsvRow | Diagnostic]:
    """Yield each row of a cables.csv stream, or a diagnostic for a row that cannot be read."""
    lines: list[str] = []
    raw = hashlib.sha256()
    start = 0
    inside = False
    fallback = 0
    lineno = 0
    for data in stream:
        lineno += 1
        text, bad = decode_line(data)
        if inside and _ROW_START.match(text) and lines:
            yield error(path, start, "row never closes its quoted field; skipped up to "
                        f"line {lineno - 1}", "csv-unclosed")
            lines, raw, inside, fallback = [], hashlib.sha256(), False, 0
        if not lines:
            if not text.strip():
                continue
            start = lineno
        if bad and not fallback:
            fallback = lineno
        lines.append(text)
        raw.update(data)
        if _open_quotes(text) % 2:
            inside = not inside
        if inside and len(lines) < _MAX_ROW_LINES:
            continue
        if inside:
            yield error(path, start, f"row longer than {_MAX_ROW_LINES} lines; skipped",
                        "csv-row-too-long")
        else:
            yield _row(lines, start, raw.hexdigest(), fallback, path)
        lines, raw, inside, fallback = [], hashlib.sha256(), False, 0
    if lines:
        yield error(path, start, "file ends inside a quoted field; row skipped", "csv-unclosed")


def _row(lines: list[str], start: int, digest: str, fallback: int,
         path: str) -> CsvRow | Diagnostic:
    try:
        parsed = list(csv.reader(lines, escapechar="\\", doublequote=False, strict=True))
    except csv.Error as exc:
        return error(path, start, f"malformed row: {exc}", "csv-row")
    if len(parsed) != 1 or len(parsed[0]) != len(COLUMNS):
        count = sum(len(r) for r in parsed)
        return error(path, start, f"row has {count} fields, expected {len(COLUMNS)}; skipped",
                     "csv-fields")
    fields = tuple(parsed[0])
    if fields == COLUMNS:
        return warning(path, start, "header row skipped", "csv-header-row")
    return CsvRow(start, fields, digest, fallback)


csv.field_size_limit(2**31 - 1)
