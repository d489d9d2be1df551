"""Where cablegen's time goes: a cold build under cProfile, summarised per stage.

Usage: python -m bench.profile_build SITE [--top 15] [--scenario cold|nochange]

The build runs in one process (``-j 1``) so that every stage is seen by the
profiler; the table gives each stage's cumulative time (stages nest: render
includes the highlighter and the template), then the functions with the most
time of their own.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import time
from pathlib import Path

from generator.engine.session import Session

# (stage, file suffix, function): cumulative time of that function.
STAGES = (
    ("discover", "read/discover.py", "discover"),
    ("snapshot load", "engine/snapshot.py", "load"),
    ("read: CSV framing", "read/csvstream.py", "iter_rows"),
    ("read: files to units", "read/units.py", "read_file"),
    ("parse (parse_unit)", "parse/__init__.py", "parse_unit"),
    ("cache: pack + store", "engine/parsing.py", "_store"),
    ("snapshot save", "engine/snapshot.py", "save"),
    ("link", "generator/link.py", "link"),
    ("dependency keys (cable_key)", "engine/rendering.py", "cable_key"),
    ("load cable from cache", "engine/parsing.py", "load_cable"),
    ("render cable page + JSON", "render/pages.py", "render_cable"),
    ("  original view (highlighter)", "render/highlight.py", "original_view"),
    ("  Jinja template", "jinja2/environment.py", "render"),
    ("  JSON", "render/jsonout.py", "dumps"),
    ("write files", "engine/rendering.py", "_write"),
    ("index pages", "render/pages.py", "render"),
    ("output commit (swap, foreign files)", "engine/output.py", "commit"),
)


def stage_table(stats: pstats.Stats, wall: float) -> str:
    """Markdown table of cumulative seconds per stage."""
    raw = stats.stats  # type: ignore[attr-defined]
    lines = ["| stage | cumulative s | share of wall |", "|---|---:|---:|"]
    for label, suffix, func in STAGES:
        total = sum(v[3] for (file, _line, name), v in raw.items()
                    if name == func and file.endswith(suffix))
        lines.append(f"| {label} | {total:.2f} | {100 * total / wall:.0f}% |")
    return "\n".join(lines) + "\n"


def top(stats: pstats.Stats, count: int) -> str:
    """The functions with the most time of their own."""
    buf = io.StringIO()
    stats.stream = buf  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(count)
    body = buf.getvalue()
    start = body.find("   ncalls")
    return body[start:] if start >= 0 else body


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--scenario", choices=("cold", "nochange"), default="cold")
    args = parser.parse_args(argv)
    if args.scenario == "cold":
        for name in ("_site", "._site.cablegen-shadow", "._site.cablegen-spare", ".cablegen-cache"):
            shutil.rmtree(args.site / name, ignore_errors=True)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    result = Session(args.site, jobs=1).build()
    profiler.disable()
    wall = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    print(f"{args.scenario} build of {result.cables} cables, one process, under cProfile: "
          f"{wall:.1f} s\n")
    print(stage_table(stats, wall))
    print("```\n" + top(stats, args.top).rstrip() + "\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
