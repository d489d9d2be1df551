"""The text model of the synthetic corpus: one realistic cable from (seed, corpus size, index).

Every cable is a pure function of its index, so a corpus of any size is
written as a stream and any cable can name any other without keeping a
list: the id of cable ``j`` (station, year, serial) is computed on demand.
Serials come from a bijection (``j * 7919 mod 999983``), so ids are unique;
dates grow with the index, so references point backwards in time. Sizes
follow the distribution of the content lengths of the shared sample
(percentiles, hard-coded as numbers); the vocabulary is our own.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bench.vocab import (
    ACRONYMS,
    CLASSIFICATIONS,
    HEADER_FORMS,
    OFFICES,
    SIGNERS,
    STATIONS,
    TAGS_GEO,
    TAGS_SUBJECT,
    WORDS,
    YEARS,
)

# Content length percentiles of the sample (chars): p0, p1, p10, p25, p50, p75, p90, p99, p100.
_LENGTHS = ((0.0, 300), (0.01, 478), (0.10, 1240), (0.25, 2475), (0.50, 4753),
            (0.75, 7705), (0.90, 11653), (0.99, 25541), (1.0, 60000))
_PAGE = 3500
"""Characters of text per printed page (a page-break line between pages)."""
_PRIME, _STEP = 999_983, 7919
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
PARTIAL = ("This record is a partial extract of the original cable. The full text of the "
           "original cable is not available.")


def unit(seed: int, salt: str, j: int) -> float:
    """A uniform number in [0, 1) fixed by (seed, salt, j)."""
    h = hashlib.blake2b(f"{seed}:{salt}:{j}".encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") / 2**64


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return [c / total for c in out]


_YEAR_CUM = _cumulative([w for _, w in YEARS])
_STATION_CUM = _cumulative([s[3] for s in STATIONS])
_START = datetime(YEARS[0][0], 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Ident:
    """Who sent cable ``j`` and when: enough to cite it."""

    station: int
    """Index into ``STATIONS``."""
    date: datetime
    serial: int

    @property
    def code(self) -> str:
        return STATIONS[self.station][0]

    @property
    def id(self) -> str:
        return f"{self.date.year % 100:02d}{self.code}{self.serial}"


def ident(seed: int, n: int, j: int) -> Ident:
    """The station, date and serial of cable ``j`` of a corpus of ``n`` (j may exceed n)."""
    station = bisect.bisect_right(_STATION_CUM, unit(seed, "station", j))
    q = min((j + 0.5) / n, 0.999999)
    y = bisect.bisect_right(_YEAR_CUM, q)
    low = _YEAR_CUM[y - 1] if y else 0.0
    within = (q - low) / (_YEAR_CUM[y] - low)
    year = YEARS[y][0]
    start = datetime(year, 1, 1, tzinfo=UTC)
    seconds = within * (datetime(year + 1, 1, 1, tzinfo=UTC) - start).total_seconds()
    date = (start + timedelta(seconds=seconds)).replace(second=0, microsecond=0)
    return Ident(min(station, len(STATIONS) - 1), date, (j * _STEP) % _PRIME + 1)


@dataclass(frozen=True, slots=True)
class Synth:
    """One synthetic cable in the fields of a ``cables.csv`` row."""

    index: int
    ident: Ident
    origin: str
    classification: str
    references: tuple[str, ...]
    header: str
    content: str
    txt_header: str
    """The header of the text file (partial extracts get a short header there)."""
    subject: str
    tags: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.ident.id


def _length(r: random.Random) -> int:
    q = r.random()
    for (q0, v0), (q1, v1) in itertools.pairwise(_LENGTHS):
        if q <= q1:
            return int(v0 + (v1 - v0) * (q - q0) / (q1 - q0))
    return _LENGTHS[-1][1]


def _dtg(d: datetime) -> str:
    return f"{d.day:02d}{d.hour:02d}{d.minute:02d}Z {MONTHS[d.month - 1]} {d.year % 100:02d}"


def _header(r: random.Random, me: Ident, form: str) -> str:
    ri, name = STATIONS[me.station][2], STATIONS[me.station][4]
    prec = r.choice(("R", "R", "O", "P"))
    to = ["RUEHC/SECSTATE WASHDC " + str(r.randint(1, 9999))]
    info = [f"{STATIONS[k][2]}/{STATIONS[k][4]} {r.randint(1, 9999):04d}"
            for k in r.sample(range(len(STATIONS)), r.randint(0, 8))]
    if form == "partial":
        return PARTIAL
    if form == "short":
        lines = [f"{prec} {_dtg(me.date)}", f"FM {name}", f"TO {to[0].split('/', 1)[1]}"]
        lines += [("INFO " if i == 0 else "") + x.split("/", 1)[1] for i, x in enumerate(info)]
        return "\n".join(lines) + "\n"
    routing = [f"VZCZCXRO{r.randint(1000, 9999)}", f"{prec}{prec} RUEHWEB",
               f"DE {ri} #{me.serial % 10000:04d}/01 {me.date.timetuple().tm_yday:03d}"
               f"{me.date.hour:02d}{me.date.minute:02d}", "ZNY CCCCC ZZH",
               f"{prec} {_dtg(me.date)}", f"FM {name}", "TO " + to[0]]
    routing += [("INFO " if i == 0 else "") + x for i, x in enumerate(info)]
    return (" ".join(routing) if form == "oneline" else "\n".join(routing)) + "\n"


def _wrap(words: list[str], width: int) -> list[str]:
    lines, current = [], ""
    for w in words:
        if current and len(current) + 1 + len(w) > width:
            lines.append(current)
            current = w
        else:
            current = f"{current} {w}" if current else w
    if current:
        lines.append(current)
    return lines


def _sentence(r: random.Random, upper: bool) -> str:
    words = r.choices(WORDS, cum_weights=_WORD_CUM, k=r.randint(6, 24))
    if r.random() < 0.35:
        words.insert(r.randrange(len(words)), r.choice(ACRONYMS))
    text = " ".join(words)
    text = text[0].upper() + text[1:] + "."
    return text.upper() if upper else text


_WORD_CUM = _cumulative([1.0 / (rank + 8) for rank in range(len(WORDS))])


def _cite(seed: int, n: int, me: int, r: random.Random) -> tuple[str, str]:
    """(reference text, canonical id) of a cable cited by cable ``me``."""
    if me > 0 and r.random() < 0.7:
        other = ident(seed, n, max(0, me - 1 - int(r.expovariate(1 / 300))))
    else:  # a cable outside the corpus: an index the corpus never reaches, dated earlier
        other = ident(seed, n, n + r.randrange(1_000_000 - n if n < 1_000_000 else 1))
        other = Ident(other.station, ident(seed, n, me).date - timedelta(days=r.randint(1, 900)),
                      other.serial)
    year = other.date.year % 100
    mine = ident(seed, n, me).date.year % 100
    text = f"{year:02d} {other.code} {other.serial}" if year != mine else \
        f"{other.code} {other.serial}"
    return text, other.id


def make(seed: int, n: int, j: int) -> Synth:
    """Cable ``j`` of the corpus of ``n`` cables made with ``seed``."""
    r = random.Random(f"{seed}:{j}")
    me = ident(seed, n, j)
    code, origin = STATIONS[me.station][0], STATIONS[me.station][1]
    classification = r.choices([c for c, _ in CLASSIFICATIONS],
                               weights=[w for _, w in CLASSIFICATIONS])[0]
    level = classification.split("//")[0]
    upper = me.date.year < 2000 or r.random() < 0.3
    form = r.choices([f for f, _ in HEADER_FORMS], weights=[w for _, w in HEADER_FORMS])[0]
    length = _length(r)
    pages = max(1, -(-length // _PAGE))
    serial = f"{me.serial:06d}" if me.date.year >= 2000 else f"{me.serial:05d}"
    shown = " ".join(level) if level in ("CONFIDENTIAL", "SECRET") and r.random() < 0.6 \
        else ("UNCLAS" if level == "UNCLASSIFIED" else level)
    section = f" SECTION 01 OF {pages:02d}" if pages > 1 else ""
    lines = [f"{shown}{section} {code} {serial}", ""]
    if "NOFORN" in classification:
        lines += ["NOFORN", ""]
    if "OFFICIAL USE" in classification:
        lines += ["FOR OFFICIAL USE ONLY", ""]
    if me.date.year >= 2005 and r.random() < 0.8:
        lines += ["SIPDIS", ""]
    if r.random() < 0.4:
        lines += [r.choice(OFFICES), ""]
    decl = f"{me.date.month:02d}/{me.date.day:02d}/{me.date.year + 10}"
    lines.append("E.O. 12958: N/A" if level == "UNCLASSIFIED" else f"E.O. 12958: DECL: {decl}")
    tags = tuple(dict.fromkeys([*r.sample(TAGS_SUBJECT, r.randint(1, 4)), STATIONS[me.station][5],
                                *r.sample(TAGS_GEO, r.randint(0, 2))]))
    lines.append("TAGS: " + (", " if r.random() < 0.6 else " ").join(tags))
    subject = " ".join(r.choices(WORDS, cum_weights=_WORD_CUM, k=r.randint(4, 10))).upper()
    lines += [f"SUBJECT: {subject}", ""]
    count = r.choices((0, 1, 2, 3, 4), weights=(48, 40, 8, 3, 1))[0]
    cited = [_cite(seed, n, j, r) for _ in range(count)]
    if cited:
        labels = "ABCD"
        refs = [f"{labels[i]}. {t}" if count > 1 else t for i, (t, _) in enumerate(cited)]
        lines += ["REF: " + refs[0], *(f"     {x}" for x in refs[1:]), ""]
    if level != "UNCLASSIFIED":
        who = r.choice(SIGNERS)
        lines += [f"Classified By: Ambassador {who.title()}. Reason 1.4 (b) and (d)", ""]
    marking = {"UNCLASSIFIED": "(U)", "CONFIDENTIAL": "(C)", "SECRET": "(S)"}.get(level, "(SBU)")
    body: list[str] = []
    size, number, page = 0, 1, 1
    while size < length:
        sentences = [_sentence(r, upper) for _ in range(r.randint(2, 7))]
        if number == 1 and length > 1500:
            sentences[0] = "SUMMARY: " + sentences[0]
            sentences.append("END SUMMARY.")
        mark = marking if r.random() < 0.85 else "(U)"
        para = _wrap(f"{number}. {mark} {' '.join(sentences)}".split(), r.randint(60, 70))
        if size // _PAGE + 1 > page and page < pages:  # a page break inside the paragraph
            page += 1
            cut = r.randint(0, len(para))
            para[cut:cut] = ["", f"{code} {me.serial:08d} {page:03d} OF {pages:03d}", ""]
        body += [*para, ""]
        size += sum(len(x) + 1 for x in para)
        number += 1
    body.append(r.choice(SIGNERS))
    content = "\n".join(lines + body) + "\n"
    header = _header(r, me, form)
    txt_header = _header(r, me, "short") if form == "partial" else header
    return Synth(j, me, origin, classification, tuple(i for _, i in cited),
                 header, content, txt_header, subject, tags)
