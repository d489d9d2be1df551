"""The REF list: split into lettered references and resolve each to a canonical id.

A reference is kept with its letter and its text as written, whether or not
it names a cable; only citations of the form ``[year] STATION serial [(year)]``
get an id. Emails, telcons, OSC reports and messages cited by date-time group
keep ``id`` None. The year is the citing cable's unless the citation gives one.
"""

from __future__ import annotations

import re

from generator.model import Reference
from generator.parse.ids import canonical_station, make_id
from generator.parse.lines import DTG, Line

_LABEL = re.compile(
    r"(?:(?<=^)|(?<=[\s,;]))(?:\((?P<a>[A-Z]{1,2})\)|(?P<b>[A-Z]{1,2})[.)]|"
    r"REF\s+(?P<c>[A-Z])\s*[:.-]?)\s+"
)
_HEAD = re.compile(r"^\s*(?:REFS?|REFTELS?|REFERENCES?)\s*:\s*(?:REFS?\s*:\s*)?", re.I)
_CITATION = re.compile(
    r"(?<![A-Z0-9/])(?:(?P<y1>\(\d{2}\)|\d{2,4})\s+)?"
    r"(?P<station>[A-Z][A-Z'.]*(?:[ -][A-Z][A-Z'.]*){0,3})\s+"
    r"(?P<serial>\d{1,7})\b(?!\s*(?:Z\b|/|\.\d))"
    r"(?:\s*\((?P<y2>\d{2})\))?"
    r"(?P<more>(?:\s*(?:,|AND|&)\s*\d{2,7}\b(?!\s*(?:Z\b|[A-Z]{3}\s)))*)"
)
_NOT_STATION = {
    "PARA", "PARAS", "PARAGRAPH", "REF", "REFS", "REFTEL", "SECTION", "PAGE", "UNSCR", "UNSC",
    "RES", "RESOLUTION", "EO", "E.O.", "DECL", "TAGS", "NO", "NUMBER", "ITEM", "ARTICLE",
    "OF", "THE", "AND", "IN", "ON", "AT", "TO", "FROM", "BY", "FOR", "DATED", "OCTOBER",
    "NOVEMBER", "DECEMBER", "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY",
    "AUGUST", "SEPTEMBER", "JAN", "FEB", "MAR", "APR", "JUN", "JUL", "AUG", "SEP", "SEPT",
    "OCT", "NOV", "DEC", "NOTAL", "EMAIL", "E-MAIL", "TELCON", "MEMCON", "FBIS", "OSC",
    "IIR", "DTG", "USC", "CFR", "PL", "HR", "S", "FY", "PHONE", "TEL", "FAX", "ROOM", "VOL",
    "CHAPTER", "TITLE", "LAW", "ACT", "DEMARCHE", "LETTER", "ZULU", "Z", "A", "B", "C", "D",
}
_NOT_CABLE = re.compile(r"\b(?:E-?MAIL|TELCON|MEMCON|OSC|FBIS|IIR|REPORT|FAX|LETTER|PHONE|"
                        r"WEBSITE|HTTP|PRESS RELEASE|MTG|MEETING)\b", re.I)


def ref_items(lines: list[Line]) -> list[tuple[str | None, str, int]]:
    """Split REF lines into (label, text, line) items."""
    items: list[tuple[str | None, str, int]] = []
    for index, line in enumerate(lines):
        text = _HEAD.sub("", line.text) if index == 0 else line.text
        text = " ".join(text.split())
        if not text:
            continue
        starts = [m for m in _LABEL.finditer(text)]
        if not starts:
            if items:
                label, prev, no = items[-1]
                items[-1] = (label, f"{prev} {text}", no)
            else:
                items.append((None, text, line.no))
            continue
        if starts[0].start() > 0:
            head = text[: starts[0].start()].strip(" ,;")
            if items and head:
                label, prev, no = items[-1]
                items[-1] = (label, f"{prev} {head}", no)
            elif head:
                items.append((None, head, line.no))
        for k, m in enumerate(starts):
            end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
            label = m["a"] or m["b"] or m["c"]
            items.append((label, text[m.end():end].strip(" ,;"), line.no))
    return items


def _year(value: str | None, default: int) -> int:
    if not value:
        return default
    digits = value.strip("()")
    n = int(digits)
    if len(digits) == 4:
        return n
    if len(digits) == 3:  # "094 QUITO 841": a typed year with a stray leading zero
        n = n % 100
    return 1900 + n if n >= 50 else 2000 + n


def citations(text: str, year: int, self_id: str | None = None) -> list[tuple[str, str]]:
    """Cable ids cited in ``text``, as (id, matched text); DTG-cited messages excluded."""
    found: list[tuple[str, str]] = []
    upper = text.upper()
    for m in _CITATION.finditer(upper):
        words = m["station"].split()
        while words and words[0] in _NOT_STATION:
            words.pop(0)
        if not words or any(w in _NOT_STATION for w in words) or len(words[-1]) < 2:
            continue
        station = " ".join(words)
        if DTG.search(upper[m.start(): m.end() + 12]):
            continue
        y = _year(m["y1"] or m["y2"], year)
        serials = [m["serial"], *re.findall(r"\d{2,7}", m["more"] or "")]
        for serial in serials:
            cid = make_id(y, canonical_station(station), serial)
            if cid != self_id and cid not in (f for f, _ in found):
                found.append((cid, m.group(0).strip()))
    return found


def parse_refs(lines: list[Line], year: int, self_id: str | None) -> list[Reference]:
    """The references of a REF block, one per cited cable or per non-cable item."""
    out: list[Reference] = []
    for label, text, line in ref_items(lines):
        ids = [] if _NOT_CABLE.search(text) and not re.search(r"\b\d{3,7}\b", text) else \
            citations(text, year, self_id)
        if not ids:
            out.append(Reference(label, text, None, line))
        for cid, _ in ids:
            out.append(Reference(label, text, cid, line))
    return out
