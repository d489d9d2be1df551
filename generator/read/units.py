"""Turn one input file into ``Unit``s: decoded text, source, metadata, diagnostics."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container, Iterator
from datetime import UTC, datetime
from pathlib import Path

from generator.diagnostics import Diagnostic, error, warning
from generator.model import Correction, Source, SourceMeta, Unit
from generator.read.csvstream import CsvRow, KnownRow, iter_rows
from generator.read.encoding import decode
from generator.read.htmlpage import parse_page

MAX_CABLE_BYTES = 64 * 1024 * 1024


def read_file(site: Path, rel: str, fmt: str, known: Container[str] | None = None,
              ) -> Iterator[Unit | KnownRow | Diagnostic]:
    """Yield the units of one cable file (many for a CSV), or diagnostics; never raise.

    ``known``: digests of a CSV's rows read before, which come as ``KnownRow``."""
    path = site / rel
    try:
        if fmt == "csv":
            with path.open("rb") as stream:
                yield from _csv_units(stream, rel, known)
            return
        size = path.stat().st_size
        if size > MAX_CABLE_BYTES:
            yield error(rel, 0, f"file of {size} bytes exceeds the {MAX_CABLE_BYTES} byte limit "
                        "for one cable", "too-large")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield error(rel, 0, f"cannot read file: {exc.strerror or exc}", "unreadable")
        return
    yield from (_html_units if fmt == "html" else _txt_units)(data, rel)


def _decoded(data: bytes, rel: str) -> tuple[str, str, list[Diagnostic]] | Diagnostic:
    if not data.strip():
        return warning(rel, 0, "empty file", "empty-file")
    dec = decode(data)
    if dec.binary:
        return error(rel, 0, "binary data, not a cable text", "binary-file")
    diags = []
    if dec.encoding not in ("utf-8", "utf-8-sig"):
        where = (f" (first non-UTF-8 byte on line {dec.first_bad_line})"
                 if dec.first_bad_line else "")
        diags.append(warning(rel, dec.first_bad_line, f"not UTF-8; decoded as {dec.encoding}"
                             f"{where}", "encoding"))
    return dec.text, dec.encoding, diags


def _txt_units(data: bytes, rel: str) -> Iterator[Unit | Diagnostic]:
    got = _decoded(data, rel)
    if isinstance(got, Diagnostic):
        yield got
        return
    text, encoding, diags = got
    source = Source(rel, 1, "txt", hashlib.sha256(data).hexdigest(), encoding)
    yield Unit(source, text, (), None, (), tuple(diags))


def _csv_units(stream: object, rel: str, known: Container[str] | None = None,
               ) -> Iterator[Unit | KnownRow | Diagnostic]:
    for row in iter_rows(stream, rel, known=known):  # type: ignore[arg-type]
        if isinstance(row, CsvRow):
            yield _csv_unit(row, rel)
        else:
            yield row


def _csv_unit(row: CsvRow, rel: str) -> Unit:
    numeric, date, refid, origin, classification, refs, header, content = row.fields
    diags: list[Diagnostic] = []
    if row.fallback_line:
        diags.append(warning(rel, row.fallback_line, "not UTF-8; decoded as utf-8+cp1252",
                             "encoding"))
    parsed_date = _csv_date(date)
    if date and parsed_date is None:
        diags.append(warning(rel, row.line, f"unreadable date column {date!r}", "csv-date"))
    meta = SourceMeta(
        id=refid.strip() or None,
        date=parsed_date,
        origin=origin.strip() or None,
        classification=classification.strip() or None,
        references=tuple(r.strip() for r in refs.split("|") if r.strip()),
        serial=numeric,
    )
    header_lines = header.count("\n")
    line_map: tuple[tuple[int, int], ...] = ()
    if header and not header.endswith("\n"):
        header += "\n"
        line_map = ((header_lines + 2, row.line + header_lines),)
    source = Source(rel, row.line, "csv", row.sha256,
                    "utf-8+cp1252" if row.fallback_line else "utf-8")
    return Unit(source, header + content, line_map, meta, (), tuple(diags))


_CSV_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\s+([0-9]{1,2}):([0-9]{1,2})")


def _csv_date(value: str) -> datetime | None:
    """``12/31/2009 17:05`` as ``strptime("%m/%d/%Y %H:%M")`` reads it, ten times faster
    (a read of ``cables.csv`` dates every row: 3% of a rebuild after an edit)."""
    found = _CSV_DATE.fullmatch(value.strip())
    if found is None:
        return None
    month, day, year, hour, minute = map(int, found.groups())
    try:
        return datetime(year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None


def _html_date(value: str) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    except ValueError:
        return None


def _html_units(data: bytes, rel: str) -> Iterator[Unit | Diagnostic]:
    got = _decoded(data, rel)
    if isinstance(got, Diagnostic):
        yield got
        return
    text, encoding, diags = got
    page = parse_page(text)
    if not page.table or len(page.blocks) != 2:
        yield error(rel, 1, "not a cablegate page: expected a table of class 'cable' and two "
                    "<pre> blocks", "not-cablegate")
        return
    header, content = page.blocks
    lines = list(page.block_lines[0])
    if header and not header.endswith("\n"):
        header += "\n"
    else:
        lines.pop()
    offset = len(lines)
    lines.extend(page.block_lines[1])
    corrections = tuple(
        Correction("markup", markup, "", (offset if block else 0) + line,
                   "HTML link of the cablegate page")
        for block, line, markup in page.links
    )
    table = page.table
    meta = SourceMeta(
        id=table.get("Reference ID") or None,
        date=_html_date(table.get("Created", "")),
        origin=table.get("Origin") or None,
        classification=table.get("Classification") or None,
        serial=table.get("Released") or None,
    )
    source = Source(rel, lines[0] if lines else 1, "html", hashlib.sha256(data).hexdigest(),
                    encoding)
    line_map = _compress(lines)
    yield Unit(source, header + content, line_map, meta, corrections, tuple(diags))


def _compress(file_lines: list[int]) -> tuple[tuple[int, int], ...]:
    """Encode a per-line map as segments (text line, file line) of consecutive lines."""
    segments: list[tuple[int, int]] = []
    for index, file_line in enumerate(file_lines, start=1):
        if not segments or file_line != segments[-1][1] + (index - segments[-1][0]):
            segments.append((index, file_line))
    return tuple(segments)
