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
  (the glossary's most frequent unknown acronyms).
- ``check(ctx)``: site-wide problems found once the corpus is linked (notes
  for a cable the site lacks, unsafe links in pages), as diagnostics;
- ``menu(state)``: navigation entries that depend on the loaded state (one
  per page of ``content/pages/``), after the fixed ``nav`` entries.

``FEATURES`` lists them in order; ``generator.build`` runs the chain. The
order matters for inline spans only: earlier features win overlaps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from generator.config import SiteConfig
from generator.diagnostics import Diagnostic
from generator.link import Corpus
from generator.model import Cable
from generator.read.discover import Discovery
from generator.render.inline import Span


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a feature may read while rendering: config, linked corpus, states."""

    config: SiteConfig
    corpus: Corpus
    env: Environment
    states: Mapping[str, Any]
    """Each feature's loaded state, by feature name."""
    collected: Mapping[str, Mapping[str, Any]]
    """Each feature's per-cable collected values: ``collected[feature][cable_id]``."""


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


@dataclass(frozen=True, slots=True)
class PageJob:
    """A page to write: rendered only when ``key`` differs from the last build's."""

    path: str
    key: str
    """Digest of everything the page depends on (see ``generator.features.keys``)."""
    render: Callable[[], bytes]


Loader = Callable[[SiteConfig, Discovery], tuple[Any, list[Diagnostic]]]
Collector = Callable[[Cable, LoadContext], Any]
CableHook = Callable[[Cable, Context], CableView]
PagesHook = Callable[[Context], Iterator[PageJob]]
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
    nav: tuple[tuple[str, str], ...] = ()
    report: ReportHook | None = None
    check: CheckHook | None = None
    menu: MenuHook | None = None
    reads: tuple[str, ...] = ()
    """Other features whose state ``collect`` reads: their changes invalidate its values."""


def all_features() -> tuple[Feature, ...]:
    """The features of a build, in order (imported here to keep module imports acyclic)."""
    from generator.features.browse import FEATURE as browse
    from generator.features.glossary import FEATURE as glossary
    from generator.features.notes import FEATURE as notes
    from generator.features.pages import FEATURE as pages
    from generator.features.persons import FEATURE as persons
    from generator.features.references import FEATURE as references

    return (references, notes, persons, glossary, browse, pages)
