"""Find the inputs under ``content/`` and sort them by role.

Cables come as ``.txt``, ``.csv`` and ``.html`` files anywhere under
``content/`` (except in ``pages/``); editorial Markdown lives in ``notes/``
or beside a cable; ``pages/`` holds free pages; ``glossary.toml`` and
``persons.toml`` are site data. Editor droppings (swap and backup files)
are skipped silently; any other file gets a diagnostic.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import Diagnostic, warning

CABLE_SUFFIXES = {".txt": "txt", ".csv": "csv", ".html": "html", ".htm": "html"}
DATA_FILES = ("glossary.toml", "persons.toml")


@dataclass(frozen=True, slots=True)
class Discovery:
    """The files of a site's ``content/`` folder, by role, in a stable order."""

    cables: tuple[tuple[str, str], ...]
    """(relative path, format) of every cable file."""
    notes: tuple[str, ...]
    pages: tuple[str, ...]
    data: tuple[str, ...]
    assets: tuple[str, ...] = ()
    """Files copied as they are (images referenced by notes and pages)."""
    diagnostics: tuple[Diagnostic, ...] = field(default=())


ASSET_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf"}


def is_editor_temp(name: str) -> bool:
    """Whether a file name is an editor's swap, backup or lock file."""
    return (
        name.startswith(".")
        or (name.startswith("#") and name.endswith("#"))  # Emacs auto-save
        or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload"))
        or name == "4913"  # Vim's probe file
    )


def discover(site: Path, content_dir: str = "content") -> Discovery:
    """List the inputs of a site; paths are relative to ``site``, with forward slashes."""
    root = site / content_dir
    cables: list[tuple[str, str]] = []
    notes: list[str] = []
    pages: list[str] = []
    data: list[str] = []
    assets: list[str] = []
    diags: list[Diagnostic] = []
    if not root.is_dir():
        missing = warning(content_dir, 0, "no content folder", "no-content")
        return Discovery((), (), (), (), (), (missing,))
    seen: set[str] = set()
    top = Path(content_dir).as_posix()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:  # a symlink loop, or the same folder linked twice
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        # Plain string paths (no pathlib per file: a site may hold 250,000 cable files).
        rel_dir = Path(dirpath).relative_to(site).as_posix()
        in_pages = Path(dirpath).relative_to(root).parts[:1] == ("pages",)
        at_top = rel_dir == top
        for name in sorted(filenames):
            if is_editor_temp(name):
                continue
            rel = f"{rel_dir}/{name}" if rel_dir != "." else name
            dot = name.rfind(".")  # Path(name).suffix, without a Path per file
            suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""
            if suffix == ".md":
                (pages if in_pages else notes).append(rel)
            elif at_top and name in DATA_FILES:
                data.append(rel)
            elif suffix in ASSET_SUFFIXES:
                assets.append(rel)
            elif suffix in CABLE_SUFFIXES and not in_pages:
                cables.append((rel, CABLE_SUFFIXES[suffix]))
            else:
                diags.append(
                    warning(rel, 0, f"unrecognised file type {suffix or '(none)'!r}; ignored",
                            "unknown-file")
                )
    return Discovery(
        tuple(sorted(cables)),
        tuple(sorted(notes)),
        tuple(sorted(pages)),
        tuple(sorted(data)),
        tuple(sorted(assets)),
        tuple(diags),
    )
