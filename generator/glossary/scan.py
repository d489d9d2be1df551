"""Find terms in a cable's text, and the abbreviations the cable defines itself.

``TOKEN`` matches candidate terms (capitals, digits and ``/&-``, a plural
``s`` allowed: ``NGOs``); ``cable.occurrences`` tries a compound that is not
itself a term (``EU-US``) part by part. ``definitions`` finds the
cable's own definitions, "Partido Revolucionario Dominicano (PRD)" and
"PRD (Partido Revolucionario Dominicano)", with the algorithm of Schwartz
and Hearst (2003): every letter of the short form must occur, in order, in
the long form, the first one at the start of a word. In mixed-case prose a
title-cased long form whose first word starts with the short form's first
letter is also accepted (translated names: "Democratic People's Party
(DEHAP)").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

TOKEN = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Z0-9]*(?:[/&-][A-Z0-9]+)*)(s?)(?![A-Za-z0-9])")
PART = re.compile(r"[A-Z][A-Z0-9]*")
ACRONYM = re.compile(r"[A-Z]{2,8}")
PAREN = re.compile(r"\(\s*([^()]{1,120}?)\s*\)")
SHORT = re.compile(r"[A-Z][A-Za-z0-9]*(?:[/&-][A-Za-z0-9]+)*")
WORD = re.compile(r"[\w'.&-]+")
STOP_BEFORE = re.compile(r"[.;:!?()\[\]\n]")
LEADING = {"the", "a", "an", "its", "their", "his", "her", "of", "and", "for", "by", "to",
           "in", "on", "with", "from"}


_NOT_LOWER = bytes(c for c in range(256) if not 97 <= c <= 122)
_NOT_LETTER = bytes(c for c in range(256) if not (97 <= c <= 122 or 65 <= c <= 90))


def is_caps(text: str) -> bool:
    """Whether a text is written all in capitals (a telegram of the teletype era).

    Asked of every paragraph each time a cable is scanned: an ASCII text (most
    cables) is counted by ``bytes.translate``, 70 times faster than a loop over
    its characters, which was a quarter of a cold build's time.
    """
    if text.isascii():
        raw = text.encode("ascii")
        lower, letters = len(raw.translate(None, _NOT_LOWER)), len(raw.translate(None, _NOT_LETTER))
    else:
        lower, letters = sum(map(str.islower, text)), sum(map(str.isalpha, text))
    return letters > 0 and lower <= letters * 0.02


def _matches(short: str, long: str) -> bool:
    """Schwartz-Hearst: the short form's letters occur in order in the long form."""
    s, l_ = short.lower(), long.lower()
    si, li = len(s) - 1, len(l_) - 1
    while si >= 0:
        c = s[si]
        if not c.isalnum():
            si -= 1
            continue
        while li >= 0 and (l_[li] != c or (si == 0 and li > 0 and l_[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        li -= 1
        si -= 1
    return True


def _trim(words: list[str]) -> list[str]:
    while words and words[0].lower() in LEADING:
        words = words[1:]
    while words and words[-1].lower() in LEADING:
        words = words[:-1]
    return words


def _clean(long: str) -> str:
    long = re.sub(r"'s$", "", long.strip(" ,'\"-"))
    return " ".join(long.split())


def _before(short: str, text: str, caps: bool) -> str | None:
    """The long form preceding ``(SHORT)``, or None."""
    stop = max((m.end() for m in STOP_BEFORE.finditer(text)), default=0)
    words = WORD.findall(text[stop:])[-min(len(short) + 5, len(short) * 2):]
    for i in range(len(words) - 1, -1, -1):
        if words[i][0].upper() != short[0].upper():
            continue
        candidate = _trim(words[i:])
        if not candidate:
            continue
        long = " ".join(candidate)
        if (len(candidate) >= 2 or len(long) > len(short) + 3) and _matches(short, long):
            return _clean(long)
    if caps:
        return None
    for i in range(len(words)):
        candidate = _trim(words[i:])
        if (candidate and candidate[0][0] == short[0] and len(candidate) >= 2
                and len(candidate) <= len(short) + 2
                and all(w[0].isupper() or w.lower() in LEADING for w in candidate)):
            return _clean(" ".join(candidate))
    return None


HEADS = frozenset({
    "academy", "administration", "agency", "alliance", "army", "assembly", "association",
    "authority", "bank", "base", "bloc", "board", "bureau", "cabinet", "center", "centre",
    "chamber", "coalition", "commission", "committee", "company", "confederation", "congress",
    "convention", "corporation", "council", "court", "dialog", "dialogue", "directorate",
    "federation", "force", "forces", "front", "fund", "group", "guard", "initiative",
    "institute", "institution", "league", "ltd.", "ltd", "management", "ministry", "movement",
    "network", "observatory", "office", "organisation", "organization", "parliament", "party",
    "police", "program", "programme", "radio", "registry", "secretariat", "service",
    "society", "system", "television", "treaty", "tribunal", "union", "university"
})
"""Head nouns of institutions' names (what ``translated`` accepts as the last word)."""
TITLES = frozenset({
    "ambassador", "chairman", "chairwoman", "chief", "deputy", "director", "governor", "head",
    "minister", "president", "secretary", "spokesman", "spokesperson", "vice"
})
"""Titles that start a phrase naming a person's office, not an institution."""
CONNECTORS = frozenset({"of", "and", "for", "the", "de", "la", "del", "des", "du", "y", "et",
                        "on", "in", "&", "-", "\u2013"})
STOP_NAME = re.compile(r"[.;:!?()\[\]\n,\"]")
"""What ends a name read backwards from a parenthesis (a comma too: ``Secretary, Sahara...``)."""
SENTENCE_OPENERS = frozenset({"once", "when", "while", "after", "before", "since", "because",
                              "although", "though", "if", "but", "so", "then", "now", "also",
                              "both", "only", "even", "as", "meanwhile", "however"})
"""Capitalised words that open a sentence before a name (``Once the National ...``)."""


def _head(word: str) -> bool:
    """Whether a word is an institution's head noun (``Party``, ``Unions``, ``Television's``)."""
    word = re.sub(r"'s$", "", word).lower()
    return word in HEADS or (word.endswith("s") and word[:-1] in HEADS)


def translated(text: str) -> Iterator[tuple[str, str, int]]:
    """Definitions by an institution's name in English whose letters the acronym does not
    spell, as foreign acronyms are (``Croatian Bloc (HB)``, ``Turkish National Security
    Council (MGK)``): in mixed-case prose only, a title-cased name that ends in an
    institution's head noun (``HEADS``) just before a parenthesised acronym. A person's
    name before a party's acronym (``Zoran Milanovic (SDP)``) is not one. The caller
    takes them only for terms that nothing else explains (``cable.scan``).
    """
    if is_caps(text):
        return
    for m in PAREN.finditer(text):
        inner = m.group(1)
        if not ACRONYM.fullmatch(inner):
            continue
        before = text[max(0, m.start() - 200):m.start()]
        stop = max((x.end() for x in STOP_NAME.finditer(before)), default=0)
        run: list[str] = []
        for word in reversed(WORD.findall(before[stop:])):
            if not (word[0].isupper() or word[0].isdigit() or word.lower() in CONNECTORS):
                break
            run.append(word)
        run = run[::-1]
        for i in range(len(run) - 2, 0, -1):  # "X Party and the Y Party (PLN)": the last name
            if run[i].lower() in ("and", "&") and _head(run[i - 1]) and len(
                    _trim(run[i + 1:])) >= 2:
                run = run[i + 1:]
                break
        while run and run[0].lower() in SENTENCE_OPENERS:
            run = run[1:]
        run = _trim(run)
        last = run[-1] if run else ""
        if (2 <= len(run) <= len(inner) + 3 and _head(last) and run[0][0].isupper()
                and run[0].lower() not in TITLES):
            yield inner, _clean(" ".join(run)), m.start(1)


def definitions(text: str) -> Iterator[tuple[str, str, int]]:
    """(short form, long form, offset of the short form) for each definition in ``text``."""
    caps = is_caps(text)
    for m in PAREN.finditer(text):
        inner = m.group(1)
        if SHORT.fullmatch(inner) and sum(c.isupper() for c in inner) >= 2 and (
                not caps or len(inner) <= 10):
            long = _before(inner, text[max(0, m.start() - 200):m.start()], caps)
            if long and long.upper() != inner.upper():
                yield inner, long, m.start(1)
            continue
        before = re.search(r"([A-Z][A-Z0-9]*(?:[/&-][A-Z0-9]+)*)\s*$", text[:m.start()])
        if not before or len(before.group(1)) < 2:
            continue
        short = before.group(1)
        words = _trim(WORD.findall(inner))
        long = " ".join(words)
        if 2 <= len(words) <= len(short) + 5 and words[0][0].upper() == short[0] and (
                _matches(short, long)):
            yield short, _clean(long), before.start(1)
