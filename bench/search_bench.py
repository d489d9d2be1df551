"""Search at scale: bytes loaded and time to first results in headless Chromium.

Usage:
  python bench/search_bench.py synth CORPUS_SITE OUT [--docs 250000] [--no-text]
  python bench/search_bench.py measure SITE [--query WORD ...] [--runs 5]

``synth`` writes a synthetic site of N cables into OUT/_site: its search
index (built by ``generator.search.index`` alone, without a full build),
search.html, the theme's static files and each cable's snippet file. The
documents are made from a built site of the real corpus (CORPUS_SITE: its
``search/text/*.js`` and ``cables.csv``): cable ``i`` takes the words, date,
post, TAGS and classification of real cable ``i mod 8,700``, a new id, and
about 15 rare words drawn from a Zipf law over two million synthetic words,
so the vocabulary grows with the corpus as names and numbers do in the
real release. It reports build time, peak memory and index size.

``measure`` opens SITE/search.html in headless Chromium, from disk
(``file://``) and over a local HTTP server, and for each query types it
into the box and records the time until the first result is on the page
(search.js's clock) and the bytes of the index files the query loaded (file
sizes on disk of the scripts it added). A cold figure (opening
``search.html?q=WORD``: page, index metadata and query) is reported too.
"""

from __future__ import annotations

import argparse
import csv
import functools
import http.server
import json
import random
import resource
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.search.docterms import ID_WEIGHT, ORIGIN_WEIGHT, SUBJECT_WEIGHT, TAG_WEIGHT
from generator.search.encode import script
from generator.search.index import IndexDoc, Settings, build
from generator.search.tokens import weighted

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TIMED_SUBMIT = """() => new Promise(done => {
    const start = performance.now();
    const list = document.getElementById('search-results');
    const status = document.getElementById('search-status');
    const seen = () => list.children.length > 0 || /No cable/.test(status.textContent);
    new MutationObserver(() => { if (seen()) done(performance.now() - start); })
        .observe(document.body, {childList: true, subtree: true, characterData: true});
    document.getElementById('search-form').requestSubmit();
})"""
QUERIES = ("government", "nuclear", "demarche", "bauwens", "terrorism", "zimbabwe")


class FolderWriter:
    """A ``FileWriter`` straight into a folder (no manifest, no staging)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, path: str, data: bytes) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def read(self, path: str) -> bytes:
        return (self.root / path).read_bytes()

    def paths(self) -> list[str]:
        return []

    def stream(self, path: str):  # type: ignore[no-untyped-def]
        raise NotImplementedError


def _load_base(site: Path) -> list[dict[str, object]]:
    rows = {}
    with open(site / "cables.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            rows[row["id"]] = row
    base = []
    for path in sorted((site / "search" / "text").glob("*.js")):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text[text.index(",") + 1: text.rindex(")")])
        row = rows.get(data["id"])
        if row:
            base.append({"data": data, "row": row})
    return base


def _rare_words(rng: random.Random, count: int, pool: int) -> list[str]:
    # Zipf over ranks 1..pool by inverse-transform on a continuous approximation.
    out = []
    for _ in range(count):
        rank = int(pool ** rng.random())  # log-uniform: P(rank) ~ 1/rank
        out.append(f"zq{rank:x}")
    return out


def synth_docs(base: list[dict[str, object]], n: int, seed: int = 7) -> Iterator[
        tuple[IndexDoc, dict[str, object]]]:
    """N synthetic documents (and their snippet data), deterministic for a seed."""
    rng = random.Random(seed)
    counted: dict[int, dict[str, int]] = {}
    for i in range(n):
        k = i % len(base)
        b = base[k]
        data: dict = b["data"]  # type: ignore[assignment]
        row: dict = b["row"]  # type: ignore[assignment]
        tags = tuple(t for t in row["tags"].split(";") if t)
        if k not in counted:
            fields = [(data["s"], SUBJECT_WEIGHT), (" ".join(tags), TAG_WEIGHT),
                      (row["origin"], ORIGIN_WEIGHT)] + [(p[2], 1) for p in data["p"]]
            counted[k] = dict(weighted(fields))
        date = row["date"][:10]
        cid = f"{date[2:4] or '00'}SYN{row['station'] or 'X'}{i}"
        extra = weighted([(cid, ID_WEIGHT), (" ".join(_rare_words(rng, 15, 2_000_000)), 1)])
        terms = dict(counted[k])
        for t, c in extra.items():
            terms[t] = min(255, terms.get(t, 0) + c)
        doc = IndexDoc(cid, data["s"] or "(no subject)", date, row["origin"],
                       row["classification"], tags, terms, sum(terms.values()))
        yield doc, {"id": cid, "s": data["s"], "p": data["p"]}


def cmd_synth(args: argparse.Namespace) -> None:
    base = _load_base(args.corpus_site / "_site")
    out = args.out / "_site"
    writer = FolderWriter(out)
    started = time.perf_counter()
    lengths = [doc.length for doc, _ in synth_docs(base, args.docs)]
    avgdl = sum(lengths) / len(lengths)
    if not args.no_text:
        for doc, text in synth_docs(base, args.docs):
            writer.put(f"search/text/{doc.id}.js", script(f"text/{doc.id}", text))
        print(f"text files: {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stamp = f"synth{args.docs}"
    stats = build(lambda: (doc for doc, _ in synth_docs(base, args.docs)), avgdl, writer,
                  Settings(), stamp)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _page(args.corpus_site, out, stamp)
    print(f"synthetic index: {stats.docs} docs, {stats.terms} terms, {stats.postings} postings, "
          f"{stats.chunks} chunks, {stats.big} big lists, {stats.shards} doc shards, "
          f"{stats.bytes / 1e6:.1f} MB of index files, {stats.passes} pass(es); {seconds:.1f} s, "
          f"peak RSS {peak:.0f} MB ({before:.0f} MB before the index: the sources of the "
          f"synthetic documents)")


def _page(corpus_site: Path, out: Path, stamp: str) -> None:
    """search.html and static files, rendered by the theme as in a build."""
    from generator.config import load_config
    from generator.render.env import make_env

    config, _ = load_config(corpus_site)
    assert config is not None
    env = make_env(config)
    env.globals["nav"] = [("Cables", "index.html")]
    html = env.get_template("search.html").render(page_path="search.html", index_version=stamp)
    (out / "search.html").write_text(html, encoding="utf-8")
    static = Path(__file__).resolve().parent.parent / "themes" / "default" / "static"
    (out / "static").mkdir(exist_ok=True)
    for f in static.iterdir():
        (out / "static" / f.name).write_bytes(f.read_bytes())


def _serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _bytes(root: Path, urls: list[str]) -> int:
    total = 0
    for url in urls:
        path = url.split("?")[0]
        total += (root / path).stat().st_size
    return total


def measure(site: Path, queries: list[str], runs: int) -> list[dict[str, object]]:
    """Per query and per transport: median time to first results, bytes loaded."""
    from playwright.sync_api import sync_playwright

    root = site / "_site" if (site / "_site").is_dir() else site
    server, http_base = _serve(root)
    results = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for transport, base in (("file", root.resolve().as_uri() + "/"), ("http", http_base)):
                for query in queries:
                    warm, cold, loaded = [], [], 0
                    for _ in range(runs):
                        page = browser.new_page()
                        page.goto(base + "search.html")
                        page.wait_for_function("window.cablegenSearch !== undefined")
                        page.evaluate("cablegenSearch.files.length = 0")
                        # Set the words without an input event (which would start a
                        # search of its own after the typing pause).
                        page.eval_on_selector("#search-q", "(e, q) => { e.value = q; }", query)
                        t = page.evaluate(TIMED_SUBMIT)
                        page.wait_for_timeout(300)  # let the snippet files arrive too
                        files = page.evaluate("cablegenSearch.files.slice()")
                        status = page.inner_text("#search-status")
                        loaded = _bytes(root, files)
                        warm.append(t)
                        page.close()
                        page = browser.new_page()
                        page.goto(base + "search.html?q=" + query)
                        page.wait_for_function("window.cablegenSearch && cablegenSearch.shownAt"
                                               " || /No cable/.test(document.getElementById("
                                               "'search-status').textContent)")
                        cold.append(page.evaluate("cablegenSearch.shownAt || 0"))
                        page.close()
                    results.append({"transport": transport, "query": query,
                                    "first_results_ms": round(statistics.median(warm), 1),
                                    "cold_page_ms": round(statistics.median(cold), 1),
                                    "query_bytes": loaded, "results": status})
            browser.close()
    finally:
        server.shutdown()
    fixed = sum((root / f).stat().st_size for f in ("search.html", "static/search.js",
                                                     "search/meta.js", "search/facets.js"))
    for row in results:
        row["page_bytes"] = fixed
    return results


def cmd_measure(args: argparse.Namespace) -> None:
    rows = measure(args.site, args.query or list(QUERIES), args.runs)
    print(f"{'transport':9} {'query':12} {'first results':>14} {'cold page':>10} "
          f"{'query bytes':>12} {'page bytes':>11}  status")
    for r in rows:
        print(f"{r['transport']:9} {r['query']:12} {r['first_results_ms']:>11} ms "
              f"{r['cold_page_ms']:>7} ms {r['query_bytes']:>12,} {r['page_bytes']:>11,}  "
              f"{r['results']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("synth")
    s.add_argument("corpus_site", type=Path)
    s.add_argument("out", type=Path)
    s.add_argument("--docs", type=int, default=250_000)
    s.add_argument("--no-text", action="store_true")
    m = sub.add_parser("measure")
    m.add_argument("site", type=Path)
    m.add_argument("--query", action="append")
    m.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    {"synth": cmd_synth, "measure": cmd_measure}[args.cmd](args)


if __name__ == "__main__":
    main()
