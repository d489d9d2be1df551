"""The build after an interrupted one: how much the interruption costs the next build.

Usage: python -m bench.interrupted SITE COUNT [--tool cablegen-csv] [--seed 1] [--jobs 2]

SITE is a built benchmark site of COUNT cables (``bench/run.py`` makes them
under ``--work``). The script edits one cable and times an ordinary rebuild;
then edits another, starts a build, kills it (``kill -9`` of its process
group) as soon as it has begun rewriting the hidden twin folder (its stale
manifest appears), and times the build that follows, which has to learn what
the twin holds. Both rebuilds write the same handful of files, so the
difference is the cost of the interruption.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.measure import run
from bench.tools import TOOLS
from generator.engine.outfiles import STALE

KILL_AFTER = 0.5
"""Seconds between the twin's stale manifest appearing and the kill."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--tool", default="cablegen-csv", choices=("cablegen-csv",
                                                                    "cablegen-txt"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    tool, site = TOOLS[args.tool], args.site.resolve()
    twin = site / "._site.cablegen-shadow"
    cmd = tool.build(site, args.jobs)

    tool.edit(site, args.seed, args.count, args.count // 2)
    ordinary = run(cmd, site, tool.env())
    print(f"ordinary rebuild after one edit: {ordinary.wall:.2f} s, {ordinary.cpu:.1f} CPU s")

    tool.edit(site, args.seed + 1, args.count, args.count // 3)
    proc = subprocess.Popen(cmd, cwd=site, env=tool.env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    while not (twin / STALE).exists():
        if proc.poll() is not None:
            print("the build ended before it rewrote the twin folder", file=sys.stderr)
            return 1
        time.sleep(0.02)
    time.sleep(KILL_AFTER)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = run(cmd, site, tool.env())
    print(f"rebuild after a killed one:      {after.wall:.2f} s, {after.cpu:.1f} CPU s "
          f"(exit {after.status})")
    return 0 if ordinary.status == 0 and after.status == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
