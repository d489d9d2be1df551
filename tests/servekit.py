"""Helpers for the preview tests: raw HTTP over sockets, waiting for conditions, cable texts."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.serve import Preview
from tests.conftest import SEED

TIMEOUT = 120.0
"""Generous: the machine is shared and may be loaded; tests wait for conditions, not time."""

REF_CABLE = """\
R 011200Z MAR 07
FM SECSTATE WASHDC
TO AMEMBASSY BRUSSELS 1234

UNCLAS STATE 021535

SIPDIS

E.O. 12958: N/A
TAGS: PTER KNNP BE
SUBJECT: GLOBAL INITIATIVE TO COMBAT NUCLEAR TERRORISM

1. Embassy is requested to deliver the invitation.

2. Second paragraph.

RICE
"""
"""Cable 07STATE21535, which the seed cable cites as its Ref A."""


def seed_text() -> str:
    """The text of the seed cable, 07BRUSSELS881."""
    return SEED.read_text(encoding="utf-8")


def wait_until(condition: Callable[[], object], timeout: float = TIMEOUT,
               what: str = "condition") -> None:
    """Poll ``condition`` until it is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def raw(port: int, request: bytes, host: str = "127.0.0.1") -> tuple[int, dict[str, str], bytes]:
    """Send ``request`` as it is; return status, headers (lower-case names) and body."""
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("iso-8859-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def get(port: int, path: str, *, host: str | None = None, method: str = "GET",
        extra: str = "") -> tuple[int, dict[str, str], bytes]:
    """A well-formed request for ``path`` (closing the connection after the answer)."""
    name = host if host is not None else f"127.0.0.1:{port}"
    request = f"{method} {path} HTTP/1.1\r\nHost: {name}\r\n{extra}Connection: close\r\n\r\n"
    return raw(port, request.encode("latin-1"))


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> bytes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@contextmanager
def running(site: Path, **options: Any) -> Iterator[Preview]:
    """A real preview of ``site`` on a free port, once its first build has finished."""
    with Preview(site, port=0, **options) as preview:
        wait_until(lambda: preview.finished > 0, what="the first build")
        yield preview


def after(preview: Preview, change: Callable[[], object], what: str = "a rebuild") -> None:
    """Make ``change`` and wait until a rebuild begun after it has finished.

    A rebuild under way during the change may not have seen it; the next one
    (which the change's events start) has.
    """
    begun = preview.started
    change()
    wait_until(lambda: preview.finished > begun, what=what)
