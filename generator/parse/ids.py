"""Canonical cable ids and the station names they are built from.

A Cablegate id is a two-digit year, the sending station in capitals without
spaces or punctuation, and the serial without leading zeros
(``07BRUSSELS881``). Citations write stations in many ways (``SECSTATE
WASHDC``, ``USUN NEW YORK``, ``HAGUE``, ``AIT TAIPEI``); ``canonical_station``
maps them all to the form used in ids through the station vocabulary
(``generator/data/stations.txt``), on the citing and the cited side alike.
"""

from __future__ import annotations

import re

from generator.parse.lines import normalise_station
from generator.parse.stations import stations

# Words that introduce a post's name in headers (``AMEMBASSY VIENNA``).
_PREFIXES = ("AMEMBASSY", "AMCONSUL", "EMBASSY", "CONSULATE", "AMEMB", "USMISSION", "AMCONGEN",
             "USOFFICE", "USLO", "USINT", "USDEL")


def canonical_station(written: str) -> str:
    """The id form of a station as written in a citation, a header or a classification line.

    Known names and aliases come from the vocabulary; an unknown name is
    kept, letters only, without a leading ``AMEMBASSY``-like word, so that a
    cable from a post missing from the vocabulary still gets an id.
    """
    key = normalise_station(written)
    forms = stations().forms
    if key in forms:
        return forms[key]
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            rest = key[len(prefix):]
            return forms.get(rest, rest)
    return key


def make_id(year: int, station: str, serial: str | int, suffix: str = "") -> str:
    """Build a canonical id: ``make_id(2007, 'BRUSSELS', '000881')`` is ``07BRUSSELS881``."""
    return f"{year % 100:02d}{canonical_station(station)}{int(serial)}{suffix}"


_ID = re.compile(r"^(?P<yy>\d{2})(?P<station>[A-Z]+?)(?P<serial>\d+)(?P<suffix>(?:[A-Z]+\d*)?)$")


def normalise_id(value: str) -> str | None:
    """Normalise an id written anywhere (``03SECSTATE058408``, ``89AITTAIPEI3626``) or None."""
    m = _ID.match(value.strip().upper())
    if not m:
        return None
    return f"{m['yy']}{canonical_station(m['station'])}{int(m['serial'])}{m['suffix']}"


def alternate_forms(cable_id: str) -> list[str]:
    """Other ids under which the same cable is cited (USEU cables: BRUSSELS and USEUBRUSSELS).

    USEU Brussels shared Embassy Brussels' communications centre: its cables
    carry ``BRUSSELS`` ids in the release and are cited as ``USEU BRUSSELS``
    or ``USEU``. AIT Taipei is folded into ``TAIPEI`` by the vocabulary.
    """
    m = _ID.match(cable_id)
    if not m:
        return []
    if m["station"] == "BRUSSELS":
        return [cable_id.replace("BRUSSELS", "USEUBRUSSELS", 1)]
    if m["station"] == "USEUBRUSSELS":
        return [cable_id.replace("USEUBRUSSELS", "BRUSSELS", 1)]
    return []
