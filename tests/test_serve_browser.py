"""The preview in a real headless Chromium: it updates after a save and shows build errors.

An edit to a page's own content swaps its ``<main>`` in place (no reload: the
page's JavaScript world survives, which ``_mark`` and ``_kept`` tell); any
other change the page depends on reloads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.servekit import REF_CABLE, TIMEOUT, after, running, seed_text

WAIT_MS = TIMEOUT * 1000


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page (its own context: no cache shared between tests)."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


def _mark(page: Any) -> None:
    """Leave a mark in the page's JavaScript world: a reload wipes it."""
    page.evaluate("() => { window.__kept = true; }")


def _kept(page: Any) -> bool:
    return bool(page.evaluate("() => window.__kept === true"))


def test_a_save_updates_the_page_in_place(example_site: Path, page: Any) -> None:
    cable = example_site / "content" / "07BRUSSELS881.txt"
    with running(example_site) as preview:
        page.set_viewport_size({"width": 800, "height": 600})
        page.goto(preview.url + "cables/07BRUSSELS881.html#p5")
        assert "Music to the Ears" in page.inner_text("main")
        page.evaluate("() => window.scrollTo(0, 900)")
        page.wait_for_function("() => window.scrollY === 900")
        _mark(page)
        page.evaluate("() => document.addEventListener('cablegen:update', "
                      "() => { window.__updates = (window.__updates || 0) + 1; })")
        cable.write_text(seed_text().replace("Music to the Ears", "Music, saved again"))
        page.wait_for_function("() => document.querySelector('main').innerText"
                               ".includes('Music, saved again')")
        assert _kept(page), "an edit to the page's own text swaps <main>, without a reload"
        assert page.evaluate("() => window.__updates") == 1
        assert page.evaluate("() => window.scrollY") == 900, "the reader keeps their place"
        assert page.evaluate("() => document.querySelector(':target')?.id") == "p5", \
            "the paragraph in the address is the target again, as after a reload"
        assert page.title().startswith("07BRUSSELS881")
        assert page.locator("#cablegen-overlay").count() == 0
        # The theme's script works on the new <main>: choosing a paragraph cites it.
        page.evaluate("() => { location.hash = '#p2'; }")
        page.wait_for_function("() => document.querySelector('#cite .cite-chicago')"
                               ".textContent.includes('para. 2')")
        assert _kept(page)


def test_the_error_overlay_appears_and_goes(example_site: Path, page: Any) -> None:
    config = example_site / "site.toml"
    good = config.read_text()
    with running(example_site) as preview:
        page.goto(preview.url + "cables/07BRUSSELS881.html")
        page.wait_for_function("() => document.readyState === 'complete'")
        _mark(page)
        overlay = page.locator("#cablegen-overlay section")
        after(preview, lambda: config.write_text(good + "colour = \"red\"\n"))
        overlay.wait_for(state="visible")
        line = len(good.splitlines()) + 1
        assert f"site.toml:{line}:" in overlay.inner_text()
        assert "unknown key 'colour'" in overlay.inner_text()
        assert "last good build" in overlay.inner_text()
        assert _kept(page), "a failed build must not reload the page"
        assert "Music to the Ears" in page.inner_text("main")
        after(preview, lambda: config.write_text(good))
        overlay.wait_for(state="detached")
        assert _kept(page)


def test_the_overlay_shows_a_template_error_and_the_fix_updates(example_site: Path,
                                                               page: Any) -> None:
    template = example_site / "themes" / "default" / "templates" / "cable.html"
    original = template.read_text()
    with running(example_site) as preview:
        page.goto(preview.url + "cables/07BRUSSELS881.html")
        _mark(page)
        template.write_text(original.replace("{% block main %}", "{% block main %}{{ 1 +"))
        overlay = page.locator("#cablegen-overlay section")
        overlay.wait_for(state="visible")
        assert "themes/default/templates/cable.html:" in overlay.inner_text()
        assert _kept(page)
        template.write_text(original.replace("{% block main %}",
                                             "{% block main %}<p id=fixed>Fixed</p>"))
        page.locator("#fixed").wait_for()
        page.locator("#cablegen-overlay").wait_for(state="detached")
        assert _kept(page), "the fix changed only <main>: swapped in place"
        base = template.with_name("base.html")
        base.write_text(base.read_text().replace("<footer", "<footer data-edited", 1))
        page.wait_for_function("() => window.__kept !== true")  # outside <main>: a reload
        page.locator("footer[data-edited]").wait_for()


def test_a_missing_page_appears_when_its_cable_is_saved(example_site: Path, page: Any) -> None:
    with running(example_site) as preview:
        response = page.goto(preview.url + "cables/07STATE21535.html")
        assert response.status == 404 and "Not found" in page.inner_text("body")
        _mark(page)
        with page.expect_event("load", timeout=WAIT_MS):
            (example_site / "content" / "ref.txt").write_text(REF_CABLE)
        page.wait_for_function("() => document.title.startsWith('07STATE21535')")
        assert not _kept(page)


def test_ten_open_tabs_all_load_and_all_reload(example_site: Path, browser: Any) -> None:
    """Browsers allow six connections per host: the tabs must share one event stream."""
    cable = example_site / "content" / "07BRUSSELS881.txt"
    context = browser.new_context()
    try:
        with running(example_site) as preview:
            pages = []
            for _ in range(10):
                tab = context.new_page()
                tab.set_default_timeout(WAIT_MS)
                tab.goto(preview.url + "cables/07BRUSSELS881.html")
                _mark(tab)
                pages.append(tab)
            cable.write_text(seed_text().replace("Music to the Ears", "Music in every tab"))
            for tab in pages:
                tab.wait_for_function(
                    "() => document.body.innerText.includes('Music in every tab')")
                assert _kept(tab)
    finally:
        context.close()


def test_an_edit_reloads_the_tabs_it_changes_and_no_other(example_site: Path,
                                                          browser: Any) -> None:
    """Each publish lists what it changed; a tab whose page and files are not listed stays."""
    cable = example_site / "content" / "07BRUSSELS881.txt"
    style = example_site / "themes" / "default" / "static" / "style.css"
    context = browser.new_context()
    try:
        with running(example_site) as preview:
            tabs = {}
            for path in ("cables/07BRUSSELS881.html", "about.html"):
                tab = context.new_page()
                tab.set_default_timeout(WAIT_MS)
                tab.goto(preview.url + path)
                tab.wait_for_function("() => document.readyState === 'complete'")
                _mark(tab)
                tabs[path] = tab
            cable_tab, about_tab = tabs.values()
            after(preview, lambda: cable.write_text(
                seed_text().replace("Belgian", "Belgian (edited)", 1)))
            cable_tab.wait_for_function(
                "() => document.body.innerText.includes('Belgian (edited)')")
            assert _kept(cable_tab), "its own page changed: swapped in place"
            assert _kept(about_tab), "a page the edit did not change must not reload"
            loaded = cable_tab.evaluate("() => performance.getEntriesByType('resource')"
                                        ".map((e) => new URL(e.name).pathname.slice(1))")
            state = preview.live.state()  # the full build's publish, after the first look
            assert state.changed is not None
            assert not {"cables/07BRUSSELS881.html", *loaded} & set(state.changed), \
                "the edited page, shown first, must not reload a second time"
            _mark(cable_tab)
            with about_tab.expect_event("load", timeout=WAIT_MS):
                style.write_text(style.read_text() + "\n/* edited */\n")
            assert not _kept(about_tab), "every page loads the style sheet"
            cable_tab.wait_for_function("() => window.__kept !== true")
    finally:
        context.close()
