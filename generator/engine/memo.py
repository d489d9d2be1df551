"""What a kept ``Session`` remembers between builds: the linked corpus and the page keys.

``cablegen serve`` rebuilds after each edit. Most edits change a cable's
text, not what other pages show of it (its summary), so the corpus linked
last time is still right, and so is the key of every page whose cable
(digest, place) is unchanged: linking 250,000 summaries and keying 250,000
pages again would cost seconds for nothing. The corpus is reused only when
every summary equals the last build's (most are the very same objects), and
the keys only when, in addition, the base key and the features' states are
unchanged and the collected values that changed (the edited cables') differ
only in what no other cable's key reads (``Feature.shares``); otherwise both
are computed afresh. An edited cable has a new digest, so a new key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic
from generator.features.keys import same_parts
from generator.link import Corpus, Summary, link

KeyMemo = dict[tuple[str, int, str], str]
"""(path, line, digest) of a cable -> the key of its pages."""


def _same(old: list[Summary], new: list[Summary]) -> bool:
    return len(old) == len(new) and all(a is b or a == b for a, b in zip(old, new, strict=True))


@dataclass(slots=True)
class Memo:
    """The last build's link and keys, with what they were made from."""

    summaries: list[Summary] = field(default_factory=list)
    corpus: Corpus | None = None
    problems: list[Diagnostic] = field(default_factory=list)
    base: str = ""
    inputs: dict[str, str] = field(default_factory=dict)
    collected: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    keys: KeyMemo = field(default_factory=dict)

    def link(self, summaries: list[Summary]) -> tuple[Corpus, list[Diagnostic], bool]:
        """The corpus of these summaries (the last one if they are the same); reused?"""
        if self.corpus is not None and _same(self.summaries, summaries):
            self.summaries = summaries
            return self.corpus, list(self.problems), True
        corpus, problems = link(summaries)
        self.summaries, self.corpus, self.problems = summaries, corpus, list(problems)
        return corpus, problems, False

    def adopt(self, base: str, inputs: dict[str, str], keys: KeyMemo,
              collected: Mapping[str, Mapping[str, Any]]) -> None:
        """Take up the keys of the last build's process (``engine.keptkeys``), made from
        records that agree with this build's ``collected`` values where other cables'
        keys read them: ``known_keys`` then keeps them as a session keeps its own."""
        self.base, self.inputs, self.keys, self.collected = base, dict(inputs), keys, collected

    def known_keys(self, reused: bool, base: str, inputs: dict[str, str],
                   collected: Mapping[str, Mapping[str, Any]],
                   shares: Mapping[str, Shares | None] | None = None) -> KeyMemo:
        """Page keys still valid for cables found unchanged (empty when anything moved).

        ``shares`` names, per feature, the part of a collected value that other
        cables' keys read (``Feature.shares``). An edited cable has a new digest,
        so its key is made afresh; the others' keys stay valid unless a changed
        value differs in that part (a new definition, which the post's cables show).
        """
        valid = reused and base == self.base and inputs == self.inputs and \
            _own_changes_only(self.collected, collected, shares or {})
        self.base, self.inputs, self.collected = base, dict(inputs), collected
        if not valid:
            self.keys = {}
        return self.keys


Shares = Callable[[Any], Any]


def _own_changes_only(old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]],
                      shares: Mapping[str, Shares | None]) -> bool:
    """Whether the collected values differ only in parts no other cable's key reads."""
    if old.keys() != new.keys():
        return False
    return all(values is old[name] or same_parts(old[name], values, shares.get(name) or whole)
               for name, values in new.items())


def whole(value: Any) -> Any:
    """The part of a value other cables read when a feature does not say (all of it)."""
    return value
