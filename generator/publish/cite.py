"""Citations of a cable: Chicago (bibliography style) and BibTeX, by cable id.

A cable is cited by its canonical id, which never changes, and a passage by
its paragraph number, which the edition keeps as a permalink (``#p5``). The
URL is given only when the site has a ``base_url``: a relative URL is no
use in a bibliography.
"""

from __future__ import annotations

import re
from datetime import datetime

_BIBTEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
           "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}",
           "^": r"\textasciicircum{}"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_escape(text: str) -> str:
    """Escape TeX's special characters."""
    return "".join(_BIBTEX.get(ch, ch) for ch in text)


def bibtex_key(cable_id: str) -> str:
    """A citation key from the id (letters and digits only)."""
    return "cable" + re.sub(r"[^A-Za-z0-9]", "", cable_id)


def _date(date: datetime | None) -> str:
    return f"{date:%B} {date.day}, {date.year}" if date else "undated"


def chicago(cable_id: str, subject: str, origin: str, date: datetime | None,
            classification: str, edition: str, publisher: str, url: str | None) -> str:
    """``Origin. "Subject." Cable ID, Month D, YYYY. Classification. In Edition, ed. ... URL.``"""
    parts = [f"{origin or 'Unknown post'}.", f"“{subject or '(No subject)'}.”",
             f"Cable {cable_id}, {_date(date)}.", f"{classification.title()}."
             if classification else ""]
    where = f"In {edition}"
    if publisher:
        where += f", edited by {publisher}"
    parts.append(where + ".")
    if url:
        parts.append(f"{url}.")
    return " ".join(p for p in parts if p)


def bibtex(cable_id: str, subject: str, origin: str, date: datetime | None,
           classification: str, edition: str, publisher: str, url: str | None) -> str:
    """A ``@misc`` entry keyed by the cable id."""
    fields = [("author", "{" + bibtex_escape(origin or "Unknown post") + "}"),
              ("title", "{" + bibtex_escape(subject or "(No subject)") + "}"),
              ("howpublished", bibtex_escape(f"Diplomatic cable {cable_id}"
                                             + (f", {classification}" if classification
                                                else "")))]
    if date:
        fields += [("year", str(date.year)), ("month", _MONTHS[date.month - 1]),
                   ("day", str(date.day))]
    note = f"In: {edition}" + (f", edited by {publisher}" if publisher else "")
    fields.append(("note", bibtex_escape(note)))
    if url:
        fields.append(("url", url))
    lines = [f"@misc{{{bibtex_key(cable_id)},"]
    for name, value in fields:
        braced = value if name == "month" else "{" + value + "}"
        lines.append(f"  {name} = {braced},")
    lines.append("}")
    return "\n".join(lines)
