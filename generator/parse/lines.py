"""Lines of the original text, and the patterns that several passes share."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """A line of text with its 1-based line number in the original."""

    no: int
    text: str

    @property
    def blank(self) -> bool:
        """Whether the line holds only whitespace."""
        return not self.text.strip()


_NEWLINE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[Line]:
    """Split the original text into numbered lines at CR, LF or CRLF.

    Only these count as line ends (as in Pygments and in editors), not the
    other separators ``str.splitlines`` knows, so that line numbers agree
    between the apparatus, the diagnostics and the original view.
    """
    parts = _NEWLINE.split(text)
    if parts and parts[-1] == "":
        parts.pop()
    return [Line(i, t) for i, t in enumerate(parts, start=1)]


# Classification levels as they open the text, spaced letters included.
LEVELS = (
    ("T O P S E C R E T", "TOP SECRET"),
    ("TOP SECRET", "TOP SECRET"),
    ("S E C R E T", "SECRET"),
    ("SECRET", "SECRET"),
    ("C O N F I D E N T I A L", "CONFIDENTIAL"),
    ("CONFIDENTIAL", "CONFIDENTIAL"),
    ("UNCLASSIFIED", "UNCLASSIFIED"),
    ("UNCLAS", "UNCLASSIFIED"),
    ("LIMITED OFFICIAL USE", "LIMITED OFFICIAL USE"),
)


def _pattern(written: str) -> str:
    """Spaced-letter forms tolerate a lost or doubled space (``CO N F I D E N T I A L``)."""
    if " " in written and all(len(w) == 1 for w in written.split()):
        return r"\s?".join(re.escape(ch) for ch in written.replace(" ", ""))
    return re.escape(written)


CLASS_LINE = re.compile(
    r"^\s*(?P<level>" + "|".join(f"(?:{_pattern(a)})" for a, _ in LEVELS) + r")\b(?P<rest>.*)$",
    re.I,
)
_LEVEL_KEYS = {a.replace(" ", ""): b for a, b in LEVELS}


def level_name(written: str) -> str:
    """The level a written classification names (``C O N F I D E N T I A L`` is CONFIDENTIAL)."""
    return _LEVEL_KEYS[written.replace(" ", "").upper()]

MONTHS = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)}
DTG = re.compile(
    r"\b(?P<prec>[ZOPRYW]{1,2}\s+)?(?P<day>\d{2})(?P<hour>\d{2})(?P<minute>\d{2})Z\s*"
    r"(?P<month>JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\s*(?P<year>\d{2}|\d{4})\b"
)

# Captions and handling marks that stand on lines of their own.
CAPTIONS = (
    "SIPDIS", "NOFORN", "NODIS", "EXDIS", "LIMDIS", "STADIS", "SENSITIVE", "SBU", "FOUO",
    "FOR OFFICIAL USE ONLY", "SENSITIVE BUT UNCLASSIFIED", "ROGER CHANNEL", "CHEROKEE",
    "EFTO", "E F T O", "NOFORN/SIPDIS", "WNINTEL", "ORCON", "PROPIN", "NOCONTRACT",
    "REL NATO", "REL TO USA", "USDOC", "DISSENT CHANNEL", "CORRECTED COPY", "TERREP",
    "EYES ONLY", "NOT FOR RELEASE", "NO DISTRIBUTION", "FOR ACTION", "INFORM CONSULS",
)
CAPTION_WORDS = {c.replace(" ", "") for c in CAPTIONS}


def caption_parts(text: str) -> list[str] | None:
    """Split a line made only of captions (``SIPDIS``, ``NOFORN/SIPDIS``...), else None."""
    body = re.sub(r",\s*BUT\b", " BUT", text.strip().strip("."))
    if not body:
        return None
    parts = [p.strip() for p in re.split(r"[/,;]|\s{2,}| - ", body) if p.strip()]
    found: list[str] = []
    for part in parts:
        key = part.replace(" ", "").upper()
        if key in CAPTION_WORDS and (part.isupper() or key == "SIPDIS"):
            found.append(" ".join(part.upper().split()))
        else:
            words = part.split()
            if len(words) > 1 and all(w.upper() in CAPTION_WORDS and w.isupper() for w in words):
                found.extend(w.upper() for w in words)
            else:
                return None
    return found


def normalise_station(name: str) -> str:
    """Station as written in an id: letters only, upper case (``TEL AVIV`` -> ``TELAVIV``)."""
    return re.sub(r"[^A-Z]", "", name.upper())
