"""Measure the current code on a site the runner already built: no new corpus, no cold build.

Usage: python -m bench.remeasure SITE TOOL COUNT
   (e.g. bench/out/n100000-s1/csv cablegen-csv 100000)

Runs, with the runner's measurement: a build (which renders every page again
if the code changed since the site was built, from the cached cables), two
builds with nothing changed, a build after one cable was edited, then a kept
``Session``: a no-change build and two edits. Prints one line per build.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from bench.measure import run
from bench.run import session_edit
from bench.tools import TOOLS


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    site, tool, count = (argv if argv is not None else sys.argv[1:])[:3]
    spec = TOOLS[tool]
    cmd = spec.build(Path(site), 0)
    for label in ("build (code changed?)", "nochange", "nochange", "edit"):
        if label == "edit":
            spec.edit(Path(site), 1, int(count), int(count) // 2)
        sample = run(cmd, Path(site), spec.env())
        print(label, json.dumps(dataclasses.asdict(sample)), flush=True)
    print("session", session_edit(Path(site), 1, int(count), 0, tool), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
