"""Forked worker pools: results in order, and pools replaced as they age (``RECYCLE``)."""

from __future__ import annotations

import itertools
import os

from jinja2 import DictLoader, Environment

from generator.engine.workers import call_each
from generator.render.env import compile_all


def _pid_and_square(i: int) -> tuple[int, int]:
    return os.getpid(), i * i


def test_call_each_keeps_order_across_recycled_pools() -> None:
    results = list(call_each(500, _pid_and_square, jobs=2, chunk=8, recycle=100))
    assert [r[1] for r in results] == [i * i for i in range(500)]
    pids = [r[0] for r in results]
    assert os.getpid() not in pids  # the work ran in forked workers
    # 500 tasks at 100 per pool: five pools of two workers, each pool forked afresh,
    # so no worker of one pool runs tasks of the next.
    pools = [set(pids[s:s + 100]) for s in range(0, 500, 100)]
    assert all(1 <= len(p) <= 2 for p in pools)
    for a, b in itertools.pairwise(pools):
        assert not a & b


def test_call_each_one_pool_when_recycle_exceeds_the_tasks() -> None:
    results = list(call_each(200, _pid_and_square, jobs=2, chunk=8, recycle=10_000))
    assert [r[1] for r in results] == [i * i for i in range(200)]
    assert len({r[0] for r in results}) <= 2


def test_recycle_never_starves_the_window() -> None:
    # a recycle smaller than the batches in flight still runs every task, in order
    results = list(call_each(300, _pid_and_square, jobs=2, chunk=32, recycle=1))
    assert [r[1] for r in results] == [i * i for i in range(300)]


def test_compile_all_compiles_what_it_can_and_leaves_broken_templates() -> None:
    env = Environment(loader=DictLoader({
        "good.html": "<p>{{ x }}</p>", "broken.html": "{% if %}", "notes.txt": "{{"}))
    compile_all(env)
    assert env.cache is not None
    cached = {name for (_, name) in env.cache}  # jinja caches by (loader ref, name)
    assert "good.html" in cached and "broken.html" not in cached and "notes.txt" not in cached
