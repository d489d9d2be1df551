"""Spot registered spellings of persons' names in text: exact, word-bounded, no guessing.

A spelling is matched exactly as registered (capitals included: ``LUKOV``
and ``Lukov`` are two spellings), as whole words, the longest first
(``Ambassador Lukov`` before ``Lukov``); only the white space between its
words may differ (a line break in the cable's text). All spellings are
compiled into one regular expression shaped as a character trie (shared
beginnings are written once, branches chosen by the next character), so the
scan runs in the regex engine, which skips ahead to the characters that can
start a name (see ``bench/editorial.py`` for its cost per cable).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
Trie = dict[str, "Trie"]


def cut(spelling: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words and separators of a spelling (``O'Brien`` is ``O``, ``Brien`` with ``'``)."""
    found = list(_WORD.finditer(spelling))
    words = tuple(m[0] for m in found)
    seps = tuple(_SPACE.sub(" ", spelling[a.end():b.start()]) for a, b in pairwise(found))
    return words, seps


def normal(text: str) -> str:
    """A spelling or a match with its runs of white space made one space."""
    return _SPACE.sub(" ", text.strip())


def _atoms(spelling: str) -> list[str]:
    """The spelling as regex pieces, one per character; white space matches any white space."""
    return [r"\s+" if part.isspace() else re.escape(part)
            for part in re.findall(r"\s+|.", normal(spelling), re.S)]


def _trie_pattern(node: Trie) -> str:
    """A trie node as a regex: branches by next character, the longest continuation first."""
    terminal = "" in node
    branches = [atom + _trie_pattern(child) for atom, child in sorted(node.items()) if atom]
    if not branches:
        return r"(?!\w)"
    if len(branches) == 1 and not terminal:
        return branches[0]
    body = "|".join(branches)
    return f"(?:{body}|(?!\\w))" if terminal else f"(?:{body})"


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Every spelling in one pattern, and the person each normalised spelling names."""

    pattern: re.Pattern[str] | None
    persons: Mapping[str, str]

    @staticmethod
    def build(spellings: Iterable[tuple[str, str]]) -> NameIndex:
        """Index ``(spelling, person id)`` pairs (spellings start and end with a word)."""
        persons: dict[str, str] = {}
        trie: Trie = {}
        for text, person in spellings:
            if not cut(text)[0]:
                continue
            persons[normal(text)] = person
            node = trie
            for atom in _atoms(text):
                node = node.setdefault(atom, {})
            node[""] = {}
        if not trie:
            return NameIndex(None, persons)
        return NameIndex(re.compile(_trie_pattern(trie)), persons)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping ``(start, end, person id)`` of registered spellings in ``text``."""
        if self.pattern is None:
            return []
        out = []
        pos = 0
        search = self.pattern.search
        while (m := search(text, pos)) is not None:
            start = m.start()
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                pos = start + 1  # inside a word: not a name (no leading \b: it would slow the scan)
                continue
            person = self.persons.get(normal(m[0]))
            if person is not None:
                out.append((start, m.end(), person))
            pos = m.end()
        return out
