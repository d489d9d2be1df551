"""The block framer of cables.csv gives exactly the rows of the line framer, broken input too."""

from __future__ import annotations

import io
import random

import pytest

from bench.synth import csv_row
from bench.synthtext import make
from generator.diagnostics import Diagnostic
from generator.read.csvstream import CsvRow, KnownRow, iter_rows, iter_rows_by_line

HEADER = b'"id","date","refid","origin","classification","references","header","content"\n'
EDGES = [
    # an escaped quote, an escaped backslash at a line end, a CRLF line, a NUL byte
    b'"901","1/2/2003 10:00","03ROME1","Embassy Rome","SECRET","","","A \\"quoted\\" word\\\\\n'
    b'next line\r\nend"\n',
    b'"902","1/2/2003 10:00","03ROME2","Embassy Rome","SECRET","","","nul \x00 here"\n',
    # not UTF-8, then a blank line of spaces and a no-break space
    b'"903","1/2/2003 10:00","03ROME3","Embassy Rome","SECRET","","","caf\xe9 \xff"\n'
    b'   \n\xc2\xa0\n',
    # seven fields, then text after a closing quote
    b'"904","1/2/2003 10:00","03ROME4","Embassy Rome","SECRET","",""\n',
    b'"905","1/2/2003 10:00","03ROME5","Embassy Rome","SECRET","","x"y,"z"\n',
]


def _corpus() -> bytes:
    rows = [csv_row(make(7, 12, j)).encode() for j in range(12)]
    return HEADER + b"".join(rows[:6]) + b"".join(EDGES) + b"".join(rows[6:])


def _mutate(data: bytes, r: random.Random) -> bytes:
    at = r.randrange(len(data) + 1)
    kind = r.randrange(8)
    if kind == 0:  # drop an unescaped-looking quote
        q = data.find(b'"', at)
        return data if q < 0 else data[:q] + data[q + 1:]
    if kind == 1:
        return data[:at] + b'"' + data[at:]
    if kind == 2:
        return data[:at] + b"\n\n" + data[at:]
    if kind == 3:
        return data[:at] + b"\ngarbage, not a row\n" + data[at:]
    if kind == 4:
        return data[:at]
    if kind == 5:
        return data[:at] + b"\xe9\x80" + data[at:]
    if kind == 6:
        return data[:at] + b"\\\n" + data[at:]
    return data[:at] + b'\n"77","3/4/2005 01:02",' + data[at:]


Rows = list[CsvRow | Diagnostic]


def _both(data: bytes, chunk: int) -> tuple[Rows, Rows]:
    fast = list(iter_rows(io.BytesIO(data), "c.csv", chunk=chunk))
    slow = list(iter_rows_by_line(io.BytesIO(data), "c.csv"))
    return fast, slow


@pytest.mark.parametrize("chunk", [7, 64, 4096, 1 << 22])
def test_block_framer_equals_line_framer_on_the_corpus(chunk: int) -> None:
    fast, slow = _both(_corpus(), chunk)
    assert fast == slow
    assert sum(isinstance(r, CsvRow) for r in fast) >= 13


def test_block_framer_equals_line_framer_on_broken_input() -> None:
    r = random.Random(8)
    base = _corpus()
    for _ in range(300):
        data = base
        for _ in range(r.randint(1, 4)):
            data = _mutate(data, r)
        fast, slow = _both(data, r.choice((5, 100, 3000, 1 << 20)))
        assert fast == slow, data


def test_an_unclosed_row_is_reported_and_the_next_rows_are_read() -> None:
    rows = [csv_row(make(7, 3, j)).encode() for j in range(3)]
    broken = rows[0][:-2] + b"\n"  # the closing quote of its text is lost
    data = broken + rows[1] + rows[2]
    got = list(iter_rows(io.BytesIO(data), "c.csv", chunk=64))
    assert isinstance(got[0], Diagnostic) and got[0].code == "csv-unclosed"
    assert got[0].line == 1
    assert [g.fields[2] for g in got[1:] if isinstance(g, CsvRow)] == [
        make(7, 3, 1).id, make(7, 3, 2).id]
    second = got[1]
    assert isinstance(second, CsvRow) and second.line == rows[0].count(b"\n") + 1


def test_rows_match_the_csv_module_fields_and_digests() -> None:
    c = make(7, 5, 2)
    (row,) = list(iter_rows(io.BytesIO(csv_row(c).encode()), "c.csv"))
    assert isinstance(row, CsvRow)
    assert row.fields[2] == c.id and row.fields[7] == c.content and row.fields[6] == c.header


def test_rows_read_before_come_as_known_rows_and_the_rest_as_without_them() -> None:
    """``known``: a row whose bytes were a row of the last version comes as a ``KnownRow``
    (its line and digest, fields not split); every other row, and every diagnostic, is
    what a read without ``known`` gives."""
    r = random.Random(9)
    base = _corpus()
    before = {row.sha256 for row in iter_rows(io.BytesIO(base), "c.csv")
              if isinstance(row, CsvRow)}
    skipped = 0
    for _ in range(200):
        data = base
        for _ in range(r.randint(1, 3)):
            data = _mutate(data, r)
        chunk = r.choice((5, 100, 3000, 1 << 20))
        plain = list(iter_rows(io.BytesIO(data), "c.csv", chunk=chunk))
        known = list(iter_rows(io.BytesIO(data), "c.csv", chunk=chunk, known=before))
        assert len(known) == len(plain), data
        for got, row in zip(known, plain, strict=True):
            if isinstance(got, KnownRow):  # (a row followed by blank lines is read whole)
                assert isinstance(row, CsvRow) and row.sha256 in before
                assert (got.line, got.sha256) == (row.line, row.sha256)
                skipped += 1
            else:
                assert got == row, data
    assert skipped > 1000
