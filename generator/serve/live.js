// cablegen serve: update this page when a new build is published; show build errors.
// Added by the preview server to the HTML it sends; never part of the built site.
(() => {
  "use strict";
  const me = document.currentScript;
  const SCRIPT = "/__cablegen/live.js";
  let version = me ? me.dataset.version : "";
  let host = null;
  let reloading = false;
  let updating = null;

  // What in <head> makes the page look or act: styles, scripts, <base>. The
  // rest (title, meta, links to feeds and data, JSON-LD) only describes it.
  function active(node) {
    const name = node.localName;
    if (name === "style" || name === "base") return true;
    if (name === "script") return !/json/i.test(node.getAttribute("type") || "");
    if (name === "link") {
      return /(^|\s)(stylesheet|icon|preload|modulepreload|manifest)(\s|$)/i
        .test(node.getAttribute("rel") || "");
    }
    return false;
  }

  // Everything of a page that a swap of <main> would not update: the active
  // part of the head, the attributes of <html> and <body>, the rest of the body (header,
  // navigation, footer, scripts). Taken now, before scripts run on
  // DOMContentLoaded.
  function shellOf(doc) {
    const head = [...doc.head.children].filter(active).map((node) => node.outerHTML);
    const attributes = [...doc.documentElement.attributes, ...doc.body.attributes]
      .map((a) => `${a.name}=${a.value}`);
    const body = [...doc.body.childNodes]
      .filter((node) => node.localName !== "main" && !(node.localName === "script"
        && node.getAttribute("src") === SCRIPT) && !(node.nodeType === 3 && !node.data.trim()))
      .map((node) => node.nodeType === 1 ? node.outerHTML : node.textContent);
    return JSON.stringify([head, attributes, body]);
  }
  const shell = document.body ? shellOf(document) : "";

  // The browser keeps 250 resource entries by default: a page with more
  // images would forget some, and miss that one of them changed.
  if (performance.setResourceTimingBufferSize) performance.setResourceTimingBufferSize(100000);

  // This page's file and every file it loaded (styles, scripts, images), as
  // paths of the site: a publish that touched none of them leaves the page
  // as it is.
  function uses() {
    const files = new Set([ownFile()]);
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

  function ownFile() {
    const own = decodeURIComponent(location.pathname).replace(/^\//, "");
    return own === "" || own.endsWith("/") ? own + "index.html" : own;
  }

  // "current": nothing this page uses changed; "main": only the page itself
  // changed (its <main> may be swapped in place); "reload": anything else.
  function need(state) {
    if (state.previous !== version || !Array.isArray(state.changed)) return "reload";
    const mine = uses();
    const touched = state.changed.filter((path) => mine.has(path));
    if (!touched.length) return "current";
    return touched.length === 1 && touched[0] === ownFile() ? "main" : "reload";
  }

  // An edit to the page's own content: fetch the page and swap its <main>, as
  // Eleventy's dev server does, when nothing else of the page changed and no
  // script lives inside <main> (a script there would not run again). Faster
  // than a reload (no navigation, no stylesheets revalidated) and the scroll
  // position stays. Theme scripts that hold elements of <main> listen for
  // "cablegen:update" on the document. Anything unexpected: reload.
  async function swap(state) {
    const response = await fetch(location.href, {cache: "no-store"});
    if (!response.ok || !(response.headers.get("Content-Type") || "").startsWith("text/html")) {
      return false;
    }
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const main = document.querySelector("main");
    const fresh = doc.querySelector("main");
    if (!main || !fresh || !shell || shellOf(doc) !== shell
        || main.querySelector("script") || fresh.querySelector("script")) {
      return false;
    }
    const tagged = doc.querySelector(`script[src="${SCRIPT}"]`);
    // A page of a later build than this state's: what that build changed was
    // never looked at (a style sheet, say). Reload rather than guess.
    if (!tagged || tagged.dataset.version !== state.version) return false;
    main.replaceWith(document.adoptNode(fresh));
    if (location.hash) {  // the new element of #p5 is the target again, as after a reload
      const [x, y] = [scrollX, scrollY];
      location.replace(location.href);
      scrollTo(x, y);
    }
    const described = (d) => [...d.head.children].filter((node) => !active(node));
    if (described(document).map((n) => n.outerHTML).join() !==
        described(doc).map((n) => n.outerHTML).join()) {
      for (const node of described(document)) node.remove();
      document.head.append(...described(doc).map((node) => document.adoptNode(node)));
    }
    version = tagged.dataset.version;
    document.dispatchEvent(new CustomEvent("cablegen:update"));
    return true;
  }

  function reload() {
    reloading = true;
    location.reload();
  }

  function receive(state) {
    if (reloading) return;
    if (updating) {  // a swap under way: this state is looked at once it is done
      updating.then(() => receive(state));
      return;
    }
    if (state.ready && state.version !== version) {
      const wanted = need(state);
      if (wanted === "reload") {
        reload();
        return;
      }
      if (wanted === "main") {
        updating = swap(state).catch(() => false).then((swapped) => {
          updating = null;
          if (!swapped) reload();
          else if (!reloading) show(state);
        });
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
