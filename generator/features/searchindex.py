"""The search feature's index job: its key, and the index written whole or patched.

The key names everything the index shows (every cable's terms and summary,
its notes and persons, the code and settings). When it changed because a few
cables' texts changed, the last index is patched (``generator.search.patch``)
instead of written again; ``Layout``, kept in the cache folder, says what the
last index was made from. The patch gives up, and the index is written whole,
whenever it could not give what a full build writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import weakref
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.features import Context, FileWriter
from generator.features.keys import key, summary_key
from generator.search import docterms
from generator.search.encode import script
from generator.search.index import IndexDoc, Settings, build
from generator.search.patch import ROW, Fallback, Layout, changed_rows, patch
from generator.write import atomic_write

NOTES_WEIGHT = 1
PERSON_WEIGHT = 3
LAYOUT = "search-index.pickle"
"""The last index's ``Layout``, in the cache folder."""
PATCH_LIMIT = 64
"""Cables changed at most for a patch (each reads and writes a few hundred files)."""


def _code() -> str:
    """Digest of the index code: a new index format rebuilds the index."""
    folder = Path(__file__).resolve().parent.parent / "search"
    return key(*(p.read_bytes() for p in sorted(folder.glob("*.py"))))


def notes_text(ctx: Any, cable_id: str) -> str:
    """The plain text of a cable's editorial notes, if the notes feature has any."""
    state = ctx.states.get("notes")
    files = getattr(state, "files", None)
    if not files or not hasattr(files, "get"):
        return ""
    found = files.get(cable_id)
    plain = getattr(found, "plain", found)
    return plain if isinstance(plain, str) else ""


def person_names(ctx: Any, cable_id: str) -> list[str]:
    """The names of the registered persons a cable names, if the persons feature exists."""
    values = ctx.collected.get("persons", {}).get(cable_id)
    if not values or isinstance(values, str):
        return []
    by_id = _names_by_id(ctx.states.get("persons"))
    names = []
    for value in values:
        name = by_id.get(value, value) if isinstance(value, str) else getattr(value, "name", None)
        if isinstance(name, str):
            names.append(name)
    return names


def _names_by_id(register: Any) -> dict[Any, Any]:
    """Person id -> name of a persons register, made once per register (it was made again
    for every cable naming a person: a pass over the register per cable)."""
    if _BY_ID and _BY_ID[0][0] is register:
        return _BY_ID[0][1]
    by_id = {getattr(p, "id", None): getattr(p, "name", None)
             for p in getattr(register, "persons", ()) or ()}
    _BY_ID[:] = [(register, by_id)]
    return by_id


_BY_ID: list[tuple[Any, dict[Any, Any]]] = []
"""The last register's ``_names_by_id`` (the register is held, so its id is not reused)."""


_LAST: list[tuple[weakref.ref[Context], str, str, bytes | None]] = []
"""The last build's index key and rows, with its context and settings (``pages`` and
``files`` both ask; a pass over every cable: about 2 s at 251,287 cables)."""


def index_key(ctx: Context, settings: Settings) -> str:
    """Everything the index shows: every cable's terms and summary, notes, persons, code."""
    return _made(ctx, settings)[0]


def _made(ctx: Context, settings: Settings) -> tuple[str, bytes | None]:
    """The key, and the rows of a ``Layout`` (None outside a build)."""
    if _LAST and _LAST[0][0]() is ctx and _LAST[0][1] == repr(settings):
        return _LAST[0][2], _LAST[0][3]
    made, rows = _pass(ctx, settings)
    _LAST[:] = [(weakref.ref(ctx), repr(settings), made, rows)]
    return made, rows


def _pass(ctx: Context, settings: Settings) -> tuple[str, bytes | None]:
    collected = ctx.collected.get("search", {})
    parts = []
    rows: bytearray | None = bytearray() if ctx.stored is not None else None
    for cid in ctx.corpus.order:
        terms = collected.get(cid)
        rest = (summary_key(ctx.corpus.cables[cid]), notes_text(ctx, cid),
                person_names(ctx, cid))
        parts.append((cid, terms.digest if terms else None, *rest))
        if rows is not None:
            found = ctx.stored.digest(cid) if ctx.stored is not None else None
            if found is None or len(found) != 64:
                rows = None
                continue
            rows += bytes.fromhex(found)
            rows += hashlib.blake2b(repr(rest).encode(), digest_size=12).digest()
    return key("search-index", _code(), repr(settings), parts), \
        bytes(rows) if rows is not None else None


def _extra(ctx: Context, cid: str) -> list[tuple[str, int]]:
    extra = [(notes_text(ctx, cid), NOTES_WEIGHT)]
    extra.extend((name, PERSON_WEIGHT) for name in person_names(ctx, cid))
    return extra


def _docs(ctx: Context, lengths_only: bool = False) -> Iterator[docterms.Weighted]:
    """Every cable in the site's order, with the words of its notes and persons merged.

    The terms themselves come from the cache (``Context.stored``): the build keeps
    only their digest and length in memory (``light``); their lengths suffice for
    the mean length."""
    order = ctx.corpus.order
    if lengths_only or ctx.stored is None:
        collected = ctx.collected.get("search", {})
        values: Iterator[tuple[str, Any]] = ((cid, collected.get(cid)) for cid in order)
    else:
        values = ctx.stored("search", order)
    for cid, doc in values:
        yield docterms.weighted(ctx.corpus.cables[cid], doc, _extra(ctx, cid),
                                lengths_only=lengths_only)


def write_index(ctx: Context, settings: Settings, stamp: str, writer: FileWriter) -> None:
    """The index job: patch the last index if that gives the same files, else write it."""
    lengths = [d.length for d in _docs(ctx, lengths_only=True)]
    avgdl = sum(lengths) / len(lengths) if lengths else 1.0
    code = key(_code(), repr(settings))
    rows = _made(ctx, settings)[1]
    where = ctx.config.cache / LAYOUT
    last = _load(where)
    made: Layout | None = None
    if last is not None and rows is not None and last.code == code:
        # The last index is our own output, but a file of it changed by hand must not
        # stop the build: anything unexpected in it means writing the index whole.
        with contextlib.suppress(Fallback, ValueError, TypeError, IndexError, KeyError):
            made = _patch(ctx, last, rows, avgdl, settings, stamp, writer)
    if made is None:
        stats = build(lambda: (docterms.index_doc(w) for w in _docs(ctx)), avgdl, writer,
                      settings, stamp)
        made = Layout(code, stamp, stats.avg, rows or b"", tuple(stats.firsts),
                      tuple(stats.paths), stats.meta)
    if rows is None:
        where.unlink(missing_ok=True)
    else:
        atomic_write(where, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))


def _load(where: Path) -> Layout | None:
    try:
        found = pickle.loads(where.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        return None
    return found if isinstance(found, Layout) else None


def _patch(ctx: Context, last: Layout, rows: bytes, avgdl: float, settings: Settings,
           stamp: str, writer: FileWriter) -> Layout:
    """Write the patched index, or raise ``Fallback`` having written nothing."""
    def read(path: str) -> bytes | None:
        found = writer.previous(path)
        return found.read_bytes() if found is not None else None

    if any(writer.previous(p) is None for p in last.paths):
        raise Fallback("the last index is not the live one")
    meta = read("search/meta.js")
    if meta is None or f'"stamp":"{last.stamp}"'.encode() not in meta:
        raise Fallback("the live index is not the one the layout describes")
    numbers = changed_rows(last.rows, rows, PATCH_LIMIT)
    assert ctx.stored is not None
    order = ctx.corpus.order
    olds = ctx.stored.by_digest("search", {last.rows[n * ROW:n * ROW + 32].hex() for n in numbers})
    news = dict(ctx.stored("search", [order[n] for n in numbers]))
    docs: dict[int, tuple[IndexDoc, IndexDoc]] = {}
    for n in numbers:
        cid = order[n]
        old, new = olds.get(last.rows[n * ROW:n * ROW + 32].hex()), news.get(cid)
        if old is None or new is None:
            raise Fallback("a cable's terms are no longer cached")
        summary, extra = ctx.corpus.cables[cid], _extra(ctx, cid)
        docs[n] = (docterms.index_doc(docterms.weighted(summary, old, extra)),
                   docterms.index_doc(docterms.weighted(summary, new, extra)))
    files, firsts, _ = patch(last, docs, avgdl, settings, read)
    meta_data = {**last.meta, "stamp": stamp, "chunks": list(firsts)}
    files["search/meta.js"] = script("meta", meta_data)
    for path in last.paths:
        if path in files:
            writer.put(path, files[path])
        else:
            writer.keep(path)
    return replace(last, stamp=stamp, rows=rows, firsts=firsts, meta=meta_data)
