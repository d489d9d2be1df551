"""The browser side of the preview: a script that reloads the page and shows build errors.

The server adds one ``<script>`` tag to each HTML response it sends (never
to the built files). The script listens to the server's event stream; when
the served version differs from the page's own, the page reloads; when the
last build failed it shows the errors, with file and line, in an overlay
(in a shadow root, so the site's CSS cannot hide it and it cannot restyle
the site). Every message is set as text, never as HTML: error messages
quote cable text.
"""

from __future__ import annotations

import html
import re

SCRIPT_PATH = "/__cablegen/live.js"
EVENTS_PATH = "/__cablegen/events"

SCRIPT = """\
(() => {
  "use strict";
  const me = document.currentScript;
  const version = me ? me.dataset.version : "";
  const source = new EventSource("/__cablegen/events");
  let host = null;
  source.addEventListener("state", (event) => {
    const state = JSON.parse(event.data);
    if (state.ready && state.version !== version) {
      source.close();
      location.reload();
      return;
    }
    show(state);
  });
  function show(state) {
    if (host) { host.remove(); host = null; }
    if (!state.errors.length) return;
    host = document.createElement("cablegen-overlay");
    host.id = "cablegen-overlay";
    const root = host.attachShadow({mode: "open"});
    const style = document.createElement("style");
    style.textContent = `
      :host { all: initial; position: fixed; inset: auto 0 0 0; z-index: 2147483647; }
      section { margin: 1rem; padding: 1rem 1.25rem; max-height: 60vh; overflow: auto;
        background: #fff8f6; color: #1a1a1a; border: 2px solid #b3261e; border-radius: 6px;
        font: 14px/1.45 system-ui, sans-serif; box-shadow: 0 4px 24px rgb(0 0 0 / 25%); }
      h2 { margin: 0 0 .5rem; font-size: 1rem; color: #b3261e; }
      p { margin: 0 0 .5rem; }
      ul { margin: 0; padding: 0; list-style: none; }
      li { font: 13px/1.4 ui-monospace, monospace; white-space: pre-wrap; margin: .25rem 0; }
      .where { font-weight: bold; }
      button { float: right; font: inherit; cursor: pointer; }`;
    const box = document.createElement("section");
    box.setAttribute("role", "alert");
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Dismiss";
    close.addEventListener("click", () => { host.remove(); host = null; });
    const title = document.createElement("h2");
    title.textContent = state.failed ? "cablegen: the build failed" : "cablegen: build errors";
    const note = document.createElement("p");
    note.textContent = state.failed
      ? (state.ready ? "This page shows the last good build. Fix the file and save: the"
         + " page reloads." : "Nothing built yet. Fix the file and save.")
      : "The site was built; these files have errors.";
    const list = document.createElement("ul");
    for (const d of state.errors) {
      const item = document.createElement("li");
      const where = document.createElement("span");
      where.className = "where";
      where.textContent = `${d.path}:${d.line}:`;
      item.append(where, ` ${d.level}: ${d.message} [${d.code}]`);
      list.append(item);
    }
    box.append(close, title, note, list);
    root.append(style, box);
    document.documentElement.append(host);
  }
})();
"""

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
