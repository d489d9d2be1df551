"""Anchored notes: syntax, placement on the seed cable, and what a built site shows."""

from __future__ import annotations

import pytest

from generator.diagnostics import Diagnostic
from generator.markdown import make_markdown
from generator.model import Cable
from generator.notes.anchors import split
from generator.notes.place import place
from generator.parse import parse_unit
from generator.read.units import read_file
from tests.conftest import REPO
from tests.fixturefile import cases


@pytest.fixture(scope="module")
def seed() -> Cable:
    unit = next(read_file(REPO, "content/07BRUSSELS881.txt", "txt"))
    cable, _ = parse_unit(unit)  # type: ignore[arg-type]
    return cable


def _describe(text: str, cable: Cable) -> str:
    sections, diags = split(make_markdown().parse(text, {}), "n.md")
    placed, problems = place(tuple(a for a, _, _ in sections.notes), cable, "n.md")
    out = []
    for p in placed:
        a = p.anchor
        where = f"¶{a.paragraph}" if p.index is not None else "-"
        phrase = f' "{a.phrase}"' if a.phrase and p.index is not None else ""
        how = "unattached" if p.index is None else "marked" if p.span else "paragraph"
        out.append(f"{p.number} {where}{phrase} {how}")
    found: list[Diagnostic] = sorted(diags + problems, key=lambda d: d.line)
    return "\n".join(out + [f"{d.level} {d.code} @{d.line}" for d in found])


@pytest.mark.parametrize(("text", "expected"), cases("anchors.txt"))
def test_anchors_fixture(text: str, expected: str, seed: Cable) -> None:
    assert _describe(text, seed) == expected


def test_marked_phrase_is_the_exact_text(seed: Cable) -> None:
    sections, _ = split(make_markdown().parse('## ¶2 "lowest,   commop"\n\nx', {}), "n.md")
    (p,), _ = place(tuple(a for a, _, _ in sections.notes), seed, "n.md")
    assert p.span is not None and p.index is not None
    assert seed.paragraphs[p.index].text[p.span[0]:p.span[1]] == "lowest, commop"
