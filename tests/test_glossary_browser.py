"""Glossary terms in a real headless Chromium: keyboard focus, accessible description, file://."""

from __future__ import annotations

from typing import Any

import pytest

from generator.build import build
from tests.conftest import SEED, MakeSite


def test_keyboard_reaches_a_term_and_hears_its_expansion(make_site: MakeSite,
                                                         browser: Any) -> None:
    site = make_site({"content/seed.txt": SEED.read_text(encoding="utf-8")})
    build(site)
    page_file = site / "_site" / "cables" / "07BRUSSELS881.html"
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        term = page.locator("a.gl-term", has_text="UNSCR").first
        tip = page.locator("#" + str(term.get_attribute("aria-describedby")))
        assert not tip.is_visible()
        for _ in range(200):  # Tab through the page as a keyboard user does
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent") == "UNSCR":
                break
        else:
            pytest.fail("Tab never reached the term UNSCR")
        focused = page.locator(":focus")
        assert focused.get_attribute("class") == "gl-term"
        from playwright.sync_api import expect

        expect(focused).to_have_accessible_description("UN Security Council resolution")
        assert tip.is_visible()  # the tooltip shows on keyboard focus, without JavaScript
        page.keyboard.press("Enter")  # touch and keyboard users follow it to the list
        assert page.url.endswith(f"#{term.get_attribute('href', timeout=1000)[1:]}")
        entry = page.locator(":target")
        assert "UN Security Council resolution" in entry.locator(
            "xpath=following-sibling::dd[1]").inner_text()
        page.mouse.move(0, 0)
        page.locator("a.gl-term", has_text="IAEA").first.hover()
        assert page.locator("a.gl-term", has_text="IAEA").first.locator(
            "xpath=following-sibling::span[@role='tooltip']").is_visible()
    finally:
        page.close()
