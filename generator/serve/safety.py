"""What the preview server may serve and to whom: contained paths, known Hosts, own Origin.

Pure functions, so every probe (``..``, ``%2e%2e``, double encoding,
backslashes, NUL bytes, symlinks out of the folder, DNS rebinding, foreign
origins) is tested without a socket. A request path is decoded exactly once,
refused if anything that could be decoded again or read as a separator
remains, then resolved (following symlinks) and required to stay inside the
output folder. Hidden names are never served: they are the write stage's
temporary files and its manifest.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def resolve_request(root: Path, target: str) -> Path | int:
    """The file under ``root`` that request ``target`` names, or an HTTP status (400, 404)."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        return 400  # absolute-form and asterisk-form targets are not for a file server
    try:
        text = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return 400
    if "\x00" in text or "\\" in text or _ESCAPE.search(text):
        return 400  # NUL, Windows separators, or double encoding
    parts = [p for p in text.split("/") if p]
    if any(p in (".", "..") for p in parts):
        return 400
    if any(p.startswith(".") for p in parts):
        return 404
    base = root.resolve()
    real = base.joinpath(*parts).resolve()
    if real != base and base not in real.parents:
        return 404  # a symlink pointing out of the output folder
    if real.is_dir():
        real = (real / "index.html").resolve()
        if base not in real.parents:
            return 404
    return real if real.is_file() else 404


@dataclass(frozen=True, slots=True)
class Hosts:
    """The Host header values the server answers to, against DNS rebinding."""

    names: frozenset[str]
    """Lower-case host names and IP literals (IPv6 in brackets)."""
    port: int
    any_ip: bool = False
    """Bound to every address (0.0.0.0 or ::): any IP literal is a name of this server."""

    def allows(self, header: str | None) -> bool:
        """Whether a ``Host`` header names this server (name and port)."""
        if not header:
            return False
        name, port = _split_host(header.strip().lower())
        if port is None:
            port = 80
        if port != self.port:
            return False
        return name in self.names or (self.any_ip and _is_ip(name))

    def allows_origin(self, origin: str | None) -> bool:
        """Whether an ``Origin`` header (absent on same-origin GETs) is this server's own."""
        if origin is None:
            return True
        parts = urlsplit(origin.strip())
        return parts.scheme == "http" and not parts.path and self.allows(parts.netloc)


def hosts_for(host: str, port: int) -> Hosts:
    """The names a server bound to ``host``:``port`` answers to."""
    given = host.lower()
    if ":" in given and not given.startswith("["):
        given = f"[{given}]"
    wildcard = given in ("0.0.0.0", "[::]", "")
    names = set(LOOPBACK_NAMES) if wildcard else {*LOOPBACK_NAMES, given}
    return Hosts(frozenset(names), port, any_ip=wildcard)


def _split_host(value: str) -> tuple[str, int | None]:
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return value, -1
        name, rest = value[: end + 1], value[end + 1:]
    else:
        name, _, port_text = value.partition(":")
        rest = f":{port_text}" if _ else ""
    if not rest:
        return name, None
    if not rest.startswith(":") or not rest[1:].isdigit():
        return name, -1
    return name, int(rest[1:])


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def is_loopback(address: str) -> bool:
    """Whether a bound address is reachable only from this machine."""
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False
