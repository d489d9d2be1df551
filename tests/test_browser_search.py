"""Search and offline reading in a real headless Chromium, from disk (file://) and over HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.build import build
from generator.search.tokens import terms
from tests.browser import serve
from tests.test_engine import SEED_TEXT, variant

SUFFIX = " to Belgium on the Global Initiative to Combat Nuclear Terrorism"
"""The rest of the seed's subject, after the words each variant replaces."""
SUBJECTS = {901: "Zimbabwe elections and the opposition", 902: "Fisheries talks in Reykjavik",
            903: "Nuclear security summit planning"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser") / "site"
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text('title = "Browser test"\n')
    (root / "content" / "a.txt").write_text(SEED_TEXT)
    for serial, subject in SUBJECTS.items():
        text = variant(serial, subject)
        if serial == 902:
            text = text.replace("151542Z MAR 07", "151542Z MAR 06")
        (root / "content" / f"v{serial}.txt").write_text(text)
    result = build(root, jobs=1)
    assert not [d for d in result.diagnostics if d.level == "error"]
    return root / "_site"


@pytest.fixture(scope="module", params=["file", "http"])
def base(request: pytest.FixtureRequest, site: Path) -> Iterator[str]:
    if request.param == "file":
        yield site.resolve().as_uri() + "/"
    else:
        with serve(site) as url:
            yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    p = browser.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    # A navigation aborts the loads still in flight (ERR_ABORTED): not a fault.
    p.on("requestfailed", lambda r: None if "ABORTED" in (r.failure or "") else errors.append(
        f"failed: {r.url} {r.failure}"))
    p.on("response", lambda r: errors.append(f"{r.status}: {r.url}") if r.status >= 400
         else None)
    yield p
    p.close()
    assert not errors, errors


def _results(page: Any) -> list[dict[str, str]]:
    page.wait_for_function("/found|No cable/.test(document.getElementById('search-status')"
                           ".textContent)")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 0 || "
                           "document.querySelector('#search-results li .result-snippet')")
    return page.eval_on_selector_all("#search-results li", """items => items.map(li => ({
        href: li.querySelector('a').getAttribute('href'),
        title: li.querySelector('a').textContent.replace(SUFFIX, ''),
        marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent).join('|'),
        snippet: (li.querySelector('.result-snippet') || {}).textContent || ''}))"""
        .replace("SUFFIX", repr(SUFFIX)))


def test_search_ranks_highlights_and_links_to_the_paragraph(page: Any, base: str) -> None:
    page.goto(base + "search.html?q=zimbabwe")
    found = _results(page)
    assert len(found) == 1
    assert found[0]["title"] == "Zimbabwe elections and the opposition"
    assert found[0]["marks"].startswith("Zimbabwe")
    page.goto(base + "search.html?q=bauwens")
    found = _results(page)
    assert len(found) == 4
    assert all(re.fullmatch(r"cables/0[67]BRUSSELS\d+\.html#p\d+", f["href"]) for f in found)
    assert all("Bauwens" in f["marks"] for f in found)
    page.goto(base + "search.html?q=nuclear")
    found = _results(page)
    assert found[0]["title"] == "Nuclear security summit planning", "subject words weigh more"
    page.goto(base + "search.html?q=fisheries+-reykjavik")
    assert _results(page) == []
    assert "No cable matches" in page.inner_text("#search-status")


def test_stems_prefixes_ids_and_filters(page: Any, base: str) -> None:
    page.goto(base + "search.html?q=elections")
    assert [f["title"] for f in _results(page)] == ["Zimbabwe elections and the opposition"]
    page.goto(base + "search.html?q=election")
    assert len(_results(page)) == 1
    page.goto(base + "search.html?q=reykj")  # no such word: words that begin so
    assert [f["title"] for f in _results(page)] == ["Fisheries talks in Reykjavik"]
    page.goto(base + "search.html?q=07BRUSSELS903")
    assert _results(page)[0]["title"] == "Nuclear security summit planning"
    page.goto(base + "search.html?q=bauwens&year=2006")
    assert [f["title"] for f in _results(page)] == ["Fisheries talks in Reykjavik"]
    assert page.input_value("#search-year") == "2006"
    page.goto(base + "search.html?q=bauwens+year:2007+tag:pter")
    assert len(_results(page)) == 3
    page.goto(base + 'search.html?q=post:"Embassy Brussels" reykjavik')
    assert len(_results(page)) == 1
    page.goto(base + 'search.html?q=post:"Embassy Paris" reykjavik')
    assert _results(page) == []
    page.goto(base + "search.html?tag=PTER&post=Embassy+Brussels")
    assert len(_results(page)) == 4
    page.select_option("#search-year", "2006")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 1")


def test_keyboard_slash_enter_and_arrows(page: Any, base: str) -> None:
    page.goto(base + "index.html")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-q"
    page.keyboard.type("reykjavik")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=reykjavik"))
    _results(page)
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent").startswith("Fisheries talks")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"cables/06BRUSSELS902\.html$"))
    assert "Fisheries talks" in page.inner_text("h1")


def test_reading_offline_follows_every_link_kind(page: Any, base: str) -> None:
    page.goto(base + "index.html")
    page.click("text=Zimbabwe elections and the opposition >> nth=0")
    page.wait_for_url(re.compile(r"cables/07BRUSSELS901\.html$"))
    assert page.inner_text("h1").startswith("Zimbabwe elections and the opposition")
    page.click("a.pnum >> nth=0")
    assert re.search(r"#p\d+$", page.url)
    # The citation is rewritten by reader.js on "hashchange", an event the browser
    # queues after the click returns: wait for it rather than read at once.
    page.wait_for_function(
        "document.querySelector('.cite-chicago').textContent.includes('para. ')",
        timeout=5000)
    page.click(".site-nav >> text=Cables")
    page.wait_for_url(re.compile(r"/index\.html$"))
    page.goto(base + "cables/07BRUSSELS881.html")
    page.click("text=JSON")
    assert '"id":"07BRUSSELS881"' in page.content().replace(" ", "")


def test_browser_tokenizer_matches_the_index(page: Any, base: str) -> None:
    page.goto(base + "search.html")
    samples = ["The Governments' policies, UNSCR 1540 and a crisis", "Brüxelles ÉTÉ ﬁnance",
               "GOB/GOI: MFA's démarche (Ref A) -- 07BRUSSELS881", "x" * 41 + " ok",
               "ΑΘΗΝΑ Αθήνα", "talks talk taxes bus shoes goes", "数字 \uff12\uff10\uff12\uff14 №5"]
    for text in samples:
        assert page.evaluate("t => cablegenSearch.terms(t)", text) == list(terms(text)), text


def test_print_hides_navigation_opens_details_keeps_numbers(page: Any, base: str) -> None:
    page.goto(base + "cables/07BRUSSELS881.html")
    inside = "details .recipients li >> nth=0"
    assert not page.is_visible(inside)
    page.emulate_media(media="print")
    assert not page.is_visible(".site-header") and not page.is_visible(".toc")
    assert page.is_visible(inside), "folded addressees print"
    assert page.is_visible("a.pnum >> nth=0")
    assert page.is_visible("#cite")
    after = page.evaluate("""() => getComputedStyle(
        document.querySelector('.references a[href]'), '::after').content""")
    assert "href" not in after and after.strip('"').startswith(" <")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
