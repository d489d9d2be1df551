"""Search: a full-text index of the cables that works from disk and on a server.

- ``collect``: each cable's weighted terms (id, subject, TAGS, origin, text),
  packed small (see ``generator.search.docterms``): cached per cable digest;
- ``pages``: ``search.html``;
- ``files``: the sharded index (``generator.search.index``), written when any
  cable, note or person changed, or patched when a few cables' texts did
  (``generator.features.searchindex``); and the cables' paragraphs for
  result snippets, a few cables to a file (``generator.search.texts``), made
  from their JSON once every page exists, and loaded only for the results
  shown.

Notes (issue 5's ``notes`` state) and persons (``persons`` collected values)
are indexed when those features exist; both are read defensively, so this
feature works alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial

from generator.features import (
    Context,
    Feature,
    FileJob,
    FileWriter,
    LoadContext,
    PageJob,
    nothing_shared,
)
from generator.features.keys import key
from generator.features.searchindex import index_key, notes_text, write_index
from generator.model import Cable
from generator.render.page import cable_json_path
from generator.search import docterms, texts
from generator.search.encode import script
from generator.search.index import Settings


def collect(cable: Cable, lctx: LoadContext) -> docterms.DocTerms:
    """The cable's weighted terms."""
    return docterms.of_cable(cable)


def _write_texts(ctx: Context, bucket: str, ids: tuple[str, ...], writer: FileWriter) -> None:
    """One bucket of result texts, from the cables' JSON and notes."""
    data = {}
    for cable_id in ids:
        try:
            cable = json.loads(writer.read(cable_json_path(cable_id)))
        except FileNotFoundError:  # a cable without outputs (a dry run): no snippet
            continue
        data[cable_id] = texts.entry(cable, notes_text(ctx, cable_id))
    writer.put(texts.text_path(bucket), script(f"text/{bucket}", data))


def text_jobs(ctx: Context) -> Iterator[FileJob]:
    """A job per bucket of result texts: it reads its cables' JSON (their digests key it)."""
    bits = texts.bucket_bits(len(ctx.corpus.order))
    for bucket, members in texts.buckets(ctx.corpus.order, bits).items():
        ids = tuple(members)
        notes = [key(n) if (n := notes_text(ctx, i)) else "" for i in ids]
        yield FileJob(f"search-text-{bucket}", key(ctx.base, "search-text", bits, *ids, *notes),
                      partial(_write_texts, ctx, bucket, ids),
                      inputs=tuple(cable_json_path(i) for i in ids))


def files(ctx: Context) -> Iterator[FileJob]:
    """The index."""
    settings = Settings()
    k = index_key(ctx, settings)
    yield FileJob("search-index", k, partial(write_index, ctx, settings, stamp(k)), alone=True)
    yield from text_jobs(ctx)


def stamp(index_key: str) -> str:
    """The short version name of an index."""
    return index_key[:12]


def _render_page(ctx: Context, version: str, bits: int) -> bytes:
    return ctx.env.get_template("search.html").render(
        page_path="search.html", index_version=version, text_bits=bits).encode("utf-8")


def pages(ctx: Context) -> Iterator[PageJob]:
    """``search.html``, stamped with the index version so browsers never mix two indexes."""
    version = stamp(index_key(ctx, Settings()))
    bits = texts.bucket_bits(len(ctx.corpus.order))
    yield PageJob("search.html", key(ctx.base, "search.html", version, bits),
                  partial(_render_page, ctx, version, bits))


FEATURE = Feature(name="search", collect=collect, pages=pages, files=files, light=docterms.light,
                  shares=nothing_shared)
