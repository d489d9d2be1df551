"""Where a build's memory peaks: each process's resident set and the tree's PSS over time.

Usage: python -m bench.memtrace [--every S] -- COMMAND...

``bench.measure`` gives one peak per run; this prints, besides the peaks, a
timeline of the main process's resident set, its workers' and the tree's
total PSS (shared pages counted once, sampled as ``bench.measure`` does:
a sample counts only if no process forked while it was read), with the
command's own progress lines and their times, so that a peak can be put
on a stage of the build.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import threading
import time

from bench.measure import process_tree, tree_pss_mb


def rss_mb(pid: int) -> float:
    """A process's resident set in MB (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--every", type=float, default=0.5, help="seconds between samples")
    parser.add_argument("--lines", type=int, default=40, help="timeline rows to print")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    start = time.perf_counter()
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    log: list[tuple[float, str]] = []

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            log.append((time.perf_counter() - start, line.rstrip()))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    samples: list[tuple[float, float, list[float], float]] = []
    while proc.poll() is None:
        pss = tree_pss_mb(proc.pid)
        workers = [rss_mb(pid) for pid in process_tree(proc.pid)[1:]]
        samples.append((time.perf_counter() - start, rss_mb(proc.pid), workers, pss))
        time.sleep(args.every)
    reader.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"wall {time.perf_counter() - start:.1f} s, CPU {usage.ru_utime:.1f} user s "
          f"{usage.ru_stime:.1f} system s, largest process {usage.ru_maxrss / 1024:,.0f} MB, "
          f"exit {proc.returncode}")
    if samples:
        t, main_rss, _, _ = max(samples, key=lambda s: s[1])
        print(f"main process: peak resident set {main_rss:,.0f} MB at {t:.0f} s")
        t, _, workers, _ = max(samples, key=lambda s: max(s[2], default=0))
        print(f"workers: peak resident set {max(workers, default=0):,.0f} MB at {t:.0f} s")
        t, _, _, pss = max(samples, key=lambda s: s[3])
        print(f"process tree: peak PSS {pss:,.0f} MB at {t:.0f} s")
        for t, main_rss, workers, pss in samples[::max(1, len(samples) // args.lines)]:
            shown = " ".join(f"{w:,.0f}" for w in workers) or "-"
            print(f"{t:8.1f} s  main {main_rss:7,.0f} MB  workers {shown:<16} "
                  f"tree PSS {pss:7,.0f} MB")
    for t, line in log:
        if "\r" not in line:
            print(f"[{t:8.1f} s] {line[-160:]}")
    return proc.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
