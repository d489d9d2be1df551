"""Search: a full-text index of the cables that works from disk and on a server.

- ``collect``: each cable's weighted terms (id, subject, TAGS, origin, text),
  packed small (see ``generator.search.docterms``): cached per cable digest;
- ``cable``: ``search/text/<ID>.js``, the cable's paragraphs for result
  snippets, loaded only for the results shown;
- ``pages``: ``search.html``;
- ``files``: the sharded index (``generator.search.index``), written when any
  cable, note or person changed, or patched when a few cables' texts did
  (``generator.features.searchindex``).

Notes (issue 5's ``notes`` state) and persons (``persons`` collected values)
are indexed when those features exist; both are read defensively, so this
feature works alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from generator.features import (
    CableView,
    Context,
    Feature,
    FileJob,
    LoadContext,
    PageJob,
    nothing_shared,
)
from generator.features.keys import key
from generator.features.searchindex import index_key, notes_text, write_index
from generator.model import Cable
from generator.search import docterms
from generator.search.encode import script
from generator.search.index import Settings


def collect(cable: Cable, lctx: LoadContext) -> docterms.DocTerms:
    """The cable's weighted terms."""
    return docterms.of_cable(cable)


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


def files(ctx: Context) -> Iterator[FileJob]:
    """The index."""
    settings = Settings()
    k = index_key(ctx, settings)
    yield FileJob("search-index", k, partial(write_index, ctx, settings, stamp(k)), alone=True)


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
