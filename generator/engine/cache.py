"""The persistent cache: parsed cables by content digest, and what each file held.

One SQLite file in the site's cache folder. ``cables`` maps a unit's digest
(and the parser fingerprint) to the compressed pickle of its ``Cable``, its
``Summary`` and its diagnostics; ``collected`` holds features' per-cable values
keyed by the feature's state; ``pages`` keeps the render diagnostics of each
page with its key, so an unchanged page still reports its problems.
Deleting the folder is always safe: everything in it can be recomputed.
"""

from __future__ import annotations

import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.link import Summary
from generator.model import Cable

SCHEMA = """
CREATE TABLE IF NOT EXISTS cables (
    digest TEXT NOT NULL, version TEXT NOT NULL, cable BLOB NOT NULL, summary BLOB NOT NULL,
    diags BLOB NOT NULL, PRIMARY KEY (digest, version));
CREATE TABLE IF NOT EXISTS collected (
    digest TEXT NOT NULL, feature TEXT NOT NULL, state TEXT NOT NULL, value BLOB NOT NULL,
    PRIMARY KEY (digest, feature, state));
CREATE TABLE IF NOT EXISTS pages (
    path TEXT PRIMARY KEY, key TEXT NOT NULL, diags BLOB NOT NULL);
"""


def pack(value: Any) -> bytes:
    """Compressed pickle (level 1: cheap to write, a third of the size)."""
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes) -> Any:
    """Inverse of ``pack``."""
    return pickle.loads(zlib.decompress(blob))


class Cache:
    """A connection to the cache database (one per process: SQLite connections don't fork)."""

    def __init__(self, folder: Path, version: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.version = version
        self.db = sqlite3.connect(folder / "cache.sqlite", timeout=60)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def reopen(self) -> Cache:
        """Another connection to the same cache (for a forked worker: connections don't fork)."""
        return Cache(self.folder, self.version)

    def close(self) -> None:
        """Commit and close."""
        self.db.commit()
        self.db.close()

    def has(self, digests: list[str], collected: Mapping[str, str] | None = None) -> set[str]:
        """The digests among ``digests`` whose parse is cached, and with it the values of
        every feature of ``collected`` (feature -> state) for that state."""
        out: set[str] = set()
        for chunk in _chunks(digests, 500):
            marks = ",".join("?" * len(chunk))
            found = {d for (d,) in self.db.execute(
                f"SELECT digest FROM cables WHERE version = ? AND digest IN ({marks})",
                (self.version, *chunk))}
            for feature, state in (collected or {}).items():
                if not found:
                    break
                found &= {d for (d,) in self.db.execute(
                    f"SELECT digest FROM collected WHERE feature = ? AND state = ? "
                    f"AND digest IN ({marks})", (feature, state, *chunk))}
            out.update(found)
        return out

    def summaries(self, digests: Iterable[str]) -> dict[str, tuple[Summary, list[Diagnostic]]]:
        """Cached summaries and diagnostics of the digests that are cached."""
        out: dict[str, tuple[Summary, list[Diagnostic]]] = {}
        for chunk in _chunks(list(digests), 500):
            marks = ",".join("?" * len(chunk))
            for digest, summary, diags in self.db.execute(
                    f"SELECT digest, summary, diags FROM cables WHERE version = ? "
                    f"AND digest IN ({marks})", (self.version, *chunk)):
                out[digest] = (unpack(summary), unpack(diags))
        return out

    def cable(self, digest: str) -> Cable | None:
        """The cached cable of a digest."""
        row = self.db.execute("SELECT cable FROM cables WHERE digest = ? AND version = ?",
                              (digest, self.version)).fetchone()
        return unpack(row[0]) if row else None

    def put(self, rows: Iterable[tuple[str, bytes, Summary, list[Diagnostic]]]) -> None:
        """Store parsed cables: (digest, packed cable, summary, diagnostics)."""
        self.db.executemany(
            "INSERT OR REPLACE INTO cables VALUES (?, ?, ?, ?, ?)",
            ((d, self.version, blob, pack(s), pack(g)) for d, blob, s, g in rows))

    def collected(self, feature: str, state: str,
                  digests: Iterable[str]) -> dict[str, Any]:
        """Cached per-cable values of one feature for one state of it."""
        out: dict[str, Any] = {}
        for chunk in _chunks(list(digests), 500):
            marks = ",".join("?" * len(chunk))
            for digest, value in self.db.execute(
                    f"SELECT digest, value FROM collected WHERE feature = ? AND state = ? "
                    f"AND digest IN ({marks})", (feature, state, *chunk)):
                out[digest] = unpack(value)
        return out

    def put_collected(self, rows: Iterable[tuple[str, str, str, Any]]) -> None:
        """Store (digest, feature, state, value) rows."""
        self.db.executemany("INSERT OR REPLACE INTO collected VALUES (?, ?, ?, ?)",
                            ((d, f, s, pack(v)) for d, f, s, v in rows))

    def page_diagnostics(self, pages: Iterable[tuple[str, str]]) -> list[Diagnostic]:
        """Render diagnostics recorded for pages kept unchanged: (path, key) pairs."""
        wanted = dict(pages)
        out: list[Diagnostic] = []
        for chunk in _chunks(list(wanted), 500):
            marks = ",".join("?" * len(chunk))
            for path, key, diags in self.db.execute(
                    f"SELECT path, key, diags FROM pages WHERE path IN ({marks})",
                    chunk):
                if wanted.get(path) == key:
                    out.extend(unpack(diags))
        return out

    def put_page_diagnostics(self, rows: Iterable[tuple[str, str, list[Diagnostic]]]) -> None:
        """Record the render diagnostics of pages just rendered: (path, key, diagnostics)."""
        self.db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)",
                            ((p, k, pack(d)) for p, k, d in rows))

    def commit(self) -> None:
        """Make what was stored durable."""
        self.db.commit()


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
