"""Serve latency: from saving a cable to the updated page, measured in a real Chromium.

Usage: python bench/serve_latency.py [--site example|corpus|DIR] [--edits 20]
       [--cable content/07BRUSSELS881.txt]

Starts ``cablegen serve`` (a separate process, as users run it) on a copy of
the site, opens the cable's page in headless Chromium, then, for each edit,
notes the wall-clock time, saves the cable the IDE way (temporary file, then
rename) and waits for the page to show it. The preview swaps the page's
``<main>`` in place when only the page's own content changed (``live.js``),
and reloads it otherwise: the latency of one edit is the time of the
``cablegen:update`` event after a swap, or ``performance.timeOrigin +
loadEventEnd`` after a reload, minus the time of the save. It covers the
watcher's debounce, the rebuild, the publish, the event to the page and the
fetch and swap (or page load). Prints p50, p95, min and max, how each edit
was shown, and the build times the preview reported.

The preview shows the edited cable's page first (``engine.early``) and
publishes the rest of the rebuild after it, so the bench also records when
the whole rebuild was published ("site complete"), and waits for it before
the next edit: an edit saved during a rebuild waits for it, which would
measure the queue, not the preview.

Sites: ``example`` is this repository's example site; ``corpus`` is built
from ../shared/corpus (content/ links cables-sample.csv and html/, about
8,700 cables) plus the seed cable, which is the one edited. The machine may
be shared: say so when quoting the numbers.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
HEADING = "Music to the Ears"


def make_site(kind: str, root: Path) -> Path:
    """A throwaway copy of the example site, or a corpus site whose seed cable we edit."""
    site = root / "site"
    if kind == "example":
        site.mkdir()
        shutil.copy(REPO / "site.toml", site / "site.toml")
        shutil.copytree(REPO / "content", site / "content")
        shutil.copytree(REPO / "themes", site / "themes")
    elif kind == "corpus":
        (site / "content" / "edit").mkdir(parents=True)
        (site / "site.toml").write_text('title = "Corpus edition"\n', encoding="utf-8")
        (site / "content" / "cables-sample.csv").symlink_to(CORPUS / "cables-sample.csv")
        (site / "content" / "html").symlink_to(CORPUS / "html")
        shutil.copy(REPO / "content" / "07BRUSSELS881.txt",
                    site / "content" / "edit" / "07BRUSSELS881.txt")
    else:
        shutil.copytree(Path(kind), site, symlinks=True)
    return site


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))]


def save(path: Path, text: str) -> float:
    """Save the IDE way; return the wall-clock time (ms) just before the rename."""
    temp = path.with_name(f".{path.name}.bench.tmp")
    temp.write_text(text, encoding="utf-8")
    started = time.time() * 1000
    os.replace(temp, path)
    return started


ARM = """() => {
  window.__armed = true;
  window.__swapped = 0;
  document.addEventListener("cablegen:update", () => {
    window.__swapped = performance.timeOrigin + performance.now();
  }, {once: true});
}"""
"""Before a save: mark this page (a reload wipes the mark) and note when a swap is done."""
SHOWN = """() => {
  const page = location.href.split("#")[0];
  if (window.__swapped) {
    const asked = performance.getEntriesByType("resource").filter((e) => e.name === page).pop();
    return ["swap", window.__swapped, performance.timeOrigin + (asked ? asked.startTime : 0)];
  }
  const nav = performance.getEntriesByType("navigation")[0];
  if (!window.__armed && document.readyState === "complete" && nav && nav.loadEventEnd > 0) {
    return ["reload", performance.timeOrigin + nav.loadEventEnd, performance.timeOrigin];
  }
  return null;
}"""
"""After a save: how the page was updated, when it showed the edit, when it asked for it."""


def shown_at(page: Any, timeout: float) -> tuple[str, float, float]:
    """Wait until the page shows the new build (swapped or reloaded); see ``SHOWN``."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            handle = page.wait_for_function(SHOWN, polling=5, timeout=timeout * 1000)
            how, shown, asked = handle.json_value()
            return str(how), float(shown), float(asked)
        except Error:  # the page navigated away under the wait (a reload): wait again
            continue
    raise SystemExit("the page never showed the edit")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", default="example", help="example, corpus or a site folder")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=900, help="seconds per reload")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cablegen-bench-") as tmp:
        site = make_site(args.site, Path(tmp))
        cable = next(p for p in sorted((site / "content").rglob("07BRUSSELS881.txt")))
        original = cable.read_text(encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--site",
                                   str(site), "--port", "0"], env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert server.stdout is not None
        first = server.stdout.readline()
        match = re.search(r"(http://\S+/)", first)
        if not match:
            print(f"serve did not start: {first!r}", file=sys.stderr)
            return 1
        url = match[1]
        builds: list[float] = []
        finished: list[float] = []
        ready = threading.Event()

        def read_output() -> None:
            assert server.stdout is not None
            for line in server.stdout:
                if m := re.search(r"built in ([\d.]+) s", line):
                    finished.append(time.time() * 1000)
                    builds.append(float(m[1]))
                    ready.set()

        threading.Thread(target=read_output, daemon=True).start()
        start = time.monotonic()
        if not ready.wait(args.timeout):
            print("the first build did not finish", file=sys.stderr)
            return 1
        print(f"site: {args.site}; first build {builds[0]:.2f} s "
              f"({time.monotonic() - start:.1f} s to serve)")
        latencies: list[float] = []
        reloads: list[float] = []
        complete: list[float] = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page()
                page.set_default_timeout(args.timeout * 1000)
                page.goto(url + "cables/07BRUSSELS881.html")
                page.wait_for_timeout(500)  # let the event stream connect
                for n in range(1, args.edits + 1):
                    marker = f"{HEADING} (edit {n})"
                    page.evaluate(ARM)
                    saved = save(cable, original.replace(HEADING, marker))
                    how, shown, asked = shown_at(page, args.timeout)
                    if marker not in page.inner_text("main"):
                        raise SystemExit(f"edit {n}: the updated page lacks {marker!r}")
                    latencies.append(shown - saved)
                    reloads.append(asked - saved)
                    deadline = time.monotonic() + args.timeout
                    while len(finished) <= n and time.monotonic() < deadline:
                        time.sleep(0.01)  # the rest of the rebuild, before the next edit
                    complete.append(finished[n] - saved if len(finished) > n else float("nan"))
                    print(f"edit {n:2}: {latencies[-1]:8.1f} ms ({how}; asked after "
                          f"{reloads[-1]:.1f} ms, shown {shown - asked:.1f} ms later; site "
                          f"complete after {complete[-1]:.0f} ms)", flush=True)
                browser.close()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=120)
        rebuilds = builds[1:]
        print(f"\nsave -> updated page over {len(latencies)} edits ({args.site}): "
              f"p50 {statistics.median(latencies):.0f} ms, "
              f"p95 {percentile(latencies, 0.95):.0f} ms, "
              f"min {min(latencies):.0f} ms, max {max(latencies):.0f} ms")
        print(f"save -> page asks for the update: p50 {statistics.median(reloads):.0f} ms, "
              f"p95 {percentile(reloads, 0.95):.0f} ms")
        print(f"save -> site complete (whole rebuild published): "
              f"p50 {statistics.median(complete):.0f} ms, p95 {percentile(complete, 0.95):.0f} ms")
        if rebuilds:
            print(f"rebuild (as the preview reports it): p50 {statistics.median(rebuilds):.2f} s, "
                  f"max {max(rebuilds):.2f} s over {len(rebuilds)} rebuilds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
