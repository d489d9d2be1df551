"""Worker processes for parsing and rendering, forked so they inherit the build's state.

Workers are forked after the state they need exists (loaded feature states
for parsing; the linked corpus and the Jinja environment for rendering), so
nothing large is pickled to them: tasks are small (units, cable ids) and
results are small (summaries, digests). Each forked process keeps its own
SQLite connection. With one job, the same functions run in the main process.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import itertools
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from generator.diagnostics import Diagnostic
from generator.engine.cache import pack
from generator.features import Feature, LoadContext
from generator.link import Summary, summarise
from generator.model import Cable, Unit
from generator.parse import ParseContext, parse_unit

# The state a forked worker inherits: set in the parent just before forking,
# read by the task functions. Per process; never mutated by a task.
_INHERITED: dict[str, Any] = {}


@dataclass(frozen=True, slots=True)
class Parsed:
    """A parsed unit, made independent of where it was found (see ``relative``)."""

    digest: str
    cable: bytes
    """Packed ``Cable`` with an empty source path and line."""
    summary: Summary
    diagnostics: list[Diagnostic]
    collected: dict[str, Any]


def relative(cable: Cable, diags: list[Diagnostic]) -> tuple[Cable, list[Diagnostic]]:
    """Strip the source path and line, so a cached parse serves the same text anywhere."""
    base = cable.source.line
    rel = [replace(d, path="", line=0 if d.line <= 0 else d.line - base + 1) for d in diags
           if d.path == cable.source.path]
    return replace(cable, source=replace(cable.source, path="", line=0)), rel


def rebase_cable(cable: Cable, path: str, line: int) -> Cable:
    """Put a cached cable back where it was found now."""
    return replace(cable, source=replace(cable.source, path=path, line=line))


def rebase_summary(summary: Summary, path: str, line: int) -> Summary:
    """Put a cached summary back where its cable was found now (the same object if it is
    there already: the rows of a CSV read again keep their summaries, and identity
    decides most comparisons with the last build's)."""
    if summary.path == path and summary.line == line:
        return summary
    return replace(summary, path=path, line=line)


def rebase_diagnostics(diags: list[Diagnostic], path: str, line: int) -> list[Diagnostic]:
    """Put cached diagnostics back at the file and lines of the cable as found now."""
    return [replace(d, path=path, line=0 if d.line == 0 else line + d.line - 1) for d in diags]


def parse_one(unit: Unit, features: tuple[Feature, ...], lctx: LoadContext) -> Parsed:
    """Parse a unit and collect every feature's value for it."""
    cable, diags = parse_unit(unit, ParseContext())
    collected = {f.name: f.collect(cable, lctx) for f in features if f.collect is not None}
    rel_cable, rel_diags = relative(cable, diags)
    summary = rebase_summary(summarise(cable), "", 0)
    return Parsed(unit.source.sha256, pack(rel_cable), summary, rel_diags, collected)


def _parse_chunk(units: list[Unit]) -> list[Parsed]:
    features, lctx = _INHERITED["parse"]
    return [parse_one(u, features, lctx) for u in units]


def _call_chunk(indices: list[int]) -> list[Any]:
    task: Callable[[int], Any] = _INHERITED["call"]
    return [task(i) for i in indices]


def job_count(configured: int) -> int:
    """Worker processes to use: ``build.jobs``, or every core the process may use."""
    if configured > 0:
        return configured
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _die_with_parent(parent: int) -> None:
    """Worker initializer: be killed when the build process dies.

    A build killed with SIGKILL cannot stop its workers; without this they
    would go on writing pages into the shadow folder, which the next build
    reuses (Linux ``PR_SET_PDEATHSIG``; elsewhere the check below is all).
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_die_with_parent, initargs=(os.getpid(),))


@contextmanager
def _frozen() -> Iterator[None]:
    """Keep the garbage collector of forked workers off the objects they inherit.

    A collection in a worker writes to every object it visits, which copies the
    memory pages it shares with the parent; frozen objects are not visited.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def parse_units(units: Iterable[Unit], features: tuple[Feature, ...], lctx: LoadContext,
                jobs: int, chunk: int = 64) -> Iterator[Parsed]:
    """Parse units in order, spread over ``jobs`` processes, holding few chunks in flight."""
    stream = iter(units)
    head = list(itertools.islice(stream, chunk))
    if jobs <= 1 or len(head) < chunk:  # a few units: forking costs more than it saves
        for unit in itertools.chain(head, stream):
            yield parse_one(unit, features, lctx)
        return
    _INHERITED["parse"] = (features, lctx)
    try:
        with _frozen(), _pool(jobs) as pool:
            batches = _batches(itertools.chain(head, stream), chunk)
            yield from _ordered(pool, _parse_chunk, batches, jobs * 3)
    finally:
        _INHERITED.pop("parse", None)


RECYCLE = 1024
"""Tasks a pool of forked workers runs before it is replaced by a fresh fork.

A forked worker shares its parent's memory until it writes to it, and CPython
writes to every object it merely uses (its reference count): a render worker
that went through every cable's summary and collected values ended up with
its own copy of most of the parent's heap (at 251,287 cables, 1.3 GB for two
workers). A fresh fork shares again everything the last one had copied, so
the copies never exceed what one pool's tasks touch, as Gunicorn's
``max_requests`` and Celery's ``max_tasks_per_child`` bound a worker's growth.
At 50,000 cables, the workers' own pages at the end of the cable pages went
from 290 MB (one pool) to 140 MB (a pool every 4,096 tasks) and 30-50 MB
(every 1,024). A pool costs about 0.1 s to fork and end with a 1 GB parent."""


def call_each(count: int, task: Callable[[int], Any], jobs: int,
              chunk: int = 32, recycle: int = RECYCLE) -> Iterator[Any]:
    """Run ``task(i)`` for i in range(count), in order, over forked workers
    (a fresh pool of them every ``recycle`` tasks)."""
    if jobs <= 1 or count < chunk:
        for i in range(count):
            yield task(i)
        return
    _INHERITED["call"] = task
    step = max(recycle, chunk * jobs * 3)
    try:
        with _frozen():
            for start in range(0, count, step):
                end = min(start + step, count)
                with _pool(jobs) as pool:
                    batches = ([*range(s, min(s + chunk, end))] for s in range(start, end, chunk))
                    yield from _ordered(pool, _call_chunk, batches, jobs * 3)
    finally:
        _INHERITED.pop("call", None)


def trim_heap() -> None:
    """Give the C heap's free pages back to the system (glibc ``malloc_trim``).

    Python keeps large objects (big dicts, lists, strings) on the C heap; once
    the render phase drops its task lists, their pages stay in the process
    until trimmed, and the assembly jobs that follow would count on top of them.
    """
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL(None).malloc_trim(0)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ordered(pool: ProcessPoolExecutor, fn: Callable[[Any], list[Any]],
             batches: Iterable[Any], window: int) -> Iterator[Any]:
    """Submit batches keeping ``window`` in flight; yield results in submission order."""
    pending: list[Future[list[Any]]] = []
    for batch in batches:
        pending.append(pool.submit(fn, batch))
        if len(pending) >= window:
            yield from pending.pop(0).result()
    for future in pending:
        yield from future.result()
