"""The browser side of the preview: a script that updates the page and shows build errors.

The server adds one ``<script>`` tag to each HTML response it sends (never
to the built files). The script (``live.js``) listens to the server's event
stream, through a shared worker (``worker.js``) so that all open pages share
one connection: browsers allow six per host, and a stream per tab would
leave the seventh tab hanging. When a publish changed the page itself and
nothing else it loaded, the script fetches it and swaps its ``<main>`` in
place (and the head's title and metadata); when it changed anything else the
page uses, the page reloads; when the last build failed it shows the
errors, with file and line, in an overlay (in a shadow root, so the site's
CSS cannot hide it and it cannot restyle the site). Every message is set as
text, never as HTML: error messages quote cable text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

SCRIPT_PATH = "/__cablegen/live.js"
WORKER_PATH = "/__cablegen/worker.js"
EVENTS_PATH = "/__cablegen/events"

HERE = Path(__file__).resolve().parent
SCRIPT = (HERE / "live.js").read_bytes()
"""The page's script: reloads on a new version, shows the overlay."""
WORKER = (HERE / "worker.js").read_bytes()
"""The shared worker that holds one event stream for every open page."""

_BODY_END = re.compile(rb"</body\s*>", re.I)


def tag(version: str) -> bytes:
    """The script tag for a page served at ``version``."""
    return (f'<script src="{SCRIPT_PATH}" data-version="{html.escape(version)}"></script>'
            .encode())


def inject(page: bytes, version: str) -> bytes:
    """Add the script before the last ``</body>`` (or at the end of a page without one)."""
    ends = list(_BODY_END.finditer(page))
    at = ends[-1].start() if ends else len(page)
    return page[:at] + tag(version) + page[at:]


def building_page(version: str) -> bytes:
    """What the server sends before the first build is published."""
    return inject(b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                  b"<title>Building</title></head><body><h1>Building the site</h1><p>This "
                  b"page reloads when the first build is done.</p></body></html>\n", version)


def not_found_page(version: str) -> bytes:
    """A 404 page that still reloads: a page renamed away may come back."""
    return inject(b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                  b"<title>Not found</title></head><body><h1>Not found</h1><p>No such "
                  b"page in the built site.</p></body></html>\n", version)
