"""The render phase: render only the pages whose dependency key changed, in workers.

A cable page's key names everything it shows: the cable's digest, the code
and theme, the settings, the summaries of the cables it cites and that cite
it, and what each feature says it depends on. A page whose key equals the
live page's is carried over untouched; the rest are rendered by forked
workers, which write into the staging folder themselves and return digests
(and, for the link check, what each HTML page links to: ``linkindex.scanned``).
Render diagnostics are cached with the key so that an unchanged page still
reports its problems on every build.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from generator.diagnostics import Diagnostic
from generator.engine.cache import Cache
from generator.engine.flatten import Entry
from generator.engine.manifest import entry_key, entry_sha
from generator.engine.memo import KeyMemo
from generator.engine.output import Staging
from generator.engine.parsing import load_cable, state_key
from generator.engine.progress import Progress
from generator.engine.workers import call_each
from generator.features import Context, Feature, PageJob
from generator.features.keys import key, summary_key
from generator.linkscan import Resolver, Scanned, scanned
from generator.packed import share
from generator.render.env import compile_all
from generator.render.page import cable_json_path, cable_path
from generator.render.pages import render_cable
from generator.write import digest

Opener = Callable[[], Cache]
Sink = Callable[[str, str, Scanned], None]
"""Takes (path, digest, what the page links to) of each HTML page rendered."""
Written = tuple[str, str, str, Scanned | None]
"""(path, key, digest, scan) of a page rendered."""


@dataclass(slots=True)
class RenderReport:
    """What the render phase did."""

    pages: int = 0
    rendered: int = 0
    written: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    keys: KeyMemo = field(default_factory=dict)
    """The key of each cable's pages, for the next build of a kept session."""


def cable_key(entry: Entry, ctx: Context, features: tuple[Feature, ...], base: str) -> str:
    """The dependency key of a cable's page and JSON."""
    corpus = ctx.corpus
    summary = corpus.cables[_id(entry, ctx)]
    cited = []
    for cid in summary.cites:
        target = corpus.resolve(cid)
        cited.append(summary_key(corpus.cables[target]) if target else cid)
    citing = [summary_key(corpus.cables[i]) for i in corpus.referenced_by.get(summary.id, ())]
    parts: list[Any] = [base, entry.digest, entry.path, entry.line, summary_key(summary),
                        cited, citing]
    for feature in features:
        if feature.cable is None:
            continue  # a feature that adds nothing to cable pages
        if feature.fingerprint is not None:
            parts.append(feature.fingerprint(summary.id, ctx))
        elif feature.name in ctx.states:
            parts.append(state_key(ctx.states[feature.name]))
        if feature.name in ctx.collected:
            parts.append(repr(ctx.collected[feature.name].get(summary.id)))
    return key(*parts)


def _paths_by_key(staging: Staging) -> dict[str, list[str]]:
    """The live site's paths grouped by the key they were rendered with."""
    out: dict[str, list[str]] = {}
    for path, found in staging.live_manifest.items():
        out.setdefault(entry_key(found), []).append(path)
    return out


def _id(entry: Entry, ctx: Context) -> str:
    return ctx.corpus.by_source[(entry.path, entry.line)]


PAGE_JOB_RECYCLE = 128
"""Page jobs a pool of render workers runs before a fresh one is forked.

A term or list page shows up to ``browse.page_size`` cables, and using a
cable's summary and terms writes to the memory pages that hold them (their
reference counts), which the worker then owns. With a pool every 1,024 tasks,
as for cable pages, the two workers of the term pages came to own about
0.9 GB of a 1.0 GB main process at 251,287 cables: the peak of the build.
A pool costs about 0.1 s to fork and end with a 1 GB parent, so 128 page jobs
a pool is some 300 pools at that size."""


PACK_MIN = 256
"""Page jobs to render from which the summaries and terms are packed for their workers
(``generator.packed``): fewer pages touch too few cables to own much of the parent,
and packing the release's takes about a second."""


@dataclass(frozen=True, slots=True)
class _Task:
    """A cable page to render, or a page job."""

    entry: Entry | None
    job: PageJob | None
    key: str


def render_all(entries: list[Entry], jobs_list: list[PageJob], ctx: Context,
               features: tuple[Feature, ...], staging: Staging, opener: Opener, jobs: int,
               base: str, progress: Progress, known: KeyMemo | None = None,
               links: Sink | None = None) -> RenderReport:
    """Render what changed, keep the rest; return counts and render diagnostics.

    ``known`` holds keys still valid from the last build of a kept session;
    ``links`` receives the scan of every HTML page rendered (the workers scan).
    """
    report = RenderReport()
    cache = opener()
    tasks: list[_Task] = []
    kept: list[tuple[str, str]] = []
    by_key = _paths_by_key(staging)
    # Page jobs first: the term and list pages each read many cables, and a worker
    # that renders them grows; run while the main process is smallest, their
    # workers' pools are gone before the cable pages fill the manifest.
    for job in jobs_list:
        jk = key(base, job.key)  # every page also depends on the code, theme and settings
        if staging.current(job.path, jk):
            staging.keep(job.path)
            kept.append((job.path, jk))
        else:
            tasks.append(_Task(None, job, jk))
    for entry in entries:
        slot = (entry.path, entry.line, entry.digest)
        k = known.get(slot) if known else None
        if k is None:
            k = cable_key(entry, ctx, features, base)
        report.keys[slot] = k
        cid = _id(entry, ctx)
        page, data = cable_path(cid), cable_json_path(cid)
        # A cable's outputs are its page, its JSON and what features add
        # (CableView.files): all recorded under the cable's key.
        paths = by_key.get(k, [])
        if page in paths and data in paths and all(staging.current(p, k) for p in paths):
            for p in paths:
                staging.keep(p)
            kept.append((page, k))
        else:
            tasks.append(_Task(entry, None, k))
    report.diagnostics.extend(cache.page_diagnostics(kept))
    if tasks:
        staging.prepare()  # before workers fork: they write into the prepared shadow
        if jobs > 1:
            compile_all(ctx.env)  # once, not in every worker of every pool
    progress.total("rendered", len(tasks))
    worker_cache: dict[str, Cache] = {}
    resolve = Resolver()  # its memo: each forked worker fills its own copy

    def write(path: str, k: str, data: bytes) -> Written:
        found = None
        if links is not None and path.endswith((".html", ".htm")):
            found = scanned(path, data, resolve)
        return (*_write(staging, path, k, data), found)

    def run(index: int) -> tuple[list[Written], list[Diagnostic]]:
        task = tasks[index]
        if task.job is not None:
            data = task.job.render()
            return [write(task.job.path, task.key, data)], []
        assert task.entry is not None
        local = worker_cache.get("cache") or worker_cache.setdefault("cache", opener())
        cable = load_cable(local, task.entry)
        pages, diags = render_cable(cable, ctx, features)
        return [write(p.path, task.key, p.data) for p in pages], diags

    def page_jobs(count: int) -> Iterator[tuple[list[Written], list[Diagnostic]]]:
        if jobs > 1 and count >= PACK_MIN:
            share(ctx, features)  # before the workers fork: they read it, not the objects
        try:
            yield from call_each(count, run, jobs, recycle=PAGE_JOB_RECYCLE)
        finally:
            ctx.shared.clear()

    rendered: list[tuple[str, str, list[Diagnostic]]] = []
    listed = sum(1 for t in tasks if t.job is not None)  # the page jobs come first
    results = itertools.chain(
        page_jobs(listed), call_each(len(tasks) - listed, lambda i: run(listed + i), jobs))
    for written, diags in results:
        for path, k, sha, found in written:
            staging.record(path, k, sha)
            if found is not None and links is not None:
                links(path, sha, found)
        rendered.append((written[0][0], written[0][1], diags))
        report.diagnostics.extend(diags)
        report.rendered += len(written)
        progress.step("rendered")
    report.pages = len(staging.new)
    cache.put_page_diagnostics(rendered)
    cache.commit()
    return report


def _write(staging: Staging, path: str, k: str, data: bytes) -> tuple[str, str, str]:
    """Write a rendered page into the staging folder if it differs; return its record."""
    sha = digest(data)
    if staging.needs_write(path, sha):
        staging.write(path, data)
    else:
        staging.share(path, sha)
    return path, k, sha


def count_written(staging: Staging) -> int:
    """Pages whose bytes differ from the live site's."""
    live = staging.live_manifest
    return sum(1 for path, made in staging.new.items()
               if (old := live.get(path)) is None or entry_sha(old) != entry_sha(made))


def static_jobs(files: Iterator[tuple[str, bytes]]) -> Iterator[PageJob]:
    """Static files as page jobs keyed by their content."""
    for path, data in files:
        yield PageJob(path, key("static", digest(data)), partial(bytes, data))
