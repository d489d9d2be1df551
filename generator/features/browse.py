"""Browsing: the edition page's links to its tag, post, date and classification pages.

The lists themselves (``tags/<CODE>.html``, ``posts/<STATION>.html``,
``dates/<YYYY>.html`` and ``dates/<YYYY-MM>.html``, ``classifications/``,
``captions/``, and an index page of each) are written by
``generator.features.browse_pages``. Each edition page links to the pages
that list it and to the previous and next cable from the same post.

A tag's meaning comes from the glossary feature when the build has one
(``ctx.states["glossary"]``); without it the pages show codes only.
"""

from __future__ import annotations

from generator.facets import Facets
from generator.features import CableView, Context, Feature
from generator.features.browse_pages import NAV, pages
from generator.features.keys import key, summary_key
from generator.link import Summary
from generator.model import Cable


def _facets(ctx: Context) -> Facets:
    facets = ctx.corpus.facets
    if facets is None:
        raise RuntimeError("the corpus was not linked")
    return facets


def cable_view(cable: Cable, ctx: Context) -> CableView:
    """Links from the edition page to the lists that show it, and its neighbours."""
    facets = _facets(ctx)
    summary = ctx.corpus.cables.get(cable.id)
    if summary is None:  # not linked (a duplicate id): no lists to link to
        return CableView(context={"tags": {}, "post": None, "year": None, "month": None,
                                  "classification": None, "captions": {}, "older": None,
                                  "newer": None})
    older, newer = facets.neighbours(cable.id, summary.station)
    month = summary.month
    context = {
        "tags": {t: facets.page("tag", t) for t in summary.tags},
        "post": facets.page("post", summary.station or "UNKNOWN"),
        "year": facets.page("year", month[:4] if month else "undated"),
        "month": facets.page("month", month) if month else None,
        "classification": facets.page("classification", summary.classification or "UNKNOWN"),
        "captions": {c: facets.page("caption", c) for c in summary.caveats},
        "older": ctx.corpus.cables[older] if older else None,
        "newer": ctx.corpus.cables[newer] if newer else None,
    }
    return CableView(context=context)


def fingerprint(cable_id: str, ctx: Context) -> str:
    """The neighbours shown on the page (their ids, dates and subjects)."""
    summary = ctx.corpus.cables.get(cable_id)
    if summary is None:
        return ""
    near: list[Summary | None] = [
        ctx.corpus.cables[i] if i else None
        for i in _facets(ctx).neighbours(cable_id, summary.station)]
    return key(*(summary_key(s) if s else None for s in near))


FEATURE = Feature(name="browse", cable=cable_view, pages=pages, fingerprint=fingerprint,
                  nav=NAV)
