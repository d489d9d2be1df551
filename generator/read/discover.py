"""Find the inputs under ``content/`` and sort them by role.

Cables come as ``.txt``, ``.csv`` and ``.html`` files anywhere under
``content/`` (except in ``pages/``); editorial Markdown lives in ``notes/``
or beside a cable; ``pages/`` holds free pages; ``glossary.toml`` and
``persons.toml`` are site data. Editor droppings (swap and backup files)
are skipped silently; any other file gets a diagnostic.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
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
        or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload",
                          ".kate-swp", "___jb_tmp___", "___jb_old___"))  # Kate, JetBrains
        or name == "4913"  # Vim's probe file
    )


def _walk(folder: str, rel: str, seen: set[tuple[int, int]]) -> Iterator[tuple[str, list[str]]]:
    """(folder relative to the site, its file names), top down in name order, following
    symlinks; a folder seen already (a symlink loop, one folder linked twice) is skipped.

    One ``scandir`` per folder and plain strings: a site may hold 250,000 cable
    files, and the preview discovers them again on every save.
    """
    try:
        st = os.stat(folder)
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return
    files: list[str] = []
    folders: list[str] = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()  # follows a symlink
        except OSError:
            is_dir = False
        if is_dir:
            if not entry.name.startswith((".", "_")):
                folders.append(entry.name)
        else:
            files.append(entry.name)
    yield rel, files
    for name in folders:
        yield from _walk(os.path.join(folder, name), name if rel == "." else f"{rel}/{name}",
                         seen)


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
    top = Path(content_dir).as_posix()
    for rel_dir, filenames in _walk(str(root), top, set()):
        below = rel_dir if top == "." else rel_dir[len(top) + 1:]
        in_pages = below == "pages" or below.startswith("pages/")
        at_top = rel_dir == top
        for name in filenames:
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
