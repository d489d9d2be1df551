"""Inline annotation of cleaned text: spans found by annotators, merged into safe HTML.

Glossary terms, reference mentions, person names and note anchors are each
found by an annotator that returns spans over the paragraph's plain text.
``markup`` merges them (earlier spans win where they overlap) and escapes
everything else, so untrusted text never reaches the page unescaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text to wrap: ``open`` and ``close`` are trusted HTML built by the caller."""

    start: int
    end: int
    open: str
    close: str
    priority: int = 0
    """Lower wins when spans overlap."""
    anchor: str = ""
    """The id the span's HTML defines, if any: other parts of the page may link to it
    only if the span was placed (see ``place``)."""


def markup(text: str, spans: Iterable[Span] = ()) -> Markup:
    """Escape ``text``, wrapping the chosen non-overlapping spans; newlines become ``<br>``."""
    return place(text, spans)[0]


def place(text: str, spans: Iterable[Span] = ()) -> tuple[Markup, list[Span]]:
    """``markup``, and the spans it placed (a span that loses an overlap is dropped)."""
    chosen: list[Span] = []
    taken: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s.priority, s.start, -(s.end - s.start))):
        if span.start >= span.end or span.start < 0 or span.end > len(text):
            continue
        if any(span.start < b and a < span.end for a, b in taken):
            continue
        chosen.append(span)
        taken.append((span.start, span.end))
    chosen.sort(key=lambda s: s.start)
    out: list[str] = []
    pos = 0
    for span in chosen:
        out.append(_plain(text[pos:span.start]))
        out.append(span.open + _plain(text[span.start:span.end]) + span.close)
        pos = span.end
    out.append(_plain(text[pos:]))
    return Markup("".join(out)), chosen


def _plain(text: str) -> str:
    return str(escape(text)).replace("\n", "<br>\n")
