"""Link stage: from each cable's summary to a corpus with resolved ids, backlinks and facets.

Only summaries (id, date, subject, origin, tags, cited ids) are held for the
whole corpus, so memory grows with the metadata, not the text. Resolution
works on the model, never on rendered HTML: the cables each cable cites (in
its REF list and in its text, as found by the parser) are inverted into
"referenced by". One normalisation of ids (``generator.parse.ids``) serves
the citing and the cited side, and the forms under which the same cable is
cited (``USEUBRUSSELS`` and ``BRUSSELS``) are registered as aliases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from sys import intern

from generator.diagnostics import Diagnostic, info, warning
from generator.facets import Facets, build_facets
from generator.fastpickle import fast_pickle
from generator.model import Cable
from generator.parse.ids import alternate_forms, normalise_id


@fast_pickle
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
    """Ids of the cables it cites, in its REF list or its text (canonical, deduplicated)."""
    path: str
    line: int
    paragraphs: int = 0
    """Its paragraph numbers as a bit set (bit n: paragraph n exists), for ``#pN`` links."""
    other_refs: int = 0
    """REF entries that name no cable (emails, telcons, reports)."""

    def __reduce__(self) -> tuple[type[Summary], tuple[object, ...]]:
        """Pickle as a plain tuple: the snapshot holds one per cable and loads fast."""
        return (Summary, (self.id, self.date, self.subject, self.origin, self.station,
                          self.classification, self.caveats, self.tags, self.cites, self.path,
                          self.line, self.paragraphs, self.other_refs))

    @property
    def sort_key(self) -> tuple[str, str]:
        """Newest first when sorted in reverse: date, then id."""
        return (self.date.isoformat() if self.date else "", self.id)

    @property
    def month(self) -> str | None:
        """``2007-03``, or None when undated."""
        return self.date.strftime("%Y-%m") if self.date else None

    def has_paragraph(self, number: int) -> bool:
        """Whether the cable has a paragraph ``number`` (an anchor ``#pN`` on its page)."""
        return number >= 0 and bool(self.paragraphs >> number & 1)


def summarise(cable: Cable) -> Summary:
    """The summary of a parsed cable.

    Its strings that many cables share (post, station, classification, caveats,
    TAGS, source file) are interned: the main process keeps every summary, and
    a worker's batch of them pickles each shared string once, so the main holds
    one copy per batch instead of one per cable (about 400 bytes a cable).
    """
    cited = [r.id for r in cable.references] + [m.id for m in cable.mentions
                                                 if m.kind == "cable"]
    cites = tuple(dict.fromkeys(c for c in cited if c and c != cable.id))
    bits = 0
    for p in cable.paragraphs:
        if p.kind == "paragraph" and p.number is not None and 0 <= p.number < 1000:
            bits |= 1 << p.number
    return Summary(
        id=cable.id, date=cable.date, subject=cable.subject, origin=intern(cable.origin),
        station=intern(cable.station), classification=intern(cable.classification),
        caveats=tuple(map(intern, cable.caveats)),
        tags=tuple(dict.fromkeys(intern(t.code) for t in cable.tags)), cites=cites,
        path=intern(cable.source.path), line=cable.source.line, paragraphs=bits,
        other_refs=sum(1 for r in cable.references if r.id is None),
    )


@dataclass(frozen=True, slots=True)
class Corpus:
    """The linked site: every cable's summary, in order, with backlinks and facets."""

    cables: Mapping[str, Summary]
    order: tuple[str, ...]
    """Ids, newest first."""
    referenced_by: Mapping[str, tuple[str, ...]]
    aliases: Mapping[str, str]
    by_source: Mapping[tuple[str, int], str]
    """(path, line) of each cable kept (duplicates excluded) -> its id."""
    facets: Facets | None = None

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


def link(summaries: Iterable[Summary],
         where: str = "content") -> tuple[Corpus, list[Diagnostic]]:
    """Index summaries by id, resolve citations, invert them into backlinks, build facets."""
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
        for alt in alternate_forms(s.id):
            if alt not in cables:
                aliases.setdefault(alt, s.id)
    corpus = Corpus(cables, (), {}, aliases, {})
    backlinks: dict[str, list[str]] = defaultdict(list)
    unresolved = citations = others = 0
    for s in cables.values():
        others += s.other_refs
        for cited in s.cites:
            citations += 1
            target = corpus.resolve(cited)
            if target is None:
                unresolved += 1
            elif target != s.id and s.id not in backlinks[target]:
                backlinks[target].append(s.id)
    if citations or others:
        diags.append(info(where, 0, f"{citations - unresolved} of {citations} cited cables "
                          f"are in this site; {unresolved} link to the external archive; "
                          f"{others} {'reference names' if others == 1 else 'references name'} "
                          "no cable (emails, reports, telcons)", "unresolved-references"))
    order = tuple(sorted(cables, key=lambda i: cables[i].sort_key, reverse=True))
    rank = {cid: n for n, cid in enumerate(order)}
    referenced_by = {k: tuple(sorted(v, key=rank.__getitem__)) for k, v in backlinks.items()}
    by_source = {(s.path, s.line): s.id for s in cables.values()}
    return Corpus(cables, order, referenced_by, aliases, by_source,
                  build_facets(order, cables)), diags
