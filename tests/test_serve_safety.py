"""The preview serves only its output folder, only to its own names: probes over raw sockets."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.serve import Preview
from generator.serve.safety import hosts_for, resolve_request
from tests.servekit import get, raw, running

SECRET = b"TOP SECRET sentinel outside the output folder"


@pytest.fixture
def preview(example_site: Path, tmp_path: Path) -> Iterator[Preview]:
    """A running preview of the example site, with a secret file beside its output folder."""
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (example_site / "secret.txt").write_bytes(SECRET)
    with running(example_site) as live:
        assert live.live.state().ready
        yield live


TRAVERSALS = [
    "/../secret.txt",
    "/../../secret.txt",
    "/cables/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2e%2e/secret.txt",
    "/cables/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/%252e%252e/secret.txt",
    "/%25252e%25252e/secret.txt",
    "/..%2fsecret.txt",
    "/..%5csecret.txt",
    "/..\\secret.txt",
    "/cables\\..\\..\\secret.txt",
    "/index.html%00.css",
    "/%00",
    "/%c0%ae%c0%ae/secret.txt",
    "/./../secret.txt",
    "//../secret.txt",
    "/static/../../secret.txt",
    "/linked-out/secret.txt",
    "/leak.txt",
    "/.cablegen-manifest.json",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_probes_never_leave_the_output_folder(preview: Preview, path: str) -> None:
    served = preview.served
    (served / "leak.txt").symlink_to(preview.site / "secret.txt")
    (served / "linked-out").symlink_to(preview.site)
    status, headers, body = get(preview.server.server_port, path)
    assert status in (400, 404), (path, status)
    assert SECRET not in body
    assert not any(name.startswith("access-control") for name in headers)


def test_raw_nul_byte_and_absolute_form_are_refused(preview: Preview) -> None:
    port = preview.server.server_port
    status, _, body = raw(port, f"GET /index.html\x00x HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                                f"Connection: close\r\n\r\n".encode("latin-1"))
    assert status == 400 and SECRET not in body
    status, _, _ = raw(port, f"GET http://127.0.0.1:{port}/../secret.txt HTTP/1.1\r\n"
                             f"Host: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
    assert status == 400


def test_folders_serve_their_index_or_404_never_a_listing(preview: Preview) -> None:
    port = preview.server.server_port
    status, _, body = get(port, "/")
    assert status == 200 and body.startswith(b"<!DOCTYPE html>")
    assert b"Cablegen example edition" in body
    for folder in ("/cables/", "/cables", "/static/"):
        status, _, body = get(port, folder)
        assert status == 404, folder
        assert b"07BRUSSELS881.html" not in body and b"style.css" not in body


@pytest.mark.parametrize("host", [
    "evil.example:{port}", "localhost.evil.example:{port}", "127.0.0.1.nip.io:{port}",
    "127.0.0.1:1", "localhost", "[::1]:1", "127.0.0.1:{port}x", "localhost.:{port}",
    "192.168.1.10:{port}", "",
])
def test_foreign_host_headers_are_refused(preview: Preview, host: str) -> None:
    port = preview.server.server_port
    status, headers, body = get(port, "/index.html", host=host.format(port=port))
    assert status == 403
    assert b"Cablegen example edition" not in body
    assert not any(name.startswith("access-control") for name in headers)


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}",
                                  "[::1]:{port}"])
def test_own_host_names_are_served(preview: Preview, host: str) -> None:
    port = preview.server.server_port
    status, _, body = get(port, "/index.html", host=host.format(port=port))
    assert status == 200 and b"Cablegen example edition" in body


def test_missing_or_doubled_host_is_refused(preview: Preview) -> None:
    port = preview.server.server_port
    assert raw(port, b"GET /index.html HTTP/1.0\r\n\r\n")[0] == 403
    doubled = (f"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n"
               f"Connection: close\r\n\r\n").encode()
    assert raw(port, doubled)[0] == 403


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://localhost:1",
                                    "https://127.0.0.1:{port}", "http://evil.example:{port}"])
def test_event_stream_refuses_foreign_origins(preview: Preview, origin: str) -> None:
    port = preview.server.server_port
    status, headers, body = get(port, "/__cablegen/events",
                                extra=f"Origin: {origin.format(port=port)}\r\n")
    assert status == 403
    assert b"event:" not in body
    assert not any(name.startswith("access-control") for name in headers)


def test_event_stream_refuses_cross_site_fetches(preview: Preview) -> None:
    port = preview.server.server_port
    status, _, _ = get(port, "/__cablegen/events", extra="Sec-Fetch-Site: cross-site\r\n")
    assert status == 403


def test_event_stream_accepts_its_own_origin(preview: Preview) -> None:
    port = preview.server.server_port
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(f"GET /__cablegen/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                     f"Origin: http://127.0.0.1:{port}\r\n\r\n".encode())
        data = b""
        while b"event: state" not in data:
            chunk = sock.recv(4096)
            assert chunk, data
            data += chunk
    assert data.startswith(b"HTTP/1.1 200")
    assert b"text/event-stream" in data
    assert b"access-control" not in data.lower()


def test_pure_resolution(tmp_path: Path) -> None:
    root = tmp_path / "out"
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_text("home")
    (root / "sub" / "index.html").write_text("sub")
    (root / "a b.html").write_text("space")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.html").write_text("no")
    os.symlink(outside, root / "out-link")
    assert resolve_request(root, "/") == (root / "index.html").resolve()
    assert resolve_request(root, "/sub/") == (root / "sub" / "index.html").resolve()
    assert resolve_request(root, "/a%20b.html?x=1#y") == (root / "a b.html").resolve()
    assert resolve_request(root, "/out-link/") == 404
    assert resolve_request(root, "/out-link/index.html") == 404
    assert resolve_request(root, "/missing.html") == 404
    assert resolve_request(root, "/%ff.html") == 400
    assert resolve_request(root, "*") == 400


def test_hosts_of_a_wildcard_bind_accept_ip_literals_only() -> None:
    hosts = hosts_for("0.0.0.0", 8000)
    assert hosts.allows("192.168.1.10:8000") and hosts.allows("[fe80::1]:8000")
    assert hosts.allows("localhost:8000")
    assert not hosts.allows("attacker.example:8000")
    assert not hosts.allows("192.168.1.10:8001")
    named = hosts_for("preview.lan", 80)
    assert named.allows("preview.lan") and named.allows("preview.lan:80")
    assert not named.allows("10.0.0.1")
