"""A cable's glossary on its page: marked terms, the terms list, TAGS and captions, JSON.

The first occurrence of each term in the paragraphs becomes a link to the
term's line in the cable's "Abbreviations and terms" list, described by a
tooltip that holds the expansion::

    <span class="gl"><a class="gl-term" href="#gl-3" id="glr-3"
      aria-describedby="gld-3">GOB</a><span class="gl-tip" role="tooltip"
      id="gld-3">Government of Belgium</span></span>

Keyboard users reach it with Tab and hear the expansion as its description;
mouse and keyboard focus show the tooltip (CSS only); touch users follow the
link to the list. It needs no JavaScript and works from ``file://``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from generator.glossary.cable import CableTerms, local_entries, occurrences
from generator.glossary.model import Entry, Glossary
from generator.glossary.resolve import CableContext, Resolution, make_context, resolve
from generator.glossary.slug import term_path
from generator.model import Cable
from generator.render.inline import Span

ORIGIN_LABELS = {
    "cable": "defined in this cable", "header": "from this cable's routing header",
    "site": "this edition's glossary", "built-in": "cablegen glossary",
    "post": "defined in another cable from the same post",
}


@dataclass(frozen=True, slots=True)
class CableGlossary:
    """Everything the page and the JSON show of one cable's terms."""

    items: tuple[dict[str, Any], ...]
    tags: tuple[dict[str, Any], ...]
    captions: tuple[dict[str, Any], ...]
    spans: tuple[tuple[int, Span], ...]
    resolutions: tuple[Resolution, ...]


def cable_context(cable: Cable, glossary: Glossary, terms: CableTerms,
                  post: Mapping[str, tuple[Entry, ...]]) -> CableContext:
    """The context deciding between meanings in this cable."""
    return make_context(glossary, cable.station, [t.code for t in cable.tags], cable.date,
                        local_entries(cable, terms.defined), post)


def tip(resolution: Resolution) -> str:
    """The text of a term's tooltip and accessible description."""
    entries = resolution.entries
    if not entries:
        return ""
    if resolution.ambiguous:
        meanings = list(dict.fromkeys(e.expansion for e in entries))
        if len(meanings) == 1:
            return f"Possibly {meanings[0]} (its meaning elsewhere; nothing in this cable " \
                "confirms it)"
        return "One of: " + "; ".join(meanings) + " (nothing in this cable decides)"
    entry = entries[0]
    if entry.origin == "post":
        return f"{entry.expansion} (as defined in {entry.source})"
    return entry.expansion


def meanings(resolution: Resolution, glossary: Glossary) -> list[dict[str, Any]]:
    """Each meaning of a resolved term, ready for templates and JSON."""
    return [{"expansion": e.expansion, "kind": e.kind, "note": e.note,
             "scope": e.scope.describe(glossary.countries), "source": e.source,
             "origin": e.origin, "origin_label": ORIGIN_LABELS.get(e.origin, e.origin)}
            for e in resolution.entries]


def build_view(cable: Cable, glossary: Glossary, terms: CableTerms,
               post: Mapping[str, tuple[Entry, ...]]) -> CableGlossary:
    """Resolve every term of the cable and place the marks on first occurrences."""
    ctx = cable_context(cable, glossary, terms, post)
    order = list(terms.terms)
    firsts: dict[str, tuple[int, int, int]] = {}
    seen = {t for t, _ in order}
    for index, start, end, term in occurrences(cable, glossary, ctx.local, extra=post):
        if term not in seen:
            order.append((term, "text"))
            seen.add(term)
        if index >= 0 and term not in firsts:
            firsts[term] = (index, start, end)
    items: list[dict[str, Any]] = []
    spans: list[tuple[int, Span]] = []
    resolutions: list[Resolution] = []
    for term, where in order:
        res = resolve(glossary, term, ctx, "tags" if where == "tags" else "text")
        if not res.entries:
            continue
        resolutions.append(res)
        n = len(items) + 1
        first = firsts.get(term)
        if first is not None:
            index, start, end = first
            spans.append((index, Span(
                start, end,
                f'<span class="gl"><a class="gl-term" href="#gl-{n}" id="glr-{n}" '
                f'aria-describedby="gld-{n}">',
                f'</a><span class="gl-tip" role="tooltip" id="gld-{n}">{escape(tip(res))}'
                '</span></span>', anchor=f"glr-{n}")))
        items.append({"n": n, "term": term, "where": where, "ambiguous": res.ambiguous,
                      "tip": tip(res), "meanings": meanings(res, glossary),
                      "marked": first is not None, "page": term_path(term)})
    tags = []
    for tag in cable.tags:
        res = resolve(glossary, tag.code, ctx, "tags")
        tags.append({"code": tag.code, "original": tag.original, "tip": tip(res),
                     "ambiguous": res.ambiguous, "href": f"tags/{tag.code}.html",
                     "known": bool(res.entries)})
    captions = []
    for caption in cable.caveats:
        res = resolve(glossary, caption, ctx, "text")
        captions.append({"caption": caption, "tip": tip(res), "known": bool(res.entries)})
    return CableGlossary(tuple(items), tuple(tags), tuple(captions), tuple(spans),
                         tuple(resolutions))


def json_items(view: CableGlossary, glossary: Glossary) -> list[dict[str, Any]]:
    """The JSON ``glossary`` key: one object per meaning of each term, in order."""
    out = []
    for item, res in zip(view.items, view.resolutions, strict=True):
        for entry in res.entries:
            s = entry.scope
            out.append({"term": item["term"], "expansion": entry.expansion, "kind": entry.kind,
                        "note": entry.note, "origin": entry.origin, "source": entry.source,
                        "scope": {"stations": list(s.stations), "countries": list(s.countries),
                                  "from": s.start.isoformat() if s.start else None,
                                  "until": s.end.isoformat() if s.end else None},
                        "ambiguous": res.ambiguous, "where": item["where"]})
    return out
