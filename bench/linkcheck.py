"""Link check at scale: time and memory to check a 250,000-page output.

Usage: python bench/linkcheck.py BUILT_SITE [--pages N]

Reads a built output folder (for example a build of ../shared/corpus:
``cablegen build --site SITE --out BUILT_SITE``) into memory once, then
feeds its pages to the link checker again and again, each copy under its
own folder (``copy3/cables/...``; links are relative, so each copy links
within itself), until at least N pages (default 251,287, the Cablegate
release) have been checked. Prints pages, megabytes, CPU seconds, pages per second
and the growth of the peak memory. Reading from disk is not timed: in a
build, the checker sees the pages as they are written.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.linkcheck import LinkChecker, output_files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a built output folder")
    parser.add_argument("--pages", type=int, default=251_287)
    args = parser.parse_args()
    pages = [(rel, path.read_bytes()) for rel, path in output_files(args.site)]
    if not pages:
        print(f"no pages under {args.site}")
        return 1
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    checker = LinkChecker()
    fed = size = copy = 0
    cpu, wall = time.process_time(), time.perf_counter()
    while fed < args.pages:  # whole copies only, so that every link has its target
        for rel, data in pages:
            checker.feed(f"copy{copy}/{rel}" if copy else rel, data)
            fed += 1
            size += len(data)
        copy += 1
    problems = checker.finish()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"pages: {fed} ({copy} copies of {len(pages)}), {size / 1e6:.0f} MB of output")
    print(f"links checked: {checker.checked}; problems: {len(problems)}")
    print(f"CPU {cpu:.1f} s, wall {wall:.1f} s: {fed / cpu:.0f} pages/s, "
          f"{size / 1e6 / cpu:.0f} MB/s")
    print(f"peak memory grew by {(after - before) / 1024:.0f} MB "
          f"(id sets kept: {sum(len(b) for b in checker.ids.values()) / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
