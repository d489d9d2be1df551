"""Patch the search index after an edit of a few cables, instead of writing it whole.

Writing the index passes over every cable's terms: 2 s at 10,000 cables,
about 40 s at 251,287, on the path of every edit. An edit of a cable's text
changes its postings only: its impact in each list holding one of its terms
(old or new). The index is built so that such a change stays local:

- impacts use a mean length on a grid (``index.quantised``): one edit leaves
  the mean, so the other cables' impacts, as they were;
- chunks begin at terms chosen by hash (``postings.Cuts``): a list that
  grows or shrinks moves a boundary only past a chunk's size limit, which
  the patch checks.

So the patch rewrites the chunks and big lists whose bytes change, and
``meta.js`` (its stamp), and carries every other file over. The result is
byte for byte the index a full build writes (``tests/test_search_patch.py``);
whenever it could not be (a cable's summary, notes or persons changed, the
mean moved on the grid, a term became big or small, a term that opens a chunk
came or went, the cables are not the same ones in the same order) the patch
gives up (``Fallback``) before writing anything, and the index is written whole.

``Layout`` records what a patch needs of the last index: for each document,
the content digest of its cable (to read its old terms back from the cache)
and a digest of everything else it was made from.
"""

from __future__ import annotations

import base64
import json
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from generator.search.encode import REGISTER, b64, decode, script, utf16_key, varint
from generator.search.index import IndexDoc, Settings, facet_terms, length_norm, quantised
from generator.search.postings import Cuts, entry_bytes, impact

ROW = 44
"""Bytes a document takes in ``Layout.rows``: its cable's digest (32), the rest's (12)."""


class Fallback(Exception):
    """The edit cannot be patched: the index must be written whole."""


@dataclass(frozen=True, slots=True)
class Layout:
    """What the last index was made from, and how it was cut into files."""

    code: str
    """Digest of the index code and settings: a patch needs the same."""
    stamp: str
    avg: float
    rows: bytes
    """``ROW`` bytes per document, in document order."""
    firsts: tuple[str, ...]
    paths: tuple[str, ...]
    """Every file of the index."""
    meta: Mapping[str, object]


def changed_rows(old: bytes, new: bytes, limit: int) -> list[int]:
    """Numbers of the documents whose rows differ (at most ``limit``, else Fallback)."""
    if len(old) != len(new):
        raise Fallback("the documents are not the same ones")
    out: list[int] = []
    block = ROW * 256
    for start in range(0, len(new), block):
        if old[start:start + block] == new[start:start + block]:
            continue
        for at in range(start, min(start + block, len(new)), ROW):
            if old[at:at + ROW] != new[at:at + ROW]:
                if old[at + 32:at + ROW] != new[at + 32:at + ROW]:
                    raise Fallback("a cable's summary, notes or persons changed")
                out.append(at // ROW)
                if len(out) > limit:
                    raise Fallback("too many cables changed")
    return out


Read = Callable[[str], bytes | None]
"""The last build's bytes of an index file (``search/...``), None if it has none."""


def patch(layout: Layout, docs: Mapping[int, tuple[IndexDoc, IndexDoc]], avgdl: float,
          settings: Settings, read: Read) -> tuple[dict[str, bytes], tuple[str, ...], float]:
    """The files to write for documents changed from (old, new), and the chunks' firsts.

    Raises ``Fallback`` when the result would not be what a full build writes.
    """
    avg = quantised(avgdl)
    if avg != layout.avg:
        raise Fallback("the mean length moved on its grid")
    k1, b = settings.k1, settings.b
    changes: dict[str, dict[int, int | None]] = {}
    for number, (old, new) in docs.items():
        if (old.id, old.title, old.date, old.origin, old.classification, old.tags) != \
                (new.id, new.title, new.date, new.origin, new.classification, new.tags) \
                or facet_terms(old) != facet_terms(new):
            raise Fallback("a document's fields changed")
        before, after = length_norm(old, k1, b, avg), length_norm(new, k1, b, avg)
        for term in old.terms.keys() | new.terms.keys():
            was = impact(old.terms[term], before) if term in old.terms else None
            now = impact(new.terms[term], after) if term in new.terms else None
            if was != now:
                changes.setdefault(term, {})[number] = now
    firsts = list(layout.firsts)
    keys = [utf16_key(t) for t in firsts]
    by_chunk: dict[int, list[str]] = {}
    for term in changes:
        by_chunk.setdefault(max(0, bisect_right(keys, utf16_key(term)) - 1), []).append(term)
    files: dict[str, bytes] = {}
    for number, terms in sorted(by_chunk.items()):
        name = f"t/{number}"
        chunk = _loaded(read, name)
        if not isinstance(chunk, list) or not all(isinstance(e, list) and len(e) == 3
                                                  for e in chunk):
            raise Fallback(f"search/{name}.js is not a chunk")
        for term in terms:
            _apply(chunk, term, changes[term], settings, read, files)
        _check(chunk, number, firsts, Cuts(settings.chunk_terms, settings.chunk_bytes))
        firsts[number] = str(chunk[0][0])
        files[f"search/{name}.js"] = script(name, chunk)
    return files, tuple(firsts), avg


def _check(chunk: list[list[object]], number: int, firsts: list[str], cuts: Cuts) -> None:
    """Whether a patched chunk is the one a full build cuts: not empty, the same first
    term (the first chunk's may change: it begins at the smallest term), no other
    term that opens a chunk, and the next chunk still opening where it does (past
    the size limit, where a chunk ends depends on its bytes)."""
    if not chunk:
        raise Fallback("a chunk would be empty")
    if number and chunk[0][0] != firsts[number]:
        raise Fallback("a chunk's first term came or went")
    held = 0
    for i, entry in enumerate(chunk):
        if i and cuts.opens(str(entry[0]), held):
            raise Fallback("a term would open a chunk")
        held += entry_bytes(entry)
    if number + 1 < len(firsts) and not cuts.opens(firsts[number + 1], held):
        raise Fallback("the next chunk would not begin where it does")


def _apply(chunk: list[list[object]], term: str, change: Mapping[int, int | None],
           settings: Settings, read: Read, files: dict[str, bytes]) -> None:
    """Change one term's postings in its chunk (a big list's file goes into ``files``)."""
    keys = [utf16_key(str(e[0])) for e in chunk]
    at = bisect_right(keys, utf16_key(term)) - 1
    if at >= 0 and chunk[at][0] == term:
        entry = chunk[at]
        data = entry[2]
        big = isinstance(data, int)
        raw = base64.b64decode(_big(read, data) if big else str(data))
        pairs = dict(decode(raw, True))
    else:
        entry, big, pairs = [term, 0, ""], False, {}
        at += 1
        chunk.insert(at, entry)
    for doc, now in change.items():
        if now is None:
            pairs.pop(doc, None)
        else:
            pairs[doc] = now
    if not pairs:
        del chunk[at]
        return
    data = _encoded(pairs)
    if (len(data) > settings.big_term_bytes) != big:
        raise Fallback("a posting list became big or small")
    entry[1] = len(pairs)
    if big:
        name = f"p/{entry[2]}"
        files[f"search/{name}.js"] = script(name, b64(data))
    else:
        entry[2] = b64(data)


def _encoded(pairs: Mapping[int, int]) -> bytes:
    out = bytearray()
    last = 0
    for doc in sorted(pairs):
        varint(doc - last, out)
        out.append(pairs[doc])
        last = doc
    return bytes(out)


def _big(read: Read, number: object) -> str:
    data = _loaded(read, f"p/{number}")
    if not isinstance(data, str):
        raise Fallback(f"search/p/{number}.js is not a posting list")
    return data


def _loaded(read: Read, name: str) -> object:
    """The data of the last build's index file ``name`` (``encode.script`` undone)."""
    blob = read(f"search/{name}.js")
    if blob is None:
        raise Fallback(f"search/{name}.js is missing")
    head = f"{REGISTER}({json.dumps(name)},".encode()
    if not blob.startswith(head) or not blob.endswith(b");\n"):
        raise Fallback(f"search/{name}.js is not an index file")
    try:
        return json.loads(blob[len(head):-3])
    except ValueError as exc:
        raise Fallback(f"search/{name}.js is not an index file") from exc
