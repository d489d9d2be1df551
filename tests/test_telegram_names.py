"""The coverage benchmark's rules for names in telegrams written in capitals."""

from __future__ import annotations

import pytest

from bench.acronyms import Evidence
from bench.telegram_names import caps_precision, reads_as_word, telegram_rule


def caps_rule(text: str, token: str, names: frozenset[str] = frozenset(),
              claimed: frozenset[str] = frozenset()) -> str | None:
    start = text.index(token)
    return telegram_rule(text, start, start + len(token), names, claimed)


@pytest.mark.parametrize(("token", "expected"), [
    ("XANANA", True), ("KRAJINA", True), ("PRIJEDOR", True), ("OMARSKA", True),
    ("NATO", False),      # four letters: too short to tell
    ("UNSCR", False),     # 20% vowels
    ("SRBSKA", False),    # four consonants in a row
    ("AAAAAA", False),    # all vowels
])
def test_tokens_that_read_as_words(token: str, expected: bool) -> None:
    assert reads_as_word(token) is expected


def test_a_name_that_reads_as_a_word() -> None:
    assert caps_rule("TALKS WITH XANANA ON TUESDAY", "XANANA") == "spelling"


def test_a_claimed_token_is_never_a_name() -> None:
    text = "UNPROFOR SAID THAT THE MFA ARGUED"
    assert caps_rule(text, "UNPROFOR") == "spelling"
    assert caps_rule(text, "UNPROFOR", claimed=frozenset({"UNPROFOR"})) is None
    assert caps_rule(text, "MFA", claimed=frozenset({"MFA"})) is None


def test_the_one_who_speaks() -> None:
    assert caps_rule("AS HOSS SAID, THE TALKS", "HOSS") == "speaker"
    assert caps_rule("AS HOSS SAIDA, THE TALKS", "HOSS") is None  # not the verb


def test_the_other_half_of_a_name() -> None:
    names = frozenset({"ALKATIRI", "JOBE"})
    assert caps_rule("MARI ALKATIRI, WHO", "MARI", names) == "beside-name"
    assert caps_rule("THE JOBE ZZX ARRIVED", "ZZX", names) == "beside-name"
    assert caps_rule("MARI ALKATIRI", "MARI") is None  # nothing says ALKATIRI is a name
    assert caps_rule("MARI/ALKATIRI", "MARI", names) is None  # one space, nothing else
    # a name that the glossary also claims does not make its neighbour a name
    assert caps_rule("THE JOBE ZZX", "ZZX", names, claimed=frozenset({"JOBE"})) is None


def test_precision_is_counted_against_the_mixed_case_cables() -> None:
    evidence = Evidence()
    evidence.add("Xanana met Xanana; the TOPSEC and TOPSEC firms; Hoss and HOSS.", caps=False)
    text = "XANANA AND TOPSEC MET HOSS"
    samples = [(text, text.index(t), text.index(t) + len(t), rule)
               for t, rule in (("XANANA", "spelling"), ("TOPSEC", "spelling"),
                               ("HOSS", "speaker"), ("AND", None))]
    counts = caps_precision(samples, evidence, claimed=frozenset())
    assert counts["spelling"] == {"name": 1, "acronym": 1}
    assert "speaker" not in counts  # HOSS: once each way, no label
    assert caps_precision(samples, evidence, claimed=frozenset({"TOPSEC"}))["spelling"] == {
        "name": 1}
