"""Link stage: from each cable's summary to a corpus with resolved ids and backlinks.

Only summaries (id, date, subject, origin, tags, cited ids) are held for the
whole corpus, so memory grows with the metadata, not the text. Resolution
works on the model, never on rendered HTML: each cable's references, found
by the parser, are inverted into "referenced by".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from generator.diagnostics import Diagnostic, warning
from generator.model import Cable
from generator.parse.ids import normalise_id


@dataclass(frozen=True, slots=True)
class Summary:
    """What other pages need to know about a cable: enough to list and link it."""

    id: str
    date: datetime | None
    subject: str
    origin: str
    station: str
    classification: str
    caveats: tuple[str, ...]
    tags: tuple[str, ...]
    cites: tuple[str, ...]
    """Ids of the cables it cites (canonical, deduplicated)."""
    path: str
    line: int

    def __reduce__(self) -> tuple[type[Summary], tuple[object, ...]]:
        """Pickle as a plain tuple: the snapshot holds one per cable and loads fast."""
        return (Summary, (self.id, self.date, self.subject, self.origin, self.station,
                          self.classification, self.caveats, self.tags, self.cites, self.path,
                          self.line))

    @property
    def sort_key(self) -> tuple[str, str]:
        """Newest first when sorted in reverse: date, then id."""
        return (self.date.isoformat() if self.date else "", self.id)


def summarise(cable: Cable) -> Summary:
    """The summary of a parsed cable."""
    cites = tuple(dict.fromkeys(r.id for r in cable.references if r.id and r.id != cable.id))
    return Summary(
        id=cable.id, date=cable.date, subject=cable.subject, origin=cable.origin,
        station=cable.station, classification=cable.classification, caveats=cable.caveats,
        tags=tuple(dict.fromkeys(t.code for t in cable.tags)), cites=cites,
        path=cable.source.path, line=cable.source.line,
    )


def alternate_ids(summary: Summary) -> list[str]:
    """Other forms under which this cable may be cited (USEU cables as USEUBRUSSELS...)."""
    out = []
    if summary.origin.startswith("USEU") and "BRUSSELS" in summary.id:
        out.append(summary.id.replace("BRUSSELS", "USEUBRUSSELS", 1))
    if summary.station == "TAIPEI":
        out.append(summary.id.replace("TAIPEI", "AITTAIPEI", 1))
    return out


@dataclass(frozen=True, slots=True)
class Corpus:
    """The linked site: every cable's summary, in order, with backlinks."""

    cables: Mapping[str, Summary]
    order: tuple[str, ...]
    """Ids, newest first."""
    referenced_by: Mapping[str, tuple[str, ...]]
    aliases: Mapping[str, str]
    by_source: Mapping[tuple[str, int], str]
    """(path, line) of each cable kept (duplicates excluded) -> its id."""

    def resolve(self, cited: str | None) -> str | None:
        """The id of a cable of the site that a cited id names, or None."""
        if not cited:
            return None
        if cited in self.cables:
            return cited
        if cited in self.aliases:
            return self.aliases[cited]
        norm = normalise_id(cited)
        if norm and norm in self.cables:
            return norm
        return self.aliases.get(norm or "")


def link(summaries: Iterable[Summary]) -> tuple[Corpus, list[Diagnostic]]:
    """Index summaries by id, resolve citations and invert them into backlinks."""
    cables: dict[str, Summary] = {}
    diags: list[Diagnostic] = []
    for s in summaries:
        if s.id in cables:
            first = cables[s.id]
            diags.append(warning(s.path, s.line, f"cable {s.id} already read from "
                                 f"{first.path}:{first.line}; this copy is ignored",
                                 "duplicate-id"))
            continue
        cables[s.id] = s
    aliases: dict[str, str] = {}
    for s in cables.values():
        for alt in alternate_ids(s):
            if alt not in cables:
                aliases.setdefault(alt, s.id)
    corpus = Corpus(cables, (), {}, aliases, {})
    backlinks: dict[str, list[str]] = defaultdict(list)
    for s in cables.values():
        for cited in s.cites:
            target = corpus.resolve(cited)
            if target and target != s.id and s.id not in backlinks[target]:
                backlinks[target].append(s.id)
    order = tuple(sorted(cables, key=lambda i: cables[i].sort_key, reverse=True))
    rank = {cid: n for n, cid in enumerate(order)}
    referenced_by = {k: tuple(sorted(v, key=rank.__getitem__)) for k, v in backlinks.items()}
    by_source = {(s.path, s.line): s.id for s in cables.values()}
    return Corpus(cables, order, referenced_by, aliases, by_source), diags
