"""The abbreviations a cable defines itself: ``definitions``.

"Partido Revolucionario Dominicano (PRD)" and "PRD (Partido Revolucionario
Dominicano)" are found with the algorithm of Schwartz and Hearst (2003):
every letter of the short form must occur, in order, in the long form, the
first one at the start of a word. In mixed-case prose a
title-cased long form whose first word starts with the short form's first
letter is also accepted (translated names: "Democratic People's Party
(DEHAP)"); ``glossary.translated`` reads names in English whose letters the
acronym does not spell.

Two variants of the parenthesis are read as well: a short form followed by
a comment ("... Disputes (ICSID - also known as the Washington
Convention)"), and a long form with its short form inside the parenthesis
("the Afghan Lower House (Wolesi Jirga - WJ)"). The periods of a dotted
abbreviation ("U.S. Army Corps of Engineers (USACE)") do not end a long
form. A short form defined in the plural ("Combatant Status Review Tribunals
(CSRTs)") defines the acronym itself (CSRT), which is what the text's
"CSRT" and "CSRTs" look up; the long form is kept as the cable wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.glossary.scan import is_caps

PAREN = re.compile(r"\(\s*([^()]{1,120}?)\s*\)")
SHORT = re.compile(r"[A-Z][A-Za-z0-9]*(?:[/&-][A-Za-z0-9]+)*")
WORD = re.compile(r"[\w'.&-]+")
STOP_BEFORE = re.compile(r"[.;:!?()\[\]\n]")
COMMENTED = re.compile(rf"({SHORT.pattern})(?:\s+[-\u2013\u2014]{{1,2}}\s+\S"
                       r"|,\s+(?:a|an|the|also|formerly|known|or|which|its|i\.e\.)\s)")
"""A short form, then a comment: ``ICSID - also known as ...``, ``ANPAQ, an agency ...``
(not a list: ``(MTCR, NSG and the Australia Group)``)."""
INSIDE = re.compile(r"(.+?)\s+[-\u2013\u2014]{1,2}\s+([A-Z][A-Z0-9]{1,9})")
"""A long form, then its short form: ``Wolesi Jirga - WJ``."""
LEADING = {"the", "a", "an", "its", "their", "his", "her", "of", "and", "for", "by", "to",
           "in", "on", "with", "from"}


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


def trim(words: list[str]) -> list[str]:
    """The words without articles and prepositions at either end (``the``, ``of``)."""
    while words and words[0].lower() in LEADING:
        words = words[1:]
    while words and words[-1].lower() in LEADING:
        words = words[:-1]
    return words


def clean(long: str) -> str:
    """A long form as shown: no edge punctuation or possessive, single spaces."""
    long = re.sub(r"'s$", "", long.strip(" ,'\"-"))
    return " ".join(long.split())


def _stop(text: str) -> int:
    """Where the clause that ends ``text`` starts: after its last stop.

    The periods of a dotted abbreviation (``U.S.``, ``S.A.``) do not end a
    sentence; an initial's (``F. UN General Assembly``) does."""
    for m in reversed(list(STOP_BEFORE.finditer(text))):
        i = m.start()
        if text[i] == "." and i >= 2 and text[i - 1].isalpha() and (
                text[i - 2] == "." or (not text[i - 2].isalpha()
                                       and text[i + 1:i + 2].isalpha())):
            continue
        return m.end()
    return 0


def _starts(word: str) -> list[str]:
    """A word, then what follows each of its hyphens: where a long form can start.

    ``U.S.-Central America Free Trade Agreement (CAFTA)`` starts inside a word."""
    return [word] + [word[i + 1:] for i, c in enumerate(word)
                     if c == "-" and word[i + 1:i + 2].isupper()]


def _before(short: str, text: str, caps: bool) -> str | None:
    """The long form preceding ``(SHORT)``, or None."""
    stop = _stop(text)
    words = WORD.findall(text[stop:])[-min(len(short) + 5, len(short) * 2):]
    for i in range(len(words) - 1, -1, -1):
        for first in _starts(words[i]):
            if first[0].upper() != short[0].upper():
                continue
            candidate = trim([first, *words[i + 1:]])
            if not candidate or short.upper() in (w.upper() for w in candidate):
                continue  # a long form does not hold its short form (AL-NAGGAR ... (NAGGAR))
            long = " ".join(candidate)
            if (len(candidate) >= 2 or len(long) > len(short) + 3) and _matches(short, long):
                return clean(long)
    if caps:
        return None
    for i in range(len(words)):
        candidate = trim(words[i:])
        if (candidate and candidate[0][0] == short[0] and len(candidate) >= 2
                and len(candidate) <= len(short) + 2
                and all(w[0].isupper() or w.lower() in LEADING for w in candidate)):
            return clean(" ".join(candidate))
    return None


def _short(inner: str, caps: bool) -> bool:
    """Whether a parenthesis's text can be a short form."""
    return bool(SHORT.fullmatch(inner)) and sum(c.isupper() for c in inner) >= 2 and (
        not caps or len(inner) <= 10)


def _inside(inner: str) -> tuple[str, str] | None:
    """(short, long) of a parenthesis that holds both: ``(Wolesi Jirga - WJ)``.

    The short form must be the initials of the long form's capitalised words:
    ``(Tables I - III)`` is not a definition, nor is a name and a party."""
    m = INSIDE.fullmatch(inner)
    if not m:
        return None
    words = trim(WORD.findall(m.group(1)))
    short = m.group(2)
    if 2 <= len(words) <= len(short) + 3 and _initials(words) == short:
        return short, clean(" ".join(words))
    return None


def _initials(words: list[str]) -> str:
    """The initials of the capitalised words (``Direccion Nacional de ...``: ``DN``)."""
    return "".join(w[0] for w in words if w[0].isupper())


def _initialled(short: str, text: str) -> str | None:
    """The long form before ``(SHORT - comment)`` whose capitalised words' initials
    spell the short form (``Direccion Nacional de Estupefacientes (DNE - ...)``).

    A comment after the short form (``(PRD - Salcedo)``, after a senator's name)
    is weaker evidence than a bare parenthesis, so the letters must be initials."""
    letters = "".join(c for c in short if c.isupper())
    words = WORD.findall(text[_stop(text):])[-(len(letters) + 5):]
    for i in range(len(words) - 1, -1, -1):
        candidate = trim(words[i:])
        if candidate and len(candidate) >= 2 and _initials(candidate) == letters:
            return clean(" ".join(candidate))
    return None


PLURAL = re.compile(r"[A-Z][A-Z0-9]*[A-Z]s")
"""A short form in the plural (``NGOs``, ``CSRTs``): capitals, then a lower-case s."""


def definitions(text: str) -> Iterator[tuple[str, str, int]]:
    """(short form, long form, offset of the short form) for each definition in ``text``."""
    for short, long, offset in _definitions(text):
        yield (short[:-1] if PLURAL.fullmatch(short) else short), long, offset


def _definitions(text: str) -> Iterator[tuple[str, str, int]]:
    caps = is_caps(text)
    for m in PAREN.finditer(text):
        inner = m.group(1)
        preceding = text[max(0, m.start() - 200):m.start()]
        if _short(inner, caps):
            long = _before(inner, preceding, caps)
            if long and long.upper() != inner.upper():
                yield inner, long, m.start(1)
            continue
        commented = COMMENTED.match(inner)
        if commented and _short(commented.group(1), caps):
            short = commented.group(1)
            long = _initialled(short, preceding)
            if long:
                yield short, long, m.start(1)
                continue
        both = _inside(inner)
        if both:
            yield both[0], both[1], m.start(1) + inner.rindex(both[0])
            continue
        before = re.search(r"([A-Z][A-Z0-9]*(?:[/&-][A-Z0-9]+)*)\s*$", text[:m.start()])
        if not before or len(before.group(1)) < 2:
            continue
        short = before.group(1)
        words = trim(WORD.findall(inner))
        long = " ".join(words)
        if 2 <= len(words) <= len(short) + 5 and words[0][0].upper() == short[0] and (
                _matches(short, long)):
            yield short, clean(long), before.start(1)
