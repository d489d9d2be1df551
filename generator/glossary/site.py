"""Site-wide glossary facts, derived from every cable's collected ``CableTerms``.

- ``post_definitions``: for each sending station, the definitions its cables
  give (the most frequent long form of each short form, citing the earliest
  cable that gives it); a cable from the same post that uses the term without
  defining it is explained by that definition, named as such. Terms its own
  cables never define are explained, in the same way, by the definitions of
  the other posts of its country (a consulate by its embassy's cables), when
  two cables or more give the same long form there.
- ``usage``: for each term, the cables that use it, in site order.
- ``unknown``: the most frequent acronyms that nothing explains (``cablegen check``).

Each index is computed once per build and kept in ``Glossary.memo`` (see ``_memo``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from generator.features.keys import same_parts
from generator.glossary.cable import CableTerms
from generator.glossary.model import Entry, Glossary
from generator.link import Corpus

PostIndex = Mapping[str, Mapping[str, tuple[Entry, ...]]]


def _memo(glossary: Glossary, name: str, collected: Mapping[str, CableTerms], corpus: Corpus,
          part: Callable[[CableTerms], object], also: object = None) -> Any:
    """The index made from these cables' places and what ``part`` reads of their terms.

    A kept session (``cablegen serve``) keeps the glossary between builds: an
    edit that changes no cable's place and nothing of its terms that the index
    reads (``part``), and leaves ``also`` (an index it is made from) the same
    object, keeps the index. The comparison is cheap: unchanged values are
    the very same objects.
    """
    hit = glossary.memo.get(name)
    if hit is None:
        return None
    seen, cables, places, extra, index = hit
    if seen is collected and cables is corpus and extra is also:
        return index
    if extra is also and same_parts(seen, collected, part) and places == _places(glossary, corpus):
        glossary.memo[name] = (collected, corpus, places, also, index)
        return index
    return None


def _defined(terms: CableTerms) -> object:
    """What the post index reads of a cable's terms: its definitions, wherever they stand."""
    return tuple((short, long) for short, long, _ in terms.defined)


def _used(terms: CableTerms) -> object:
    """What the usage index reads: the terms a cable uses and the ones nothing explains."""
    return frozenset(terms.term_set()), frozenset(t for t, _ in terms.unknown)


def _remember(glossary: Glossary, name: str, collected: Mapping[str, CableTerms],
              corpus: Corpus, index: Any, also: object = None) -> None:
    glossary.memo[name] = (collected, corpus, _places(glossary, corpus), also, index)


def _places(glossary: Glossary, corpus: Corpus) -> tuple[tuple[str, str], ...]:
    """Each cable and its station, in site order: what the indexes read of the corpus."""
    hit = glossary.memo.get("places")
    if hit is not None and hit[0] is corpus:
        return hit[1]  # type: ignore[no-any-return]
    places = tuple((cid, corpus.cables[cid].station) for cid in corpus.order)
    glossary.memo["places"] = (corpus, places)
    return places


def post_definitions(glossary: Glossary, corpus: Corpus,
                     collected: Mapping[str, CableTerms]) -> PostIndex:
    """Station -> term -> the definition its cables give (see the module docstring)."""
    hit = _memo(glossary, "post", collected, corpus, _defined)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    posts = _Forms()
    countries = _Forms()
    stations_of: dict[str, set[str]] = defaultdict(set)
    for cable_id in reversed(corpus.order):  # oldest first
        station = corpus.cables[cable_id].station
        country = glossary.posts.get(station, "")
        if country:
            stations_of[country].add(station)
        terms = collected.get(cable_id)
        if terms is None:
            continue
        for short, long, _ in terms.defined:
            posts.add(station, short, long, cable_id, station)
            if country:
                countries.add(country, short, long, cable_id, station)
    index: dict[str, dict[str, tuple[Entry, ...]]] = defaultdict(dict)
    for station, short, long, cable_id, _ in posts.best():
        index[station][short] = (Entry(
            short, long, "acronym", f"As defined in {cable_id}, a cable from the same post.",
            source=cable_id, origin="post", path=cable_id),)
    for country, short, long, cable_id, where in countries.best(at_least=2):
        entry = (Entry(short, long, "acronym", f"As defined in {cable_id}, a cable from "
                       f"{where}, a post in the same country.", source=cable_id,
                       origin="post", path=cable_id),)
        for station in stations_of[country]:
            index[station].setdefault(short, entry)
    _remember(glossary, "post", collected, corpus, index)
    return index


class _Forms:
    """The long forms given for each short form within a place (a post or a country)."""

    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.first: dict[tuple[str, str, str], tuple[str, str, str]] = {}

    def add(self, place: str, short: str, long: str, cable_id: str, station: str) -> None:
        """One definition, given in ``cable_id`` (cables come oldest first)."""
        key = " ".join(long.lower().split())
        self.counts[(place, short)][key] += 1
        self.first.setdefault((place, short, key), (long, cable_id, station))

    def best(self, at_least: int = 1) -> Iterator[tuple[str, str, str, str, str]]:
        """(place, short, long, first cable, its station): the most frequent long form,
        if given at least ``at_least`` times."""
        for (place, short), counts in self.counts.items():
            key, n = counts.most_common(1)[0]
            if n < at_least:
                continue
            long, cable_id, station = self.first[(place, short, key)]
            yield place, short, long, cable_id, station


def usage(glossary: Glossary, corpus: Corpus, collected: Mapping[str, CableTerms],
          ) -> Mapping[str, list[str]]:
    """Term -> ids of the cables that use it (explained there), in site order."""
    posts = post_definitions(glossary, corpus, collected)
    hit = _memo(glossary, "usage", collected, corpus, _used, posts)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    out: dict[str, list[str]] = defaultdict(list)
    for cable_id in corpus.order:
        terms = collected.get(cable_id)
        if terms is None:
            continue
        seen = terms.term_set()
        known = posts.get(corpus.cables[cable_id].station, {})
        seen.update(t for t, _ in terms.unknown if t in known)
        for term in seen:
            out[term].append(cable_id)
    _remember(glossary, "usage", collected, corpus, out, posts)
    return out


def unknown(glossary: Glossary, corpus: Corpus, collected: Mapping[str, CableTerms],
            limit: int = 30) -> list[tuple[str, int, int, str]]:
    """(term, uses, cables, first cable) of the most used acronyms that nothing explains."""
    posts = post_definitions(glossary, corpus, collected)
    uses: Counter[str] = Counter()
    cables: Counter[str] = Counter()
    example: dict[str, str] = {}
    for cable_id in corpus.order:
        terms = collected.get(cable_id)
        if terms is None:
            continue
        known = posts.get(corpus.cables[cable_id].station, {})
        for term, count in terms.unknown:
            if term not in known:
                uses[term] += count
                cables[term] += 1
                example[term] = cable_id
    ranked = sorted(uses, key=lambda t: (-uses[t], -cables[t], t))[:limit]
    return [(t, uses[t], cables[t], example[t]) for t in ranked]


def definers(order: Iterable[str], collected: Mapping[str, CableTerms]) -> dict[str, list[str]]:
    """Term -> the cables that define it, in site order (``cable_forms`` looks there)."""
    out: dict[str, list[str]] = defaultdict(list)
    for cable_id in order:
        terms = collected.get(cable_id)
        if terms is not None:
            for short, _, _ in terms.defined:
                listed = out[short]
                if not listed or listed[-1] != cable_id:
                    listed.append(cable_id)
    return out


def cable_forms(term: str, ids: list[str], collected: Mapping[str, CableTerms],
                defining: Mapping[str, list[str]] | None = None,
                ) -> list[tuple[str, int, str]]:
    """(long form, cables, first cable) of the definitions that cables give of ``term``.

    ``defining`` (``definers``) names the cables to look at: the few that define the
    term, not every cable that uses it (a loop over every use of every term was
    2 s of an edit at 251,287 cables)."""
    counts: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    first: dict[str, str] = {}
    if defining is not None:
        found = defining.get(term, ())
        if not found:
            return []
        using = set(found).intersection(ids)
        ids = [cable_id for cable_id in found if cable_id in using]
    for cable_id in ids:
        for short, long, _ in collected[cable_id].defined:
            if short == term:
                k = " ".join(long.lower().split())
                counts[k] += 1
                spelled.setdefault(k, long)
                first.setdefault(k, cable_id)
    return [(spelled[k], n, first[k]) for k, n in counts.most_common(10)]
