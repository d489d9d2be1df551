"""Rebuilds of a kept session after one-cable edits: what `cablegen serve` does per save.

Usage: python -m bench.kept_edits SITE COUNT [--edits 6] [--seed 1] [--jobs 2]

SITE is a built benchmark site of COUNT cables (``bench/run.py`` makes them;
``.txt`` or ``cables.csv`` layout). One ``Session`` builds it (nothing
changed), then edits one cable at a time (a word added to its first
paragraph, as ``bench/run.py`` does) and rebuilds, printing for each edit the
time until the edited cable's page is handed over (``first look``, what the
preview shows first) and until the whole site is built. The first edit of a
session keys every page (nothing is remembered yet); the next ones show what
an editor waits for. No browser, watcher or server: ``bench/serve_latency.py``
measures those.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.tools import edit_csv, edit_txt
from generator.engine.session import Session


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    edit = edit_csv if (args.site / "content" / "cables.csv").exists() else edit_txt
    session = Session(args.site, jobs=args.jobs)
    start = time.perf_counter()
    session.build()
    print(f"first build {time.perf_counter() - start:.2f} s", flush=True)
    for n in range(args.edits):
        edit(args.site, args.seed, args.count, args.count // 2 + 7 * n)
        seen: dict[str, float] = {}
        start = time.perf_counter()

        def early(files: object, start: float = start,
                  seen: dict[str, float] = seen) -> None:
            seen["look"] = time.perf_counter() - start

        result = session.build(early=early)
        look = f"{1000 * seen['look']:.0f} ms" if "look" in seen else "none"
        print(f"edit {n}: first look {look}, complete {time.perf_counter() - start:.2f} s, "
              f"{result.parsed} parsed, {result.rendered} files rendered", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
