"""Build the sharded search index: term chunks, big posting lists, document shards, facets.

Input is a stream of ``IndexDoc`` (one per cable, in the order that becomes
their document numbers: newest first) and output goes through a
``FileWriter``, so the builder runs inside a build (``generator.features.search``)
or alone on synthetic documents (``bench/search_bench.py``).

Layout, under ``search/`` (every file a classic script, see ``encode``):

- ``meta.js``: document count, BM25 parameters, the first term of each chunk;
- ``t/<n>.js``: a chunk: consecutive terms (in JavaScript string order) with
  their document frequency and posting list, or the number of the file that
  holds a big posting list;
- ``p/<n>.js``: one big posting list, so a query for a rare word never
  downloads the postings of a frequent neighbour;
- ``d/<n>.js``: documents ``n*shard`` to ``(n+1)*shard-1``: id, title, date,
  origin, classification;
- ``facets.js``: the values of the filters (year, post, tag, classification)
  with their counts and labels. Filters are terms (``year:2007``,
  ``tag:prel``...) with unscored posting lists, so filtering is an
  intersection, and a query may type them.

Scores are BM25F impacts computed here (document length is known only for
the whole corpus) and quantised to one byte: a query sums impacts times IDF.
Memory holds one growing posting list per term (about 3 bytes a posting),
never the documents: the document shards are written as documents stream in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from generator.features import FileWriter
from generator.search.encode import b64, script, utf16_key, varint
from generator.search.tokens import fold

VERSION = 1


@dataclass(frozen=True, slots=True)
class IndexDoc:
    """One searchable document: display fields, filter values and weighted terms."""

    id: str
    title: str
    date: str
    """``YYYY-MM-DD`` or empty."""
    origin: str
    classification: str
    tags: tuple[str, ...]
    terms: Mapping[str, int]
    """Term -> weighted frequency (field weights applied)."""
    length: int
    """Weighted length (sum of ``terms``' frequencies)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Sizes of the files and BM25 parameters."""

    chunk_bytes: int = 40_000
    big_term_bytes: int = 12_000
    shard_docs: int = 32
    """Small: the 20 results of a page usually fall in 20 different shards."""
    k1: float = 1.2
    b: float = 0.75


@dataclass(slots=True)
class Stats:
    """What was written."""

    docs: int = 0
    terms: int = 0
    postings: int = 0
    chunks: int = 0
    big: int = 0
    shards: int = 0
    bytes: int = 0
    files: dict[str, int] = field(default_factory=dict)


def slug(value: str) -> str:
    """A filter value as a term: folded words joined by hyphens."""
    return "-".join(re.findall(r"[^\W_]+", fold(value))) or "none"


def facet_terms(doc: IndexDoc) -> dict[str, dict[str, str]]:
    """The filter terms of a document, by facet, with their labels."""
    out: dict[str, dict[str, str]] = {"year": {}, "class": {}, "post": {}, "tag": {}}
    if doc.date[:4].isdigit():
        out["year"][doc.date[:4]] = doc.date[:4]
    if doc.classification:
        out["class"][slug(doc.classification)] = doc.classification
    if doc.origin:
        out["post"][slug(doc.origin)] = doc.origin
    for tag in doc.tags:
        out["tag"][slug(tag)] = tag
    return out


class _List:
    """One growing posting list."""

    __slots__ = ("data", "df", "last")

    def __init__(self) -> None:
        self.data = bytearray()
        self.last = 0
        self.df = 0


Put = Callable[[str, object], None]


def build(docs: Iterable[IndexDoc], avgdl: float, writer: FileWriter,
          settings: Settings | None = None, stamp: str = "") -> Stats:
    """Write the whole index for ``docs``; ``avgdl`` is their mean ``length``.

    ``stamp`` names this version of the index: search.js adds it to the
    URLs it loads, so a browser never mixes files of two builds.
    """
    s = settings or Settings()
    stats = Stats()
    postings: dict[str, _List] = {}
    facets: dict[str, dict[str, list[object]]] = {"year": {}, "class": {}, "post": {}, "tag": {}}
    k1, b, avg = s.k1, s.b, max(avgdl, 1.0)
    shard: list[list[str]] = []

    def put(path: str, data: object) -> None:
        blob = script(path, data)
        writer.put(f"search/{path}.js", blob)
        stats.bytes += len(blob)
        stats.files[path.split("/")[0]] = stats.files.get(path.split("/")[0], 0) + 1

    for number, doc in enumerate(docs):
        norm = k1 * (1 - b + b * doc.length / avg)
        for term, tf in doc.terms.items():
            entry = postings.get(term)
            if entry is None:
                entry = postings[term] = _List()
            varint(number - entry.last, entry.data)
            entry.data.append(max(1, min(255, round(255 * tf / (tf + norm)))))
            entry.last = number
            entry.df += 1
        for facet, values in facet_terms(doc).items():
            for value, label in values.items():
                entry = postings.get(f"{facet}:{value}")
                if entry is None:
                    entry = postings[f"{facet}:{value}"] = _List()
                varint(number - entry.last, entry.data)
                entry.last = number
                entry.df += 1
                slot = facets[facet].setdefault(value, [label, 0])
                slot[1] = slot[1] + 1  # type: ignore[operator]
        stats.postings += len(doc.terms)
        shard.append([doc.id, doc.title, doc.date, doc.origin, doc.classification])
        if len(shard) == s.shard_docs:
            put(f"d/{stats.shards}", shard)
            stats.shards += 1
            shard = []
        stats.docs += 1
    if shard:
        put(f"d/{stats.shards}", shard)
        stats.shards += 1
    firsts = _write_chunks(postings, s, put, stats)
    put("facets", {facet: sorted(([v, lab, n] for v, (lab, n) in values.items()),
                                           key=lambda row: str(row[0]))
                             for facet, values in facets.items()})
    put("meta", {"version": VERSION, "stamp": stamp, "docs": stats.docs, "k1": k1, "b": b,
                         "shard": s.shard_docs, "chunks": firsts})
    return stats


def _write_chunks(postings: dict[str, _List], s: Settings, put: Put,
                  stats: Stats) -> list[str]:
    """Write term chunks (and big posting lists) in JavaScript string order."""
    firsts: list[str] = []
    chunk: list[list[object]] = []
    size = 0
    terms = sorted(postings, key=utf16_key)
    stats.terms = len(terms)
    for term in terms:
        posting = postings.pop(term)
        data, df = bytes(posting.data), posting.df
        if len(data) > s.big_term_bytes:
            put(f"p/{stats.big}", b64(data))
            entry: list[object] = [term, df, stats.big]
            stats.big += 1
            size += len(term) + 16
        else:
            encoded = b64(data)
            entry = [term, df, encoded]
            size += len(term) + len(encoded) + 12
        if not chunk:
            firsts.append(term)
        chunk.append(entry)
        if size >= s.chunk_bytes:
            put(f"t/{stats.chunks}", chunk)
            stats.chunks += 1
            chunk, size = [], 0
    if chunk:
        put(f"t/{stats.chunks}", chunk)
        stats.chunks += 1
    return firsts
