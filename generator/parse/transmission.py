"""The transmission header: routing prosigns, date-time group, FM, TO, INFO and XMT.

Handles the multi-line form of the teletype header, the one-line form that
PDF conversion produces (the seed cable), and the short form of the CSV
``header`` column (``O 051035Z JUN 89`` / ``FM`` / ``TO`` / ``INFO``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from generator.model import Addressee, Transmission
from generator.parse.lines import DTG, MONTHS, Line

_RI = re.compile(r"^R[A-Z]{3,7}$")
_RI_SLASH = re.compile(r"^(R[A-Z]{3,7})/(\S*)$")
_PROSIGN = re.compile(r"^[ZOPRYW]{1,4}$")
_SECTIONS = {"FM", "TO", "INFO", "XMT", "BT"}
_PRECEDENCE = {"IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH", "NIACT"}
PARTIAL_NOTE = "This record is a partial extract of the original cable"


@dataclass(frozen=True, slots=True)
class HeaderResult:
    """What the header parser found."""

    transmission: Transmission | None
    date: datetime | None
    dtg_problem: str | None
    """Why a date-time group could not become a date, if it could not."""


def year_of(two_or_four: str) -> int:
    """Expand a DTG year: ``07`` is 2007, ``89`` is 1989 (cables start in 1966)."""
    value = int(two_or_four)
    if len(two_or_four) == 4:
        return value
    return 1900 + value if value >= 50 else 2000 + value


def dtg_date(match: re.Match[str]) -> datetime | None:
    """The UTC datetime of a date-time group match, or None if it names no real time."""
    try:
        return datetime(
            year_of(match["year"]), MONTHS[match["month"]], int(match["day"]),
            int(match["hour"]), int(match["minute"]), tzinfo=UTC,
        )
    except ValueError:
        return None


def parse_header(lines: list[Line]) -> HeaderResult:
    """Parse the header lines (everything before the classification line)."""
    tokens = [(tok, i) for i, line in enumerate(lines) for tok in line.text.split()]
    if not tokens:
        return HeaderResult(None, None, None)
    text = " ".join(t for t, _ in tokens)
    if PARTIAL_NOTE in text and "FM" not in text.split():
        return HeaderResult(None, None, None)
    multiline = len({i for _, i in tokens}) > 2
    pos = 0
    fields: dict[str, str | None] = dict.fromkeys(
        ("tid", "prec", "originator", "number", "filing", "dtg", "fm"))
    relays: list[str] = []
    security: list[str] = []
    if tokens[0][0].startswith("VZCZC"):
        fields["tid"] = tokens[0][0]
        pos = 1
    prec: list[str] = []
    while pos < len(tokens) and _PROSIGN.match(tokens[pos][0]) and tokens[pos][0] != "DE":
        if DTG.match(" ".join(t for t, _ in tokens[pos:pos + 4])):
            break
        prec.append(tokens[pos][0])
        pos += 1
    fields["prec"] = " ".join(prec) or None
    while pos < len(tokens) and _RI.match(tokens[pos][0]):
        relays.append(tokens[pos][0])
        pos += 1
    if pos < len(tokens) and tokens[pos][0] == "DE":
        pos += 1
        if pos < len(tokens) and _RI.match(tokens[pos][0]):
            fields["originator"] = tokens[pos][0]
            pos += 1
        if pos < len(tokens) and tokens[pos][0].startswith("#"):
            fields["number"] = tokens[pos][0]
            pos += 1
        if pos < len(tokens) and tokens[pos][0].isdigit():
            fields["filing"] = tokens[pos][0]
            pos += 1
    date: datetime | None = None
    problem: str | None = None
    while pos < len(tokens) and tokens[pos][0] not in _SECTIONS:
        rest = " ".join(t for t, _ in tokens[pos:pos + 4])
        match = DTG.match(rest)
        if match and fields["dtg"] is None:
            fields["dtg"] = match.group(0)
            date = dtg_date(match)
            if date is None:
                problem = f"date-time group {match.group(0)!r} names no real date"
            pos += len(match.group(0).split())
            continue
        security.append(tokens[pos][0])
        pos += 1
    sections: dict[str, list[tuple[str, int]]] = {s: [] for s in _SECTIONS}
    current = None
    for tok, i in tokens[pos:]:
        if tok in _SECTIONS:
            current = tok
            continue
        if current:
            sections[current].append((tok, i))
    fm_tokens = sections["FM"]
    if multiline and fm_tokens:
        fm_tokens = [(t, i) for t, i in fm_tokens if i == fm_tokens[0][1]]
    fm = " ".join(t for t, _ in fm_tokens) or None
    first, last = lines[0].no, lines[-1].no
    transmission = Transmission(
        transmission_id=fields["tid"],
        precedence=fields["prec"],
        relays=tuple(relays),
        originator=fields["originator"],
        message_number=fields["number"],
        filing_time=fields["filing"],
        security=" ".join(security) or None,
        dtg=fields["dtg"],
        fm=fm,
        to=_addressees(sections["TO"], multiline),
        info=_addressees(sections["INFO"], multiline),
        xmt=_addressees(sections["XMT"], multiline),
        first_line=first,
        last_line=last,
    )
    return HeaderResult(transmission, date, problem)


def _addressees(tokens: list[tuple[str, int]], multiline: bool) -> tuple[Addressee, ...]:
    """Split a TO/INFO/XMT token run into addressees."""
    out: list[Addressee] = []
    name: list[str] = []
    routing: str | None = None
    precedence: list[str] = []
    number: str | None = None
    last_line = -1

    def close() -> None:
        nonlocal name, routing, precedence, number
        if name or routing:
            out.append(Addressee(" ".join(name), routing, " ".join(precedence) or None, number))
        name, routing, precedence, number = [], None, [], None

    for tok, line in tokens:
        slash = _RI_SLASH.match(tok)
        if slash or (multiline and line != last_line) or number is not None:
            close()
        last_line = line
        if slash:
            routing = slash.group(1)
            if slash.group(2):
                name.append(slash.group(2))
        elif tok in _PRECEDENCE:
            precedence.append(tok)
        elif tok.isdigit() and (name or routing):
            number = tok
        else:
            name.append(tok)
    close()
    return tuple(out)
