"""Search: a full-text index of the cables that works from disk and on a server.

- ``collect``: each cable's weighted terms (id, subject, TAGS, origin, text),
  packed small (see ``generator.search.docterms``): cached per cable digest;
- ``cable``: ``search/text/<ID>.js``, the cable's paragraphs for result
  snippets, loaded only for the results shown;
- ``pages``: ``search.html``;
- ``files``: the sharded index (``generator.search.index``), written when any
  cable, note or person changed.

Notes (issue 5's ``notes`` state) and persons (``persons`` collected values)
are indexed when those features exist; both are read defensively, so this
feature works alone.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from generator.features import (
    CableView,
    Context,
    Feature,
    FileJob,
    FileWriter,
    LoadContext,
    PageJob,
    nothing_shared,
)
from generator.features.keys import key, summary_key
from generator.model import Cable
from generator.search import docterms
from generator.search.encode import script
from generator.search.index import Settings, build

NOTES_WEIGHT = 1
PERSON_WEIGHT = 3


def _code() -> str:
    """Digest of the index code: a new index format rebuilds the index."""
    folder = Path(__file__).resolve().parent.parent / "search"
    return key(*(p.read_bytes() for p in sorted(folder.glob("*.py"))))


def collect(cable: Cable, lctx: LoadContext) -> docterms.DocTerms:
    """The cable's weighted terms."""
    return docterms.of_cable(cable)


def notes_text(ctx: Context | LoadContext, cable_id: str) -> str:
    """The plain text of a cable's editorial notes, if the notes feature has any."""
    state = ctx.states.get("notes")
    files = getattr(state, "files", None)
    if not files or not hasattr(files, "get"):
        return ""
    found = files.get(cable_id)
    plain = getattr(found, "plain", found)
    return plain if isinstance(plain, str) else ""


def person_names(ctx: Context, cable_id: str) -> list[str]:
    """The names of the registered persons a cable names, if the persons feature exists."""
    values = ctx.collected.get("persons", {}).get(cable_id)
    if not values or isinstance(values, str):
        return []
    register = ctx.states.get("persons")
    by_id = {getattr(p, "id", None): getattr(p, "name", None)
             for p in getattr(register, "persons", ()) or ()}
    names = []
    for value in values:
        name = by_id.get(value, value) if isinstance(value, str) else getattr(value, "name", None)
        if isinstance(name, str):
            names.append(name)
    return names


def _anchor(index: int, paragraph: Any) -> tuple[str, str]:
    """The paragraph's anchor on the edition page (as cable.html writes it) and label."""
    if paragraph.kind == "heading":
        return f"h{index}", ""
    if paragraph.number is not None:
        return f"p{paragraph.number}", str(paragraph.number)
    return f"u{index}", ""


def cable_view(cable: Cable, ctx: Context) -> CableView:
    """The cable's text file for snippets."""
    paras = [[*_anchor(i, p), p.text] for i, p in enumerate(cable.paragraphs, start=1)]
    notes = notes_text(ctx, cable.id)
    if notes:
        paras.append(["notes", "notes", notes])
    data = {"id": cable.id, "s": cable.subject, "p": paras}
    return CableView(files=((text_path(cable.id), script(f"text/{cable.id}", data)),))


def text_path(cable_id: str) -> str:
    """Output path of a cable's snippet text."""
    return f"search/text/{cable_id}.js"


def fingerprint(cable_id: str, ctx: Context) -> str:
    """The cable's text file shows its notes too."""
    notes = notes_text(ctx, cable_id)
    return key(notes) if notes else ""


_LAST_KEY: list[tuple[weakref.ref[Context], str, str]] = []
"""The last build's index key, with its context and settings (``pages`` and ``files``
both ask; a pass over every cable: about 2 s at 251,287 cables)."""


def index_key(ctx: Context, settings: Settings) -> str:
    """Everything the index shows: every cable's terms and summary, notes, persons, code."""
    if _LAST_KEY and _LAST_KEY[0][0]() is ctx and _LAST_KEY[0][1] == repr(settings):
        return _LAST_KEY[0][2]
    made = _index_key(ctx, settings)
    _LAST_KEY[:] = [(weakref.ref(ctx), repr(settings), made)]
    return made


def _index_key(ctx: Context, settings: Settings) -> str:
    collected = ctx.collected.get("search", {})
    parts = []
    for cid in ctx.corpus.order:
        terms = collected.get(cid)
        parts.append((cid, terms.digest if terms else None,
                      summary_key(ctx.corpus.cables[cid]), notes_text(ctx, cid),
                      person_names(ctx, cid)))
    return key("search-index", _code(), repr(settings), parts)


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
        extra = [(notes_text(ctx, cid), NOTES_WEIGHT)]
        extra.extend((name, PERSON_WEIGHT) for name in person_names(ctx, cid))
        yield docterms.weighted(ctx.corpus.cables[cid], doc, extra, lengths_only=lengths_only)


def _write_index(ctx: Context, settings: Settings, stamp: str, writer: FileWriter) -> None:
    lengths = [d.length for d in _docs(ctx, lengths_only=True)]
    avgdl = sum(lengths) / len(lengths) if lengths else 1.0
    build(lambda: (docterms.index_doc(w) for w in _docs(ctx)), avgdl, writer, settings, stamp)


def files(ctx: Context) -> Iterator[FileJob]:
    """The index."""
    settings = Settings()
    k = index_key(ctx, settings)
    yield FileJob("search-index", k, partial(_write_index, ctx, settings, stamp(k)), alone=True)


def stamp(index_key: str) -> str:
    """The short version name of an index."""
    return index_key[:12]


def _render_page(ctx: Context, version: str) -> bytes:
    return ctx.env.get_template("search.html").render(
        page_path="search.html", index_version=version).encode("utf-8")


def pages(ctx: Context) -> Iterator[PageJob]:
    """``search.html``, stamped with the index version so browsers never mix two indexes."""
    version = stamp(index_key(ctx, Settings()))
    yield PageJob("search.html", key(ctx.base, "search.html", version),
                  partial(_render_page, ctx, version))


FEATURE = Feature(name="search", collect=collect, cable=cable_view, pages=pages,
                  fingerprint=fingerprint, files=files, light=docterms.light,
                  shares=nothing_shared)
