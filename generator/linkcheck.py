"""Link integrity: every internal link of the output leads to a page, and every anchor exists.

Run on the pages as the build writes them (``LinkChecker.feed``, one pass,
no extra reading) or on a folder on disk (``check_folder``). Each HTML page
is scanned once with two regular expressions over its bytes: its ``id``
attributes, kept as a compressed set per page, and its ``href`` and
``src`` attributes. Links within a page are checked at once; links to other
pages are gathered by target (a count and the first few sources), so memory
stays small at 250,000 pages, and checked when the last page has been seen.

Pages are scanned by ``generator.linkscan``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, warning
from generator.linkids import pack_ids, unpack_ids
from generator.linkscan import Parts, Resolver, extract, scan

_SOURCES = 3
"""Pages named for each broken target (the others are counted)."""


@dataclass(slots=True)
class _Wanted:
    count: int = 0
    sources: list[tuple[str, str]] = field(default_factory=list)
    """(page, href as written) of the first few pages that link there."""

    def add(self, page: str, href: str) -> None:
        self.count += 1
        if len(self.sources) < _SOURCES:
            self.sources.append((page, href))

    def merge(self, other: _Wanted) -> None:
        self.count += other.count
        self.sources = (self.sources + other.sources)[:_SOURCES]


def _want(table: dict[Any, _Wanted], key: Any, page: str, href: str) -> None:
    wanted = table.get(key)
    if wanted is None:
        wanted = table[key] = _Wanted()
    wanted.add(page, href)


def link_message(target: str) -> str:
    """What is wrong with links to ``target``, a page not in the output."""
    why = ("a folder URL (pages end in .html)" if target.endswith("/")
           else "outside the output folder" if target.startswith("..")
           else "no such file in the output")
    return f"link to {target}: {why}"


def anchor_message(target: str, fragment: str) -> str:
    """What is wrong with links to ``fragment`` of ``target``, a page without that id."""
    return f"link to {target}#{fragment}: no element with id {fragment!r} there"


def sourced(count: int, sources: list[tuple[str, str]], message: str,
            code: str) -> Iterator[tuple[str, str, str, str]]:
    """One problem per named source; the last says how many more link there."""
    more = count - len(sources)
    for n, (page, href) in enumerate(sources):
        extra = f" (and {more} more page{'s' if more > 1 else ''} link to it)" if (
            more > 0 and n == len(sources) - 1) else ""
        yield page, href, message + extra, code


def ids_of(blob: bytes | None) -> frozenset[str]:
    """The ids of a page from its packed blob (none for a page that is not HTML)."""
    return unpack_ids(blob) if blob is not None else frozenset()


class LinkChecker:
    """Feed every page of the output once, then ``finish`` for the broken links and anchors."""

    def __init__(self, label: str = "") -> None:
        self.label = label
        """Prefix of page paths in diagnostics (the output folder as the user named it)."""
        self.pages: set[str] = set()
        self.ids: dict[str, bytes] = {}
        self.links: dict[str, _Wanted] = {}
        """Links to pages not seen yet when they were found, by target."""
        self.anchors: dict[tuple[str, str], _Wanted] = {}
        self.found: list[tuple[str, str, str, str]] = []
        """(page, href, message, code) of problems found within a page."""
        self.checked = 0
        self.bad_anchors: dict[tuple[str, str], _Wanted] = {}
        """Links to pages seen before them whose anchor is missing."""
        self._resolve = Resolver()
        self._recent: dict[str, frozenset[str]] = {}

    def feed(self, path: str, data: bytes) -> None:
        """Take one output file (path relative to the output root, forward slashes)."""
        self.feed_parts(path, extract(path, data))

    def feed_parts(self, path: str, parts: Parts | None) -> None:
        """Take one output file as ``extract`` found it (kept between builds by the engine)."""
        self.pages.add(path)
        if parts is None:
            return
        self.ids[path] = pack_ids(parts[0])
        self.checked += len(parts[1])
        local, out = scan(path, parts, self._resolve)
        self.found.extend((path, *problem) for problem in local)
        for target, fragment, href in out:
            if target in self.pages:  # already seen: check now, keep nothing
                if fragment and target in self.ids and fragment not in self.page_ids(target):
                    _want(self.bad_anchors, (target, fragment), path, href)
                continue
            _want(self.links, target, path, href)
            if fragment:
                _want(self.anchors, (target, fragment), path, href)

    def page_ids(self, path: str) -> frozenset[str]:
        """The ids of a page fed earlier (the last few are kept decompressed)."""
        cached = self._recent.get(path)
        if cached is not None:
            return cached
        ids = ids_of(self.ids.get(path))
        if len(self._recent) >= 64:
            del self._recent[next(iter(self._recent))]
        self._recent[path] = ids
        return ids

    def problems(self) -> Iterator[tuple[str, str, str, str]]:
        """(page, href, message, code) of every broken link and anchor."""
        yield from self.found
        for target, wanted in sorted(self.links.items()):
            if target not in self.pages:
                yield from sourced(wanted.count, wanted.sources, link_message(target),
                                   "broken-link")
        missing = dict(self.bad_anchors)
        for (target, fragment), wanted in self.anchors.items():
            if target in self.ids and fragment not in self.page_ids(target):
                missing.setdefault((target, fragment), _Wanted()).merge(wanted)
        for (target, fragment), wanted in sorted(missing.items()):
            yield from sourced(wanted.count, wanted.sources, anchor_message(target, fragment),
                               "broken-anchor")

    def finish(self, root: Path | None = None,
               locate: Callable[[str], Path] | None = None) -> list[Diagnostic]:
        """Diagnostics for the problems, with the line of each link when the pages are on
        disk (under ``root``, or where ``locate`` says each page is)."""
        return report(self.problems(), self.label, root, locate)


def report(problems: Iterable[tuple[str, str, str, str]], label: str, root: Path | None = None,
           locate: Callable[[str], Path] | None = None) -> list[Diagnostic]:
    """Warnings for ``problems``, each at the line of its link when its page is on disk."""
    where = locate or ((lambda page: root / page) if root is not None else None)
    return [warning(f"{label}{page}", _line(where, page, href), message, code)
            for page, href, message, code in problems]


def _line(where: Callable[[str], Path] | None, page: str, href: str) -> int:
    """The line of the page on which the link is written (0 when the page is not on disk)."""
    if where is None:
        return 0
    try:
        data = where(page).read_bytes()
    except OSError:
        return 0
    for quote in ('"', "'"):
        at = data.find(f"={quote}{href}{quote}".encode())
        if at >= 0:
            return data.count(b"\n", 0, at) + 1
    return 0


def output_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Every file under ``root`` (relative path, path), skipping cablegen's own records."""
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name.startswith(".cablegen-") or (name.startswith(".") and name.endswith(".tmp")):
                continue
            path = Path(folder) / name
            yield path.relative_to(root).as_posix(), path


def check_folder(root: Path, label: str = "") -> list[Diagnostic]:
    """Check a built site on disk, reading each file once."""
    checker = LinkChecker(label)
    for rel, path in output_files(root):
        checker.feed(rel, path.read_bytes() if rel.endswith((".html", ".htm")) else b"")
    return checker.finish(root)


def checked(pages: Iterable[tuple[str, bytes]],
            checker: LinkChecker) -> Iterator[tuple[str, bytes]]:
    """Pass pages through, feeding each to ``checker`` on the way (for the write stage)."""
    for path, data in pages:
        checker.feed(path, data)
        yield path, data
