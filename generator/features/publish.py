"""Publishing: canonical links, metadata and citations on edition pages; feeds, sitemap,
robots.txt and 404.html for the site.

``base_url`` makes the URLs that must be absolute (canonical links, feeds,
sitemaps, citations); every other link stays relative, so the folder also
reads from disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from generator import packed
from generator.features import CableView, Context, Feature, FileJob, FileWriter, PageJob
from generator.features.keys import key, summaries_key
from generator.link import Summary
from generator.model import Cable
from generator.publish import cite
from generator.publish.atom import feed, tag_feed_path
from generator.publish.sitemap import sitemaps
from generator.render.page import cable_path

MAIN_FEED = "feeds/cables.atom"
UNLISTED = frozenset({"404.html", "search.html"})


def base_url(ctx: Context) -> str:
    """The site's public URL without a trailing slash ("" when unset)."""
    return str(ctx.config.get("base_url")).rstrip("/")


def cable_view(cable: Cable, ctx: Context) -> CableView:
    """Canonical URL, description and citations of a cable."""
    base = base_url(ctx)
    url = f"{base}/{cable_path(cable.id)}" if base else None
    edition, publisher = ctx.config.title, str(ctx.config.get("publisher"))
    args = (cable.id, cable.subject, cable.origin, cable.date, cable.classification, edition,
            publisher, url)
    when = cable.date.strftime("%d %B %Y") if cable.date else "undated"
    description = f"{cable.classification.title() or 'Cable'} cable {cable.id} from " \
                  f"{cable.origin or 'an unknown post'}, {when}: {cable.subject or 'no subject'}."
    example = next((p.number for p in cable.paragraphs if p.number is not None), 1)
    return CableView(context={
        "example_para": example,
        "canonical": url,
        "description": description,
        "chicago": cite.chicago(*args),
        "bibtex": cite.bibtex(*args),
        "bibtex_key": cite.bibtex_key(cable.id),
    })


def _newest_by_tag(ctx: Context, limit: int) -> dict[str, list[Summary]]:
    out: dict[str, list[Summary]] = {}
    for cid in ctx.corpus.order:
        summary = ctx.corpus.cables[cid]
        for tag in summary.tags:
            shown = out.setdefault(tag, [])
            if len(shown) < limit:
                shown.append(summary)
    return out


def _tag_feed(ctx: Context, path: str, title: str, ids: list[str], site_title: str,
              base: str, author: str) -> bytes:
    """A tag's feed, its summaries read through ``generator.packed`` (the tags' feeds
    together list some 100,000 cables of the release)."""
    return feed(path, title, list(map(packed.summaries(ctx), ids)), site_title, base, author)


def _robots(base: str) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if base:
        path = "/" + base.split("://", 1)[-1].partition("/")[2]
        lines.append(f"Disallow: {path.rstrip('/')}/search/")
        lines.append(f"Sitemap: {base}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode()


def _not_found(ctx: Context) -> bytes:
    return ctx.env.get_template("404.html").render(page_path="404.html").encode("utf-8")


def pages(ctx: Context) -> Iterator[PageJob]:
    """The Atom feeds, robots.txt and 404.html."""
    base, limit = base_url(ctx), int(ctx.config.get("feeds.entries"))
    title, author = ctx.config.title, str(ctx.config.get("publisher"))
    newest = [ctx.corpus.cables[i] for i in ctx.corpus.order[:limit]]
    yield PageJob(MAIN_FEED, key(ctx.base, "feed", summaries_key(newest)),
                  partial(feed, MAIN_FEED, f"{title}: newest cables", newest, title, base,
                          author))
    seen: set[str] = set()
    for tag, cables in sorted(_newest_by_tag(ctx, limit).items()):
        path = tag_feed_path(tag)
        if path in seen:  # two spellings of one tag that map to one file name
            continue
        seen.add(path)
        yield PageJob(path, key(ctx.base, "feed", tag, summaries_key(cables)),
                      partial(_tag_feed, ctx, path, f"{title}: cables tagged {tag}",
                              [c.id for c in cables], title, base, author))
    yield PageJob("robots.txt", key("robots", base), partial(_robots, base))
    yield PageJob("404.html", key(ctx.base, "404"), partial(_not_found, ctx))


def _write_sitemaps(base: str, writer: FileWriter) -> None:
    listed = [p for p in writer.paths() if p.endswith(".html") and p not in UNLISTED]
    listed.sort(key=lambda p: (p != "index.html", p.count("/"), p))
    for path, data in sitemaps(listed, base):
        writer.put(path, data)


def files(ctx: Context) -> Iterator[FileJob]:
    """The sitemaps (they list every page, so they run on every build; unchanged bytes are
    not written again)."""
    base = base_url(ctx)
    if base:
        yield FileJob("sitemap", "", partial(_write_sitemaps, base))


FEATURE = Feature(name="publish", cable=cable_view, pages=pages, files=files)
