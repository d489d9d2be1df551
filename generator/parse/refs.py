"""The REF list: split into lettered references and resolve each to a canonical id.

A reference is kept with its letter and its text as written, whether or not
it names a cable; only citations of a station of the vocabulary with a
serial get an id (see ``generator.parse.citations``). Emails, telcons, OSC
reports, reports and messages cited by date-time group keep ``id`` None.
The year is the citing cable's unless the citation gives one; a cable never
cites itself. Page-break lines inside the block were removed by cleaning.

Letters are accepted in sequence only (A, B, C...; a skipped letter only in
parentheses or at the start of a line: ``(H)`` then ``(J)``), so an
initial inside a reference (``GEORGE W. BUSH``) is not taken for a label,
and a doubled label (``A. A)``, ``¶B. B)``, as the cablegate pages write
them) counts once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from generator.model import Reference
from generator.parse.citations import find_citations
from generator.parse.lines import Line

_HEAD = re.compile(r"^\s*(?:REFS?|REFTELS?|REFERENCES?)\b\s*:?\s*(?:REFS?\s*:\s*)?", re.I)
_LABEL = re.compile(
    r"(?:(?<=^)|(?<=[\s,;¶]))"
    r"(?:\((?P<a>[A-Za-z]{1,2})\)|(?P<b>[A-Za-z]{1,2})(?:\.\)|[.):])|"
    r"REF\s+(?P<c>[A-Z])\b\s*[:.)-]?)"
    r"(?=\s|$|[A-Z0-9(])"
)
_NOT_CABLE = re.compile(r"\b(?:E-?MAILS?|TELCONS?|MEMCONS?|OSC|FBIS|IIR|REPORTS?|FAX|LETTER|"
                        r"PHONE|WEBSITE|HTTP|PRESS RELEASE|MTG|MEETING)\b", re.I)


@dataclass(frozen=True, slots=True)
class _Label:
    letter: str
    start: int
    end: int


def _next_letter(letter: str) -> str:
    if letter == "Z":
        return "AA"
    if len(letter) == 2:
        return chr(ord(letter[0]) + 1) * 2 if letter[0] != "Z" else ""
    return chr(ord(letter) + 1)


def _skips_one(previous: str, letter: str) -> bool:
    """``(H)`` then ``(J)``: lists often skip the letter I, or lose one."""
    return len(previous) == len(letter) == 1 and ord(letter) - ord(previous) == 2


def _line_start(text: str, pos: int) -> bool:
    return not text[text.rfind("\n", 0, pos) + 1: pos].strip(" \t¶-")


def labels(text: str) -> list[_Label]:
    """The labels of a REF block, in sequence; a doubled label is merged into one."""
    out: list[_Label] = []
    for m in _LABEL.finditer(text):
        letter = (m["a"] or m["b"] or m["c"]).upper()
        if len(letter) == 2 and letter[0] != letter[1]:
            continue
        if not out:
            if letter == "A" or not text[: m.start()].strip(" \n\t¶-"):
                out.append(_Label(letter, m.start(), m.end()))
        elif letter == out[-1].letter and not text[out[-1].end: m.start()].strip(" \n\t¶"):
            out[-1] = _Label(letter, out[-1].start, m.end())
        elif letter == _next_letter(out[-1].letter) or (
                _skips_one(out[-1].letter, letter) and (m["a"] or _line_start(text, m.start()))):
            out.append(_Label(letter, m.start(), m.end()))
    return out


def ref_items(lines: list[Line]) -> list[tuple[str | None, str, int]]:
    """Split REF lines into (label, text, line) items."""
    parts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    pos = 0
    for index, line in enumerate(lines):
        text = _HEAD.sub("", line.text, count=1) if index == 0 else line.text
        starts.append(pos)
        numbers.append(line.no)
        parts.append(text)
        pos += len(text) + 1
    joined = "\n".join(parts)

    def line_at(offset: int) -> int:
        return numbers[max(0, bisect_right(starts, offset) - 1)]

    found = labels(joined)
    items: list[tuple[str | None, str, int]] = []
    head_end = found[0].start if found else len(joined)
    head = _tidy(joined[:head_end])
    if head:
        first = len(joined[:head_end]) - len(joined[:head_end].lstrip())
        items.append((None, head, line_at(first)))
    for k, label in enumerate(found):
        end = found[k + 1].start if k + 1 < len(found) else len(joined)
        items.append((label.letter, _tidy(joined[label.end:end]), line_at(label.start)))
    return items


def _tidy(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;¶")
    return re.sub(r"(?:[,;]?\s+(?:AND|&|-))+$", "", text, flags=re.I).strip(" ,;¶")


def parse_refs(lines: list[Line], year: int | None, self_id: str | None) -> list[Reference]:
    """The references of a REF block, one per cited cable or per non-cable item."""
    out: list[Reference] = []
    for label, text, line in ref_items(lines):
        if not text and not label:
            continue
        cites = [] if _NOT_CABLE.search(text) and not re.search(r"\b\d{3,7}\b", text) else \
            find_citations(text, year or None, self_id=self_id)
        if not cites:
            out.append(Reference(label, text, None, line))
        for cite in cites:
            out.append(Reference(label, text, cite.id, line))
    return out
