// cablegen serve: reload this page when a new build is published; show build errors.
// Added by the preview server to the HTML it sends; never part of the built site.
(() => {
  "use strict";
  const me = document.currentScript;
  let version = me ? me.dataset.version : "";
  let host = null;
  let reloading = false;

  // This page's file and every file it loaded (styles, scripts, images), as
  // paths of the site: a publish that touched none of them leaves the page
  // as it is.
  function uses() {
    const own = decodeURIComponent(location.pathname).replace(/^\//, "");
    const files = new Set([own === "" || own.endsWith("/") ? own + "index.html" : own]);
    for (const entry of performance.getEntriesByType("resource")) {
      try {
        const url = new URL(entry.name);
        if (url.origin === location.origin) {
          files.add(decodeURIComponent(url.pathname).replace(/^\//, ""));
        }
      } catch (error) {
        // not a URL: nothing of ours
      }
    }
    return files;
  }

  function current(state) {
    if (state.previous !== version || !Array.isArray(state.changed)) return false;
    const mine = uses();
    return !state.changed.some((path) => mine.has(path));
  }

  function receive(state) {
    if (reloading) return;
    if (state.ready && state.version !== version) {
      if (!current(state)) {
        reloading = true;
        location.reload();
        return;
      }
      version = state.version;
    }
    show(state);
  }

  // Browsers allow six connections per host: one event stream per tab would
  // leave a seventh tab unable to load. A shared worker holds one stream for
  // every open page of the preview; without one, the page holds its own.
  function connect() {
    if (typeof SharedWorker === "function") {
      try {
        const worker = new SharedWorker("/__cablegen/worker.js", {name: "cablegen-live"});
        worker.port.onmessage = (event) => receive(JSON.parse(event.data));
        addEventListener("pagehide", () => worker.port.postMessage("bye"), {once: true});
        return;
      } catch (error) {
        // fall through: a page of its own
      }
    }
    const source = new EventSource("/__cablegen/events");
    source.addEventListener("state", (event) => receive(JSON.parse(event.data)));
    addEventListener("pagehide", () => source.close(), {once: true});
  }

  connect();
  // Back to a page kept in the back-forward cache: connect again (it may be stale).
  addEventListener("pageshow", (event) => { if (event.persisted) connect(); });

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
      ? (state.ready ? "This page shows the last good build; fix the file and save."
         : "Nothing built yet; fix the file and save.")
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
