"""Notes in a built site: introduction above the cable, notes by their paragraphs, JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.build import BuildResult, build
from tests.conftest import SEED, MakeSite

NOTES = """+++
title = "An editor's title"
summary = "What the cable says, in one sentence."
keywords = ["nuclear terrorism", "Belgium"]
+++

The *introduction*, citing 07STATE21535 and 07BRUSSELS881 ¶5.[^src]

## ¶5 "IAEA is an observer member"

On the **IAEA**; see ¶9.

## ¶7

On the whole of paragraph 7.

[^src]: A source for the introduction.
"""


def site(make_site: MakeSite, files: dict[str, str]) -> tuple[Path, BuildResult]:
    root = make_site({"content/07BRUSSELS881.txt": SEED.read_text(encoding="utf-8"), **files})
    return root, build(root, root / "_site")


def page(root: Path, path: str = "cables/07BRUSSELS881.html") -> str:
    return (root / "_site" / path).read_text(encoding="utf-8")


def codes(result: BuildResult) -> list[str]:
    return [f"{d.path}:{d.line}:{d.code}" for d in result.diagnostics if d.level != "info"]


def test_introduction_notes_and_marks(make_site: MakeSite) -> None:
    root, result = site(make_site, {"content/notes/07BRUSSELS881.md": NOTES})
    assert codes(result) == []
    html = page(root)
    intro = html.index('id="introduction"')
    assert html.index('id="cable-title"') < intro < html.index('id="metadata"')
    assert "<em>introduction</em>" in html
    assert '<p class="editor-title">An editor&#39;s title</p>' in html
    assert '<span class="keyword">nuclear terrorism</span>' in html
    # the phrase is marked in paragraph 5 and linked to note 1, the note follows in the wrapper
    p5 = re.search(r'<div class="annotated">\s*<aside class="sidenote" id="note-1".*?</aside>\s*'
                   r'<p class="para" id="p5">(.*?)</p>\s*</div>', html, re.S)
    assert p5, "paragraph 5 is wrapped with its note"
    assert ('<a class="note-phrase" href="#note-1" id="note-ref-1">IAEA is an observer member'
            '<sup class="note-num">') in p5[1]
    # a paragraph-level note: its number at the end of the paragraph
    p7 = re.search(r'<p class="para" id="p7">(.*?)</p>', html, re.S)
    assert p7 and p7[1].endswith('<a class="note-marker" href="#note-2" id="note-ref-2">'
                                 '<sup class="note-num"><span class="visually-hidden"> note '
                                 '</span>2</sup></a>')
    assert '<a href="#p9" class="para-ref">¶9</a>' in html
    assert '<a href="07BRUSSELS881.html#p5" class="cable-ref">07BRUSSELS881 ¶5</a>' in html
    assert 'href="https://wikileaks.org/plusd/cables/07STATE21535_a.html"' in html
    assert 'id="editor-footnotes"' in html and 'id="fn-n-1"' in html


def test_json_gains_notes_and_introduction(make_site: MakeSite) -> None:
    root, _ = site(make_site, {"content/notes/07BRUSSELS881.md": NOTES})
    data = json.loads(page(root, "cables/07BRUSSELS881.json"))
    assert data["introduction"].startswith("<p>The <em>introduction</em>")
    assert [(n["anchor"], n["paragraph"], n["phrase"], n["number"]) for n in data["notes"]] == [
        ("p5", 5, "IAEA is an observer member", 1), ("p7", 7, None, 2)]
    assert data["notes"][0]["html"] == ('<p>On the <strong>IAEA</strong>; see '
                                        '<a href="#p9" class="para-ref">¶9</a>.</p>\n')
    assert data["editorial"]["keywords"] == ["nuclear terrorism", "Belgium"]
    assert data["editorial"]["source"] == "content/notes/07BRUSSELS881.md"
    for key in ("id", "paragraphs", "apparatus", "references", "persons"):
        assert key in data


def test_cable_without_notes_has_empty_keys(make_site: MakeSite) -> None:
    root, _ = site(make_site, {})
    data = json.loads(page(root, "cables/07BRUSSELS881.json"))
    assert (data["introduction"], data["notes"], data["editorial"]) == (None, [], None)
    assert 'class="annotated"' not in page(root) and "has-notes" not in page(root)


def test_notes_beside_the_cable(make_site: MakeSite) -> None:
    root, _ = site(make_site, {"content/07BRUSSELS881.md": "Beside.\n"})
    assert "<p>Beside.</p>" in page(root)


def test_notes_named_in_front_matter(make_site: MakeSite) -> None:
    root, _ = site(make_site, {"content/notes/my-notes.md": '+++\ncable = "07BRUSSELS881"'
                                                            '\n+++\nNamed.\n'})
    assert "<p>Named.</p>" in page(root)


def test_anchor_problems_are_reported_at_the_notes_line(make_site: MakeSite) -> None:
    text = "Intro.\n\n## ¶4\n\nMissing paragraph.\n\n## ¶5 \"not in the text\"\n\nPhrase.\n"
    root, result = site(make_site, {"content/notes/07BRUSSELS881.md": text})
    assert codes(result) == ["content/notes/07BRUSSELS881.md:3:note-anchor-paragraph",
                             "content/notes/07BRUSSELS881.md:7:note-anchor-phrase"]
    html = page(root)
    assert 'id="unattached-notes"' in html and "<p>Missing paragraph.</p>" in html
    formatted = [d.format() for d in result.diagnostics if d.code == "note-anchor-paragraph"]
    assert formatted[0].startswith("content/notes/07BRUSSELS881.md:3: warning: ¶4 is not a "
                                   "paragraph of 07BRUSSELS881")


def test_hostile_links_in_notes_are_refused_with_their_line(make_site: MakeSite) -> None:
    text = ("Intro [plain](javascript:alert(1)).\n\n## ¶5\n\n[upper](JAVASCRIPT:alert(1)) and\n"
            "[encoded](&#106;avascript:alert(1)) and ![x](data:text/html,x)\n")
    root, result = site(make_site, {"content/notes/07BRUSSELS881.md": text})
    assert codes(result) == [f"content/notes/07BRUSSELS881.md:{n}:unsafe-link" for n in
                             (1, 5, 6, 6)]
    html = page(root) + page(root, "cables/07BRUSSELS881.json")
    assert "javascript:" not in html.lower() and "data:text" not in html


def test_notes_file_problems(make_site: MakeSite) -> None:
    _, result = site(make_site, {
        "content/notes/07BRUSSELS881.md": '+++\ntitel = "x"\nkeywords = "one"\n+++\nText.\n',
        "content/07BRUSSELS881.md": "A second file for the same cable.\n",
        "content/notes/README.md": "Not a cable's notes.\n",
        "content/notes/08PARIS1.md": "A cable the site lacks.\n",
        "content/notes/broken.md": '+++\ncable = "07BRUSSELS881\n+++\n',
    })
    assert sorted(codes(result)) == sorted([
        "content/notes/07BRUSSELS881.md:0:notes-duplicate",
        "content/notes/07BRUSSELS881.md:2:unknown-key",
        "content/notes/07BRUSSELS881.md:3:wrong-type",
        "content/notes/08PARIS1.md:0:notes-orphan",
        "content/notes/README.md:0:notes-name",
        "content/notes/broken.md:0:notes-name",
        "content/notes/broken.md:2:toml-syntax",
    ])


def test_unclosed_front_matter_keeps_the_text(make_site: MakeSite) -> None:
    text = "+++\ntitle = 'x'\n\nBody.\n"
    root, result = site(make_site, {"content/notes/07BRUSSELS881.md": text})
    assert codes(result) == ["content/notes/07BRUSSELS881.md:1:front-matter"]
    assert "<p>Body.</p>" in page(root)


def test_headings_in_notes_sit_below_the_page_outline(make_site: MakeSite) -> None:
    text = "# Background\n\nIntro.\n\n## Sources\n\nMore.\n\n## ¶5\n\n### Detail\n\nNote.\n"
    root, _ = site(make_site, {"content/notes/07BRUSSELS881.md": text})
    html = page(root)
    assert "<h3>Background</h3>" in html and "<h4>Sources</h4>" in html
    assert "<h5>Detail</h5>" in html and "<h1>Background" not in html
