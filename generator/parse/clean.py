"""Cleaning passes: repair transmission and conversion damage, recording every change.

Each pass takes the body lines and returns new lines plus the corrections
it made; ``PASSES`` declares the chain as data (markdown-it-py's core rules
are the model), so each pass is tested alone and the apparatus is simply
the concatenation of what the passes report. Passes remove or repair
artefacts only: damage that stands in the original cable (typos, garbled
words, Cablegate's duplicated "Q" lines) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.model import Correction
from generator.parse.lines import CLASS_LINE, Line, caption_parts

Pass = Callable[[list[Line]], tuple[list[Line], list[Correction]]]

_LATEX_MARK = re.compile(
    r"\$?\\underline\{\\mbox\{(?P<a>[^{}]*)\}\}\\mbox\{(?P<b>[^{}]*)\}(?P<dot>\.?)\$?"
)
_LATEX_MISC = re.compile(r"\\(?:mbox|underline|textbf|emph|textit)\{([^{}]*)\}")
_PAGE_BREAK = re.compile(
    r"^\s*(?:[A-Z][A-Z .'-]*?\s+\d{5,8}\s+\d{3}\s+OF\s+\d{3}"  # BRUSSELS 00000881 002 OF 003
    r"|PAGE\s+\d{1,3}\s+[A-Z][A-Z .'-]*\s+\d{3,6}(?:\s+\d{2}\s+OF\s+\d{2})?(?:\s+\d{6}Z)?"
    r")\s*$"
)
_FOOTER = re.compile(r"^\s*(?:\d{4}[A-Z]{2,10}\d{3,6}\s+-\s+Classification:.*|>|NNNN|BT)\s*$")
_BANNER = re.compile(
    r"^\s*(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|TOP SECRET|LIMITED OFFICIAL USE"
    r"|C O N F I D E N T I A L|S E C R E T)\s*$"
)
_PILCROW = re.compile(r"^(?P<lead>\s*(?:-\s*)?)¶\s*(?P<num>\d{1,3}\.)")
_DASH_MARK = re.compile(r"^-\s+(?=\d{1,3}\.\s)")
_DASH_LINE = re.compile(r"^-\s+(?=[A-Z\"(])")


def conversion(lines: list[Line]) -> tuple[list[Line], list[Correction]]:
    """Undo LaTeX left by PDF conversion (``$\\underline{\\mbox{1}}\\mbox{1}.$`` is ``11.``)."""
    out, fixes = [], []
    for line in lines:
        text = line.text
        if "\\" in text:
            for pattern in (_LATEX_MARK, _LATEX_MISC):
                for m in pattern.finditer(text):
                    fixes.append(Correction("conversion", m.group(0), _replacement(m), line.no,
                                            "LaTeX markup left by PDF conversion"))
                text = pattern.sub(_replacement, text)
        out.append(Line(line.no, text))
    return out, fixes


def _replacement(m: re.Match[str]) -> str:
    if "a" in m.groupdict():
        return f"{m['a']}{m['b']}{m['dot']}"
    return m.group(1)


def page_breaks(lines: list[Line]) -> tuple[list[Line], list[Correction]]:
    """Remove page-break lines, page banners and transmission trailers inside the text."""
    out, fixes = [], []
    for index, line in enumerate(lines):
        if _PAGE_BREAK.match(line.text):
            fixes.append(Correction("page-break", line.text.strip(), "", line.no,
                                    "page-break line"))
            continue
        if _FOOTER.match(line.text):
            fixes.append(Correction("trailer", line.text.strip(), "", line.no,
                                    "transmission or archive trailer"))
            continue
        if index > 0 and _BANNER.match(line.text):
            fixes.append(Correction("page-banner", line.text.strip(), "", line.no,
                                    "classification banner of a printed page"))
            continue
        out.append(line)
    return out, fixes


def pilcrows(lines: list[Line]) -> tuple[list[Line], list[Correction]]:
    """Drop the ``¶`` glyph that conversion or the HTML pages put before paragraph numbers."""
    out, fixes = [], []
    for line in lines:
        m = _PILCROW.match(line.text)
        if m:
            text = f"{m['lead']}{m['num']}{line.text[m.end():]}"
            fixes.append(Correction("paragraph-mark", line.text[len(m["lead"]): m.end()],
                                    m["num"], line.no, "pilcrow before the paragraph number"))
            out.append(Line(line.no, text))
        else:
            out.append(line)
    return out, fixes


def list_dashes(lines: list[Line]) -> tuple[list[Line], list[Correction]]:
    """Remove the list dashes that conversion put before paragraphs.

    Only in a text where at least two numbered paragraphs carry a dash (the
    mark of this damage); there, a dash opening a long unnumbered line is the
    remnant of a lost paragraph number too. Genuine lists are left alone.
    """
    if sum(1 for line in lines if _DASH_MARK.match(line.text)) < 2:
        return lines, []
    out, fixes = [], []
    for line in lines:
        m = _DASH_MARK.match(line.text) or (
            _DASH_LINE.match(line.text) if len(line.text) > 200 else None
        )
        if m:
            kind = "list-dash" if _DASH_MARK.match(line.text) else "lost-mark"
            fixes.append(Correction(kind, m.group(0), "", line.no,
                                    "list dash added by conversion"))
            out.append(Line(line.no, line.text[m.end():]))
        else:
            out.append(line)
    return out, fixes


def duplicate_captions(lines: list[Line]) -> tuple[list[Line], list[Correction]]:
    """Remove a caption line (``SIPDIS``) repeated in the opening of the cable."""
    out, fixes = [], []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        parts = caption_parts(line.text) if index < 40 else None
        if parts:
            key = "/".join(parts)
            if key in seen:
                fixes.append(Correction("duplicate-caption", line.text.strip(), "", line.no,
                                        "caption repeated by the transmission"))
                continue
            seen.add(key)
        out.append(line)
    return out, fixes


PASSES: tuple[tuple[str, Pass], ...] = (
    ("conversion", conversion),
    ("page-breaks", page_breaks),
    ("pilcrows", pilcrows),
    ("list-dashes", list_dashes),
    ("duplicate-captions", duplicate_captions),
)


def clean(lines: list[Line]) -> tuple[list[Line], list[Correction]]:
    """Run every pass in order; return the cleaned lines and all corrections."""
    corrections: list[Correction] = []
    for _name, run in PASSES:
        lines, found = run(lines)
        corrections.extend(found)
    return lines, corrections


def is_class_line(text: str) -> bool:
    """Whether a line opens the cable text (a classification line)."""
    return bool(CLASS_LINE.match(text))
