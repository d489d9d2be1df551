"""Mentions in the text: references, cited cables and paragraphs that the prose names."""

from __future__ import annotations

import pytest

from generator.model import Cable
from tests.cabletext import cable
from tests.fixturefile import cases


def describe(c: Cable) -> str:
    rows = []
    for m in c.mentions:
        text = c.subject if m.block < 0 else c.paragraphs[m.block].text
        labels = ",".join(dict.fromkeys(str(c.references[i].label) for i in m.refs))
        rows.append(f"{m.block}|{m.kind}|{text[m.start:m.end]}|{labels}|{m.id or ''}|"
                    f"{'' if m.paragraph is None else m.paragraph}")
    return "\n".join(rows)


@pytest.mark.parametrize(("text", "expected"), cases("mentions.txt"))
def test_mentions_fixture(text: str, expected: str) -> None:
    subject = "ANSWER TO STATE 21535" if "in the subject" in expected or expected.startswith(
        "-1") else "A TEST"
    assert describe(cable(text, subject)) == expected


def test_mentions_point_into_the_cleaned_text() -> None:
    c = cable("REF: STATE 21535\n\n1. Per reftel, see para 2.\n\n2. BRUSSELS 5536 agrees.")
    assert c.mentions
    for m in c.mentions:
        block = c.paragraphs[m.block].text
        assert 0 <= m.start < m.end <= len(block)
