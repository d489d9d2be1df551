"""Benchmark cablegen against Hugo and Pelican on the same synthetic cables, side by side.

Usage:
    python -m bench.run --sizes 1000,10000 [--tools cablegen-csv,cablegen-txt,hugo,pelican]
                        [--repeat 3] [--work bench/out] [--profile] [--no-append]

For each size N, the corpus is generated once (``bench.synth``, seeded) and
every tool runs, in turn: a cold full build (no cache, no output), a build
with nothing changed, and a build after one cable was edited; ``--repeat``
runs that sequence several times and the table gives medians. cablegen also
reports an edit rebuilt by a kept ``Session`` (what ``cablegen serve`` does).
Results are appended to ``bench/RESULTS.md`` as a Markdown table with the
machine, the versions and the command line; raw samples go to
``WORK/results.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from bench import synth
from bench.measure import Sample, machine, run
from bench.tools import REPO, TOOLS, clean, version

SCENARIOS = ("cold", "nochange", "edit")
SESSION = """
import json, sys, time
from pathlib import Path
from bench.tools import TOOLS
from generator.engine.session import Session
site, seed, count, jobs = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
s = Session(site, jobs=jobs)
t = time.perf_counter(); first = s.build(); warm = time.perf_counter() - t
times = []
for _ in range(2):  # the first edit also links and keys the corpus once: the next need not
    TOOLS[sys.argv[5]].edit(site, seed, count, count // 2)
    t = time.perf_counter(); r = s.build(); times.append(time.perf_counter() - t)
print(json.dumps({"first": warm, "edit": times[0], "edit2": times[1], "parsed": r.parsed,
                  "rendered": r.rendered}))
"""


def corpus(work: Path, count: int, seed: int, formats: set[str]) -> Path:
    """The corpus of ``count`` cables, generated unless already there."""
    folder = work / f"n{count}-s{seed}"
    stamp = folder / "corpus.json"
    if stamp.exists():
        have = json.loads(stamp.read_text())
        if have.get("generator") == synth.VERSION and formats <= set(have.get("formats", ())):
            return folder
        formats |= set(have.get("formats", ()))
    start = time.perf_counter()
    print(f"generating {count} cables ({', '.join(sorted(formats))}) in {folder}", flush=True)
    synth.generate(folder, count, seed, tuple(sorted(formats)))
    print(f"  {time.perf_counter() - start:.0f} s", flush=True)
    return folder


def session_edit(site: Path, seed: int, count: int, jobs: int, tool: str) -> dict[str, float]:
    """Time an edit rebuilt by a kept Session (in a fresh process, after a no-change build)."""
    env = TOOLS[tool].env()
    out = subprocess.run([sys.executable, "-c", SESSION, str(site), str(seed), str(count),
                          str(jobs), tool], capture_output=True, text=True, env=env, cwd=REPO)
    if out.returncode != 0:
        print(out.stderr[-2000:], file=sys.stderr)
        return {}
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def bench_tool(folder: Path, name: str, count: int, seed: int, jobs: int, repeat: int,
               log: Path) -> dict[str, list[Sample]]:
    """Run cold, no-change and edit builds of one tool, ``repeat`` times."""
    tool = TOOLS[name]
    site = folder / tool.folder
    samples: dict[str, list[Sample]] = {s: [] for s in SCENARIOS}
    for _ in range(repeat):
        clean(site, tool)
        for scenario in SCENARIOS:
            if scenario == "edit":
                tool.edit(site, seed, count, count // 2)
            sample = run(tool.build(site, jobs), site, tool.env(), log)
            samples[scenario].append(sample)
            print(f"  {name:13} {scenario:9} wall {sample.wall:8.2f} s  cpu {sample.cpu:8.2f} s"
                  f"  rss {sample.maxrss_mb:6.0f} MB  tree {sample.tree_mb:6.0f} MB"
                  f"  load {sample.load:4.1f}  exit {sample.status}", flush=True)
    return samples


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(rows: list[dict[str, object]]) -> str:
    """The Markdown table of a run's medians."""
    head = ("| N | tool | build | wall s (median) | wall min-max | CPU s | peak RSS MB "
            "(largest process) | peak PSS MB (all processes) | cables/s | wall vs Hugo |\n"
            "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n")
    lines = []
    for r in rows:
        ratio = r.get("ratio")
        lines.append(
            f"| {r['n']:,} | {r['tool']} | {r['scenario']} | {r['wall']:.2f} | "
            f"{r['wall_min']:.2f}-{r['wall_max']:.2f} | {r['cpu']:.1f} | {r['rss']:.0f} | "
            f"{r['tree']:.0f} | {r['rate']:,.0f} | "
            + (f"{ratio:.2f}" if isinstance(ratio, float) else "") + " |")
    return head + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--tools", default="cablegen-csv,cablegen-txt,hugo,pelican")
    parser.add_argument("--pelican-max", type=int, default=10000,
                        help="skip Pelican above this size (it takes hours at 251,287)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--once", default="pelican",
                        help="tools run once whatever --repeat says (Pelican is slow)")
    parser.add_argument("--jobs", type=int, default=0, help="cablegen -j (0: every core)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--no-session", action="store_true")
    parser.add_argument("--no-append", action="store_true")
    parser.add_argument("--note", default="", help="a line to add under the table")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    tools = [t for t in args.tools.split(",") if t]
    args.work.mkdir(parents=True, exist_ok=True)
    log = args.work / "builds.log"
    rows: list[dict[str, object]] = []
    sessions: list[str] = []
    load_start = os.getloadavg()
    for count in sizes:
        chosen = [t for t in tools if t != "pelican" or count <= args.pelican_max]
        folder = corpus(args.work, count, args.seed, {TOOLS[t].folder for t in chosen})
        medians: dict[tuple[str, str], float] = {}
        for name in chosen:
            repeat = 1 if name in args.once.split(",") else args.repeat
            samples = bench_tool(folder, name, count, args.seed, args.jobs, repeat, log)
            for scenario, got in samples.items():
                wall = _median([s.wall for s in got])
                medians[(name, scenario)] = wall
                rows.append({"n": count, "tool": name, "scenario": scenario, "wall": wall,
                             "wall_min": min(s.wall for s in got),
                             "wall_max": max(s.wall for s in got),
                             "cpu": _median([s.cpu for s in got]),
                             "rss": max(s.maxrss_mb for s in got),
                             "tree": max(s.tree_mb for s in got), "rate": count / wall})
                with (args.work / "results.jsonl").open("a") as handle:
                    handle.write(json.dumps({"n": count, "tool": name, "scenario": scenario,
                                             "samples": [asdict(s) for s in got]}) + "\n")
            if name.startswith("cablegen") and not args.no_session:
                got_s = session_edit(folder / TOOLS[name].folder, args.seed, count, args.jobs,
                                     name)
                if got_s:
                    sessions.append(f"- N = {count:,}, {name}: kept `Session`, no-change "
                                    f"build {got_s['first']:.2f} s (first build of the process)"
                                    f", then edit one cable {got_s['edit']:.3f} s, "
                                    f"and again {got_s['edit2']:.3f} s "
                                    f"({got_s['parsed']:.0f} parsed, {got_s['rendered']:.0f} "
                                    "pages rendered)")
                    print(sessions[-1], flush=True)
        for r in rows:
            hugo = medians.get(("hugo", str(r["scenario"])))
            if r["n"] == count and hugo:
                r["ratio"] = float(r["wall"]) / hugo  # type: ignore[arg-type]
    report = _report(args, argv, rows, sessions, load_start)
    print(report)
    if not args.no_append:
        with (REPO / "bench" / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write(report)
    return 0


def _report(args: argparse.Namespace, argv: list[str] | None, rows: list[dict[str, object]],
            sessions: list[str], load_start: tuple[float, float, float]) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=REPO).stdout.strip()
    cmd = "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:])
    versions = ", ".join(f"{t} {version(t)}" for t in ("cablegen", "hugo", "pelican"))
    load_end = os.getloadavg()
    return (f"\n## {time.strftime('%Y-%m-%d %H:%M')} (commit {commit})\n\n"
            f"`{cmd}`\n\n- Machine: {machine()}\n- Versions: {versions}\n"
            f"- Load average (1, 5, 15 min) at start {load_start[0]:.1f} {load_start[1]:.1f} "
            f"{load_start[2]:.1f}, at end {load_end[0]:.1f} {load_end[1]:.1f} {load_end[2]:.1f}"
            f" (other sessions share the 2 cores: wall times are noisy)\n"
            + "".join(s + "\n" for s in sessions) + (f"- {args.note}\n" if args.note else "")
            + "\n" + table(rows))


if __name__ == "__main__":
    sys.exit(main())
