"""The output manifest: what each file of an output folder was rendered from, and its digest.

``.cablegen-manifest.json`` is one compact JSON document, ``{"generator":
"cablegen","files":{path: [key, digest], ...}}`` in path order. At 251,287
cables it lists 800,000 files (107 MB), and both ends of a build hold it
while the build's other memory is at its highest; so it is written in
chunks and read in blocks, never made whole as text or as a parsed tree.
The documents of other writers (cablegen 0.1 wrote ``indent=0`` and digests
only) are read by a general streaming parser.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Generator, Iterator
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any, TextIO

from generator.write import MANIFEST, atomic_write

Entry = bytes
"""A file's dependency key and content digest, packed (``entry``)."""
Manifest = dict[str, Entry]
"""Output path -> its entry."""


def entry(key: str, sha: str) -> Entry:
    """Pack a key and a digest: 49 bytes for cablegen's own (32 and 64 lowercase hex
    digits), against 250 for a tuple of the two strings; 800,000 files at 251,287
    cables, in the live manifest and the one being made. Anything else (a manifest
    of another writer) is kept as its text, so every entry unpacks to what it was."""
    if len(key) == 32 and len(sha) == 64:
        try:
            raw = bytes.fromhex(key + sha)
        except ValueError:
            raw = b""
        if len(raw) == 48 and raw.hex() == key + sha:
            return b"\0" + raw
    k = key.encode("utf-8", "surrogatepass")
    return b"\1" + struct.pack("<I", len(k)) + k + sha.encode("utf-8", "surrogatepass")


def entry_key(e: Entry) -> str:
    """The dependency key of an entry."""
    if e[0] == 0:
        return e[1:17].hex()
    size = struct.unpack_from("<I", e, 1)[0]
    return e[5:5 + size].decode("utf-8", "surrogatepass")


def entry_sha(e: Entry | None) -> str:
    """The content digest of an entry ("" for none)."""
    if e is None:
        return ""
    if e[0] == 0:
        return e[17:].hex()
    size = struct.unpack_from("<I", e, 1)[0]
    return e[5 + size:].decode("utf-8", "surrogatepass")

BLOCK = 1 << 22
"""Characters read at a time by the reader of cablegen's own layout."""


def load_manifest(folder: Path, like: Manifest | None = None,
                  name: str = MANIFEST) -> Manifest | None:
    """The manifest of an output folder, or None if it has none (or an unreadable one).

    An entry equal to the one ``like`` holds for the same path is that entry,
    and its path is ``like``'s string: the shadow's manifest is mostly the live
    one, and separate copies of 800,000 keys, digests and paths cost 260 MB.
    """
    try:
        with (folder / name).open(encoding="utf-8") as handle:
            fast = _compact(handle, like or {})
            if fast is not None:
                return fast
            handle.seek(0)
            text = handle.read()
        return _general(text, like or {})
    except (OSError, ValueError, IndexError):
        return None


def save_manifest(folder: Path, manifest: Manifest) -> None:
    """Write a folder's manifest atomically, streamed, in path order.

    Made whole, the document and its copies (a dict of lists, the text, its bytes)
    took about 370 MB at 251,287 cables on top of everything else the build held
    at its end: the highest point of its memory.
    """
    atomic_write(folder / MANIFEST, _manifest_chunks(manifest))


def _manifest_chunks(manifest: Manifest, batch: int = 4096) -> Iterator[bytes]:
    yield _HEAD.encode()
    paths = sorted(manifest)
    for start in range(0, len(paths), batch):
        part = ",".join(_item(p, manifest[p]) for p in paths[start:start + batch])
        yield (part if start == 0 else "," + part).encode()
    yield b"}}\n"


_PLAIN_PATH = re.compile(r"[ !#-\[\]-~]*").fullmatch
"""A path JSON writes as it is: printable ASCII without quotes or backslashes."""


def _item(path: str, e: Entry) -> str:
    """One ``"path":["key","sha"]`` member, as ``json.dumps`` writes it. Most entries are
    compact and most paths plain, and formatting those directly is several times
    faster than two ``json.dumps`` calls (1 s of each edit at 50,000 cables)."""
    if e[0] == 0 and _PLAIN_PATH(path):
        return f'"{path}":["{e[1:17].hex()}","{e[17:].hex()}"]'
    dumps = json.dumps
    return f"{dumps(path)}:{dumps([entry_key(e), entry_sha(e)], separators=(',', ':'))}"


_HEAD = '{"generator":"cablegen","files":{'
_STRING = r'"((?:[^"\\\x00-\x1f]|\\.)*)"'
_PLAIN = r'"([^"\\\x00-\x1f]*)"'
_ENTRY = re.compile(f"{_STRING}:\\[{_PLAIN},{_PLAIN}\\](,?)")
"""An entry as ``save_manifest`` writes it (a key and a digest without escapes)."""


class _Shared:
    """``like``'s entries and path strings, for a manifest read in path order."""

    def __init__(self, like: Manifest) -> None:
        self.like = like
        self._paths = iter(like)
        self._next: str | None = next(self._paths, None)

    def path(self, path: str) -> str:
        """``like``'s string for ``path`` if it has it (both in path order), else ``path``."""
        while self._next is not None and self._next < path:
            self._next = next(self._paths, None)
        return self._next if self._next == path else path

    def entry(self, path: str, new: Entry) -> Entry:
        """``like``'s entry for ``path`` if it equals ``new``, else ``new``."""
        return _same(self.like, path, new)


def _same(like: Manifest, path: str, new: Entry) -> Entry:
    old = like.get(path)
    return old if old == new else new


def _compact(handle: TextIO, like: Manifest) -> Manifest | None:
    """The manifest if it is in cablegen's own layout, read block by block; else None
    (the general parser decides)."""
    if handle.read(len(_HEAD)) != _HEAD:
        return None
    shared = _Shared(like)
    out: Manifest = {}
    buf, pos, eof, more = "", 0, False, True
    match = _ENTRY.match
    while more:
        m = match(buf, pos)
        if m is None or (m.end() == len(buf) and not eof):  # the block may end inside it
            if eof:
                break
            block = handle.read(BLOCK)
            eof = not block
            buf, pos = buf[pos:] + block, 0
            continue
        path, k, sha, comma = m.groups()
        if "\\" in path:
            path = json.loads(f'"{path}"')
        path = shared.path(path)
        out[path] = shared.entry(path, entry(k, sha))
        pos, more = m.end(), bool(comma)
    if more and out:
        return None  # a comma, then no entry
    rest = buf[pos:] + handle.read()
    return out if rest.rstrip() == "}}" else None


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _general(text: str, like: Manifest) -> Manifest | None:
    """Any JSON manifest, parsed entry by entry (no tree of the whole document)."""
    out: Manifest = {}
    found = False
    for path, value in _entries(text):
        if path is None:
            found = True
            continue
        if isinstance(value, list) and len(value) == 2:
            new = entry(str(value[0]), str(value[1]))
        elif isinstance(value, str):  # manifests of cablegen 0.1 held digests only
            new = entry("", value)
        else:
            continue
        out[path] = _same(like, path, new)
    return out if found else None


def _entries(text: str) -> Iterator[tuple[str | None, Any]]:
    """The (path, value) entries of a manifest's ``files`` object, parsed one by one;
    ``(None, None)`` says the object was found. Anything but a JSON object whose
    ``files`` is an object raises ``ValueError``."""
    i = _skip(text, 0)
    if text[i] != "{":
        raise ValueError("not an object")
    while True:
        i = _skip(text, i + 1)
        if text[i] == "}":
            return
        name, i = _key(text, i)
        if name == "files":
            yield None, None
            i = yield from _files(text, i)
        else:
            _, i = _DECODER.raw_decode(text, i)
        i = _skip(text, i)
        if text[i] == "}":
            return
        if text[i] != ",":
            raise ValueError(f"expected ',' at {i}")


def _skip(text: str, i: int) -> int:
    found = _SPACE.match(text, i)
    return found.end() if found else i


def _key(text: str, i: int) -> tuple[str, int]:
    """An object's key and the colon after it; the index of its value."""
    if text[i] != '"':
        raise ValueError(f"expected a string at {i}")
    name, i = scanstring(text, i + 1)
    i = _skip(text, i)
    if text[i] != ":":
        raise ValueError(f"expected ':' at {i}")
    return name, _skip(text, i + 1)


def _files(text: str, i: int) -> Generator[tuple[str | None, Any], None, int]:
    """The entries of the ``files`` object at ``i``; returns the index after it."""
    if text[i] != "{":
        raise ValueError("files is not an object")
    while True:
        i = _skip(text, i + 1)
        if text[i] == "}":
            return i + 1
        path, i = _key(text, i)
        value, i = _DECODER.raw_decode(text, i)
        yield path, value
        i = _skip(text, i)
        if text[i] == "}":
            return i + 1
        if text[i] != ",":
            raise ValueError(f"expected ',' at {i}")
