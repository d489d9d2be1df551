"""REF blocks: letters, texts and canonical ids."""

from __future__ import annotations

import pytest

from generator.parse.lines import split_lines
from generator.parse.refs import parse_refs
from tests.fixturefile import cases


@pytest.mark.parametrize(("text", "expected"), cases("refs.txt"))
def test_refs_fixture(text: str, expected: str) -> None:
    year, _, block = text.partition("\n")
    refs = parse_refs(split_lines(block), int(year), self_id=None)
    got = "\n".join(f"{r.label}|{r.text}|{r.id}" for r in refs)
    assert got == expected


def test_a_cable_never_cites_itself() -> None:
    refs = parse_refs(split_lines("REF: BRUSSELS 881"), 2007, self_id="07BRUSSELS881")
    assert [r.id for r in refs] == [None]
