"""Browse pages: the cables of each tag, post, year, month, classification and caption.

Each key of a facet gets a list page, newest first and paginated by
``browse.page_size`` (``tags/PTER.html``, ``tags/PTER-2.html``...); each
facet gets an index page (``tags.html``, ``posts.html``, ``dates.html``,
``classifications.html``, ``captions.html``). Every page is a ``PageJob``
whose key digests exactly what it shows, so a page is rendered again only
when its cables, its pager or its heading changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

from generator import packed
from generator.facets import FACETS, UNDATED, Facets
from generator.features import Context, PageJob
from generator.features.keys import ids_key, key, summaries_key
from generator.features.meanings import tag_meaning
from generator.link import Summary
from generator.render.page import paginate

NAV = (("Tags", "tags.html"), ("Posts", "posts.html"), ("Dates", "dates.html"),
       ("Classifications", "classifications.html"))
INDEX = {"tag": "tags.html", "post": "posts.html", "year": "dates.html", "month": "dates.html",
         "classification": "classifications.html", "caption": "captions.html"}
_TITLES = {"tag": "TAGS", "post": "Posts", "year": "Dates", "classification": "Classifications",
           "caption": "Captions"}


def _month_name(month: str) -> str:
    return datetime.strptime(month, "%Y-%m").strftime("%B %Y")


def post_names(ctx: Context, ids: Sequence[str]) -> str:
    """The names of a post as its cables give them, most frequent first."""
    names = Counter(ctx.corpus.cables[i].origin for i in ids if ctx.corpus.cables[i].origin)
    return " / ".join(name for name, _ in names.most_common(3))


def heading(ctx: Context, facet: str, value: str, ids: Sequence[str]) -> tuple[str, str | None]:
    """The title of a key's page, and its meaning (a tag's) or description."""
    if facet == "tag":
        return f"TAGS {value}", tag_meaning(ctx.states, value)
    if facet == "post":
        return f"Cables from {post_names(ctx, ids) or value}", f"Station {value} in cable ids"
    if facet == "year":
        return ("Undated cables", None) if value == UNDATED else (f"Cables of {value}", None)
    if facet == "month":
        return f"Cables of {_month_name(value)}", None
    if facet == "classification":
        return f"Classified {value}", None
    return f"Caption {value}", None


def _related(facets: Facets, facet: str, value: str) -> list[tuple[str, str]]:
    """Links shown above a list: a month's year, a year's months."""
    if facet == "month":
        return [(value[:4], facets.page("year", value[:4]))]
    if facet == "year" and value != UNDATED:
        return [(_month_name(m), facets.page("month", m))
                for m in facets.groups["month"] if m.startswith(value + "-")]
    return []


def page_paths(base: str, facet: str, count: int, size: int) -> list[str]:
    """The pages of a list; a year's continuation pages are ``2004-p2.html``, since
    ``2004-10.html`` is October 2004."""
    paths = paginate(base, count, size)
    if facet == "year":
        stem = base.removesuffix(".html")
        paths = [paths[0]] + [f"{stem}-p{n}.html" for n in range(2, len(paths) + 1)]
    return paths


Listed = dict[str, tuple[bytes, str]]
"""List page -> (digest of the ids it lists, digest of their summaries): ``LISTED``."""
LISTED = "browse-listed"
"""``Context.carried`` slot: what each list page listed in the last build. A page whose
cables are the same and unchanged since (``Carried.changed``) takes its summaries'
digest from there: digesting every list's summaries was 0.8 s of an edit at 50,000
cables, each cable being on six lists or more."""


def list_jobs(ctx: Context, facet: str, value: str, ids: Sequence[str],
              size: int, listed: tuple[Listed, Listed] | None = None) -> Iterator[PageJob]:
    """The pages listing the cables of one key, newest first; ``listed``: the last build's
    and this build's summaries digests (``LISTED``)."""
    facets = _facets(ctx)
    title, meaning = heading(ctx, facet, value, ids)
    paths = page_paths(facets.page(facet, value), facet, len(ids), size)
    related = _related(facets, facet, value)
    for number, path in enumerate(paths, start=1):
        chunk = ids[(number - 1) * size: number * size]
        cables = [ctx.corpus.cables[i] for i in chunk]
        context = {"page_path": path, "title": title, "meaning": meaning, "facet": facet,
                   "value": value, "index": INDEX[facet], "index_title": _TITLES.get(
                       facet, "Dates"), "related": related, "pages": paths, "current": number,
                   "total": len(ids)}
        yield PageJob(path, key("browse-list", path, title, meaning, related, paths, number,
                                len(ids), _summaries(ctx, path, chunk, cables, listed)),
                      _renderer(ctx, "browse_list.html", context, chunk))


def _summaries(ctx: Context, path: str, chunk: Sequence[str], cables: list[Summary],
               listed: tuple[Listed, Listed] | None) -> str:
    """The digest of a list page's summaries, from the last build's if it still holds."""
    if listed is None or ctx.carried is None:
        return summaries_key(cables)
    last, made = listed
    ids = ids_key(chunk)
    found = last.get(path)
    if found is not None and found[0] == ids and ctx.carried.changed.isdisjoint(chunk):
        digest = found[1]
    else:
        digest = summaries_key(cables)
    made[path] = (ids, digest)
    return digest


def index_rows(ctx: Context, facet: str) -> list[dict[str, Any]]:
    """The rows of a facet's index page: each key with its count, link and meaning."""
    facets = _facets(ctx)
    rows = []
    for value, ids in facets.groups[facet].items():
        label, meaning = value, None
        if facet == "tag":
            meaning = tag_meaning(ctx.states, value)
        elif facet == "post":
            meaning = post_names(ctx, ids)
        elif facet == "year" and value != UNDATED:
            months = [{"label": _month_name(m)[:-5], "href": facets.page("month", m),
                       "count": len(facets.groups["month"][m])}
                      for m in facets.groups["month"] if m.startswith(value + "-")]
            rows.append({"label": label, "href": facets.page(facet, value), "count": len(ids),
                         "meaning": None, "months": months})
            continue
        rows.append({"label": label, "href": facets.page(facet, value), "count": len(ids),
                     "meaning": meaning, "months": []})
    if facet == "year":  # newest first, undated last
        rows.sort(key=lambda r: (r["label"] != UNDATED, r["label"]), reverse=True)
    return rows


def index_jobs(ctx: Context) -> Iterator[PageJob]:
    """One index page per facet (dates gather years and months)."""
    for facet, title in _TITLES.items():
        path = INDEX[facet]
        rows = index_rows(ctx, facet)
        context = {"page_path": path, "title": title, "facet": facet, "rows": rows,
                   "total": len(ctx.corpus.cables), "captions_index": INDEX["caption"]}
        # The total is in the key: the captions' rows leave out the cables without any.
        yield PageJob(path, key("browse-index", path, len(ctx.corpus.cables),
                                [sorted(r.items()) for r in rows]),
                      _renderer(ctx, "browse_index.html", context))


def pages(ctx: Context) -> Iterator[PageJob]:
    """Every browse page of the site."""
    size = int(ctx.config.get("browse.page_size"))
    yield from index_jobs(ctx)
    facets = _facets(ctx)
    last = ctx.carried.get(LISTED) if ctx.carried is not None else None
    listed: tuple[Listed, Listed] = (last if isinstance(last, dict) else {}, {})
    for facet in FACETS:
        for value, ids in facets.groups[facet].items():
            yield from list_jobs(ctx, facet, value, ids, size, listed)
    if ctx.carried is not None:
        ctx.carried.put(LISTED, listed[1])


def _facets(ctx: Context) -> Facets:
    if ctx.corpus.facets is None:
        raise RuntimeError("the corpus was not linked")
    return ctx.corpus.facets


def _renderer(ctx: Context, template: str, context: dict[str, Any],
              listed: Sequence[str] | None = None) -> Callable[[], bytes]:
    """Render ``template``; with ``listed``, its ``cables`` are their summaries, read when
    the page renders (``generator.packed``: in a worker, not the build's objects)."""
    def render() -> bytes:
        extra = {} if listed is None else {"cables": list(map(packed.summaries(ctx), listed))}
        return ctx.env.get_template(template).render(**context, **extra).encode("utf-8")
    return render


__all__ = ["NAV", "index_jobs", "list_jobs", "pages"]
