"""Link integrity: the build finds every broken internal link and anchor of its output."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.build import build
from generator.linkcheck import LinkChecker, check_folder
from tests.conftest import CORPUS, REPO, corpus_available
from tests.test_cli import run


def problems(pages: dict[str, str]) -> list[tuple[str, str, str]]:
    checker = LinkChecker()
    for path, html in pages.items():
        checker.feed(path, html.encode())
    return [(page, message, code) for page, _, message, code in checker.problems()]


def test_broken_links_and_anchors_are_found() -> None:
    found = problems({
        "index.html": '<p id="top"><a href="cables/A.html#p2">A</a> <a href="cables/B.html">B'
                      '</a> <a href="#top">top</a> <a href="#gone">gone</a> <a href="tags/">x</a>'
                      ' <a href="../up.html">up</a> <a href="https://example.org/">out</a>'
                      ' <a href="mailto:a@b.org">mail</a></p>',
        "cables/A.html": "<p id='p1'><a href='../index.html#top'>home</a> "
                         "<a href=\"A.html#p1\">self</a> <a href=\"#p3\">p3</a>"
                         "<script>document.write('<a href=\"nowhere.html\">')</script></p>",
        "static/style.css": "body {}",
    })
    assert sorted(found) == sorted([
        ("index.html", "link to #gone: no element with id 'gone' on this page", "broken-anchor"),
        ("cables/A.html", "link to #p3: no element with id 'p3' on this page", "broken-anchor"),
        ("index.html", "link to ../up.html: outside the output folder", "broken-link"),
        ("index.html", "link to cables/B.html: no such file in the output", "broken-link"),
        ("index.html", "link to tags/: a folder URL (pages end in .html)", "broken-link"),
        ("index.html", "link to cables/A.html#p2: no element with id 'p2' there",
         "broken-anchor"),
    ])


def test_many_links_to_one_missing_page_are_reported_with_a_count() -> None:
    pages = {f"cables/{n}.html": '<a href="../gone.html">x</a>' for n in range(10)}
    found = problems(pages)
    assert len(found) == 3
    assert found[-1][1].endswith("(and 7 more pages link to it)")


def test_encoded_fragments_and_single_quotes() -> None:
    assert problems({"a.html": "<p id=\"x y\"></p><a href='#x%20y'>x</a>"
                                '<a\nhref="b.html#q&amp;r">b</a>',
                     "b.html": '<h2 id="q&amp;r">q</h2>'}) == []


def test_example_site_has_no_broken_link(example_site: Path, tmp_path: Path) -> None:
    result = build(example_site, tmp_path / "out")
    assert not [d for d in result.diagnostics if d.code.startswith("broken-")]
    assert check_folder(tmp_path / "out") == []
    assert (tmp_path / "out" / "tags" / "PTER.html").is_file()


def test_the_build_reports_broken_links_and_strict_fails(example_site: Path) -> None:
    theme = example_site / "themes" / "default" / "templates"
    theme.mkdir(parents=True, exist_ok=True)
    (theme / "index.html").write_text(
        (REPO / "themes/default/templates/index.html").read_text().replace(
            "{% block main %}", '{% block main %}\n<a href="{{ url(\'nowhere.html\') }}">x</a>'))
    done = run("build", "--site", str(example_site))
    assert done.returncode == 0, done.stderr
    m = re.search(r"^_site/index.html:(\d+): warning: link to nowhere.html: no such file in "
                  r"the output \[broken-link\]$", done.stderr, re.M)
    assert m, done.stderr
    lines = (example_site / "_site" / "index.html").read_text().splitlines()
    assert 'href="nowhere.html"' in lines[int(m[1]) - 1]
    assert run("build", "--site", str(example_site), "--strict").returncode == 1
    other = run("build", "--site", str(example_site), "--out", str(example_site / "other"))
    assert re.search(r"^other/index.html:\d+: warning: link to nowhere.html", other.stderr,
                     re.M), other.stderr  # the same pages elsewhere: named where they are


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A site whose content/ links to the corpus CSV and HTML folder, built once."""
    if not corpus_available():
        pytest.skip("../shared/corpus is not beside the repository")
    root = tmp_path_factory.mktemp("corpus")
    (root / "content").mkdir()
    os.symlink(CORPUS / "cables-sample.csv", root / "content" / "cables-sample.csv")
    os.symlink(CORPUS / "html", root / "content" / "html")
    (root / "site.toml").write_text('title = "Corpus"\n')
    result = build(root, root / "_site")
    assert result.cables > 8000
    return root / "_site", [d.format() for d in result.diagnostics]


def test_corpus_build_has_no_broken_link(corpus_site: tuple[Path, list[str]]) -> None:
    out, diags = corpus_site
    assert [d for d in diags if "[broken-" in d] == []
    assert check_folder(out) == []


def test_corpus_build_links_cables_to_each_other(corpus_site: tuple[Path, list[str]]) -> None:
    out, diags = corpus_site
    html = (out / "cables" / "04TAIPEI3807.html").read_text()
    assert 'class="xref" href="04TAIPEI3797.html"' in html
    backlinks = sum(1 for p in (out / "cables").glob("*.html")
                    if 'id="referenced-by"' in p.read_text())
    assert backlinks > 1000
    assert any("[unresolved-references]" in d for d in diags)
    assert len(list((out / "tags").glob("*.html"))) > 500
    assert (out / "posts" / "BRUSSELS.html").is_file()
    assert (out / "dates" / "2004-03.html").is_file()
