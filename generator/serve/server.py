"""The preview's HTTP server: the output folder, the reload script and the event stream.

Standard library only (``ThreadingHTTPServer``): one thread per connection
is plenty for one editor's browser tabs. Every request must name this
server in its ``Host`` (DNS rebinding); files come only from inside the
output folder (``safety.resolve_request``) and are opened under the read
side of the publish lock, so no request sees a publish half done. HTML
responses get the reload script; files on disk never do. No CORS headers
are ever sent, and the event stream refuses foreign origins.
"""

from __future__ import annotations

import mimetypes
import os
import socket
import socketserver
import sys
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from generator.serve import client
from generator.serve.live import Live
from generator.serve.safety import Hosts, hosts_for, resolve_request

TYPES = {
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".json": "application/json", ".map": "application/json", ".xml": "application/xml",
    ".atom": "application/atom+xml", ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon",
    ".pdf": "application/pdf", ".woff2": "font/woff2", ".woff": "font/woff",
}
KEEPALIVE = 15.0


def content_type(path: Path) -> str:
    """The Content-Type of a served file (our table first: system tables differ)."""
    suffix = path.suffix.lower()
    return TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class PreviewServer(ThreadingHTTPServer):
    """Serves ``root`` on ``host``:``port`` (0: any free port); shares ``live`` with the loop."""

    daemon_threads = True

    def __init__(self, host: str, port: int, root: Path, live: Live) -> None:
        self.root, self.live = root, live
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        self.address_family = info[0][0]
        super().__init__((str(info[0][4][0]), int(info[0][4][1])), Handler)
        self.hosts: Hosts = hosts_for(host, self.server_port)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the address."""
        socketserver.TCPServer.server_bind(self)
        self.server_name = str(self.server_address[0])
        self.server_port = int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser closing a connection is not an error worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD of the output folder, the reload script and the event stream."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"
    timeout = 120
    """Seconds a connection may sit idle (or refuse to read) before it is closed."""

    def version_string(self) -> str:
        """The Server header."""
        return "cablegen"

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the terminal is for build messages."""

    def do_GET(self) -> None:
        """Serve a file, the script or the event stream."""
        self._handle(head=False)

    def do_HEAD(self) -> None:
        """Headers of a GET, without the body."""
        self._handle(head=True)

    def _refuse(self) -> None:
        self._send(405, b"method not allowed\n", "text/plain; charset=utf-8", False,
                   {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse

    def _send(self, status: int, body: bytes, ctype: str, head: bool,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (extra or {"Cache-Control": "no-cache"}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _handle(self, head: bool) -> None:
        hosts = self.server.hosts
        if len(self.headers.get_all("Host") or ()) != 1 or not hosts.allows(self.headers["Host"]):
            self._send(403, b"unknown Host: this preview answers only to its own names\n",
                       "text/plain; charset=utf-8", head)
            return
        path = self.path.split("?", 1)[0]
        if path == client.EVENTS_PATH:
            self._events(head)
        elif path in (client.SCRIPT_PATH, client.WORKER_PATH):
            body = client.SCRIPT if path == client.SCRIPT_PATH else client.WORKER
            self._send(200, body, TYPES[".js"], head)
        else:
            self._file(head)

    def _file(self, head: bool) -> None:
        live = self.server.live
        with live.reading():  # held only to read: a slow client must not hold off a publish
            state = live.state()
            found = resolve_request(self.server.root, self.path) if state.ready else 503
            try:
                if isinstance(found, Path):
                    with open(found, "rb") as handle:
                        st = os.fstat(handle.fileno())
                        data = handle.read()
            except OSError:  # removed by hand since it was resolved
                found = 404
        if found == 503:
            self._send(503, client.building_page(state.version), TYPES[".html"], head,
                       {"Cache-Control": "no-store", "Retry-After": "1"})
        elif found == 404:
            self._send(404, client.not_found_page(state.version), TYPES[".html"], head)
        elif not isinstance(found, Path):
            self._send(found, b"bad request path\n", "text/plain; charset=utf-8", head)
        elif (ctype := content_type(found)).startswith("text/html"):
            self._send(200, client.inject(data, state.version), ctype, head)
        else:
            self._send_file(data, st, ctype, head)

    def _send_file(self, data: bytes, st: os.stat_result, ctype: str, head: bool) -> None:
        etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
        headers = {"Cache-Control": "no-cache", "ETag": etag,
                   "Last-Modified": formatdate(st.st_mtime, usegmt=True)}
        match = self.headers.get("If-None-Match", "")
        if etag not in [tag.strip().removeprefix("W/") for tag in match.split(",")]:
            self._send(200, data, ctype, head, headers)
            return
        self.send_response(304)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _events(self, head: bool) -> None:
        hosts, live = self.server.hosts, self.server.live
        site = self.headers.get("Sec-Fetch-Site")
        if not hosts.allows_origin(self.headers.get("Origin")) or site not in (
                None, "same-origin", "none"):
            self._send(403, b"foreign origin\n", "text/plain; charset=utf-8", head)
            return
        if head:
            self._refuse()
            return
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            with live.listening():
                seen = live.changes
                self.wfile.write(b"retry: 1000\n\n" + live.state().event())
                self.wfile.flush()
                while not live.closing:
                    now = live.wait(seen, KEEPALIVE)
                    message = live.state().event() if now != seen else b": keepalive\n\n"
                    seen = now
                    self.wfile.write(message)
                    self.wfile.flush()
        except OSError:
            return  # the page went away
