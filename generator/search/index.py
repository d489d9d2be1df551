"""Build the sharded search index: term chunks, big posting lists, document shards, facets.

Input is a stream of ``IndexDoc`` (one per cable, in the order that becomes
their document numbers: newest first) and output goes through a
``FileWriter``, so the builder runs inside a build (``generator.features.search``)
or alone on synthetic documents (``bench/search_bench.py``).

Layout, under ``search/`` (every file a classic script, see ``encode``):

- ``meta.js``: document count, BM25 parameters, the first term of each chunk;
- ``t/<n>.js``: a chunk: consecutive terms (in JavaScript string order) with
  their document frequency and posting list, or the number of the file that
  holds a big posting list. A chunk begins at a term chosen by its hash
  (``postings.Cuts``), so that an edit can rewrite the chunks it changes and
  leave the others (``search.patch``);
- ``p/<n>.js``: one big posting list, so a query for a rare word never
  downloads the postings of a frequent neighbour;
- ``d/<n>.js``: documents ``n*shard`` to ``(n+1)*shard-1``: id, title, date,
  origin, classification;
- ``facets.js``: the values of the filters (year, post, tag, classification)
  with their counts and labels. Filters are terms (``year:2007``,
  ``tag:prel``...) with unscored posting lists, so filtering is an
  intersection, and a query may type them.

Scores are BM25F impacts computed here (document length is known only for
the whole corpus, and its mean is taken on a grid: ``quantised``) and
quantised to one byte: a query sums impacts times IDF.
Memory holds the growing posting lists of one range of terms at a time (see
``postings``), never the documents: document shards are written as they
stream in.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from generator.features import FileWriter
from generator.search.encode import script
from generator.search.postings import Accumulator, Chunker, Cuts, ranges, unit
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

    chunk_terms: int = 512
    """One term in this many opens a chunk (a power of two; ``postings.Cuts``)."""
    chunk_bytes: int = 40_000
    """Past this size, one term in ``chunk_terms / 64`` opens a chunk."""
    big_term_bytes: int = 12_000
    shard_docs: int = 32
    """Small: the 20 results of a page usually fall in 20 different shards."""
    k1: float = 1.2
    b: float = 0.75
    pass_postings: int = 100_000_000
    """Postings held in memory at once: about 6 bytes each with their terms' share, so
    about 600 MB; 250,000 cables of synthetic text have 85 million, one pass."""


@dataclass(slots=True)
class Stats:
    """What was written."""

    docs: int = 0
    terms: int = 0
    postings: int = 0
    chunks: int = 0
    big: int = 0
    shards: int = 0
    passes: int = 1
    """Passes over the documents for postings (more when they outgrow memory)."""
    avg: float = 0.0
    """The mean length the impacts were computed with (``quantised``)."""
    firsts: list[str] = field(default_factory=list)
    """The first term of each chunk."""
    bytes: int = 0
    files: dict[str, int] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)
    """Every file written, in order."""
    meta: dict[str, object] = field(default_factory=dict)
    """What ``meta.js`` holds."""


@lru_cache(maxsize=1 << 16)
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


def quantised(avgdl: float) -> float:
    """The mean document length BM25 uses, on a grid of steps of about 1.1%.

    An edit moves the mean of 10,000 cables by a hundred-thousandth: on the
    grid, it almost never moves, so the impacts of the other cables stay as
    they are and an edit patches the index instead of rebuilding it."""
    return float(2 ** (round(math.log2(max(avgdl, 1.0)) * 64) / 64))


def length_norm(doc: IndexDoc, k1: float, b: float, avg: float) -> float:
    """BM25's length normalisation of a document."""
    return k1 * (1 - b + b * doc.length / avg)


def _filters(found: dict[str, dict[str, str]]) -> list[str]:
    """Filter terms (``tag:pter``) from ``facet_terms``."""
    return [f"{facet}:{value}" for facet, values in found.items() for value in values]


Docs = Iterable[IndexDoc] | Callable[[], Iterable[IndexDoc]]


def build(docs: Docs, avgdl: float, writer: FileWriter, settings: Settings | None = None,
          stamp: str = "") -> Stats:
    """Write the whole index for ``docs``; ``avgdl`` is their mean ``length``.

    ``docs`` may be a function returning the documents afresh: then, if the
    postings outgrow ``settings.pass_postings``, they are dropped and built
    again range of terms by range, one pass over the documents per range.
    ``stamp`` names this version of the index: search.js adds it to the
    URLs it loads, so a browser never mixes files of two builds.
    """
    s = settings or Settings()
    stats = Stats()
    again = docs if callable(docs) else None
    first: Iterable[IndexDoc] = again() if again else docs  # type: ignore[assignment]
    facets: dict[str, dict[str, list[object]]] = {"year": {}, "class": {}, "post": {}, "tag": {}}
    k1, b, avg = s.k1, s.b, quantised(avgdl)
    stats.avg = avg
    shard: list[list[str]] = []

    def put(path: str, data: object) -> None:
        blob = script(path, data)
        writer.put(f"search/{path}.js", blob)
        stats.bytes += len(blob)
        stats.paths.append(f"search/{path}.js")
        stats.files[path.split("/")[0]] = stats.files.get(path.split("/")[0], 0) + 1

    whole: Accumulator | None = Accumulator()
    for number, doc in enumerate(first):
        found = facet_terms(doc)
        if whole is not None:
            whole.add(number, doc.terms, length_norm(doc, k1, b, avg), _filters(found))
            if again is not None and whole.postings > s.pass_postings:
                whole = None  # too big for one pass: start again range by range
        for facet, values in found.items():
            for value, label in values.items():
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
    chunks = Chunker(put, Cuts(s.chunk_terms, s.chunk_bytes), s.big_term_bytes)
    if whole is not None:
        whole.write(chunks)
    else:
        assert again is not None
        histogram: Counter[int] = Counter()
        for doc in again():
            histogram.update(unit(t) for t in doc.terms)
            histogram.update(unit(t) for t in _filters(facet_terms(doc)))
        for lo, hi in ranges(histogram, s.pass_postings):
            part = Accumulator(lo, hi)
            for number, doc in enumerate(again()):
                part.add(number, doc.terms, length_norm(doc, k1, b, avg),
                         _filters(facet_terms(doc)))
            part.write(chunks)
            stats.passes += 1
    chunks.close()
    counts, stats.firsts = chunks.counts, chunks.firsts
    stats.terms, stats.chunks, stats.big = counts["terms"], counts["chunks"], counts["big"]
    put("facets", {facet: sorted(([v, lab, n] for v, (lab, n) in values.items()),
                                 key=lambda row: str(row[0]))
                   for facet, values in facets.items()})
    stats.meta = {"version": VERSION, "stamp": stamp, "docs": stats.docs, "k1": k1, "b": b,
                  "shard": s.shard_docs, "chunks": stats.firsts}
    put("meta", stats.meta)
    return stats
