"""What the link check needs of a page: its ids and links, found without parsing the HTML.

The output is made by our templates, which quote every attribute and
escape ``"`` and ``'`` in text, so attributes can be found with regular
expressions over the bytes: ``id``, ``href`` and ``src`` attributes, quoted
either way; scripts and comments are skipped. ``extract`` keeps what a page
holds; ``scan`` turns it into problems within the page and links to others.
Both checks use them (``generator.linkcheck``, ``generator.linkindex``); ``scanned``
makes the summary of a page the kept check stores (``Scanned``), in the worker
that rendered the page.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from generator.fastpickle import fast_pickle
from generator.linkids import pack_ids

_NAMES = (b"id", b"href", b"src")
_FAST = {n: re.compile(b" " + n + b'="([^"]*)"') for n in _NAMES}
_ANY = {n: re.compile(rb"(?<![\w:-])" + n + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')""") for n in _NAMES}
_SKIP = re.compile(rb"<script\b.*?</script\s*>|<!--.*?-->", re.S | re.I)
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")


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


Place = tuple[str, str]
"""(target page, fragment, "" for none): where a link leads."""


@fast_pickle
@dataclass(frozen=True, slots=True)
class Scanned:
    """What the index keeps of one page: made where the page was rendered (a worker)."""

    ids: bytes | None
    """Its ids (``linkids.pack_ids``); None for a file that is not HTML."""
    local: tuple[Local, ...]
    """Problems within the page."""
    places: tuple[tuple[str, str, int], ...]
    """(target, fragment, number of links there) of each place it links to."""


def scanned(path: str, data: bytes, resolve: Resolver) -> Scanned:
    """Scan a page's bytes for the index (pure: workers call it on the pages they render)."""
    return summarise(path, extract(path, data), resolve)


def summarise(path: str, parts: Parts | None, resolve: Resolver) -> Scanned:
    """What the index keeps of a page from its extracted parts (None: not HTML)."""
    if parts is None:
        return Scanned(None, (), ())
    local, out = scan(path, parts, resolve)
    mine: dict[Place, int] = {}
    for target, fragment, _ in out:
        place = (target, fragment)
        mine[place] = mine.get(place, 0) + 1
    return Scanned(pack_ids(parts[0]), tuple(local),
                   tuple((t, f, n) for (t, f), n in mine.items()))
