"""REF blocks: letters, texts and canonical ids."""

from __future__ import annotations

import pytest

from generator.parse.lines import split_lines
from generator.parse.refs import parse_refs
from tests.cabletext import cable
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


def test_without_the_citing_year_only_dated_citations_get_an_id() -> None:
    refs = parse_refs(split_lines("REF: A. STATE 21535 B. 03 STATE 333924"), None, None)
    assert [r.id for r in refs] == [None, "03STATE333924"]


def test_a_page_break_inside_the_ref_block_is_skipped() -> None:
    c = cable("REF: A. STATE 21535\n\nBRUSSELS 00000881 002 OF 003\n\n     B. 03 STATE 333924\n\n"
              "1. Text.")
    assert [(r.label, r.text, r.id) for r in c.references] == [
        ("A", "STATE 21535", "07STATE21535"), ("B", "03 STATE 333924", "03STATE333924")]
    assert any(x.kind == "page-break" for x in c.apparatus)


def test_subject_continued_with_an_acronym_in_parentheses() -> None:
    c = cable("REF: STATE 208513\n\n(S) Emboff delivered reftel points.",
              subject="PRENOTIFICATION OF JAMA'AT AL-TAWHID WA'AL-JIHAD\n(JTJ) TO IRELAND")
    assert c.subject.endswith("(JTJ) TO IRELAND")
    assert [r.id for r in c.references] == ["07STATE208513"]


def test_lines_between_subject_and_ref_block() -> None:
    c = cable("REFORMS\n\nSENSITIVE\n\nDepartment for DS/ICI/CR\n\nREF:  Lagos 00546\n\n"
              "1. (SBU) Summary: text.", subject="MINISTER OF BUDGET ON BUDGET AND EXPENDITURE")
    assert c.subject == "MINISTER OF BUDGET ON BUDGET AND EXPENDITURE REFORMS"
    assert "SENSITIVE" in c.caveats and c.passing == ("Department for DS/ICI/CR",)
    assert [r.id for r in c.references] == ["07LAGOS546"]
    assert c.paragraphs[0].number == 1


def test_ref_lines_without_a_colon() -> None:
    assert [r.id for r in cable("REFTEL A) YEREVAN 656  B) YEREVAN 449\n\n1. Text.").references] \
        == ["07YEREVAN656", "07YEREVAN449"]
    assert [r.id for r in cable("REF STATE 184131\n\n1. Text.").references] == ["07STATE184131"]
    body = cable("REFTELS REQUEST THAT POST INFORM THE GOV ON 12 MARCH.\n\n2. Text.")
    assert body.references == () and body.paragraphs[0].text.startswith("REFTELS")


def test_a_marked_paragraph_ends_the_ref_block() -> None:
    c = cable("REF: A. SECSTATE 102087\n\n     B. SECSTATE 89241\n\n (U)  1.  Poloff delivered "
              "reftel B points to Ambassador Rhadys Abreu de Polanco.")
    assert [r.label for r in c.references] == ["A", "B"]
    assert "Poloff" in c.paragraphs[0].text
