"""The meaning of a TAGS code, from the glossary feature when the build has one.

The glossary is another feature's state (``ctx.states["glossary"]``); this
adapter reads the shapes it may take and answers None when there is no
glossary or no entry, so browse pages are correct with or without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def tag_meaning(states: Mapping[str, Any], code: str) -> str | None:
    """The meaning of ``code``, or None.

    Accepts an object with a ``meaning``, ``expansion`` or ``lookup`` method,
    or a mapping of terms to strings or to entries with an ``expansion``.
    """
    glossary = states.get("glossary")
    if glossary is None:
        return None
    entry: Any = None
    for name in ("meaning", "expansion", "lookup"):
        method = getattr(glossary, name, None)
        if callable(method):
            try:
                entry = method(code)
            except (LookupError, TypeError, ValueError):
                entry = None
            break
    else:
        if isinstance(glossary, Mapping):
            entry = glossary.get(code)
    if isinstance(entry, Mapping):
        entry = entry.get("expansion") or entry.get("meaning")
    elif entry is not None and not isinstance(entry, str):
        entry = getattr(entry, "expansion", None) or getattr(entry, "meaning", None)
    return entry if isinstance(entry, str) and entry.strip() else None
