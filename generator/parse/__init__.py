"""Parse stage: one ``Unit`` in, one cleaned ``Cable`` and its diagnostics out.

The recipe: split lines, find the classification line, parse the header
above it, clean the rest (recording every change), read the preamble
(captions, TAGS, SUBJECT, REF), then the body. Metadata from the container
(CSV columns, HTML table) is only a cross-check and a recorded fallback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.diagnostics import Diagnostic
from generator.model import Cable, Unit
from generator.parse.assemble import assemble


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What parsing needs beyond the text: known TAGS codes for splitting glued tags."""

    known_tags: frozenset[str] = field(default_factory=frozenset)


def parse_unit(unit: Unit, ctx: ParseContext | None = None) -> tuple[Cable, list[Diagnostic]]:
    """Parse one unit into a cable; problems become diagnostics, never exceptions."""
    return assemble(unit, (ctx or ParseContext()).known_tags)


__all__ = ["ParseContext", "parse_unit"]
