"""The site glossary: ``glossary.html`` and one paginated page per term.

``glossary.html`` lists every term used in the site, by initial, with its
meanings, kinds and scopes and the number of cables that use it; each term
links to ``glossary/<TERM>.html`` (then ``<TERM>-2.html``...), which lists
the cables that use it, ``browse.page_size`` at a time, with the meaning each
cable gets. A term used by 40,000 cables thus never puts 40,000 links on
one page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

from generator import packed
from generator.features import Context, PageJob
from generator.features.keys import ids_key, key, summary_key
from generator.glossary.cable import CableTerms
from generator.glossary.model import Entry, Glossary
from generator.glossary.resolve import CableContext, make_context, resolve
from generator.glossary.site import cable_forms, definers, post_definitions, usage
from generator.glossary.slug import INDEX, term_path
from generator.glossary.view import ORIGIN_LABELS, tip
from generator.link import Corpus, Summary
from generator.render.page import paginate


def _meaning(e: Entry, glossary: Glossary) -> dict[str, Any]:
    return {"expansion": e.expansion, "kind": e.kind, "note": e.note, "source": e.source,
            "scope": e.scope.describe(glossary.countries), "origin": e.origin,
            "origin_label": ORIGIN_LABELS.get(e.origin, e.origin)}


def pages(ctx: Context) -> Iterator[PageJob]:
    """``glossary.html`` and the term pages."""
    glossary: Glossary = ctx.states["glossary"]
    collected: Mapping[str, CableTerms] = ctx.collected.get("glossary", {})
    used = usage(glossary, ctx.corpus, collected)
    posts = post_definitions(glossary, ctx.corpus, collected)
    size = int(ctx.config.get("browse.page_size"))
    rows: list[dict[str, Any]] = []
    defining = definers(ctx.corpus.order, collected)
    for term in sorted(used, key=lambda t: (t.upper(), t)):
        ids = used[term]
        forms = cable_forms(term, ids, collected, defining)
        rows.append({"term": term, "page": term_path(term), "count": len(ids),
                     "meanings": [_meaning(e, glossary) for e in glossary.entries.get(term, ())],
                     "forms": forms[:3]})
    by_letter: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        initial = str(row["term"])[0].upper()
        by_letter[initial if initial.isalpha() else "#"].append(row)
    index_key = key("glossary-index", glossary.digest, [(r["term"], r["count"], r["forms"])
                                                         for r in rows])
    env = ctx.env

    def render_index() -> bytes:
        return env.get_template("glossary.html").render(
            page_path=INDEX, letters=sorted(by_letter.items()), total=len(rows),
        ).encode("utf-8")

    yield PageJob(INDEX, index_key, render_index)
    contexts: dict[str, CableContext] = {}
    tables = key(sorted(glossary.posts.items()), sorted(glossary.countries))
    memo: _Memo = ({}, {})
    held = glossary.memo.get(KEPT, (None, None, {}))  # held: its objects stay alive
    changed = _changed(ctx, collected, held[0], held[1])
    last = held[2]
    carried = ctx.carried
    posts_key = _posts_key(posts) if carried is not None else ""
    if changed is None and carried is not None:
        last, changed = _carried(carried.get(KEPT), posts_key, posts, carried.changed)
    kept: dict[str, _Kept] = {}
    for row in rows:
        yield from _term_pages(ctx, glossary, row, used[row["term"]], collected, posts, size,
                               contexts, tables, memo, (last, kept), changed)
    glossary.memo[KEPT] = (ctx.corpus, collected, kept)
    if carried is not None:
        carried.put(KEPT, (posts_key, {path: (k[0], k[2], k[3]) for path, k in kept.items()}))


def _posts_key(posts: Mapping[str, Mapping[str, tuple[Entry, ...]]]) -> str:
    """A digest of the post definitions (every term page's key reads them)."""
    return key(sorted((station, sorted((t, [Glossary.entry_key(e) for e in es])
                                       for t, es in defs.items()))
                      for station, defs in posts.items()))


def _carried(found: Any, posts_key: str, posts: object, changed: frozenset[str],
             ) -> tuple[dict[str, _Kept], set[str] | None]:
    """The term pages' keys the last build's process left (``features.Carried``), as a
    session holds its own, with the cables changed since; none if the post
    definitions changed or the value is not one this code put."""
    if not (isinstance(found, tuple) and len(found) == 2 and found[0] == posts_key
            and isinstance(found[1], dict)):
        return {}, None
    return {path: (k[0], posts, k[1], k[2]) for path, k in found[1].items()}, set(changed)


def _changed(ctx: Context, collected: Mapping[str, CableTerms], corpus: Corpus | None,
             terms: Mapping[str, CableTerms] | None) -> set[str] | None:
    """The cables whose summary or terms are not the very objects the last build of the
    session keyed its term pages with (frozen objects: the same object, the same
    values); None without a last build. Found once here, so that each term page
    checks its cables with a set operation rather than a loop over them: that loop
    was a tenth of an edit of a kept session at 50,000 cables."""
    if corpus is None or terms is None:
        return None
    cables, old_cables = ctx.corpus.cables, corpus.cables
    return {i for i in ctx.corpus.order
            if cables[i] is not old_cables.get(i) or collected.get(i) is not terms.get(i)}


KEPT = "term-page-keys"
"""``Glossary.memo`` slot: each term page's key with what it was made from, for the next
build of a kept session (``cablegen serve``): after an edit, only the pages that list
the edited cable, or whose term changed, are keyed again. The slot holds the corpus
and collected values the keys were made from, so that no object they name is freed
(and its address reused) while the slot is there."""
_Kept = tuple[tuple[object, ...], object, bytes, str]
"""(the term's inputs, its post definitions, a digest of the ids of the cables listed,
the page key). A key is reused only if none of those cables changed (``_changed``)."""


def _term_pages(ctx: Context, glossary: Glossary, row: dict[str, Any], ids: list[str],
                collected: Mapping[str, CableTerms],
                posts: Mapping[str, Mapping[str, tuple[Entry, ...]]],
                size: int, contexts: dict[str, CableContext], tables: str,
                memo: _Memo, keys: tuple[dict[str, _Kept], dict[str, _Kept]],
                changed: set[str] | None) -> Iterator[PageJob]:
    """A term's pages. Their keys name what each cable's meaning is resolved from
    (``_row_key``), so that a build resolves meanings only for the pages it renders:
    resolving every use of every term to key the pages was most of a rebuild's
    glossary time (3 s of an edit at 10,000 cables)."""
    term = row["term"]
    paths = paginate(row["page"], len(ids), size)
    entries_key = [glossary.entry_key(e) for e in glossary.entries.get(term, ())]
    last, kept = keys
    inputs = (tuple(entries_key), repr(row["forms"]), len(ids), tables)
    for number, path in enumerate(paths, start=1):
        chunk = ids[(number - 1) * size: number * size]
        made = ids_key(chunk)
        found = last.get(path)
        if (found is not None and found[0] == inputs and found[1] is posts and found[2] == made
                and changed is not None and changed.isdisjoint(chunk)):
            page_key = found[3]  # the same cables, none of them changed: the same key
        else:
            page_key = key("glossary-term", term, entries_key, row["forms"], len(ids), paths,
                           tables, [_row_key(ctx.corpus.cables[i], term, collected[i], posts,
                                             memo) for i in chunk])
        kept[path] = (inputs, posts, made, page_key)

        def render(path: str = path, number: int = number, chunk: list[str] = chunk) -> bytes:
            summary, terms = packed.summaries(ctx), packed.collected(ctx, "glossary")
            cables = [_cable_row(summary(i), term, glossary, terms(i), posts, contexts)
                      for i in chunk]
            return ctx.env.get_template("glossary_term.html").render(
                page_path=path, row=row, cables=cables, pages=paths, current=number,
                total=len(ids)).encode("utf-8")

        yield PageJob(path, page_key, render)


CONTEXTS_MAX = 20_000
"""Cable contexts a render worker keeps for the term pages it renders. Unbounded,
a worker kept one for every cable of the site by the end of the term pages (at
251,287 cables the two workers held about 0.9 GB of their own then, the peak of
the build); a cable is listed on the pages of its terms, which come in term
order, so most of its rows still find its context kept."""


_Memo = tuple[dict[str, tuple[str, dict[str, str]]], dict[str, str]]
"""Per cable, what every row of it on a term page comes from, and where it uses the terms
it does not use in its text (TAGS, captions); per station, its post's definitions."""


def _row_key(summary: Summary, term: str, terms: CableTerms,
             posts: Mapping[str, Mapping[str, tuple[Entry, ...]]],
             memo: _Memo) -> tuple[str, str]:
    """What a cable's row on a term page comes from: its summary (station, TAGS and
    date among them), its own definitions, its post's definitions and where it uses
    the term (the glossary's tables and the term's entries are in the page key).

    All but the last are one digest per cable, made once per build (``memo``): a
    cable has a row on the page of every term it uses."""
    cables, post_keys = memo
    made = cables.get(summary.id)
    if made is None:
        post = post_keys.get(summary.station)
        if post is None:
            defs = posts.get(summary.station, {})
            post = post_keys[summary.station] = key(sorted(
                (t, [Glossary.entry_key(e) for e in es]) for t, es in defs.items()))
        places = {t: w for t, w in terms.terms}  # the last mention wins, as in ``CableTerms.place``
        made = cables[summary.id] = (key(summary_key(summary), terms.defined, post),
                                     {t: w for t, w in places.items() if w != "text"})
    return made[0], made[1].get(term, "text")


def _cable_row(summary: Summary, term: str, glossary: Glossary, terms: CableTerms,
               posts: Mapping[str, Mapping[str, tuple[Entry, ...]]],
               contexts: dict[str, CableContext]) -> tuple[Summary, str]:
    """A cable using the term, with the meaning the term has there.

    ``contexts`` keeps each cable's context for the build: a cable is listed on
    the page of every term it uses (about twelve on the corpus site).
    """
    made = contexts.get(summary.id)
    if made is None:
        if len(contexts) >= CONTEXTS_MAX:
            contexts.clear()
        local = {short: (Entry(short, long, "acronym", origin="cable"),)
                 for short, long, _ in terms.defined}
        made = contexts[summary.id] = make_context(glossary, summary.station, summary.tags,
                                                   summary.date, local,
                                                   posts.get(summary.station, {}))
    where = terms.place(term)
    return summary, tip(resolve(glossary, term, made, "tags" if where == "tags" else "text"))
