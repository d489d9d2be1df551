"""The parse stages on fixtures: transmission header and preamble."""

from __future__ import annotations

import pytest

from generator.parse.lines import split_lines
from generator.parse.preamble import parse_preamble
from generator.parse.transmission import parse_header
from tests.fixturefile import cases

KNOWN = frozenset({"PREL", "PGOV", "KNNP", "MNUC", "ECON", "TW", "IT"})


@pytest.mark.parametrize(("text", "expected"), cases("header.txt"))
def test_transmission_header(text: str, expected: str) -> None:
    head = parse_header([ln for ln in split_lines(text) if not ln.blank])
    t = head.transmission
    assert t is not None
    got = [f"id={t.transmission_id} prec={t.precedence} relays={','.join(t.relays)} "
           f"originator={t.originator} number={t.message_number} filing={t.filing_time}",
           f"security={t.security} dtg={t.dtg} date="
           f"{head.date.strftime('%Y-%m-%dT%H:%M') if head.date else None}",
           f"fm={t.fm}"]
    for name, group in (("to", t.to), ("info", t.info), ("xmt", t.xmt)):
        got += [f"{name}={a.routing}|{a.name}|{a.precedence}|{a.number}" for a in group]
    assert "\n".join(got) == expected


@pytest.mark.parametrize(("text", "expected"), cases("preamble.txt"))
def test_preamble(text: str, expected: str) -> None:
    lines = split_lines(text)
    pre = parse_preamble(lines, KNOWN)
    body = lines[pre.body_start:]
    got = [f"level={pre.level}", f"section={pre.section}",
           f"station={pre.station} serial={pre.serial}", f"caveats={','.join(pre.caveats)}",
           f"passing={'|'.join(pre.passing)}", f"eo={pre.eo}",
           f"tags={','.join(t.code for t in pre.tags)}", f"subject={pre.subject}",
           f"subject_marking={pre.subject_marking}", f"classified_by={pre.classified_by}",
           f"body={body[0].text if body else ''}"]
    assert "\n".join(got) == expected


@pytest.mark.parametrize(("text", "expected"), cases("paragraphs.txt"))
def test_paragraphs(text: str, expected: str) -> None:
    from generator.parse.paragraphs import parse_body

    body = parse_body(split_lines(text), set(), set())
    got = [f"{p.number} {'[inferred]' if p.inferred else '.'} {p.kind} {p.marking} "
           f"{p.text.replace(chr(10), '⏎')}" for p in body.paragraphs]
    gaps = ",".join(f"({a}, {b})" for a, b in body.gaps)
    got.append(f"signer={body.signer} gaps={gaps}")
    assert "\n".join(got) == expected
