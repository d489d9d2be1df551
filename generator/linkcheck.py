"""Link integrity: every internal link of the output leads to a page, and every anchor exists.

Run on the pages as the build writes them (``LinkChecker.feed``, one pass,
no extra reading) or on a folder on disk (``check_folder``). Each HTML page
is scanned once with two regular expressions over its bytes: its ``id``
attributes, kept as a compressed set per page, and its ``href`` and
``src`` attributes. Links within a page are checked at once; links to other
pages are gathered by target (a count and the first few sources), so memory
stays small at 250,000 pages, and checked when the last page has been seen.

The output is made by our templates, which quote every attribute and
escape ``"`` and ``'`` in text, so attributes can be found without parsing
the HTML; scripts and comments are skipped.
"""

from __future__ import annotations

import os
import posixpath
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from generator.diagnostics import Diagnostic, warning

_IDS = re.compile(rb"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_LINKS = re.compile(rb"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SKIP = re.compile(rb"<script\b.*?</script\s*>|<!--.*?-->", re.S | re.I)
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_SOURCES = 3
"""Pages named for each broken target (the others are counted)."""


@dataclass(slots=True)
class _Wanted:
    count: int = 0
    sources: list[tuple[str, int]] = field(default_factory=list)
    """(page, byte offset of the link) of the first few pages that link there."""

    def add(self, page: str, offset: int) -> None:
        self.count += 1
        if len(self.sources) < _SOURCES:
            self.sources.append((page, offset))


def _text(match: re.Match[bytes]) -> str:
    raw = match.group(1) if match.group(1) is not None else match.group(2)
    return raw.decode("utf-8", "replace").replace("&amp;", "&").replace("&#39;", "'").replace(
        "&#34;", '"').replace("&quot;", '"')


class LinkChecker:
    """Feed every page of the output once, then ``finish`` for the broken links and anchors."""

    def __init__(self, label: str = "") -> None:
        self.label = label
        """Prefix of page paths in diagnostics (the output folder as the user named it)."""
        self.pages: set[str] = set()
        self.ids: dict[str, bytes] = {}
        self.links: dict[str, _Wanted] = {}
        self.anchors: dict[tuple[str, str], _Wanted] = {}
        self.found: list[tuple[str, int, str, str]] = []
        """(page, offset, message, code) of problems found within a page."""
        self.checked = 0

    def feed(self, path: str, data: bytes) -> None:
        """Take one output file (path relative to the output root, forward slashes)."""
        self.pages.add(path)
        if not path.endswith((".html", ".htm")):
            return
        body = _SKIP.sub(lambda m: b" " * len(m.group()), data) if (
            b"<script" in data or b"<!--" in data) else data
        own = {_text(m) for m in _IDS.finditer(body)}
        self.ids[path] = zlib.compress("\0".join(sorted(own)).encode("utf-8"), 1)
        base = posixpath.dirname(path)
        for m in _LINKS.finditer(body):
            self.checked += 1
            href = _text(m)
            if not href or _SCHEME.match(href):
                continue
            where, _, fragment = href.partition("#")
            where = where.split("?", 1)[0]
            if not where:
                if fragment and unquote(fragment) not in own:
                    self.found.append((path, m.start(), f"link to #{fragment}: no element "
                                       f"with id {unquote(fragment)!r} on this page",
                                       "broken-anchor"))
                continue
            target = posixpath.normpath(posixpath.join(base, unquote(where)))
            if where.endswith("/"):
                target += "/"
            self.links.setdefault(target, _Wanted()).add(path, m.start())
            if fragment:
                self.anchors.setdefault((target, unquote(fragment)), _Wanted()).add(
                    path, m.start())

    def page_ids(self, path: str) -> frozenset[str]:
        """The ids of a page fed earlier."""
        blob = self.ids.get(path)
        if blob is None:
            return frozenset()
        text = zlib.decompress(blob).decode("utf-8")
        return frozenset(text.split("\0")) if text else frozenset()

    def problems(self) -> Iterator[tuple[str, int, str, str]]:
        """(page, offset, message, code) of every broken link and anchor."""
        yield from self.found
        for target, wanted in sorted(self.links.items()):
            if target in self.pages:
                continue
            why = ("a folder URL (pages end in .html)" if target.endswith("/")
                   else "outside the output folder" if target.startswith("..")
                   else "no such file in the output")
            yield from self._each(wanted, f"link to {target}: {why}", "broken-link")
        last, ids = "", frozenset[str]()
        for (target, fragment), wanted in sorted(self.anchors.items()):
            if target not in self.ids:
                continue  # a missing page is reported above; other files have no anchors
            if target != last:
                last, ids = target, self.page_ids(target)
            if fragment not in ids:
                yield from self._each(wanted, f"link to {target}#{fragment}: no element with "
                                      f"id {fragment!r} there", "broken-anchor")

    @staticmethod
    def _each(wanted: _Wanted, message: str,
              code: str) -> Iterator[tuple[str, int, str, str]]:
        more = wanted.count - len(wanted.sources)
        for n, (page, offset) in enumerate(wanted.sources):
            extra = f" (and {more} more link{'s' if more > 1 else ''} to it)" if (
                more > 0 and n == len(wanted.sources) - 1) else ""
            yield page, offset, message + extra, code

    def finish(self, root: Path | None = None) -> list[Diagnostic]:
        """Diagnostics for the problems, with the line of each link when ``root`` has the pages."""
        out = []
        for page, offset, message, code in self.problems():
            out.append(warning(f"{self.label}{page}", _line(root, page, offset), message, code))
        return out


def _line(root: Path | None, page: str, offset: int) -> int:
    if root is None:
        return 0
    try:
        with open(root / page, "rb") as handle:
            return handle.read(offset).count(b"\n") + 1
    except OSError:
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
