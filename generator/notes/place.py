"""Place anchored notes on a cable: which paragraph, which phrase, which number.

A note attaches to the first paragraph with its number and, if it names a
phrase, to the first occurrence of that exact phrase there (line breaks and
runs of spaces in the cleaned text match any white space in the phrase).
Notes are numbered in the order of the text, as a reader meets them, not in
the order of the notes file. Every anchor that does not hold is reported at
its heading's line; the note is still shown, on its paragraph when that
exists, or with the unattached notes after the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.diagnostics import Diagnostic, info, warning
from generator.model import Cable
from generator.notes.anchors import Anchor


@dataclass(frozen=True, slots=True)
class Placed:
    """A note's place in the cable, and its number."""

    number: int
    anchor: Anchor
    order: int
    """Position of the note in the notes file (0-based)."""
    index: int | None
    """Index of the paragraph in ``cable.paragraphs``; None for an unattached note."""
    span: tuple[int, int] | None
    """The phrase's (start, end) in the paragraph's text, when it is marked."""


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The phrase as a pattern: exact, except that any white space matches any white space."""
    return re.compile(r"\s+".join(re.escape(word) for word in phrase.split()))


def _numbers(cable: Cable) -> str:
    marks = [f"[{p.number}]" if p.inferred else str(p.number) for p in cable.paragraphs
             if p.number is not None and p.kind == "paragraph"]
    return ", ".join(marks) or "none"


def _find(anchor: Anchor, cable: Cable, path: str) -> tuple[int | None, tuple[int, int] | None,
                                                            list[Diagnostic]]:
    if anchor.paragraph is None:
        return None, None, []
    index = next((i for i, p in enumerate(cable.paragraphs)
                  if p.number == anchor.paragraph and p.kind == "paragraph"), None)
    if index is None:
        return None, None, [warning(path, anchor.line, f"¶{anchor.paragraph} is not a paragraph "
                                    f"of {cable.id} (its numbered paragraphs: {_numbers(cable)});"
                                    " the note is shown unattached", "note-anchor-paragraph")]
    if anchor.phrase is None:
        return index, None, []
    text = cable.paragraphs[index].text
    found = list(phrase_pattern(anchor.phrase).finditer(text))
    if not found:
        loose = re.search(phrase_pattern(anchor.phrase).pattern, text, re.I)
        hint = f" (it does occur with other capitals: {loose[0]!r})" if loose else ""
        return index, None, [warning(path, anchor.line, f"phrase {anchor.phrase!r} not found in "
                                     f"¶{anchor.paragraph} of {cable.id}{hint}; the note is "
                                     "attached to the paragraph", "note-anchor-phrase")]
    diags = []
    if len(found) > 1:
        diags.append(info(path, anchor.line, f"phrase {anchor.phrase!r} occurs {len(found)} times"
                          f" in ¶{anchor.paragraph}; the first is marked", "note-anchor-repeated"))
    return index, (found[0].start(), found[0].end()), diags


def place(anchors: tuple[Anchor, ...], cable: Cable, path: str) -> tuple[list[Placed],
                                                                          list[Diagnostic]]:
    """Each anchor's place and number, in the order of the text."""
    diags: list[Diagnostic] = []
    found: list[tuple[int, Anchor, int | None, tuple[int, int] | None]] = []
    marked: dict[int, list[tuple[int, int]]] = {}
    for order, anchor in enumerate(anchors):
        index, span, problems = _find(anchor, cable, path)
        diags.extend(problems)
        if index is not None and span is not None:
            taken = marked.setdefault(index, [])
            if any(span[0] < b and a < span[1] for a, b in taken):
                diags.append(warning(path, anchor.line, f"phrase {anchor.phrase!r} overlaps the "
                                     "phrase of an earlier note; this note is attached to the "
                                     "paragraph", "note-anchor-overlap"))
                span = None
            else:
                taken.append(span)
        found.append((order, anchor, index, span))

    def position(item: tuple[int, Anchor, int | None, tuple[int, int] | None]) -> tuple[int, ...]:
        order, _, index, span = item
        if index is None:
            return (len(cable.paragraphs), 0, order)
        return (index, span[0] if span else len(cable.paragraphs[index].text) + 1, order)

    ranked = sorted(found, key=position)
    return [Placed(n, anchor, order, index, span)
            for n, (order, anchor, index, span) in enumerate(ranked, start=1)], diags
