"""Cable citations in free text: ``[year] STATION serial [(year)] [AND serial...]``.

Shared by the REF parser and the finder of mentions in the body. Each
number of the text is a candidate serial; the words before it name a
station only if the station vocabulary knows them (the longest run of
trailing words wins, so ``REFTEL SANTO DOMINGO 6841`` is SANTODOMINGO and
``USUN NEW YORK 12`` is USUNNEWYORK). The year is the citing cable's
unless the citation gives one, before (``03 STATE 333924``, ``2009 CAIRO
2394``, ``094 QUITO 841``, ``(99) ROME 2196``) or after (``ASUNCION 701
(08)``). Numbers that belong to date-time groups (``R162245Z OCT 08``),
dates (``3/4/04``, ``12 MARCH``), section numbers (``1.4``) or quantities
are not serials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.parse.ids import make_id
from generator.parse.lines import normalise_station
from generator.parse.stations import MAX_WORDS, stations

_SERIAL = re.compile(r"(?<![\w./:-])\d{1,7}(?![\w/:]|\.\d|-\d)")
_BEFORE = re.compile(
    r"(?:(?<![\w/.-])(?P<year>\(\d{2}\)|\d{2,4})[ \t]*|(?<![\w'.]))"
    r"(?P<words>(?:[A-Za-z][A-Za-z'.]*[ \t\n-]+){1,"
    + str(MAX_WORDS + 1) + "})$")
_MIDDLE = re.compile(r"[ \t]+(?P<serial>\d{3,7})(?![\w/:]|\.\d)")
_AFTER_YEAR = re.compile(r"[ \t]*\((?P<year>\d{2}|\d{4})\)")
_MORE = re.compile(r"[ \t]*(?:,|&|\bAND\b)(?:[ \t\n]*\bAND\b)?[ \t\n]*"
                   r"(?P<serial>\d{2,7})(?![\w/:]|\.\d)", re.I)
_MONTHS = (r"JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|"
           r"SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?")
_DATE_AFTER = re.compile(rf"[ \t]+(?:{_MONTHS})\b", re.I)
_WORDS_AFTER = re.compile(r"[ \t]+((?:[A-Za-z][A-Za-z'.]*[ \t-]*){1," + str(MAX_WORDS) + "})")
_QUANTITY_AFTER = re.compile(
    r"[ \t]+(?:PERCENT|PER|KM|KILOMETERS?|MILES?|METERS?|TONS?|DAYS?|WEEKS?|MONTHS?|YEARS?|"
    r"HOURS?|MINUTES?|PEOPLE|PERSONS?|MEMBERS?|TROOPS|SOLDIERS|POLICE|DOLLARS|USD|EUROS?|"
    r"MILLION|BILLION|TIMES|CASES|VOTES|SEATS|DELEGATES|VISITORS|STUDENTS|RESIDENTS)\b", re.I)


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited cable: its id and the span of text that names it."""

    id: str
    start: int
    end: int
    """The span: station to serial for the first cable of a citation, the
    serial alone for the next ones (``2764`` in ``BRASILIA 2799 AND 2764``)."""
    explicit_year: bool


def _year(value: str | None, default: int | None) -> int | None:
    if not value:
        return default
    digits = value.strip("()")
    n = int(digits)
    if len(digits) == 4:
        return n if 1940 <= n <= 2030 else None
    if len(digits) == 3:  # "094 QUITO 841": a typed year with a stray leading zero
        if not digits.startswith("0"):
            return None
        n %= 100
    return 1900 + n if n >= 50 else 2000 + n


def _plausible_year(value: str) -> bool:
    digits = value.strip("()")
    if len(digits) == 4:
        return 1940 <= int(digits) <= 2030
    return len(digits) == 2 or (len(digits) == 3 and digits.startswith("0"))


def find_citations(text: str, year: int | None, *, self_id: str | None = None,
                   prose: bool = False) -> list[Citation]:
    """The cables cited in ``text``, in order; ``year`` is the citing cable's.

    ``prose`` is for running text rather than a REF list: numbers that look
    like years (``PARIS 2004``) or that count things (``MOSCOW 3 DAYS``) and
    one-digit serials are not taken for serials there.
    """
    vocabulary = stations()
    found: list[Citation] = []
    consumed = 0
    for m in _SERIAL.finditer(text):
        if m.start() < consumed:
            continue
        serial = m.group()
        if not vocabulary.may_end(_last_word(text, m.start())):
            continue  # the word before the number ends no station: the common case, made fast
        before = _BEFORE.search(text, max(0, m.start() - 120), m.start())
        if before is None:
            continue
        words = re.split(r"[ \t\n-]+", before["words"].strip(" \t\n-"))
        hit = vocabulary.at_end(words)
        if hit is None:
            continue
        first, station = hit
        rest = text[m.end():]
        if _DATE_AFTER.match(rest) and int(serial) <= 31:
            continue
        if prose and (len(serial) == 1 or _QUANTITY_AFTER.match(rest) or (
                len(serial) == 4 and 1940 <= int(serial) <= 2030)):
            continue
        lead = before["year"] if first == 0 and before["year"] and _plausible_year(
            before["year"]) and before.start("year") >= consumed else None
        start = before.start("year") if lead else _word_start(before, words, first)
        end = m.end()
        middle = _MIDDLE.match(text, end) if len(serial) == 2 and not lead else None
        if middle:  # "BOGOTA 04 11339": the year between station and serial
            lead, serial, end = serial, middle["serial"], middle.end()
        after = _AFTER_YEAR.match(text, end)
        written_year = lead or (after["year"] if after else None)
        cited_year = _year(written_year, year)
        serials = [(serial, start, after.end() if after and not lead else end)]
        tail = after.end() if after else end
        while more := _MORE.match(text, tail):
            if _station_follows(text, more.end()):
                break  # "STATE 1234, 2004 STATE 5678": the year of the next citation
            serials.append((more["serial"], more.start("serial"), more.end("serial")))
            tail = more.end()
        consumed = tail
        if cited_year is None:
            continue
        for number, a, b in serials:
            cid = make_id(cited_year, station, number)
            if cid != self_id and all(c.id != cid for c in found):
                found.append(Citation(cid, a, b, written_year is not None))
    return found


def _last_word(text: str, end: int) -> str:
    """The word just before ``end`` (letters, apostrophes and dots), upper case."""
    i = end
    while i > 0 and text[i - 1] in " \t\n-":
        i -= 1
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] in "'."):
        j -= 1
    return text[j:i].upper()


def _station_follows(text: str, pos: int) -> bool:
    """Whether a station name starts after ``pos`` (so the number before it is a year)."""
    m = _WORDS_AFTER.match(text, pos)
    if not m:
        return False
    words = re.split(r"[ \t-]+", m[1].strip(" \t-"))
    forms = stations().forms
    return any(normalise_station("".join(words[:n])) in forms for n in range(1, len(words) + 1))


def _word_start(before: re.Match[str], words: list[str], first: int) -> int:
    """Offset in the text of ``words[first]`` inside the matched run of words."""
    segment = before["words"]
    offset = before.start("words")
    pos = 0
    for index, word in enumerate(words):
        pos = segment.index(word, pos)
        if index == first:
            return offset + pos
        pos += len(word)
    return offset
