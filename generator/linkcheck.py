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
the HTML: ``id``, ``href`` and ``src`` attributes, quoted either way;
scripts and comments are skipped.
"""

from __future__ import annotations

import os
import posixpath
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.diagnostics import Diagnostic, warning

_NAMES = (b"id", b"href", b"src")
_FAST = {n: re.compile(b" " + n + b'="([^"]*)"') for n in _NAMES}
_ANY = {n: re.compile(rb"(?<![\w:-])" + n + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')""") for n in _NAMES}
_SKIP = re.compile(rb"<script\b.*?</script\s*>|<!--.*?-->", re.S | re.I)
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
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


def _attribute(raw: bytes) -> str:
    """An attribute value as text (our templates escape only & < > " ')."""
    text = raw.decode("utf-8", "replace")
    if "&" in text:
        text = (text.replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'")
                .replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&"))
    return text


def _values(name: bytes, body: bytes) -> list[bytes]:
    """The values of attribute ``name`` in ``body``.

    Our templates write `` name="value"``: one fast scan finds those; only
    when the page spells the attribute otherwise (single quotes, a line
    break before it) is the slower, general pattern used.
    """
    written = body.count(name + b"=")
    if not written:
        return []
    fast = _FAST[name].findall(body)
    if len(fast) == written:
        return fast
    return [a or b for a, b in _ANY[name].findall(body)]


Parts = tuple[bytes, tuple[bytes, ...]]
"""What the check needs of a page: its ids (sorted, NUL-separated) and its hrefs and srcs."""


def extract(path: str, data: bytes) -> Parts | None:
    """The ids and links of an HTML page (None for other files)."""
    if not path.endswith((".html", ".htm")):
        return None
    body = _SKIP.sub(b" ", data) if (b"<script" in data or b"<!--" in data) else data
    own = set(_values(b"id", body))
    blob = b"\0".join(sorted(own))
    if b"&" in blob:
        blob = b"\0".join(sorted({_attribute(i).encode("utf-8") for i in own}))
    return blob, tuple(_values(b"href", body) + _values(b"src", body))


Local = tuple[str, str, str]
"""(href as written, message, code) of a problem found within a page."""
Out = tuple[str, str, str]
"""(target page, fragment, href as written) of a link to a page of the output."""


class Resolver:
    """``_resolve`` with a memo: most links of a site are repeated (nav, styles)."""

    def __init__(self) -> None:
        self._memo: dict[tuple[str, str], tuple[str | None, str] | None] = {}

    def __call__(self, base: str, href: str) -> tuple[str | None, str] | None:
        memo = (base, href)
        if memo in self._memo:
            return self._memo[memo]
        if len(self._memo) > 100_000:
            self._memo.clear()
        resolved = self._memo[memo] = _resolve(base, href)
        return resolved


def scan(path: str, parts: Parts, resolve: Resolver) -> tuple[list[Local], list[Out]]:
    """The problems within a page and its links to other pages, each in the order reported.

    Shared by the one-pass check (``LinkChecker``) and the kept one
    (``generator.linkindex``), so that both find the same things.
    """
    blob, hrefs = parts
    own = set(blob.split(b"\0")) if blob else set()
    base = posixpath.dirname(path)
    plain = {h for h in hrefs if h[:1] == b"#" and b"%" not in h and b"&" not in h}
    local = [_local("#" + missing.decode("utf-8", "replace"))  # anchors within the page
             for missing in sorted({h[1:] for h in plain} - own - {b""})]
    out: list[Out] = []
    for raw in sorted(set(hrefs) - plain):
        href = _attribute(raw)
        resolved = resolve(base, href)
        if resolved is None:
            continue  # a URL with a scheme: not ours to check
        target, fragment = resolved
        if target is None:
            if fragment and fragment.encode("utf-8") not in own:
                local.append(_local(href))
            continue
        out.append((target, fragment, href))
    return local, out


def _local(href: str) -> Local:
    return (href, f"link to {href}: no element with id {unquote(href[1:])!r} on this page",
            "broken-anchor")


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
    """The ids of a page from its compressed blob (none for a page that is not HTML)."""
    text = zlib.decompress(blob).decode("utf-8") if blob is not None else ""
    return frozenset(text.split("\0")) if text else frozenset()


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
        self.ids[path] = zlib.compress(parts[0], 1)
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


def _resolve(base: str, href: str) -> tuple[str | None, str] | None:
    """(output path, or None for this page; fragment) of a link; None for a URL or nothing."""
    if not href or _SCHEME.match(href):
        return None
    where, _, fragment = href.partition("#")
    where = where.split("?", 1)[0]
    if not where:
        return None, unquote(fragment)
    target = posixpath.normpath(posixpath.join(base, unquote(where)))
    if where.endswith("/"):
        target += "/"
    return target, unquote(fragment)


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
