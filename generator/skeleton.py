"""``cablegen new DIR``: a new site that builds at once, with one example cable."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

SITE_TOML = """\
# Settings of this edition; `cablegen build` reads them. See the README for every key.
title = "{title}"
description = ""
# base_url = "https://example.org/cables/"   # needed for feeds, sitemap, canonical links
language = "en"
output = "_site"
"""

ABOUT = """\
# About this edition

Explain here where the cables come from, how the text was cleaned and how
paragraphs are cited. Every Markdown file in `content/pages/` becomes a page.
"""


def create_site(target: Path) -> int:
    """Create a site folder; refuse to touch a folder that already has files."""
    if target.exists() and any(target.iterdir()):
        print(f"cablegen: error: {target} exists and is not empty", file=sys.stderr)
        return 2
    (target / "content" / "notes").mkdir(parents=True, exist_ok=True)
    (target / "content" / "pages").mkdir(parents=True, exist_ok=True)
    (target / "themes").mkdir(exist_ok=True)
    title = target.resolve().name.replace("-", " ").replace("_", " ").title() or "Cable edition"
    (target / "site.toml").write_text(SITE_TOML.format(title=title), encoding="utf-8")
    (target / "content" / "pages" / "about.md").write_text(ABOUT, encoding="utf-8")
    example = resources.files("generator").joinpath("skeleton_files/07BRUSSELS881.txt")
    (target / "content" / "07BRUSSELS881.txt").write_bytes(example.read_bytes())
    print(f"Created {target}. Build it with: cablegen build --site {target}")
    return 0
