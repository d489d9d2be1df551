"""The syntax of anchored notes, and the sections of a notes file.

A notes file is Markdown. Its body up to the first anchor heading is the
introduction; each anchor heading starts a note that runs to the next one::

    ## ¶5
    A note on paragraph 5.

    ## ¶7 "Proliferation Security Initiative"
    A note on that exact phrase of paragraph 7.

An anchor heading is a heading of any level, outside lists and quotes, whose
text starts with ``¶``: the paragraph number as the edition prints it, then
optionally the phrase in straight or curly double quotes. A heading that
starts with ``¶`` but does not follow this form is reported, and its note is
kept, unattached. Found by walking markdown-it's tokens, so a ``## ¶5`` in a
code block is text, not an anchor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from generator.diagnostics import Diagnostic, error

ANCHOR = re.compile(r"^¶[ \t\u00a0]*(\d{1,4})(?:[ \t\u00a0]+[\"“”](.*)[\"“”])?[ \t\u00a0]*$")


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a note attaches, as its heading says."""

    line: int
    """1-based line of the heading in the notes file."""
    paragraph: int | None
    """The paragraph number; None when the heading is malformed."""
    phrase: str | None
    heading: str
    """The heading as written, for messages and for unattached notes."""


@dataclass(frozen=True, slots=True)
class Sections:
    """A parsed notes file cut at its anchor headings: (start, end) token ranges."""

    introduction: tuple[int, int]
    notes: tuple[tuple[Anchor, int, int], ...]
    """Each note's anchor and the range of its body (the heading excluded)."""
    footnotes: tuple[int, int]
    """The footnote block markdown-it's footnote plugin puts at the end (may be empty)."""


def _anchor_at(tokens: Sequence[Token], i: int) -> str | None:
    """The heading text if ``tokens[i]`` opens a top-level heading starting with ``¶``."""
    token = tokens[i]
    if token.type != "heading_open" or token.level != 0 or i + 1 >= len(tokens):
        return None
    text = tokens[i + 1].content.strip()
    return text if text.startswith("¶") else None


def parse_anchor(text: str, line: int, path: str) -> tuple[Anchor, list[Diagnostic]]:
    """Read one anchor heading; a malformed one is an error and gives an unattached note."""
    m = ANCHOR.match(text)
    if m and (m[2] is None or m[2].strip()):
        return Anchor(line, int(m[1]), m[2].strip() if m[2] else None, text), []
    why = "an empty phrase" if m else "not an anchor"
    return Anchor(line, None, None, text), [error(
        path, line, f"{why}: {text!r}; write ¶<number> or ¶<number> \"exact phrase\" "
        "(the note is shown unattached)", "note-anchor-syntax")]


def split(tokens: Sequence[Token], path: str) -> tuple[Sections, list[Diagnostic]]:
    """Cut tokens into introduction, notes and footnotes."""
    foot = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"),
                len(tokens))
    starts: list[tuple[int, Anchor]] = []
    diags: list[Diagnostic] = []
    for i in range(foot):
        text = _anchor_at(tokens, i)
        if text is not None:
            where = tokens[i].map
            line = where[0] + 1 if where else 0
            anchor, problems = parse_anchor(text, line, path)
            starts.append((i, anchor))
            diags.extend(problems)
    intro_end = starts[0][0] if starts else foot
    notes = []
    for n, (i, anchor) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else foot
        notes.append((anchor, i + 3, end))  # heading_open, inline, heading_close
    return Sections((0, intro_end), tuple(notes), (foot, len(tokens))), diags
