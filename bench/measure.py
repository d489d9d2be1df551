"""Run one command and measure it: wall time, CPU time of the whole process tree, memory.

CPU time and the peak resident set come from ``wait4`` on the child: Linux
folds into them every descendant the child waited for (worker processes).
``ru_maxrss`` is the largest single process; the memory a build really
takes with forked workers is their sum, so a sampler thread also adds up
the proportional set size (PSS: shared pages counted once) of the process
tree every 0.2 s and keeps the peak.
"""

from __future__ import annotations

import os
import platform
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Sample:
    """What one run of a command cost."""

    wall: float
    cpu: float
    """User + system seconds of the process and the children it waited for."""
    maxrss_mb: float
    """Peak resident set of the largest single process (``ru_maxrss``)."""
    tree_mb: float
    """Peak total PSS of the process tree, sampled every 0.2 s."""
    status: int
    load: float
    """One-minute load average of the machine when the run ended."""


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                out.extend(int(c) for c in handle.read().split())
    except OSError:
        pass
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_tree(root: int) -> list[int]:
    """A process and its descendants."""
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(_children(pid))
    return out


def tree_pss_mb(root: int, tries: int = 5) -> float:
    """Total PSS of a process and its descendants, in MB.

    A sample counts only if the tree was the same before and after reading it.
    Reading a large process's PSS takes milliseconds; a fork in that window
    (a build replaces its worker pools every thousand pages) made the parent
    count whole and its new children count their share of the same pages
    again: a process of 820 MB forking every 0.3 s was sampled at up to 957.
    """
    total = 0
    for _ in range(tries):
        pids = process_tree(root)
        total = sum(_pss_kb(pid) for pid in pids)
        if sorted(process_tree(root)) == sorted(pids):
            break
    return total / 1024


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
        log: Path | None = None) -> Sample:
    """Run ``cmd`` in ``cwd`` to completion and measure it."""
    out = log.open("ab") if log else subprocess.DEVNULL
    peak = [0.0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=out)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], tree_pss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    if log:
        out.close()  # type: ignore[union-attr]
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, peak[0],
                  proc.returncode, os.getloadavg()[0])


def machine() -> str:
    """One line describing the machine: CPU model, cores, memory, kernel, Python."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{model}, {os.cpu_count()} cores, {mem:.0f} GiB, Linux {platform.release()}, "
            f"Python {platform.python_version()}")
