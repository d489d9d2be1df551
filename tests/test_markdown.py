"""Editorial Markdown: hostile links refused at their line, ids linked, nothing lost to depth."""

from __future__ import annotations

import re
from html import unescape

import pytest

from generator.markdown import Collector, make_markdown, render
from generator.markdown.safety import refused_scheme
from generator.markdown.textlinks import cable_finder, glossary_finder, paragraph_finder
from tests.fixturefile import cases

EXTERNAL = "https://wikileaks.org/plusd/cables/{id}_a.html"


def collector(page: str = "cables/07BRUSSELS881.html") -> Collector:
    """A render on the seed's page: one cable in the site, paragraphs 1, 2 and 5-12."""
    site = {"07BRUSSELS881"}
    return Collector("content/notes/x.md", page, (
        cable_finder(lambda i: i if i in site else None, EXTERNAL),
        paragraph_finder([1, 2, *range(5, 13)])))


@pytest.mark.parametrize(("text", "expected"), cases("markdown.txt"))
def test_markdown_fixture(text: str, expected: str) -> None:
    found = collector()
    html = render(make_markdown(), text, found)
    lines = expected.split("\n")
    codes = [line for line in lines if re.fullmatch(r"[a-z-]+@\d+", line)]
    assert str(html).rstrip("\n") == "\n".join(lines[:len(lines) - len(codes)])
    assert [f"{d.code}@{d.line}" for d in found.diagnostics] == codes


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:x", "java\tscript:x",
    "java\nscript:x", "&#106;avascript:x", "&amp;#106;avascript:x", "%6aavascript:x",
    "%256aavascript:x", "vbscript:x", "VBSCRIPT:x", "file:///etc/passwd", "FILE://c:/x",
    "data:text/html,<script>", "DATA:text/html;base64,x", "\u200bjavascript:x",
])
def test_refused_schemes(url: str) -> None:
    assert refused_scheme(url) is not None
    assert refused_scheme(url, image=True) is not None


@pytest.mark.parametrize("url", [
    "https://example.org/javascript:x", "about.html", "#p5", "mailto:a@b.org",
    "cables/07STATE21535.html", "?q=javascript:", "/javascript:x",
])
def test_safe_urls(url: str) -> None:
    assert refused_scheme(url) is None


def test_raster_data_images_only() -> None:
    assert refused_scheme("data:image/png;base64,AAAA", image=True) is None
    assert refused_scheme("DATA:IMAGE/JPEG;base64,AAAA", image=True) is None
    assert refused_scheme("data:image/png;base64,AAAA") == "data"
    assert refused_scheme("data:image/svg+xml,<svg onload=x>", image=True) == "data"


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{3,}", text)


@pytest.mark.parametrize("prefix", [">" * 40 + " ", "- " * 40, "1. " * 30, "> - " * 15])
def test_deep_nesting_loses_no_word(prefix: str) -> None:
    text = f"First line.\n\n{prefix}lost unless guarded\n\nLast line."
    found = collector()
    html = render(make_markdown(), text, found)
    for word in words("First line lost unless guarded Last line"):
        assert word in html, word
    assert [d.code for d in found.diagnostics] == ["markdown-nesting"]
    assert found.diagnostics[0].line == 3


def test_markdown_it_alone_would_drop_it() -> None:
    """The guard is needed: plain markdown-it skips the deep text without a word."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(">" * 40 + " lost unless guarded")
    assert "guarded" not in html


PATHOLOGICAL = {"brackets": "[" * 30_000, "backticks": "`" * 100_000,
                "stars": "*" * 50_000 + "x", "open links": "[a](" * 20_000,
                "angles": "<" * 50_000, "emphasis": "*a " * 30_000,
                "nested links": "[" * 21 + "foo" + "]" * 21 + "()"}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_inline_loses_nothing(name: str) -> None:
    """Every letter and digit of the source is in the text of the output."""
    text = f"start {PATHOLOGICAL[name]} end"
    html = str(render(make_markdown(), text, collector()))
    shown = unescape(re.sub(r"<[^>]*>", "", html))
    assert re.sub(r"\W", "", shown) == re.sub(r"\W", "", text)


def test_findings_are_collected_in_env_not_globals() -> None:
    md = make_markdown()
    first, second = collector(), collector()
    render(md, "07STATE21535 and 07BRUSSELS881", first)
    render(md, "nothing here", second)
    assert first.cables == ["07STATE21535", "07BRUSSELS881"]
    assert second.cables == []


class Glossary:
    """The interface a glossary feature's state offers (issue 3): find_terms(text, cable_id)."""

    def __init__(self) -> None:
        self.asked: list[str | None] = []

    def find_terms(self, text: str, cable_id: str | None) -> list[tuple[int, int, str, str]]:
        self.asked.append(cable_id)
        meaning = "Government of Belgium" if cable_id and "BRUSSELS" in cable_id else "?"
        return [(m.start(), m.end(), f"glossary.html#{m[0].lower()}", meaning)
                for m in re.finditer(r"\bGOB\b", text)]


def test_glossary_terms_link_once_in_context() -> None:
    glossary = Glossary()
    finder = glossary_finder(glossary, "07BRUSSELS881")
    assert finder is not None
    found = collector()
    found.finders = (*found.finders, finder)
    html = render(make_markdown(), "The GOB said; the GOB [GOB](https://example.org) did.", found)
    assert str(html) == ('<p>The <a href="../glossary.html#gob" class="term" title="Government '
                         'of Belgium">GOB</a> said; the GOB <a href="https://example.org">GOB</a>'
                         ' did.</p>\n')
    assert found.terms == ["GOB"] and set(glossary.asked) == {"07BRUSSELS881"}


def test_no_glossary_no_finder() -> None:
    assert glossary_finder(None, "07BRUSSELS881") is None
    assert glossary_finder(object(), None) is None


def test_site_finders_use_the_glossary_only_if_present() -> None:
    from types import SimpleNamespace

    from generator.features.editorial import finders

    ctx = SimpleNamespace(corpus=SimpleNamespace(resolve=lambda i: None),
                          config=SimpleNamespace(get=lambda k: EXTERNAL), states={})
    assert len(finders(ctx)) == 1  # type: ignore[arg-type]
    ctx.states = {"glossary": Glossary()}
    assert len(finders(ctx)) == 2  # type: ignore[arg-type]
