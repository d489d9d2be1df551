"""Definitions by an institution's name in English: ``translated``.

Foreign acronyms follow their institution's name in English, whose letters
they do not spell (``Croatian Bloc (HB)``); ``glossary.defined`` cannot match
those, so this reads the name by its shape instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.glossary.defined import PAREN, WORD, clean, trim
from generator.glossary.scan import ACRONYM, is_caps

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
                    trim(run[i + 1:])) >= 2:
                run = run[i + 1:]
                break
        while run and run[0].lower() in SENTENCE_OPENERS:
            run = run[1:]
        run = trim(run)
        last = run[-1] if run else ""
        if (2 <= len(run) <= len(inner) + 3 and _head(last) and run[0][0].isupper()
                and run[0].lower() not in TITLES):
            yield inner, clean(" ".join(run)), m.start(1)
