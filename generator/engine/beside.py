"""One job in a forked process of its own, while the build goes on (the search index
beside the exports)."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from generator.engine.workers import _frozen, _pool

_TASK: dict[str, Callable[[], Any]] = {}
"""The task a forked process runs: set just before the fork, read in the child."""


BESIDE_MAX_BYTES = 512 << 20
"""A build process larger than this runs its ``alone`` jobs itself rather than beside.

A forked process copies every memory page whose objects it reads (CPython
writes their reference counts): the search index reads every cable's summary
and terms, which at 251,287 cables would be a few hundred MB of pages (an
estimate, not measured), where the build process holds over 1 GB and the
whole build must stay under 2 GB. At 10,000 cables the build process holds
about 150 MB."""


def small_enough_to_fork() -> bool:
    """Whether this process is small enough for a job beside it (``BESIDE_MAX_BYTES``)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            resident = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return False
    return resident <= BESIDE_MAX_BYTES


class Beside:
    """A task running in a forked process of its own while the parent goes on."""

    def __init__(self, pool: ProcessPoolExecutor, future: Future[Any]) -> None:
        self._pool = pool
        self._future = future

    def result(self) -> Any:
        """Wait for the task; its result, or the exception it raised (re-raised here)."""
        try:
            return self._future.result()
        finally:
            self._pool.shutdown()


def beside(task: Callable[[], Any]) -> Beside:
    """Fork one process now to run ``task`` (it inherits the state as it is at this call)."""
    _TASK["beside"] = task
    try:
        with _frozen():
            pool = _pool(1)
            future = pool.submit(_call_beside)  # a fork context forks its workers here
    finally:
        _TASK.pop("beside", None)
    return Beside(pool, future)


def _call_beside() -> Any:
    return _TASK["beside"]()
