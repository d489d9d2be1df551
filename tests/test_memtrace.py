"""bench/memtrace: a build's memory per process over time, on real processes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CHILD = """
import os, sys, time
block = bytearray(120 * 1024 * 1024)   # 120 MB in the main process, touched
for i in range(0, len(block), 4096):
    block[i] = 1
print("holding", file=sys.stderr, flush=True)
pid = os.fork()
if pid == 0:                             # a worker with 60 MB of its own
    own = bytearray(60 * 1024 * 1024)
    for i in range(0, len(own), 4096):
        own[i] = 1
    time.sleep(1.5)
    os._exit(0)
os.waitpid(pid, 0)
"""


def test_peaks_of_the_main_process_its_workers_and_the_tree() -> None:
    done = subprocess.run([sys.executable, "-m", "bench.memtrace", "--every", "0.1", "--",
                           sys.executable, "-c", CHILD], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    main = re.search(r"main process: peak resident set ([\d,]+) MB", out)
    workers = re.search(r"workers: peak resident set ([\d,]+) MB", out)
    tree = re.search(r"process tree: peak PSS ([\d,]+) MB", out)
    assert main and workers and tree, out
    mb = {name: int(m.group(1).replace(",", ""))
          for name, m in (("main", main), ("workers", workers), ("tree", tree))}
    assert mb["main"] >= 120
    assert mb["workers"] >= 60  # the worker's resident set counts the pages it shares too
    # shared pages are counted once: the tree holds the main block and the worker's own
    assert 170 <= mb["tree"] < mb["main"] + mb["workers"]
    assert re.search(r"\]\s*holding", out)  # the command's lines, with their times
