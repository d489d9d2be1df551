"""Names in telegrams written all in capitals: rules of the coverage measure.

``bench/acronyms.py`` removes tokens that are not acronyms by the corpus's
evidence (how mixed-case cables write them) and by where they stand. A name
that only telegrams written in capitals use has no such evidence (``XANANA``,
``PRIJEDOR``): before these rules, such names were most of the refined
measure's unexplained occurrences.

These rules apply only in telegrams written all in capitals, where the case of
a token says nothing, and only to tokens that nothing claims as an
abbreviation (no glossary entry, no cable defines them):

``spelling``
    The token has five letters or more and reads as a word: vowels are
    between 30% and 70% of its letters and no four consonants follow each
    other (``XANANA``, ``KRAJINA``, ``PRIJEDOR``). Acronyms of that length
    that read as words (``UNPROFOR``, ``MERCOSUR``) are glossary entries.
``speaker``
    The token is followed by a verb of speech (``SARINIC ARGUED``, ``AKASHI
    SAID``): the one who speaks is a person. An organisation speaks too
    (``THE MFA SAID``), but the glossary knows those.
``beside-name``
    The token stands next to a token that the ``mixed-case`` or
    ``honorific`` rule found to be a name, with one space between
    (``MARI ALKATIRI``): it is the other half of the name. An ordinary word
    is no one's name (``PM/SDE DETAIL``: ``DETAIL`` says nothing of ``SDE``).

``caps_precision`` checks these three against the corpus's own labels: among
tokens that mixed-case cables write mostly in title case (names, words) or
mostly in capitals (acronyms), and that nothing claims, it counts how many of
the occurrences each rule removes in telegrams are of each kind. The coverage
script prints it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable

from bench.acronyms import Evidence

SPEECH = re.compile(
    r"[ \t]+(?:SAID|TOLD|NOTED|ARGUED|ADDED|EXPLAINED|STATED|ASSERTED|CLAIMED|COMPLAINED"
    r"|REPLIED|STRESSED|INSISTED|COMMENTED|OBSERVED|REMARKED)(?![A-Za-z])")
"""A verb of speech after a token: ``SARINIC ARGUED``."""
CONSONANTS = re.compile(r"[^AEIOUY]{4}")
AFTER = re.compile(r" ([A-Z]{2,})(?![A-Za-z0-9])")
BEFORE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2,}) $")


def reads_as_word(token: str) -> bool:
    """True for a token of five letters or more that reads as a word (rule ``spelling``)."""
    if len(token) < 5 or CONSONANTS.search(token):
        return False
    vowels = sum(ch in "AEIOUY" for ch in token)
    return 0.3 <= vowels / len(token) <= 0.7


def telegram_rule(text: str, start: int, end: int, names: Container[str],
                  claimed: Container[str]) -> str | None:
    """The rule by which a token of a telegram written in capitals is a name, or None.

    ``names``: the names among the corpus-wide rules' findings (``Evidence.names``
    without ordinary words: ``SAID`` is no one's name); ``claimed``:
    tokens that the glossary or a cable's definition makes abbreviations.
    """
    token = text[start:end]
    if token in claimed:
        return None
    if reads_as_word(token):
        return "spelling"
    if SPEECH.match(text, end):
        return "speaker"
    after = AFTER.match(text, end)
    before = BEFORE.search(text, max(0, start - 12), start)
    if any(m and m.group(1) in names and m.group(1) not in claimed for m in (after, before)):
        return "beside-name"
    return None


def caps_precision(samples: Iterable[tuple[str, int, int, str | None]], evidence: Evidence,
                   claimed: Container[str]) -> dict[str, Counter[str]]:
    """Rule -> ``name``/``acronym`` counts of the labelled occurrences it removes.

    ``samples``: (text, start, end, rule) of token occurrences in telegrams, with
    ``telegram_rule``'s answer. A token is labelled when mixed-case cables write
    it at least twice and more than twice as often one way as the other: title or
    lower case (a name or word) or capitals (an acronym).
    """
    out: dict[str, Counter[str]] = {}
    for text, start, end, rule in samples:
        token = text[start:end]
        if rule is None or token in claimed:
            continue
        low, caps = evidence.lowered[token], evidence.capitals[token]
        if low + caps < 2:
            continue
        label = "name" if low > 2 * caps else "acronym" if caps > 2 * low else None
        if label:
            out.setdefault(rule, Counter())[label] += 1
    return out
