"""Glossary: every acronym, TAGS code and caption explained in the cable's own context.

Hooks: ``load`` assembles the built-in data and ``content/glossary.toml``;
``collect`` keeps each cable's terms, definitions and unknown acronyms;
``cable`` marks first occurrences, lists the cable's terms, explains its
TAGS and captions and adds the JSON key ``glossary``; ``fingerprint`` names
the entries the page shows; ``pages`` writes the site glossary; ``report``
lists the most frequent unknown acronyms for ``cablegen check``. The
lookup itself is ``generator.glossary.lookup``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator.config import SiteConfig
from generator.diagnostics import Diagnostic
from generator.features import CableView, Context, Feature, LoadContext, PageJob
from generator.features.keys import key
from generator.glossary.assemble import load_site
from generator.glossary.cable import CableTerms, scan
from generator.glossary.model import Entry, Glossary
from generator.glossary.pages import pages as site_pages
from generator.glossary.site import post_definitions, unknown, usage
from generator.glossary.view import build_view, json_items
from generator.model import Cable
from generator.read.discover import Discovery


def load(config: SiteConfig, found: Discovery) -> tuple[Glossary, list[Diagnostic]]:
    """The built-in glossary with the site's additions and overrides."""
    return load_site(config.root, found.data)


def collect(cable: Cable, ctx: LoadContext) -> CableTerms:
    """The cable's terms in order, its own definitions and its unknown acronyms."""
    return scan(cable, ctx.states["glossary"])


def _inputs(cable: Cable, ctx: Context) -> tuple[Glossary, CableTerms,
                                                 Mapping[str, tuple[Entry, ...]]]:
    glossary: Glossary = ctx.states["glossary"]
    collected: Mapping[str, CableTerms] = ctx.collected.get("glossary", {})
    terms = collected.get(cable.id)
    if terms is None or ctx.corpus.cables.get(cable.id) is None:
        terms = scan(cable, glossary)
    posts = post_definitions(glossary, ctx.corpus, collected)
    return glossary, terms, posts.get(cable.station, {})


def cable_view(cable: Cable, ctx: Context) -> CableView:
    """Marks, the terms list, TAGS and caption meanings, and the JSON key."""
    glossary, terms, post = _inputs(cable, ctx)
    view = build_view(cable, glossary, terms, post)
    # A term only the post's other cables define may have no site page (a telegram in
    # capitals does not count it as used): list it without a link then.
    used = usage(glossary, ctx.corpus, ctx.collected.get("glossary", {}))
    items = tuple(item if item["term"] in used else {**item, "page": None}
                  for item in view.items)
    context: dict[str, Any] = {"items": items, "tags": view.tags,
                               "captions": view.captions}
    return CableView(context=context, json={"glossary": json_items(view, glossary)},
                     spans=view.spans)


def fingerprint(cable_id: str, ctx: Context) -> str:
    """Every entry that could explain a term of this cable, and its post's definitions.

    Computed without the cable (the engine does not load it to decide): the
    cable's collected terms name what it uses (the engine adds the collected
    values to the key itself); any change to an entry of one of those terms,
    or to what its post's other cables define, re-renders it. The post's part
    is one key per post, shared by its cables (Brussels defines hundreds of
    terms: naming them in every Brussels cable's key was most of its cost). Each term's
    entries are named once per glossary, each post's once per index: a site
    of 250,000 cables asks for millions of them.
    """
    glossary: Glossary = ctx.states["glossary"]
    collected: Mapping[str, CableTerms] = ctx.collected.get("glossary", {})
    terms = collected.get(cable_id)
    summary = ctx.corpus.cables.get(cable_id)
    if terms is None or summary is None:
        return key("glossary", glossary.digest)
    post = post_definitions(glossary, ctx.corpus, collected).get(summary.station, {})
    names = sorted({t for t, _ in terms.terms} | {t for t, _ in terms.unknown}
                   | {short for short, _, _ in terms.defined})
    own = _named(glossary, glossary.entries)
    return key("glossary", [(t, own.get(t, "")) for t in names], _post_key(glossary, post))


def _post_key(glossary: Glossary, post: Mapping[str, tuple[Entry, ...]]) -> str:
    """What a post's cables define, with the entries of those terms: one key per post
    (every cable of the post shares it), kept while ``post`` is the same object."""
    kept: dict[int, tuple[object, str]] = glossary.memo.setdefault("post-keys", {})
    hit = kept.get(id(post))
    if hit is not None and hit[0] is post:
        return hit[1]
    if len(kept) > 4096:
        kept.clear()
    own, theirs = _named(glossary, glossary.entries), _named(glossary, post)
    made = key("post", [(t, own.get(t, ""), theirs[t]) for t in sorted(post)])
    kept[id(post)] = (post, made)
    return made


def _named(glossary: Glossary, entries: Mapping[str, tuple[Entry, ...]]) -> dict[str, str]:
    """Term -> a digest of its entries, kept while ``entries`` is the same object.

    A digest, not the entries' text: every cable's key names a few dozen terms,
    and hashing their whole text was more than half the cost of a cable's key."""
    kept: dict[int, tuple[object, dict[str, str]]] = glossary.memo.setdefault("named", {})
    hit = kept.get(id(entries))
    if hit is not None and hit[0] is entries:
        return hit[1]
    if len(kept) > 4096:
        kept.clear()
    named = {t: key(*(glossary.entry_key(e) for e in found)) for t, found in entries.items()}
    kept[id(entries)] = (entries, named)
    return named


def pages(ctx: Context) -> Iterator[PageJob]:
    """``glossary.html`` and ``glossary/<TERM>.html``."""
    return site_pages(ctx)


def report(ctx: Context) -> list[str]:
    """The most frequent acronyms that nothing explains, for editors to add."""
    glossary: Glossary = ctx.states["glossary"]
    rows = unknown(glossary, ctx.corpus, ctx.collected.get("glossary", {}))
    if not rows:
        return ["Glossary: every acronym of the cables' prose is explained."]
    lines = ["Most frequent unknown acronyms (add them to content/glossary.toml):"]
    width = max(len(t) for t, *_ in rows)
    for term, uses, cables, example in rows:
        lines.append(f"  {term:<{width}}  {uses:>6} use{'' if uses == 1 else 's'} in "
                     f"{cables} cable{'' if cables == 1 else 's'} (e.g. {example})")
    return lines


def shares(terms: CableTerms) -> tuple[tuple[str, str, int], ...]:
    """What other cables' keys read of a cable's terms: its definitions (``fingerprint``)."""
    return terms.defined


FEATURE = Feature(name="glossary", load=load, collect=collect, cable=cable_view,
                  pages=pages, fingerprint=fingerprint, report=report, shares=shares,
                  packs=(CableTerms.plain, CableTerms.from_plain),
                  nav=(("Glossary", "glossary.html"),))
