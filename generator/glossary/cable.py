"""One cable's terms: what it uses, defines and leaves unexplained, and where.

``collect`` runs while cables are parsed and keeps a small picklable
``CableTerms`` per cable (the site glossary and ``cablegen check`` need only
that); ``occurrences`` finds, when the cable's page is rendered, the first
place of each term in the text so that it can be marked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from generator.fastpickle import fast_pickle
from generator.glossary.defined import definitions
from generator.glossary.model import Entry, Glossary
from generator.glossary.resolve import header_entries
from generator.glossary.scan import ACRONYM, PART, TOKEN, is_caps
from generator.glossary.translated import translated
from generator.model import Cable

TIMES = re.compile(r"\d\s?$")


WHERE = {"c": "caption", "g": "tags", "t": "text"}
"""Codes of ``CableTerms.places``: where a term was first seen."""
CODES = {name: code for code, name in WHERE.items()}
SEP = "\n"
"""Separates packed terms: no term holds a line break (tokens and captions are one line)."""


@fast_pickle
@dataclass(frozen=True, slots=True)
class CableTerms:
    """What the site needs to know about one cable's terms (small and picklable).

    The site keeps one per cable in memory, in the snapshot and in every page
    key that reads it: packed into strings, a cable's value is about 250
    bytes, where tuples of tuples of strings took 2,400 (600 MB at the 251,287
    cables of the full release). ``terms`` and ``unknown`` unpack on access.
    """

    names: str
    """The terms, in order of first appearance, joined by ``SEP``."""
    places: str
    """One code of ``WHERE`` per term: where it was first seen."""
    defined: tuple[tuple[str, str, int], ...]
    """The cable's own definitions: (short form, long form, paragraph index; -1 subject)."""
    unknowns: str
    """Acronym-like words of its mixed-case prose that nothing explains, each with its
    count (``"NAME 3"``), joined by ``SEP``."""

    @classmethod
    def make(cls, terms: Iterable[tuple[str, str]], defined: tuple[tuple[str, str, int], ...],
             unknown: Iterable[tuple[str, int]]) -> CableTerms:
        """Pack (term, where) pairs and (word, count) pairs."""
        pairs = list(terms)
        return cls(SEP.join(t for t, _ in pairs), "".join(CODES[w] for _, w in pairs),
                   defined, SEP.join(f"{word} {count}" for word, count in unknown))

    def plain(self) -> tuple[str, str, tuple[tuple[str, str, int], ...], str]:
        """Its fields as plain values, for ``generator.packed`` (``Feature.packs``)."""
        return (self.names, self.places, self.defined, self.unknowns)

    @classmethod
    def from_plain(cls, values: tuple[str, str, tuple[tuple[str, str, int], ...], str],
                   ) -> CableTerms:
        """Back from ``plain``: equal to the value packed."""
        return cls(*values)

    def term_set(self) -> set[str]:
        """The terms, without where they stand (cheaper than ``terms``)."""
        return set(self.names.split(SEP)) if self.names else set()

    def place(self, term: str) -> str:
        """Where the cable uses ``term`` (its last mention wins); text if it does not."""
        if not self.names:
            return "text"
        names = self.names.split(SEP)
        for i in range(len(names) - 1, -1, -1):
            if names[i] == term:
                return WHERE[self.places[i]]
        return "text"

    @property
    def terms(self) -> tuple[tuple[str, str], ...]:
        """(term, where) in order of first appearance; where is caption, tags or text."""
        if not self.names:
            return ()
        return tuple(zip(self.names.split(SEP), map(WHERE.__getitem__, self.places),
                         strict=True))

    @property
    def unknown(self) -> tuple[tuple[str, int], ...]:
        """Acronym-like words of its mixed-case prose that nothing explains, with counts."""
        if not self.unknowns:
            return ()
        out = []
        for item in self.unknowns.split(SEP):
            word, _, count = item.rpartition(" ")
            out.append((word, int(count)))
        return tuple(out)


def routing_pairs(cable: Cable) -> list[tuple[str | None, str]]:
    """(routing indicator, station name) pairs of the cable's header, originator first."""
    t = cable.transmission
    if t is None:
        return []
    pairs: list[tuple[str | None, str]] = [(t.originator, t.fm or "")]
    pairs.extend((a.routing, a.name) for a in (*t.to, *t.info, *t.xmt))
    return pairs


def texts(cable: Cable) -> Iterator[tuple[int, str]]:
    """(index, text) of the subject (-1) and each paragraph, in reading order."""
    yield -1, cable.subject
    for index, paragraph in enumerate(cable.paragraphs):
        yield index, paragraph.text


def local_entries(cable: Cable, defined: tuple[tuple[str, str, int], ...],
                  ) -> dict[str, tuple[Entry, ...]]:
    """Entries the cable gives itself: its definitions, then its routing header."""
    out = header_entries(routing_pairs(cable), cable.id)
    for short, long, index in defined:
        where = "its subject" if index < 0 else _para_name(cable, index)
        out[short] = (Entry(short, long, "acronym", f"Defined in this cable ({where}).",
                            source=cable.id, origin="cable", path=cable.id),)
    return out


def _para_name(cable: Cable, index: int) -> str:
    number = cable.paragraphs[index].number
    return f"paragraph {number}" if number is not None else "its text"


def scan(cable: Cable, glossary: Glossary) -> CableTerms:
    """The terms of a cable in order of appearance, its definitions and unknown acronyms."""
    defined: dict[str, tuple[str, str, int]] = {}
    for index, text in texts(cable):
        for short, long, _ in definitions(text):
            defined.setdefault(short, (short, long, index))
    for index, text in texts(cable):
        for short, long, _ in translated(text):
            if short not in glossary.entries:
                defined.setdefault(short, (short, long, index))
    own = tuple(defined.values())
    local = local_entries(cable, own)
    order: dict[str, str] = {}
    for caption in cable.caveats:
        if caption in glossary.entries:
            order.setdefault(caption, "caption")
    for tag in cable.tags:
        if tag.code in glossary.entries:
            order.setdefault(tag.code, "tags")
    unknown: Counter[str] = Counter()
    for _, _, _, term in occurrences(cable, glossary, local, unknown):
        order.setdefault(term, "text")
    return CableTerms.make(order.items(), own, sorted(unknown.items()))


def occurrences(cable: Cable, glossary: Glossary, local: Mapping[str, tuple[Entry, ...]],
                unknown: Counter[str] | None = None,
                extra: Mapping[str, object] | None = None,
                ) -> Iterator[tuple[int, int, int, str]]:
    """(text index, start, end, term) of every known term of the subject and paragraphs.

    ``extra`` holds terms known from elsewhere (other cables of the post);
    ``unknown`` (if given) counts acronym-like words of mixed-case prose
    that are not known.

    Candidates are ``scan.TOKEN`` matches (a plural ``s`` left out of the
    span); a compound that is not itself a term (``EU-US``) is tried part by
    part. In a text written in capitals an ordinary word is not a term, nor is
    ``AM``/``PM`` after a time. This runs twice per cable (scan and page) over
    every word of a telegram, so the loop is written out rather than layered
    on a generator of tuples: that layering was a tenth of a cold build.
    """
    terms, words = glossary.text_terms, glossary.words
    for index, text in texts(cable):
        caps = is_caps(text)
        rest = None
        if caps:  # most of a telegram's tokens are words: find the others first, in C
            rest = {t for t, _ in TOKEN.findall(text)}.difference(words)
            if not rest:
                continue
        for m in TOKEN.finditer(text):
            token, plural = m.group(1, 2)
            if rest is not None and token not in rest:
                continue
            if plural:
                if len(token) < 2 or not token.isalpha():
                    continue  # "Ms", "As": not plurals of acronyms
            elif len(token) < 2:
                continue
            start = m.start(1)
            if (token not in terms and token not in local
                    and ("-" in token or "/" in token or "&" in token)):
                pieces = [(start + p.start(), start + p.end(), p.group())
                          for p in PART.finditer(token)]
            elif caps and token in words:
                continue  # the common case in a telegram: an ordinary word
            else:
                pieces = [(start, m.end(1), token)]
            for a, b, piece in pieces:
                if caps and piece in words:
                    continue
                if piece in ("AM", "PM") and TIMES.search(text[max(0, a - 2):a]):
                    continue
                if piece in local or piece in terms or (extra and piece in extra):
                    yield index, a, b, piece
                elif (unknown is not None and not caps and ACRONYM.fullmatch(piece)
                      and piece not in words):
                    unknown[piece] += 1
