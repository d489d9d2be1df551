"""The vocabulary of stations: which written names send cables, and under which id form.

Read from ``generator/data/stations.txt`` (the project's own data file; its
header says where the facts come from). A citation ``STATION serial``
names a cable only when STATION is in this vocabulary, which is what keeps
"PARA 3", "UNSCR 1540" or "QUARTER 2003" from being taken for cables.

Written forms are compared letters only and upper case (``PORT-AU-PRINCE``,
``Port au Prince`` and ``PORTAUPRINCE`` are one form). The vocabulary is
immutable and read once per process.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from generator.parse.lines import normalise_station

MAX_WORDS = 6
"""Longest written station name, in words (``USMISSION USUN NEW YORK NY``)."""


@dataclass(frozen=True, slots=True)
class Stations:
    """Written forms (letters only) mapped to the station as written in ids."""

    forms: Mapping[str, str]
    endings: frozenset[str] = frozenset()
    """Every ending of every form (``PRINCE`` of ``PORTAUPRINCE``): a quick test that a
    word can be the last word of a station's name."""

    def may_end(self, word: str) -> bool:
        """Whether ``word`` (the word before a number) can end a station's name.

        Two-letter words pass too: they may be a country code after the station.
        """
        key = normalise_station(word)
        return bool(key) and (key in self.endings or len(key) == 2)

    def lookup(self, written: str) -> str | None:
        """The id form of a written station name, or None when it is not a station."""
        return self.forms.get(normalise_station(written))

    def at_end(self, words: Sequence[str]) -> tuple[int, str] | None:
        """The longest run of trailing ``words`` that names a station: (first word, id form).

        A trailing two-letter country code is tolerated (``ABUJA NI``,
        ``MADRID SP``) when it is not itself a station.
        """
        for end in (len(words), len(words) - 1):
            if end < len(words) and not (len(words[-1]) == 2 and words[-1].isalpha()
                                         and words[-1].upper() not in self.forms):
                continue
            for first in range(max(0, end - MAX_WORDS), end):
                station = self.forms.get(normalise_station("".join(words[first:end])))
                if station:
                    return first, station
        return None


def parse_stations(text: str) -> dict[str, str]:
    """Parse the data file's lines (``STATION: written form, written form``)."""
    forms: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        station, _, written = line.partition(":")
        station = normalise_station(station)
        forms[station] = station
        for form in written.split(","):
            key = normalise_station(form)
            if key:
                forms.setdefault(key, station)
    return forms


@cache
def stations() -> Stations:
    """The shipped vocabulary (read once: it is package data and never changes)."""
    text = resources.files("generator").joinpath("data/stations.txt").read_text("utf-8")
    forms = parse_stations(text)
    endings = frozenset(form[i:] for form in forms for i in range(len(form)))
    return Stations(MappingProxyType(forms), endings)
