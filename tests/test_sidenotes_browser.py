"""Sidenotes in a real headless Chromium, JavaScript off: margin when wide, under the text when not.

The example site is built and read from disk (``file://``). On a wide screen
each note stands in the right margin, level with (never above) its
paragraph, notes never overlap one another and the text is not pushed apart;
on a narrow screen and on paper each note follows its paragraph within the
text column.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from generator.build import build


@pytest.fixture
def edition(example_site: Path, tmp_path: Path) -> str:
    out = tmp_path / "out"
    result = build(example_site, out)
    assert not [d for d in result.diagnostics if d.level != "info"]
    return (out / "cables" / "07BRUSSELS881.html").as_uri()


def layout(browser: Any, url: str, width: int, media: str = "screen") -> dict[str, Any]:
    """Boxes of every annotated paragraph, its notes and the paragraphs, JavaScript off."""
    page = browser.new_page(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page.emulate_media(media=media)
    page.goto(url)
    boxes = page.evaluate("""() => {
      const box = e => { const r = e.getBoundingClientRect();
        return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right}; };
      return {
        scripts: document.scripts.length,
        width: innerWidth,
        paras: [...document.querySelectorAll('#text .para')].map(p => ({id: p.id, ...box(p)})),
        notes: [...document.querySelectorAll('#text aside.sidenote')].map(a => ({
          id: a.id, para: a.parentElement.querySelector('.para').id, ...box(a),
          float: getComputedStyle(a).float})),
        marks: [...document.querySelectorAll('#text a.note-phrase, #text a.note-marker')]
          .map(a => a.getAttribute('href')),
      };
    }""")
    page.close()
    return boxes  # type: ignore[no-any-return]


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["id"]: i for i in items}


def test_wide_notes_stand_in_the_margin(browser: Any, edition: str) -> None:
    got = layout(browser, edition, 1400)
    paras, notes = by_id(got["paras"]), got["notes"]
    assert len(notes) >= 4  # laid out with JavaScript off (see layout)
    assert got["marks"] == [f"#note-{n}" for n in range(1, len(notes) + 1)]
    text_right = max(p["right"] for p in got["paras"])
    for note in notes:
        para = paras[note["para"]]
        assert note["float"] == "right"
        assert note["left"] >= text_right, f"{note['id']} overlaps the text column"
        assert note["top"] >= para["top"] - 2, f"{note['id']} stands above its paragraph"
    first = notes[0]
    assert abs(first["top"] - paras[first["para"]]["top"]) < 12, "note 1 is level with ¶1"
    for prev, nxt in pairwise(notes):
        assert nxt["top"] >= prev["bottom"] - 1, f"{nxt['id']} overlaps {prev['id']}"
    # the text is not pushed apart by long notes: ¶1 and [2] follow each other closely
    assert paras["p2"]["top"] - paras["p1"]["bottom"] < 40


@pytest.mark.parametrize(("width", "media"), [(500, "screen"), (900, "screen"), (1400, "print")])
def test_narrow_and_print_notes_follow_their_paragraph(browser: Any, edition: str, width: int,
                                                        media: str) -> None:
    got = layout(browser, edition, width, media)
    paras = by_id(got["paras"])
    order = [p["id"] for p in got["paras"]]
    for note in got["notes"]:
        assert note["right"] <= got["width"], f"{note['id']} runs off the screen"
        para = paras[note["para"]]
        assert note["float"] == "none"
        assert note["top"] >= para["bottom"] - 1, f"{note['id']} is not under its paragraph"
        assert para["left"] - 1 <= note["left"] and note["right"] <= para["right"] + 1
        later = order.index(note["para"]) + 1
        if later < len(order):
            assert note["bottom"] <= paras[order[later]]["top"], f"{note['id']} overlaps the text"
