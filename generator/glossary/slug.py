"""Output paths of the site glossary's pages (``glossary.html``, ``glossary/<TERM>.html``)."""

from __future__ import annotations

import hashlib
import re

INDEX = "glossary.html"


def term_slug(term: str) -> str:
    """A file name for a term: the term itself when it is capitals, digits and hyphens.

    Other terms (``A/S``, ``Mercosur``) get a safe spelling plus a short digest,
    so that names never collide, even on case-insensitive file systems.
    """
    if re.fullmatch(r"[A-Z0-9]+(?:-[A-Z0-9]+)*", term):
        return term
    safe = re.sub(r"[^A-Za-z0-9]+", "_", term).strip("_").upper() or "TERM"
    return f"{safe}-{hashlib.blake2b(term.encode(), digest_size=3).hexdigest()}"


def term_path(term: str) -> str:
    """Output path of a term's page in the site glossary."""
    return f"glossary/{term_slug(term)}.html"
