"""The coverage benchmark's rules for what is not an acronym (bench/acronyms.py)."""

from __future__ import annotations

import pytest

from bench.acronyms import Evidence, occurrence_rule, place_pattern, signature_rule
from bench.coverage_corpus import SECTION_BREAK, closing_name


def rule(text: str, token: str, vocabulary: set[str] | None = None,
         places: tuple[str, ...] = ()) -> str | None:
    start = text.index(token)
    spans = [m.span() for m in place_pattern(places).finditer(text)]
    return occurrence_rule(text, start, start + len(token), spans, vocabulary or set())


def test_names_the_mixed_case_cables_write_in_lower_or_title_case() -> None:
    evidence = Evidence()
    evidence.add("President Tudjman told NATO and the UN; Tudjman left.", caps=False)
    evidence.add("Poloff met Tudjman; Poloff and POLOFF wrote.", caps=False)
    evidence.add("TUDJMAN TOLD NATO AND POLOFF.", caps=True)
    names = evidence.names(known={"POLOFF"})
    assert names.get("TUDJMAN") == "mixed-case"
    assert "NATO" not in names and "UN" not in names
    assert "POLOFF" not in names  # the glossary explains it: it stays counted
    assert evidence.names(known=()).get("POLOFF") == "mixed-case"


def test_names_after_honorifics() -> None:
    evidence = Evidence()
    evidence.add("MR. JAMMEH SAID SO. PRESIDENT JAMMEH AGREED. JAMMEH LEFT.", caps=True)
    evidence.add("THE VICE PRESIDENT. CITGO PRESIDENT LUIS MARIN SAID.", caps=True)
    evidence.add("CITGO CITGO CITGO CITGO CITGO", caps=True)
    names = evidence.names(known=())
    assert names.get("JAMMEH") == "honorific"
    assert "CITGO" not in names  # a sentence's end is not an honorific's period


@pytest.mark.parametrize(("text", "token", "expected"), [
    ("WORLD WAR II ENDED", "II", "roman"),
    ("CHAPTER XIV OF THE CHARTER", "XIV", "roman"),
    ("WASHINGTON DC SAID", "DC", None),
    ("HE DIDN'T AGREE", "DIDN", "piece"),
    ("MU'AMMAR SPOKE", "AMMAR", "piece"),
    ("THE NGO'S OFFICE", "NGO", None),
    ("ZANU-PF WON", "PF", None),
    ("CTF SIXONE//N2//", "SIXONE", "numeral"),
    ("SEE HTTP://HRWEB.HR.STATE.GOV/ NOW", "HRWEB", "address"),
    ("SEE HTTP://HRWEB.HR.STATE.GOV/ NOW", "HR", "address"),
    ("THE MFA. THE GOB", "MFA", None),
    ("THE GOH.THE MFA", "GOH", None),
    ("WRITE TO SMITHSM@STATE.GOV (TEL)", "SMITHSM", "address"),
    ("HAS A +ACI-MEDIUM+ACI- RATE", "ACI", "garbled"),
    ("THE ACI PRESENTED A PAPER", "ACI", None),
])
def test_occurrences_that_are_not_acronyms(text: str, token: str, expected: str | None,
                                           ) -> None:
    assert rule(text, token) == expected


def test_hyphenated_pieces_of_words_the_corpus_writes_in_lower_case() -> None:
    text = "FOR TRANSPOR-\nTATION COSTS"
    assert rule(text, "TRANSPOR", {"TRANSPORTATION"}) == "piece"
    assert rule(text, "TATION", {"TRANSPORTATION"}) == "piece"
    assert rule(text, "TRANSPOR", set()) is None


def test_multi_word_place_names() -> None:
    assert rule("FLIGHTS TO ABU DHABI RESUMED", "ABU", places=("Abu Dhabi",)) == "place"
    assert rule("ABU SAYYAF STRUCK", "ABU", places=("Abu Dhabi",)) is None


def test_the_signers_name() -> None:
    assert signature_rule("KURTZER", {"KURTZER"}) == "signature"
    assert signature_rule("NATO", {"KURTZER"}) is None


def test_the_surname_alone_on_the_last_line_is_the_signature() -> None:
    body = ["1. TEXT.", "2. MORE.\n***************** ******\nKURTZER"]
    assert closing_name(body, frozenset()) == {"KURTZER"}
    assert closing_name(["1. TEXT.\nSIPDIS"], frozenset({"SIPDIS"})) == set()
    assert closing_name(["1. THE END OF THE TEXT."], frozenset()) == set()


def test_the_header_of_a_telegrams_next_section_is_not_prose() -> None:
    text = ("WHILE KRPINA DENIED THAT ANYONE HAD ACTION SS-00 UNCLAS SECTION 02 OF 03 ZAGREB "
            "000118 SIPDIS KNOWINGLY BROKEN THE LAW")
    assert SECTION_BREAK.sub(" ", text).split() == [
        "WHILE", "KRPINA", "DENIED", "THAT", "ANYONE", "HAD", "KNOWINGLY", "BROKEN", "THE", "LAW"]


def test_titles_before_names() -> None:
    evidence = Evidence()
    evidence.add("ASSTSEC SHATTUCK MET. ASSISTANT SECRETARY SHATTUCK SAID.", caps=True)
    evidence.add("GOVERNOR GAWSAQI SPOKE. SHATTUCK LEFT.", caps=True)
    names = evidence.names(known=())
    assert names.get("SHATTUCK") == "honorific"
    assert names.get("GAWSAQI") == "honorific"  # its only occurrence follows a title
