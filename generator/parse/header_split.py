"""Find where the transmission header ends and the cable text begins."""

from __future__ import annotations

import re

from generator.parse.lines import CLASS_LINE, Line

_SERIAL = re.compile(r"(?:\bSECTION\s+\d+\s+OF\s+\d+\b|[A-Z]\s+\d{1,7}(?:[A-Z]*)\s*$|"
                     r"[A-Z]\s+\d{1,7}\s+[A-Z/ ]+$)")
_SEARCH_LIMIT = 600


def split_header(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """Split into (header lines, body lines) at the classification line.

    The classification line is the first line that opens with a level and
    names a serial (``UNCLAS SECTION 01 OF 03 BRUSSELS 000881``); failing
    that, the first line that is only a level. Without one, the body is empty.
    """
    fallback = None
    for index, line in enumerate(lines[:_SEARCH_LIMIT]):
        m = CLASS_LINE.match(line.text)
        if not m:
            continue
        if _SERIAL.search(m["rest"].upper()):
            return _nonblank(lines[:index]), lines[index:]
        if fallback is None and not m["rest"].strip(" /") and m["level"].isupper():
            fallback = index
    if fallback is not None:
        return _nonblank(lines[:fallback]), lines[fallback:]
    return _nonblank(lines), []


def _nonblank(lines: list[Line]) -> list[Line]:
    return [ln for ln in lines if not ln.blank]


_DTG_LINE = re.compile(r"^\s*[ZOPR]{1,2}\s+\d{6}Z\s+[A-Z]{3}\s+\d{2}\s*$")
_FM_LINE = re.compile(r"^\s*FM\s+\S")


def embedded_header(lines: list[Line], limit: int = 120) -> list[Line]:
    """A DTG line followed by FM/TO/INFO lines inside the text (older printed telegrams)."""
    for index, line in enumerate(lines[:limit]):
        if _DTG_LINE.match(line.text) and index + 1 < len(lines) \
                and _FM_LINE.match(lines[index + 1].text):
            end = index + 1
            while end + 1 < len(lines) and lines[end + 1].text.strip() \
                    and not CLASS_LINE.match(lines[end + 1].text):
                end += 1
            return lines[index: end + 1]
    return []
