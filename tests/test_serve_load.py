"""The preview server under load (wrk on loopback), idle and while the site rebuilds every second.

Every response must be a whole page (it ends with ``</html>``) of the old or
the new build (it carries one of the two subjects), with no socket error and
no non-2xx status.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.servekit import running, seed_text

LUA = r"""
bad, torn, good = 0, 0, 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1
  elseif not body:find("</html>%s*$") then torn = torn + 1
  elseif not (body:find("SUBJECT_OLD", 1, true) or body:find("SUBJECT_NEW", 1, true)) then
    torn = torn + 1
  else good = good + 1 end
end
function done(summary, latency, requests)
  local b, t, g = 0, 0, 0
  for _, thread in ipairs(threads) do
    b = b + thread:get("bad"); t = t + thread:get("torn"); g = g + thread:get("good")
  end
  io.write(string.format("CHECKED good=%d bad=%d torn=%d\n", g, b, t))
end
"""
OLD, NEW = "Joint Russian-U.S. Demarche", "Joint Russian-American Demarche"
SECONDS = int(os.environ.get("CABLEGEN_LOAD_SECONDS", "30"))


def _wrk(port: int, script: Path) -> dict[str, int]:
    done = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{SECONDS}s", "-s", str(script), "--timeout", "10s",
         f"http://127.0.0.1:{port}/cables/07BRUSSELS881.html"],
        capture_output=True, text=True, timeout=SECONDS + 120)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    checked = dict((k, int(v)) for k, v in re.findall(r"(good|bad|torn)=(\d+)", out))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       out)
    checked["socket"] = sum(int(n) for n in errors.groups()) if errors else 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    checked["non2xx"] = int(non2xx[1]) if non2xx else 0
    checked["requests"] = int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
    print(out)
    return checked


@pytest.fixture
def script(tmp_path: Path) -> Path:
    if shutil.which("wrk") is None:
        if os.environ.get("CI"):
            pytest.fail("wrk is required in CI")
        pytest.skip("wrk is not installed")
    path = tmp_path / "check.lua"
    path.write_text(LUA.replace("SUBJECT_OLD", OLD).replace("SUBJECT_NEW", NEW))
    return path


@pytest.mark.timeout(600)
def test_load_while_idle_and_while_rebuilding_every_second(example_site: Path,
                                                           script: Path) -> None:
    seed = example_site / "content" / "07BRUSSELS881.txt"
    with running(example_site) as preview:
        idle = _wrk(preview.server.server_port, script)
        assert idle["good"] == idle["requests"] > 100
        assert idle["bad"] == idle["torn"] == idle["socket"] == idle["non2xx"] == 0

        stop = threading.Event()
        edits = 0

        def edit() -> None:
            nonlocal edits
            while not stop.is_set():
                subject = NEW if edits % 2 == 0 else OLD
                seed.write_text(seed_text().replace(OLD, subject), encoding="utf-8")
                edits += 1
                stop.wait(1.0)

        builds_before = preview.finished
        editor = threading.Thread(target=edit)
        editor.start()
        try:
            busy = _wrk(preview.server.server_port, script)
        finally:
            stop.set()
            editor.join()
        rebuilt = preview.finished - builds_before
    assert busy["good"] == busy["requests"] > 100
    assert busy["bad"] == busy["torn"] == busy["socket"] == busy["non2xx"] == 0
    assert edits >= SECONDS - 2 and rebuilt >= SECONDS // 3, (edits, rebuilt)
    time.sleep(0)  # the figures are printed above for the closing note
