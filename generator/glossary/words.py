"""Ordinary English words (shipped with cablegen, made from Debian's wamerican list).

In a telegram written all in capitals, ``AID`` or ``US`` may be words, not
acronyms; the glossary does not explain such words there, and ``cablegen
check`` does not count them as unknown acronyms. ``bench/make_words.py``
says exactly which dictionary entries the list holds.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def load_words() -> frozenset[str]:
    """The words, upper-cased (read once per process: the file is immutable package data)."""
    text = (resources.files("generator") / "data" / "words" / "english.txt").read_text(
        encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))
