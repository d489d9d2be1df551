"""Where the REF block of a cable's opening starts and ends.

A REF block opens with ``REF:``, ``REFS:``, ``REFTEL:``, ``REF(S):`` or,
without a colon, with a label or a citation (``REF A: 04 STATE 99987``,
``REFTEL A) PRETORIA 4027``, ``REF STATE 184131``). It goes on line after
line, and across blank lines (where page breaks were removed) when the
next line is a lettered reference or a citation, until the ``Classified
By`` line or the first paragraph. A
paragraph with a portion marking (``(U) 1. Poloff delivered reftel...``) is
not a lettered reference.
"""

from __future__ import annotations

import re

from generator.parse.citations import find_citations
from generator.parse.lines import Line

_HEAD = re.compile(r"^\s*(?:REFS?|REFTELS?|REFERENCES?|REF\(S\))\b", re.I)
_COLON = re.compile(r"\s*:")
_LABEL_START = re.compile(r"\s*(?:\(?[A-Z]\)|[A-Z][.:)])\s*\S")
_ITEM = re.compile(r"^[\s¶-]*(?:\(?[A-Za-z]{1,2}\)|[A-Za-z]{1,2}\.\)?|REF\s+[A-Z]\s*:?|"
                   r"[A-Z]\s*[-:])\s*\S")
_MARKED_PARA = re.compile(r"^[\s¶-]*\(?[A-Z]{1,4}(?:/{1,2}[A-Z]{1,6})?\)\s*\d{1,3}\.\s")
_NUM_PARA = re.compile(r"^\s*\d{1,3}\.\s")
_PARA_START = re.compile(r"^\s*(?:\d{1,3}\.|\([A-Z]{1,4}(?:/{1,2}[A-Z]{1,6})?\))\s")
_CLASSIFIED_BY = re.compile(r"^\s*CLASSIFIED\s+BY\b", re.I)
_SUBJECT = re.compile(r"^\s*SUBJ(?:ECT)?\s*:", re.I)


def is_ref_line(text: str) -> bool:
    """Whether ``text`` opens a REF block."""
    m = _HEAD.match(text)
    if not m:
        return False
    rest = text[m.end():]
    if _COLON.match(rest) or _LABEL_START.match(rest):
        return True
    cites = find_citations(rest, 2000)
    return bool(cites) and not rest[: cites[0].start].strip()


def looks_ref(text: str) -> bool:
    """A line that continues a REF block after a blank line: a lettered item or a citation."""
    if _MARKED_PARA.match(text) or _NUM_PARA.match(text):
        return False
    if _ITEM.match(text) and re.search(r"\d|E-?MAIL|TELCON|MEMCON", text[:70], re.I):
        return True
    cites = find_citations(text, 2000)
    return bool(cites) and not text[: cites[0].start].strip(" \t-¶")


def ref_block(lines: list[Line], i: int) -> tuple[list[Line], int]:
    """The lines of the REF block opening at ``lines[i]``, and the index after it."""
    block = [lines[i]]
    i += 1
    while i < len(lines):
        text = lines[i].text
        if not text.strip():
            j = i + 1
            while j < len(lines) and not lines[j].text.strip():
                j += 1
            if j < len(lines) and looks_ref(lines[j].text):
                i = j
                continue
            break
        if _CLASSIFIED_BY.match(text) or _NUM_PARA.match(text) or _SUBJECT.match(text):
            break
        if _MARKED_PARA.match(text) or (_PARA_START.match(text) and not looks_ref(text)):
            break
        block.append(lines[i])
        i += 1
    return block, i
