"""A fingerprint of the code that produces cached data, for cache invalidation.

The cache is keyed by content digest *and* this fingerprint: a new cablegen
version, or any edit to the reading and parsing code during development,
makes every cached cable stale instead of silently serving old parses.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from generator import __version__

_PACKAGE = Path(__file__).resolve().parent.parent
_PARSING = ("model.py", "diagnostics.py", "link.py", "read", "parse")


@cache
def parser_fingerprint() -> str:
    """Digest of cablegen's version and the source of the modules that read and parse."""
    h = hashlib.blake2b(__version__.encode(), digest_size=12)
    for name in _PARSING:
        path = _PACKAGE / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            h.update(file.relative_to(_PACKAGE).as_posix().encode())
            h.update(file.read_bytes())
    return h.hexdigest()


def theme_fingerprint(*folders: Path) -> str:
    """Digest of every file of the theme folders (templates and static files)."""
    h = hashlib.blake2b(digest_size=12)
    for folder in folders:
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(file.relative_to(folder).as_posix().encode())
            h.update(file.read_bytes())
    return h.hexdigest()


@cache
def code_fingerprint() -> str:
    """Digest of every module of cablegen: what renders pages and collects values."""
    h = hashlib.blake2b(__version__.encode(), digest_size=12)
    for file in sorted(_PACKAGE.rglob("*.py")):
        h.update(file.relative_to(_PACKAGE).as_posix().encode())
        h.update(file.read_bytes())
    return h.hexdigest()
