"""Features of the edition, declared as data: each adds to cable pages, JSON and the site.

A feature is a set of plain functions (no hidden state):

- ``load(config, discovery)``: read the feature's own inputs (``glossary.toml``,
  notes, ``persons.toml``) into an immutable state, with diagnostics;
- ``collect(cable, ctx)``: a small picklable value per cable, gathered while
  cables are parsed (what the feature needs to know site-wide: terms used,
  persons named); the link stage keeps it beside the cable's summary;
- ``cable(cable, ctx)``: what the feature adds to the cable's page (template
  context under the feature's name), to its JSON (keys) and to its text
  (inline spans);
- ``fingerprint(cable_id, ctx)``: a string naming everything the cable's page
  reads beyond the cable itself (the titles of the cables it cites, the glossary
  entries it uses, its notes file...): when it is unchanged the cable's page
  is not rendered again. Without it, the whole state counts (safe, slower);
- ``pages(ctx)``: the site-wide pages the feature writes (glossary, browse
  pages, feeds...) as ``PageJob``s: a path, a key naming what the page depends
  on, and a function that renders it only when the key changed;
- ``report(ctx)``: lines for ``cablegen check`` to print after the diagnostics
  (the glossary's most frequent unknown acronyms);
- ``check(ctx)``: site-wide problems found once the corpus is linked (notes
  for a cable the site lacks, unsafe links in pages), as diagnostics;
- ``menu(state)``: navigation entries that depend on the loaded state (one
  per page of ``content/pages/``), after the fixed ``nav`` entries;
- ``files(ctx)``: outputs written after every page exists, by streaming, and
  possibly many files per job (exports assembled from the cables' JSON, the
  search index's shards) as ``FileJob``s: run only when their key changed.

``FEATURES`` lists them in order; ``generator.build`` runs the chain. The
order matters for inline spans only: earlier features win overlaps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from jinja2 import Environment

from generator.config import SiteConfig
from generator.diagnostics import Diagnostic
from generator.link import Corpus
from generator.model import Cable
from generator.read.discover import Discovery
from generator.render.inline import Span


class StoredValues(Protocol):
    """Whole collected values from the cache (``engine.stored.Stored``)."""

    def __call__(self, feature: str, ids: Iterable[str]) -> Iterator[tuple[str, Any]]:
        """(id, whole value or None) of each id, in order."""

    def digest(self, cable_id: str) -> str | None:
        """The content digest of a cable of this build."""

    def by_digest(self, feature: str, digests: Iterable[str]) -> dict[str, Any]:
        """Whole values by content digest, of this build's cables or earlier ones."""


class Carried(Protocol):
    """What the last build left for this one (``engine.keptkeys.Carry``): page keys that
    a feature keeps in a session and across processes alike."""

    changed: frozenset[str]
    """Cables whose summary or collected values are not those of the build that left the
    values (its cables at positions that moved, too): a superset of what an edit changed."""

    def get(self, name: str) -> Any:
        """What that build put under ``name``; None if nothing (or nothing usable)."""

    def put(self, name: str, value: Any) -> None:
        """Leave a picklable value for the next process."""


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Context:
    """Everything a feature may read while rendering: config, linked corpus, states."""

    config: SiteConfig
    corpus: Corpus
    env: Environment
    states: Mapping[str, Any]
    """Each feature's loaded state, by feature name."""
    collected: Mapping[str, Mapping[str, Any]]
    """Each feature's per-cable collected values: ``collected[feature][cable_id]``."""
    base: str = ""
    """Key of the code, theme, settings and navigation: part of every page's key."""
    stored: StoredValues | None = None
    """``stored(feature, cable_ids)``: (id, whole collected value or None) of each id, in
    order, streamed from the cache (for a feature with ``light``, whose ``collected``
    values are light); None outside a build, where ``collected`` is whole."""
    carried: Carried | None = None
    """Values the last build left for this one (in a kept session, or on disk for a new
    process); None outside a build that writes."""
    shared: dict[str, Any] = field(default_factory=dict)
    """Per-cable values packed for the page jobs' forked workers while they run
    (``generator.packed``): the summaries, and each feature's ``packs``. Empty otherwise;
    read them through ``generator.packed.summaries`` and ``collected``."""


@dataclass(frozen=True, slots=True)
class LoadContext:
    """What ``collect`` may read: config and the loaded states (no corpus yet)."""

    config: SiteConfig
    states: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class CableView:
    """A feature's additions to one cable."""

    context: Mapping[str, Any] = field(default_factory=dict)
    json: Mapping[str, Any] = field(default_factory=dict)
    spans: tuple[tuple[int, Span], ...] = ()
    """(paragraph index, span) pairs; index -1 addresses the subject."""
    diagnostics: tuple[Diagnostic, ...] = ()
    files: tuple[tuple[str, bytes], ...] = ()
    """Further outputs of this cable (output path, bytes), rendered and kept with its page."""


@dataclass(frozen=True, slots=True)
class PageJob:
    """A page to write: rendered only when ``key`` differs from the last build's."""

    path: str
    key: str
    """Digest of everything the page depends on (see ``generator.features.keys``)."""
    render: Callable[[], bytes]


class FileWriter(Protocol):
    """What a ``FileJob`` may do: read the new site's files and write its own."""

    def read(self, path: str) -> bytes:
        """The bytes of an output file of this build (a cable's JSON...)."""

    def paths(self) -> list[str]:
        """Every output path of this build so far (pages, cables' files), sorted."""

    def digest(self, path: str) -> str:
        """The SHA-256 (hex) of an output file of this build, without reading it."""

    def previous(self, path: str) -> Path | None:
        """The last build's file at ``path``, if the live site has one (to reuse its parts)."""

    def put(self, path: str, data: bytes) -> None:
        """Write a small output file."""

    def stream(self, path: str) -> AbstractContextManager[BinaryIO]:
        """Write a large output file piece by piece (committed when the block ends)."""

    def location(self, path: str) -> Path:
        """Where this build's file at ``path`` is now (to learn its size and times)."""

    def previous_digest(self, path: str) -> str | None:
        """The manifest digest (SHA-256) of the last build's file at ``path``, if any."""

    def keep(self, path: str) -> bool:
        """Carry the last build's file at ``path`` over unchanged (a job that rewrites
        only some of its files); False if the live site has none."""


@dataclass(frozen=True, slots=True)
class FileJob:
    """Outputs written once every page exists; run only when ``key`` changed.

    Every file the job writes is recorded with its key, so an unchanged job
    keeps all of its files without running.
    """

    name: str
    key: str
    """Empty: run on every build (for outputs that list other outputs, like sitemaps)."""
    write: Callable[[FileWriter], None]
    inputs: tuple[str, ...] = ()
    """Output paths the job reads: their digests are part of its key."""
    alone: bool = False
    """The job reads no output of the build, and no job reads what it writes except
    jobs that list every output (an empty key): it may run in a process of its own
    beside the other jobs (the search index, beside ``cables.jsonl``)."""


Loader = Callable[[SiteConfig, Discovery], tuple[Any, list[Diagnostic]]]
Collector = Callable[[Cable, LoadContext], Any]
CableHook = Callable[[Cable, Context], CableView]
PagesHook = Callable[[Context], Iterator[PageJob]]
FilesHook = Callable[[Context], Iterator[FileJob]]
FingerprintHook = Callable[[str, Context], str]
"""(cable id, context) -> key part; it must not need the full cable (not loaded then)."""
ReportHook = Callable[[Context], list[str]]
CheckHook = Callable[[Context], list[Diagnostic]]
MenuHook = Callable[[Any], tuple[tuple[str, str], ...]]


@dataclass(frozen=True, slots=True)
class Feature:
    """One feature: a name, its hooks (each optional) and its navigation entries."""

    name: str
    load: Loader | None = None
    collect: Collector | None = None
    cable: CableHook | None = None
    pages: PagesHook | None = None
    fingerprint: FingerprintHook | None = None
    files: FilesHook | None = None
    nav: tuple[tuple[str, str], ...] = ()
    report: ReportHook | None = None
    check: CheckHook | None = None
    menu: MenuHook | None = None
    reads: tuple[str, ...] = ()
    """Other features whose state ``collect`` reads: their changes invalidate its values."""
    light: Callable[[Any], Any] | None = None
    """What the build keeps in memory of a collected value (the cache keeps it whole):
    a value that only one late stage reads whole (the search terms) need not sit in
    memory for 250,000 cables; that stage reads it back with ``Context.stored``."""
    shares: Callable[[Any], Any] | None = None
    """The part of a cable's collected value that other cables' page keys read (through
    ``fingerprint``; the glossary's: the cable's own definitions, which its post's cables
    show). A kept session keeps the keys of the cables it did not parse again when the
    changed values differ only outside this part. None: the whole value is read."""
    packs: tuple[Callable[[Any], Any], Callable[[Any], Any]] | None = None
    """(to plain values, back): how a collected value is packed for the page jobs'
    workers, which then read it without copying the build's memory (``generator.packed``).
    For a feature whose pages read the values of many cables; None: read in place."""


def nothing_shared(value: Any) -> None:
    """``Feature.shares`` of a feature whose fingerprints read no other cable's value."""
    return None


def all_features() -> tuple[Feature, ...]:
    """The features of a build, in order (imported here to keep module imports acyclic)."""
    from generator.features.browse import FEATURE as browse
    from generator.features.exports import FEATURE as exports
    from generator.features.glossary import FEATURE as glossary
    from generator.features.notes import FEATURE as notes
    from generator.features.pages import FEATURE as pages
    from generator.features.persons import FEATURE as persons
    from generator.features.publish import FEATURE as publish
    from generator.features.references import FEATURE as references
    from generator.features.search import FEATURE as search

    return (references, notes, persons, glossary, browse, pages, search, publish, exports)
