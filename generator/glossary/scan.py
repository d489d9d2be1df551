"""Find terms in a cable's text.

``TOKEN`` matches candidate terms (capitals, digits and ``/&-``, a plural
``s`` allowed: ``NGOs``); ``cable.occurrences`` tries a compound that is not
itself a term (``EU-US``) part by part. The abbreviations a cable defines
itself are found by ``glossary.defined`` and ``glossary.translated``.
"""

from __future__ import annotations

import re

TOKEN = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Z0-9]*(?:[/&-][A-Z0-9]+)*)(s?)(?![A-Za-z0-9])")
PART = re.compile(r"[A-Z][A-Z0-9]*")
ACRONYM = re.compile(r"[A-Z]{2,8}")


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
