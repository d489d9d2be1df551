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
import struct
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO

from generator.features import Context, Feature, FileJob, FileWriter
from generator.features.keys import key, summary_key
from generator.render.page import cable_json_path, cable_path
from generator.write import atomic_write

COLUMNS = ("id", "date", "origin", "station", "classification", "caveats", "tags", "subject",
           "cites", "referenced_by", "url", "json")


LINES = "cables.jsonl.lines"
"""Where each line of the last ``cables.jsonl`` is, by digest, in the cache folder."""
_ENTRY = struct.Struct("<32sQI")
_HEAD = struct.Struct("<32sQQQ")
"""The file the index describes: its SHA-256, size, modification time and inode (a file
changed by hand keeps its manifest digest, not its time)."""


def _write_jsonl(ids: tuple[str, ...], lines_at: Path, writer: FileWriter) -> None:
    """Each cable's JSON file as one line; the lines of unchanged cables are copied
    from the last build's ``cables.jsonl`` (``_splice``), found by the line index
    kept beside the cache (``LINES``), or by reading the old file if it is stale."""
    old = writer.previous("cables.jsonl")
    made: list[tuple[bytes, int, int]] = []
    with writer.stream("cables.jsonl") as out:
        if old is None:
            for cid in ids:
                path = cable_json_path(cid)
                _put(out, writer.read(path), writer.digest(path), made)
        else:
            with old.open("rb") as src:
                known = _known(lines_at, writer.previous_digest("cables.jsonl"), old) \
                    or _hashed(src)
                _splice(ids, writer, src, out, known, made)
    st = writer.location("cables.jsonl").stat()
    head = _HEAD.pack(bytes.fromhex(writer.digest("cables.jsonl")), st.st_size, st.st_mtime_ns,
                      st.st_ino)
    atomic_write(lines_at, head + b"".join(_ENTRY.pack(d, o, n) for d, o, n in made))


def _put(out: BinaryIO, data: bytes, digest: str, made: list[tuple[bytes, int, int]]) -> None:
    """Write one cable's JSON as a line, noting where it went."""
    at = made[-1][1] + made[-1][2] if made else 0
    if not data.endswith(b"\n"):
        data += b"\n"
        digest = hashlib.sha256(data).hexdigest()
    out.write(data)
    made.append((bytes.fromhex(digest), at, len(data)))


Lines = dict[bytes, tuple[int, int]]
"""A line's SHA-256 -> (offset, length) in the last ``cables.jsonl``."""


def _known(lines_at: Path, digest: str | None, old: Path) -> Lines | None:
    """The kept line index, if it describes the live ``cables.jsonl``: its manifest
    digest, and the size, time and inode the file had when it was written."""
    try:
        raw = lines_at.read_bytes()
        st = old.stat()
    except OSError:
        return None
    if digest is None or len(raw) < _HEAD.size or (len(raw) - _HEAD.size) % _ENTRY.size:
        return None
    if _HEAD.unpack_from(raw) != (bytes.fromhex(digest), st.st_size, st.st_mtime_ns, st.st_ino):
        return None
    out: Lines = {}
    for line, offset, size in _ENTRY.iter_unpack(memoryview(raw)[_HEAD.size:]):
        out.setdefault(line, (offset, size))
    return out


def _hashed(src: BinaryIO) -> Lines:
    """The line index of a file, read and hashed line by line (no kept index)."""
    out: Lines = {}
    offset = 0
    for line in src:
        out.setdefault(hashlib.sha256(line).digest(), (offset, len(line)))
        offset += len(line)
    return out


def _splice(ids: tuple[str, ...], writer: FileWriter, src: BinaryIO, out: BinaryIO,
            lines: Lines, made: list[tuple[bytes, int, int]]) -> None:
    """Write the lines, copying from ``src`` every line whose bytes are a cable's JSON.

    After an edit, reading 251,287 small JSON files again (most of them no
    longer in the page cache) took minutes; the old file is read in order
    instead. A line is reused only if its SHA-256 is the manifest digest of
    the cable's JSON file, so the result is exactly what reading every file
    gives; runs of lines that follow each other are copied in one piece, by the
    kernel while a thread digests them (``engine.rangecopy``).
    """
    start = end = 0
    at = 0

    def flush() -> None:
        if end > start:
            _append(out, src, start, end - start)

    for cid in ids:
        path = cable_json_path(cid)
        digest = bytes.fromhex(writer.digest(path))
        found = lines.get(digest)
        if found is not None:
            made.append((digest, at, found[1]))
            at += found[1]
            if found[0] == end:
                end += found[1]
                continue
        flush()
        if found is not None:
            start, end = found[0], found[0] + found[1]
        else:
            start = end = 0
            _put(out, writer.read(path), writer.digest(path), made)
            at = made[-1][1] + made[-1][2]
    flush()


def _append(out: BinaryIO, src: BinaryIO, start: int, size: int) -> None:
    """Copy ``size`` bytes of ``src`` from ``start`` to the end of ``out``: by the kernel
    when ``out`` can (a build's stream, ``engine.rangecopy``), else in pieces."""
    copy = getattr(out, "copy_from", None)
    if copy is not None:
        copy(src, start, size)
        return
    src.seek(start)
    while size > 0:
        data = src.read(min(size, 1 << 24))
        if not data:
            raise ValueError("the last cables.jsonl is shorter than its line index")
        out.write(data)
        size -= len(data)


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
                      partial(_write_jsonl, order, ctx.config.cache / LINES),
                      inputs=tuple(cable_json_path(cid) for cid in order))
    if ctx.config.get("exports.csv"):
        parts = [(summary_key(ctx.corpus.cables[cid]), ctx.corpus.referenced_by.get(cid))
                 for cid in order]
        yield FileJob("cables.csv", key("csv", COLUMNS, ctx.config.get("base_url"), parts),
                      partial(_write_csv, ctx))


FEATURE = Feature(name="exports", files=files)
