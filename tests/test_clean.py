"""The cleaning passes, each on its own fixtures and as a chain."""

from __future__ import annotations

import pytest

from generator.parse.clean import PASSES, clean
from generator.parse.lines import split_lines
from tests.fixturefile import cases


@pytest.mark.parametrize(("text", "expected"), cases("clean.txt"))
def test_clean_fixture(text: str, expected: str) -> None:
    lines, _ = clean(split_lines(text))
    assert "\n".join(line.text for line in lines) == expected


@pytest.mark.parametrize(("text", "expected"), cases("clean.txt"))
def test_every_change_is_recorded(text: str, expected: str) -> None:
    """What a pass removes or rewrites shows up in its corrections, with its line."""
    _, corrections = clean(split_lines(text))
    if text == expected:
        assert corrections == []
    else:
        assert corrections, "text changed but nothing was recorded"
        originals = text.split("\n")
        for c in corrections:
            assert c.original.strip() in originals[c.line - 1]


def test_passes_are_declared_in_order() -> None:
    names = [name for name, _ in PASSES]
    assert names[0] == "conversion" and "page-breaks" in names
    assert len(set(names)) == len(names)
