"""Publishing: metadata and citations on edition pages, feeds, sitemaps, robots.txt, 404."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from generator.build import build
from generator.publish.cite import bibtex, chicago
from generator.publish.sitemap import sitemaps
from tests.conftest import MakeSite
from tests.test_engine import SEED_TEXT, variant

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://example.org/edition"


class Head(HTMLParser):
    """The <meta> and <link> elements of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[dict[str, str | None]] = []
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self.meta.append(dict(attrs))
        elif tag in ("link", "base"):
            self.links.append({"tag": tag, **dict(attrs)})


def head(path: Path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _site(make_site: MakeSite, base_url: str = BASE, entries: int = 50) -> Path:
    toml = f'title = "Test edition"\npublisher = "Test press"\nfeeds.entries = {entries}\n'
    if base_url:
        toml += f'base_url = "{base_url}/"\n'
    files: dict[str, str | bytes] = {"site.toml": toml, "content/a.txt": SEED_TEXT}
    files.update({f"content/v{i}.txt": variant(900 + i, f"Variant {i}") for i in range(3)})
    site = make_site(files)
    result = build(site, jobs=1)
    assert not [d for d in result.diagnostics if d.level == "error"]
    return site / "_site"


def test_edition_page_has_canonical_open_graph_dublin_core(make_site: MakeSite) -> None:
    out = _site(make_site)
    h = head(out / "cables/07BRUSSELS881.html")
    canon = [link for link in h.links if link.get("rel") == "canonical"]
    assert canon == [{"tag": "link", "rel": "canonical",
                      "href": f"{BASE}/cables/07BRUSSELS881.html"}]
    props = {m["property"]: m["content"] for m in h.meta if m.get("property")}
    assert props["og:url"] == f"{BASE}/cables/07BRUSSELS881.html"
    assert props["og:title"].startswith("07BRUSSELS881: Joint Russian")  # type: ignore[union-attr]
    names = {}
    for m in h.meta:
        if m.get("name"):
            names.setdefault(m["name"], []).append(m["content"])
    assert names["DC.identifier"] == ["07BRUSSELS881"]
    assert names["DC.date"] == ["2007-03-15"]
    assert "PTER" in names["DC.subject"] and names["DC.publisher"] == ["Test press"]
    assert len(names["description"]) == 1


def test_citation_block_cites_by_id_and_permalink(make_site: MakeSite) -> None:
    html = (_site(make_site) / "cables/07BRUSSELS881.html").read_text(encoding="utf-8")
    block = html[html.index('<section id="cite"'):]
    block = block[:block.index("</section>")]
    assert "Cable 07BRUSSELS881, March 15, 2007." in block
    assert f"{BASE}/cables/07BRUSSELS881.html" in block
    assert "@misc{cable07BRUSSELS881," in block and "07BRUSSELS881.html#p1" in block


def test_citations_escape_and_omit_missing_url() -> None:
    text = bibtex("X1", "Costs 5% & {more} #1_a", "Post", None, "", "Ed", "", None)
    assert r"5\% \& \{more\} \#1\_a" in text and "url" not in text and "year" not in text
    plain = chicago("X1", "Subject", "Embassy Paris", None, "SECRET", "Ed", "Press", None)
    assert plain == "Embassy Paris. “Subject.” Cable X1, undated. Secret. In Ed, edited by " \
                    "Press."


def test_without_base_url_no_canonical_and_no_sitemap(make_site: MakeSite) -> None:
    out = _site(make_site, base_url="")
    h = head(out / "cables/07BRUSSELS881.html")
    assert not [link for link in h.links if link.get("rel") == "canonical"]
    assert not (out / "sitemap.xml").exists()
    assert "Sitemap" not in (out / "robots.txt").read_text()
    feed = ET.parse(out / "feeds/cables.atom").getroot()
    link = feed.find(f"{ATOM}entry/{ATOM}link").get("href")  # type: ignore[union-attr]
    assert link.startswith("../cables/")  # type: ignore[union-attr]
    assert feed.find(f"{ATOM}entry/{ATOM}id").text.startswith("urn:uuid:")  # type: ignore
    assert not [b for b in head(out / "404.html").links if b["tag"] == "base"]


def test_atom_feeds_newest_first_and_per_tag(make_site: MakeSite) -> None:
    out = _site(make_site, entries=2)
    feed = ET.parse(out / "feeds/cables.atom").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    updated = [e.find(f"{ATOM}updated").text for e in entries]  # type: ignore[union-attr]
    assert updated == sorted(updated, reverse=True)
    assert feed.find(f"{ATOM}updated").text == updated[0]  # type: ignore[union-attr]
    for e in entries:
        assert e.find(f"{ATOM}id").text.startswith(f"{BASE}/cables/")  # type: ignore
        assert e.find(f"{ATOM}author/{ATOM}name") is not None
    tag = ET.parse(out / "feeds/tags/PTER.atom").getroot()
    assert [c.get("term") for c in tag.iter(f"{ATOM}category")].count("PTER") == 2
    html = (out / "index.html").read_text()
    assert 'type="application/atom+xml"' in html and 'href="feeds/cables.atom"' in html


def test_sitemap_robots_and_404(make_site: MakeSite) -> None:
    out = _site(make_site)
    root = ET.parse(out / "sitemap.xml").getroot()
    locs = [e.text for e in root.iter(f"{SM}loc")]
    assert locs[0] == f"{BASE}/index.html"
    assert f"{BASE}/cables/07BRUSSELS881.html" in locs
    assert not any(u.endswith(("404.html", "search.html", ".json")) for u in locs)  # type: ignore
    robots = (out / "robots.txt").read_text()
    assert f"Sitemap: {BASE}/sitemap.xml" in robots and "Disallow: /edition/search/" in robots
    h = head(out / "404.html")
    assert h.links[0] == {"tag": "base", "href": f"{BASE}/"}
    assert re.search(r'href="search.html"', (out / "404.html").read_text())


def test_sitemaps_split_past_the_limit() -> None:
    paths = [f"cables/C{i}.html" for i in range(5)]
    files = dict(sitemaps(paths, BASE, limit=2))
    assert sorted(files) == ["sitemap.xml", "sitemaps/sitemap-1.xml", "sitemaps/sitemap-2.xml",
                             "sitemaps/sitemap-3.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{SM}sitemapindex"
    assert [e.text for e in index.iter(f"{SM}loc")][-1] == f"{BASE}/sitemaps/sitemap-3.xml"
    last = ET.fromstring(files["sitemaps/sitemap-3.xml"])
    assert [e.text for e in last.iter(f"{SM}loc")] == [f"{BASE}/cables/C4.html"]
