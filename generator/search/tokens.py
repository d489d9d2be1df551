"""Words for the search index: the same rules in Python (index) and in search.js (queries).

A token is a run of letters and digits after Unicode compatibility folding,
lowercasing and removal of accents (``Bruxelles``, ``BRUXELLES`` and
``Brüxelles`` are one word). Words of one character, longer than
``MAX_LENGTH`` or in ``STOPWORDS`` are not indexed. Alphabetic words are
reduced by Harman's "S" stemmer (``governments`` -> ``government``,
``policies`` -> ``policy``), a rule small enough to be written identically
in JavaScript, so a query for one form finds the others. Keep this module
and the tokenizer of ``themes/default/static/search.js`` in step: the tests
compare them on the same strings in Chromium.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator

MAX_LENGTH = 40
WORD = re.compile(r"[^\W_]+")
STOPWORDS = frozenset({
    "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have",
    "he", "her", "his", "if", "in", "into", "is", "it", "its", "no", "not", "of", "on", "or",
    "our", "she", "so", "such", "than", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "we", "were", "which", "will", "with", "would"
})


def fold(text: str) -> str:
    """Lowercase, compatibility-decompose and drop marks (categories M*, as ``\\p{M}`` in JS)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))


def stem(word: str) -> str:
    """Harman's S stemmer, on alphabetic words longer than three letters."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def words(text: str) -> Iterator[str]:
    """The folded words of a text, in order (stopwords and one-letter words included)."""
    if text.isascii():
        return iter(WORD.findall(text.lower()))
    return iter(WORD.findall(fold(text)))


# Every word of every cable is stemmed; most are words seen before.
_stem = functools.lru_cache(maxsize=1 << 16)(stem)


def terms(text: str) -> Iterator[str]:
    """The index terms of a text, in order."""
    for word in words(text):
        if 1 < len(word) <= MAX_LENGTH and word not in STOPWORDS:
            yield _stem(word)


def weighted(fields: Iterable[tuple[str, int]]) -> Counter[str]:
    """Term frequencies over fields, each occurrence counting the field's weight."""
    counts: Counter[str] = Counter()
    for text, weight in fields:
        if not text:
            continue
        if weight == 1:
            counts.update(terms(text))
        else:
            for term in terms(text):
                counts[term] += weight
    return counts
