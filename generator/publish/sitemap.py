"""Sitemaps (sitemaps.org 0.9): every page of the site, in files of at most 50,000 URLs.

Up to 50,000 pages, ``sitemap.xml`` lists them; past that it becomes a
sitemap index of ``sitemaps/sitemap-1.xml``, ``-2``... Sitemaps need
absolute URLs, so they are written only when ``base_url`` is set.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from urllib.parse import quote
from xml.sax.saxutils import escape

LIMIT = 50_000
HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _url(base_url: str, path: str) -> str:
    return escape(f"{base_url}/{quote(path)}")


def sitemaps(paths: Sequence[str], base_url: str, limit: int = LIMIT) -> Iterator[
        tuple[str, bytes]]:
    """(output path, bytes) of the sitemap files for these page paths."""
    if len(paths) <= limit:
        yield "sitemap.xml", _urlset(paths, base_url)
        return
    parts = [paths[i:i + limit] for i in range(0, len(paths), limit)]
    names = [f"sitemaps/sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    for name, part in zip(names, parts, strict=True):
        yield name, _urlset(part, base_url)
    body = "".join(f"  <sitemap><loc>{_url(base_url, n)}</loc></sitemap>\n" for n in names)
    yield "sitemap.xml", f"{HEAD}<sitemapindex {NS}>\n{body}</sitemapindex>\n".encode()


def _urlset(paths: Sequence[str], base_url: str) -> bytes:
    body = "".join(f"  <url><loc>{_url(base_url, p)}</loc></url>\n" for p in paths)
    return f"{HEAD}<urlset {NS}>\n{body}</urlset>\n".encode()
