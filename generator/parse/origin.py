"""The sending post's name, from the FM line or the station."""

from __future__ import annotations

import re

from generator.parse.lines import normalise_station

_KINDS = (
    ("AMEMBASSY", "Embassy"), ("AMCONSUL", "Consulate"), ("AMCONGEN", "Consulate"),
    ("USOFFICE", "US Office"), ("USLO", "US Liaison Office"), ("USINT", "US Interests Section"),
)
_FIXED = {
    "SECSTATE WASHDC": "Secretary of State", "SECSTATE": "Secretary of State",
    "AIT TAIPEI": "American Institute Taiwan, Taipei", "USMISSION USNATO": "Mission USNATO",
    "USMISSION USUN NEW YORK": "USUN New York", "USUN NEW YORK": "USUN New York",
    "USMISSION UNVIE VIENNA": "UNVIE", "USEU BRUSSELS": "USEU Brussels",
    "IRAN RPO DUBAI": "Iran RPO Dubai", "RPO DUBAI": "Iran RPO Dubai",
    "SECDEF WASHDC": "Secretary of Defense",
}
# Renamed posts: WikiLeaks names the post by its later name.
RENAMED = {"MADRAS": "CHENNAI", "KIEV": "KYIV", "BOMBAY": "MUMBAI", "CALCUTTA": "KOLKATA"}


def _title(words: str) -> str:
    return " ".join(w.capitalize() if w.isalpha() else w.title() for w in words.split())


def origin_name(fm: str) -> str:
    """Human name of the post in an FM line (``AMEMBASSY BRUSSELS`` is ``Embassy Brussels``)."""
    text = " ".join(re.sub(r"[^A-Z' -]", " ", fm.upper()).split())
    for drop in (" IMMEDIATE", " PRIORITY", " ROUTINE", " FLASH", " NIACT"):
        text = text.replace(drop, "")
    if text in _FIXED:
        return _FIXED[text]
    for prefix, kind in _KINDS:
        if text.startswith(prefix + " "):
            return f"{kind} {_title(text[len(prefix) + 1:])}"
    if text.startswith("USMISSION "):
        return f"Mission {_title(text[10:])}"
    return _title(text)


def same_post(a: str, b: str) -> bool:
    """Whether two post names name the same station (``Embassy Lagos``, ``Consulate Lagos``)."""
    def key(name: str) -> str:
        words = [w for w in name.upper().split() if w not in {
            "EMBASSY", "EMBASY", "CONSULATE", "MISSION", "US", "OFFICE", "INTERESTS", "SECTION",
            "LIAISON", "AMERICAN", "INSTITUTE", "TAIWAN,", "TAIWAN", "AMEMBASSY", "AMCONSUL"}]
        station = normalise_station(" ".join(words))
        return RENAMED.get(station, station)
    return key(a) == key(b) or key(a).endswith(key(b)) or key(b).endswith(key(a))
