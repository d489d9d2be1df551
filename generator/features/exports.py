"""Exports for researchers: ``cables.jsonl`` (every cable's JSON) and ``cables.csv`` (metadata).

``cables.jsonl`` is the cables' JSON files (``cables/<ID>.json``, one line
each) concatenated in the site's order, newest first: the same objects, with
every feature's keys. It is assembled from the files of the build, streamed
one cable at a time, and written again only when one of them changed.
``cables.csv`` holds one row of metadata per cable, from the summaries.
Both can be turned off (``exports.jsonl``, ``exports.csv``): on a very large
site, the JSON Lines file is as big as all the JSON files together.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from functools import partial
from typing import BinaryIO

from generator.features import Context, Feature, FileJob, FileWriter
from generator.features.keys import key, summary_key
from generator.render.page import cable_json_path, cable_path

COLUMNS = ("id", "date", "origin", "station", "classification", "caveats", "tags", "subject",
           "cites", "referenced_by", "url", "json")


def _write_jsonl(ids: tuple[str, ...], writer: FileWriter) -> None:
    """Each cable's JSON file as one line; the lines of unchanged cables are copied
    from the last build's ``cables.jsonl`` (``_splice``)."""
    old = writer.previous("cables.jsonl")
    with writer.stream("cables.jsonl") as out:
        if old is None:
            for cid in ids:
                out.write(_line(writer.read(cable_json_path(cid))))
            return
        with old.open("rb") as src:
            _splice(ids, writer, src, out)


def _line(data: bytes) -> bytes:
    return data if data.endswith(b"\n") else data + b"\n"


def _splice(ids: tuple[str, ...], writer: FileWriter, src: BinaryIO, out: BinaryIO) -> None:
    """Write the lines, copying from ``src`` every line whose bytes are a cable's JSON.

    After an edit, reading 251,287 small JSON files again (most of them no
    longer in the page cache) took minutes; the old file is read in order
    instead. A line is reused only if its SHA-256 is the manifest digest of
    the cable's JSON file, so the result is exactly what reading every file
    gives; runs of lines that follow each other are copied in one piece.
    """
    lines: dict[str, tuple[int, int]] = {}
    offset = 0
    for line in src:
        lines.setdefault(hashlib.sha256(line).hexdigest(), (offset, len(line)))
        offset += len(line)
    start = end = 0

    def flush() -> None:
        if end > start:
            src.seek(start)
            out.write(src.read(end - start))

    for cid in ids:
        path = cable_json_path(cid)
        found = lines.get(writer.digest(path))
        if found is not None and found[0] == end and end - start < 1 << 24:
            end += found[1]
            continue
        flush()
        if found is not None:
            start, end = found[0], found[0] + found[1]
        else:
            start = end = 0
            out.write(_line(writer.read(path)))
    flush()


def _write_csv(ctx: Context, writer: FileWriter) -> None:
    base = str(ctx.config.get("base_url")).rstrip("/")
    with writer.stream("cables.csv") as raw:
        rows = csv.writer(_Encoder(raw), lineterminator="\r\n")
        rows.writerow(COLUMNS)
        for cid in ctx.corpus.order:
            s = ctx.corpus.cables[cid]
            page = cable_path(cid)
            rows.writerow([
                s.id, s.date.strftime("%Y-%m-%dT%H:%M:%SZ") if s.date else "", s.origin,
                s.station, s.classification, ";".join(s.caveats), ";".join(s.tags), s.subject,
                ";".join(s.cites), ";".join(ctx.corpus.referenced_by.get(cid, ())),
                f"{base}/{page}" if base else page, cable_json_path(cid)])


class _Encoder:
    """Text to a binary stream, as UTF-8 (what ``csv.writer`` needs of a file)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        return self.raw.write(text.encode("utf-8"))


def files(ctx: Context) -> Iterator[FileJob]:
    """The exports that are switched on."""
    order = ctx.corpus.order
    if ctx.config.get("exports.jsonl"):
        yield FileJob("cables.jsonl", key("jsonl", order),
                      partial(_write_jsonl, order),
                      inputs=tuple(cable_json_path(cid) for cid in order))
    if ctx.config.get("exports.csv"):
        parts = [(summary_key(ctx.corpus.cables[cid]), ctx.corpus.referenced_by.get(cid))
                 for cid in order]
        yield FileJob("cables.csv", key("csv", COLUMNS, ctx.config.get("base_url"), parts),
                      partial(_write_csv, ctx))


FEATURE = Feature(name="exports", files=files)
