"""Glossary terms in a real headless Chromium: keyboard focus, accessible description, file://."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.build import build
from tests.conftest import SEED, MakeSite

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _playwright():  # type: ignore[no-untyped-def]
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI")
        pytest.skip("chromium is not installed")
    return sync_playwright


def test_keyboard_reaches_a_term_and_hears_its_expansion(make_site: MakeSite) -> None:
    sync_playwright = _playwright()
    site = make_site({"content/seed.txt": SEED.read_text(encoding="utf-8")})
    build(site)
    page_file = site / "_site" / "cables" / "07BRUSSELS881.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
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
        browser.close()
