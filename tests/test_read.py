"""Reading: encodings, CSV framing, cablegate pages, and files that are none of these."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic
from generator.model import Unit
from generator.read.csvstream import CsvRow, iter_rows
from generator.read.discover import discover
from generator.read.encoding import decode
from generator.read.units import read_file

ROW = ('"{n}","3/13/2003 19:26","03OTTAWA{n}","Embassy Ottawa","UNCLASSIFIED","",'
       '"header line\n","UNCLAS OTTAWA 000{n} \n\nTAGS: PREL\nSUBJECT: A \\"QUOTED\\" TEST\n\n'
       '1. Text of the cable.\nCELLUCCI\n"\n')


def test_utf8_and_bom() -> None:
    assert decode("café".encode()).encoding == "utf-8"
    assert decode(b"\xef\xbb\xbfabc").text == "abc"
    utf16 = decode("UNCLAS STATE 1\n".encode("utf-16"))
    assert utf16.text == "UNCLAS STATE 1\n" and utf16.encoding.startswith("utf-16")


def test_latin1_bytes_are_kept_and_located() -> None:
    dec = decode(b"line one\nCAF\xc9 line\n")
    assert dec.text == "line one\nCAFÉ line\n"
    assert dec.encoding == "utf-8+cp1252" and dec.first_bad_line == 2


def test_mixed_encodings_lose_no_byte() -> None:
    data = "naïve ".encode() + b"\xe9t\xe9 \x81"
    text = decode(data).text
    assert text.startswith("naïve été") and len(text) == len("naïve été ") + 1


def test_binary_is_detected() -> None:
    assert decode(bytes(range(256)) * 8).binary


def test_csv_rows_with_escapes_and_line_numbers() -> None:
    data = (ROW.format(n=1) + ROW.format(n=2)).encode()
    rows = list(iter_rows(io.BytesIO(data), "x.csv"))
    assert [type(r) for r in rows] == [CsvRow, CsvRow]
    assert rows[0].line == 1 and rows[1].line == 1 + ROW.count("\n")
    assert 'A "QUOTED" TEST' in rows[0].fields[7]
    assert rows[0].sha256 != rows[1].sha256


def test_broken_csv_row_is_reported_and_the_next_row_found() -> None:
    broken = '"9","3/13/2003 19:26","03OTTAWA9","Embassy Ottawa","UNCLAS","","h","never closed\n'
    data = (ROW.format(n=1) + broken + "more text\n" + ROW.format(n=2)).encode()
    rows = list(iter_rows(io.BytesIO(data), "x.csv"))
    kinds = [type(r).__name__ for r in rows]
    assert kinds == ["CsvRow", "Diagnostic", "CsvRow"]
    bad = rows[1]
    assert isinstance(bad, Diagnostic) and bad.code == "csv-unclosed"
    assert bad.line == 1 + ROW.count("\n")


def test_csv_unit_maps_lines_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_bytes((ROW.format(n=1) + ROW.format(n=2)).encode())
    units = [u for u in read_file(tmp_path, "c.csv", "csv") if isinstance(u, Unit)]
    second = units[1]
    # the header field ends with a newline, so the content starts on text line 2,
    # which is the row's second physical line
    assert second.text.split("\n")[1].startswith("UNCLAS OTTAWA")
    assert second.file_line(2) == second.source.line + 1


def test_empty_binary_and_unknown_files_get_diagnostics(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "empty.txt").write_bytes(b"")
    (content / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (content / "notes.docx").write_bytes(b"PK")
    (content / ".hidden.txt.swp").write_bytes(b"x")
    found = discover(tmp_path)
    assert [d.code for d in found.diagnostics] == ["unknown-file"]
    codes = {}
    for rel, fmt in found.cables:
        for item in read_file(tmp_path, rel, fmt):
            assert isinstance(item, Diagnostic)
            codes[rel] = item.code
    assert codes == {"content/empty.txt": "empty-file", "content/junk.txt": "binary-file"}


def test_html_page_without_cable_table(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text("<html><body><p>hello</p></body></html>")
    items = list(read_file(tmp_path, "p.html", "html"))
    assert len(items) == 1 and isinstance(items[0], Diagnostic)
    assert items[0].code == "not-cablegate"


@pytest.mark.parametrize("value", [
    "12/31/2009 17:05", "1/2/2003 9:5", " 3/4/2005 00:00 ", "13/1/2003 10:10",
    "2/30/2004 10:10", "02/03/2004 24:00", "2/3/04 10:10", "2/3/2004", "", "x",
    "2/3/2004 10:10:11", "002/3/2004 10:10", "2/3/20040 10:10", "2/3/2004  10:10",
    "2/3/2004\t10:10", "\u0663/4/2005 10:10", "2/3/2004\u200310:10", "2/3/200410:10"])
def test_csv_dates_read_as_strptime_reads_them(value: str) -> None:
    """The row date is read without ``strptime`` (slow), with the same result."""
    from datetime import UTC, datetime

    from generator.read.units import _csv_date

    try:
        expected = datetime.strptime(value.strip(), "%m/%d/%Y %H:%M").replace(tzinfo=UTC)
    except ValueError:
        expected = None
    assert _csv_date(value) == expected
