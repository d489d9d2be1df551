"""Spot registered spellings of persons' names in text: exact, word-bounded, no guessing.

A spelling is matched exactly as registered (capitals included: ``LUKOV``
and ``Lukov`` are two spellings), as whole words, the longest first
(``Ambassador Lukov`` before ``Lukov``); only the white space between its
words may differ (a line break in the cable's text). Text is scanned word by
word with a dictionary keyed by each spelling's first word, so the cost per
cable does not grow with the size of the register.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Spelling:
    """One registered spelling, cut into words and the separators between them."""

    words: tuple[str, ...]
    separators: tuple[str, ...]
    """Between consecutive words, white space collapsed to one space."""
    person: str
    """The person's id."""


def cut(spelling: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words and separators of a spelling (``O'Brien`` is ``O``, ``Brien`` with ``'``)."""
    found = list(_WORD.finditer(spelling))
    words = tuple(m[0] for m in found)
    seps = tuple(_SPACE.sub(" ", spelling[a.end():b.start()]) for a, b in pairwise(found))
    return words, seps


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Spellings by their first word, longest first."""

    first: Mapping[str, tuple[Spelling, ...]]

    @staticmethod
    def build(spellings: Iterable[tuple[str, str]]) -> NameIndex:
        """Index ``(spelling, person id)`` pairs."""
        by_first: dict[str, list[Spelling]] = {}
        for text, person in spellings:
            words, seps = cut(text)
            if words:
                by_first.setdefault(words[0], []).append(Spelling(words, seps, person))
        return NameIndex({k: tuple(sorted(v, key=lambda s: -len(s.words)))
                          for k, v in by_first.items()})

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping ``(start, end, person id)`` of registered spellings in ``text``."""
        if not self.first:
            return []
        words = list(_WORD.finditer(text))
        out: list[tuple[int, int, str]] = []
        i = 0
        while i < len(words):
            match = self._match_at(text, words, i)
            if match is None:
                i += 1
                continue
            spelling, last = match
            out.append((words[i].start(), words[last].end(), spelling.person))
            i = last + 1
        return out

    def _match_at(self, text: str, words: list[re.Match[str]],
                  i: int) -> tuple[Spelling, int] | None:
        for spelling in self.first.get(words[i][0], ()):
            last = i + len(spelling.words) - 1
            if last >= len(words):
                continue
            if all(words[i + k][0] == w for k, w in enumerate(spelling.words)) and all(
                    _SPACE.sub(" ", text[words[i + k].end():words[i + k + 1].start()]) == sep
                    for k, sep in enumerate(spelling.separators)):
                return spelling, last
        return None
