"""Pages: Markdown files of content/pages/ become pages of the site, in its menu."""

from __future__ import annotations

import re
from pathlib import Path

from generator.build import BuildResult, build
from tests.conftest import SEED, MakeSite


def site(make_site: MakeSite, files: dict[str, str | bytes]) -> tuple[Path, BuildResult]:
    root = make_site({"content/07BRUSSELS881.txt": SEED.read_text(encoding="utf-8"), **files})
    return root, build(root, root / "_site")


def read(root: Path, path: str) -> str:
    return (root / "_site" / path).read_text(encoding="utf-8")


def menu(html: str) -> list[tuple[str, str]]:
    nav = html[html.index('class="site-nav"'):html.index("</nav>")]
    return [(label, href) for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)]


def test_pages_in_the_menu_by_weight_then_title(make_site: MakeSite) -> None:
    root, result = site(make_site, {
        "content/pages/about.md": '+++\ntitle = "About"\nweight = 10\n+++\nWho we are.\n',
        "content/pages/sources.md": "# Sources\n\nWhere the cables come from: 07BRUSSELS881 ¶5.\n",
        "content/pages/principles.md": "+++\nweight = 10\n+++\n# Editorial principles\n",
        "content/pages/guides/reading.md": '+++\nweight = -1\n+++\nHow to read a cable.\n',
        "content/pages/draft.md": "+++\nnav = false\n+++\nNot in the menu.\n",
    })
    assert [d for d in result.diagnostics if d.level != "info"] == []
    assert menu(read(root, "index.html")) == [
        ("Cables", "index.html"), ("Glossary", "glossary.html"), ("Tags", "tags.html"),
        ("Posts", "posts.html"), ("Dates", "dates.html"),
        ("Classifications", "classifications.html"),
        ("Reading", "guides/reading.html"), ("Sources", "sources.html"),
        ("About", "about.html"), ("Editorial principles", "principles.html")]
    assert menu(read(root, "guides/reading.html"))[0] == ("Cables", "../index.html")
    sources = read(root, "sources.html")
    assert sources.count("<h1>") == 1 and "<title>Sources · Test</title>" in sources
    assert '<a href="cables/07BRUSSELS881.html#p5" class="cable-ref">07BRUSSELS881 ¶5</a>' \
        in sources
    assert '<a href="about.html" aria-current="page">About</a>' in read(root, "about.html")
    assert (root / "_site" / "draft.html").is_file()


def test_reserved_paths_are_refused(make_site: MakeSite) -> None:
    root, result = site(make_site, {"content/pages/index.md": "Would replace the list.\n",
                                    "content/pages/cables/x.md": "Inside cables/.\n"})
    assert sorted((d.path, d.code) for d in result.diagnostics if d.level == "error") == [
        ("content/pages/cables/x.md", "page-reserved"), ("content/pages/index.md", "page-reserved")]
    assert "Would replace" not in read(root, "index.html")


def test_unsafe_links_in_pages_are_reported(make_site: MakeSite) -> None:
    root, result = site(make_site, {"content/pages/about.md": "x\n\n[a](JavaScript:alert(1))\n"})
    assert [(d.path, d.line, d.code) for d in result.diagnostics if d.level != "info"] == [
        ("content/pages/about.md", 3, "unsafe-link")]
    assert "javascript:" not in read(root, "about.html").lower()


def test_assets_are_copied_for_pages_and_notes(make_site: MakeSite) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(32)
    root, _ = site(make_site, {"content/images/map.png": png,
                               "content/notes/07BRUSSELS881.md": "![Map](images/map.png)\n",
                               "content/pages/about.md": "![Map](images/map.png)\n"})
    assert (root / "_site" / "images" / "map.png").read_bytes() == png
    assert '<img src="images/map.png" alt="Map"' in read(root, "about.html")
    assert '<img src="../images/map.png" alt="Map"' in read(root, "cables/07BRUSSELS881.html")
