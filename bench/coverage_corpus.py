"""The corpus as the coverage measure reads it: cables parsed once, bodies without headers.

``glossary_coverage.py`` counts acronyms in the prose of each cable's body;
this module finds that prose (the routing, distribution and address lines
that the parser left inside a body are left out) and the names around it
(the signer on the body's last line, multi-word place names).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from bench.acronyms import TOKEN
from generator.glossary.model import Glossary
from generator.model import Cable, Unit
from generator.parse import ParseContext, parse_unit
from generator.read.units import read_file

HEADER_LINE = re.compile(
    r"^\s*(?:(?:ACTION|INFO|ORIGIN)\s+[A-Z]+-\d\d|(?:FM|TO|INFO|XMT|BT|ZEN)\s|-{6,}"
    r"|.*(?:[A-Z]+-\d\d\s+){3}"
    r"|.*[A-Z0-9]//|.*\bTAGS\s*:|\s*E\.\s?O\.\s+\d|\s*SUBJ(?:ECT)?\s*:"
    r"|(?:AMEMBASSY|AMCONSUL|AMCONGEN|USMISSION|USINT|USLO)\s+[A-Z .-]+(?:\s+\d+)?\s*$"
    r"|[A-Z0-9/ ]+\s+WASHDC(?:\s+\d+)?\s*$)")
"""Routing, distribution and address lines that the parser left inside a body
(``INFO LOG-00 AID-00 CIAE-00 ...``, ``FM AMCONSUL ...``, military addresses
``CINCUSAFE RAMSTEIN AB GE//J3/POLAD//``, ``AMEMBASSY BONN``, ``USDOC WASHDC``, and
the ``E.O.``, ``TAGS`` and ``SUBJECT`` lines of telegrams whose preamble stayed in the text):
headers, not prose."""

SECTION_BREAK = re.compile(
    r"(?:\b(?:ACTION|INFO)\s+[A-Z]+-\d\d\s+)?(?:UNCLAS|LIMITED OFFICIAL USE|CONFIDENTIAL|SECRET"
    r"|C O N F I D E N T I A L|S E C R E T)\s+SECTION\s+\d+\s+OF\s+\d+\s+[A-Z][A-Z .]*?\s+\d+"
    r"(?:\s+SIPDIS)?")
"""The header of a telegram's next section (``ACTION SS-00 UNCLAS SECTION 02 OF 03 ZAGREB
000118 SIPDIS``) that the parser left inside a paragraph: a header, not prose."""

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def cables(corpus: Path) -> list[Cable]:
    """Every cable of the corpus (CSV rows and HTML pages), parsed, each id once."""
    ctx = ParseContext()
    out: dict[str, Cable] = {}
    files = [(p.name, "csv") for p in sorted(corpus.glob("*.csv"))]
    files += [(p.relative_to(corpus).as_posix(), "html")
              for p in sorted((corpus / "html").rglob("*.html"))]
    for rel, fmt in files:
        for item in read_file(corpus, rel, fmt):
            if isinstance(item, Unit):
                cable = parse_unit(item, ctx)[0]
                out.setdefault(cable.id, cable)
    return list(out.values())


def bodies(cable: Cable) -> list[str]:
    """The cable's paragraphs without header lines."""
    return ["\n".join(line for line in SECTION_BREAK.sub(" ", p.text).splitlines()
                      if not HEADER_LINE.match(line))
            for p in cable.paragraphs]


def closing_name(paragraphs: list[str], known: frozenset[str]) -> set[str]:
    """The word alone on the last line of a cable's body (``KURTZER``), if it is not a term.

    Telegrams end with the sender's surname on a line of its own; the parser
    does not always recognise it as the signature (after a line of asterisks)."""
    last = next((line.strip(" *-\t") for p in reversed(paragraphs)
                 for line in reversed(p.splitlines()) if line.strip(" *-\t")), "")
    return {last} if TOKEN.fullmatch(last) and last not in known else set()


def place_names(glossary: Glossary) -> list[str]:
    """Multi-word place names: countries of the geographic tags, posts of the routing list."""
    names = list(glossary.countries.values())
    path = REFERENCE / "route2name.csv"
    if path.is_file():
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                m = re.fullmatch(r"(?:AMEMBASSY|AMCONSUL|USMISSION)\s+(.+)", row[1].strip()) \
                    if len(row) > 1 else None
                if m:
                    names.append(m.group(1))
    return names
