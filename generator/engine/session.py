"""A build session: the recipe of ``generator.build`` run with cache, workers and staging.

One ``Session`` serves one build from the command line, or every rebuild of
``cablegen serve``. The stages are the same as in the recipe; what the
session adds is where their results come from (the snapshot, the cache, the
last build's memo) and where pages go (a staging folder swapped in
atomically). A build whose inputs are all as they were repeats its last
outcome (``engine.quick``).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment

from generator.config import SiteConfig, load_config
from generator.diagnostics import Diagnostic, error, sort_key
from generator.engine import keptkeys, output, quick, snapshot
from generator.engine.assembly import run_jobs
from generator.engine.cache import Cache
from generator.engine.checking import Feed, check_links, label_of
from generator.engine.early import Early, changed_entries, first_look
from generator.engine.flatten import FlatMemo
from generator.engine.memo import Memo
from generator.engine.parsing import parse_site, state_key
from generator.engine.progress import Progress
from generator.engine.rendering import count_written, render_all
from generator.engine.snapshot import Snapshot, stat_of
from generator.engine.stages import BuildResult, load_states, nav_of, page_jobs
from generator.engine.stored import reader
from generator.engine.version import code_fingerprint, parser_fingerprint, theme_fingerprint
from generator.engine.workers import job_count, trim_heap
from generator.features import Context, FileJob, all_features
from generator.features.keys import forget_memo, key, trim_memo
from generator.linkindex import LinkIndex
from generator.read import discover
from generator.read.discover import Discovery
from generator.render.env import make_env, theme_dirs
from generator.write import UnsafeOutput, check_output

__all__ = ["BuildResult", "Session"]


class Session:
    """Builds one site; keep it to rebuild the same site again (``cablegen serve``)."""

    def __init__(self, site: Path, out: Path | None = None, *, jobs: int | None = None,
                 progress: bool = False, once: bool = False) -> None:
        """``once``: the session builds once (``cablegen build``), so it does not keep
        the link index in memory after its build (the index is saved on disk either way)."""
        self.site = site
        self.out = out
        self.jobs = jobs
        self.progress = progress
        self.features = all_features()
        self.snapshot: Snapshot | None = None
        """The last build's file records, kept for the next build of this session."""
        self._states: tuple[str, dict[str, Any], list[Diagnostic]] | None = None
        """Feature states of the last build, with the key of the inputs they came from."""
        self.env: tuple[str, Environment] | None = None
        self.memo = Memo()
        """The last build's linked corpus and page keys (see ``engine.memo``)."""
        self.flat = FlatMemo()
        """The last build's records, flattened (``engine.flatten.FlatMemo``)."""
        self.once = once
        self.manifests: output.Known | None = None if once else {}
        """The output folders' manifests, for the next build of a kept session."""
        self.carried: tuple[Snapshot, dict[str, Any]] | None = None
        """What features left for the next build of this session (``features.Carried``),
        with the snapshot of the build that left it."""
        self.links: LinkIndex | None = None
        """The last build's link check, updated by the next build (``generator.linkindex``);
        the first build takes up the one saved on disk."""

    def _load_states(self, config: SiteConfig,
                     found: Discovery) -> tuple[dict[str, Any], list[Diagnostic]]:
        """Feature states, loaded again only when a non-cable input or the settings changed.

        States come from notes, pages, glossary.toml, persons.toml and the built-in
        data; a session (``cablegen serve``) keeps them while only cables change.
        """
        inputs = [(rel, stat_of(config.root / rel))
                  for rel in (*found.notes, *found.pages, *found.data, *found.assets)]
        state_inputs = key(config.digest, code_fingerprint(), inputs)
        if self._states is not None and self._states[0] == state_inputs:
            return self._states[1], list(self._states[2])
        states, problems = load_states(config, found, self.features)
        self._states = (state_inputs, states, list(problems))
        return states, problems

    def _let_go(self) -> None:
        """Drop what only a next build of this session would use (``once``).

        The link check that ends a build loads the link index (some 350 MB at
        251,287 cables) on top of everything the build still holds: the
        snapshot, the linked corpus, the page keys and their memos, the
        collected values, the features' states with their site indexes (the
        glossary's), about 0.7 GB at that size. None of them is read
        after the site is assembled.
        """
        self.snapshot, self._states = None, None
        self.memo = Memo()
        self.flat = FlatMemo()
        forget_memo()
        gc.collect()
        trim_heap()

    def _env(self, config: SiteConfig, base: str, nav: list[tuple[str, str]]) -> Environment:
        """The Jinja environment, kept while settings, theme and code are the same (its
        compiled templates are reused by the next build of this session)."""
        if self.env is None or self.env[0] != base:
            env = make_env(config)
            env.globals["nav"] = nav
            self.env = (base, env)
        return self.env[1]

    def build(self, write: bool = True, early: Early | None = None) -> BuildResult:
        """Run the recipe; with ``write`` False, check only (nothing is written).

        ``early`` receives the pages of the cables changed since the last build
        of this session before the rest is built (``engine.early``). Until then
        the cyclic garbage collector waits: a full collection over a session's
        heap (the corpus site's) takes 150-250 ms, and one falling on the way to
        the first look is a save that takes half a second to show.
        """
        paused = early is not None and gc.isenabled()
        if paused:
            gc.disable()
        try:
            return self._build(write, early, gc.enable if paused else lambda: None)
        finally:
            if paused:
                gc.enable()

    def _build(self, write: bool, early: Early | None,
               resume: Callable[[], None]) -> BuildResult:
        start = time.perf_counter()
        progress = Progress(enabled=self.progress)
        config, diags = load_config(self.site)
        if config is None:
            return BuildResult(0, 0, 0, 0, time.perf_counter() - start, tuple(diags), None)
        target = (self.out or config.output).resolve()
        try:
            check_output(target, config.root, config.content)
        except UnsafeOutput as exc:
            if write:
                diags.append(error("site.toml", 0, str(exc), "unsafe-output"))
                return BuildResult(0, 0, 0, 0, time.perf_counter() - start, tuple(diags), None)
        jobs = job_count(self.jobs if self.jobs is not None else int(config.get("build.jobs")))
        found = discover(config.root, str(config.get("content")))
        diags.extend(found.diagnostics)
        states, problems = self._load_states(config, found)
        diags.extend(problems)
        load_diags = list(diags)
        cache_dir = config.cache
        nav = nav_of(self.features, states)
        base = key(code_fingerprint(), theme_fingerprint(*theme_dirs(config)), config.digest,
                   tuple(nav))
        state_keys = {name: state_key(state) for name, state in states.items()}
        started_from = snapshot.identity(cache_dir) if self.snapshot is None else None
        if write and self.snapshot is None:  # a fresh process: decide before the snapshot
            before = {**state_keys, snapshot.NAME: repr(started_from)}
            last = quick.load(cache_dir, quick.early_key(
                quick.fingerprint(config.root, found, base, before, load_diags, target),
                quick.cable_stats(config.root, found)), early=True)
            if last is not None:
                return BuildResult(last.cables, last.pages, 0, 0, time.perf_counter() - start,
                                   last.diagnostics, target)
        cache = Cache(cache_dir, parser_fingerprint())
        previous = self.snapshot or snapshot.load(cache_dir, cache.version)
        try:
            parsed, self.snapshot = parse_site(config, found, self.features, states, cache,
                                               jobs, progress, previous, self.flat)
        finally:
            cache.close()
        if parsed.changed:
            snapshot.save(cache_dir, self.snapshot, parsed.changed_paths)
        inputs = {**state_keys, snapshot.NAME: repr(snapshot.identity(cache_dir))}
        fingerprint = quick.fingerprint(config.root, found, base, inputs, load_diags, target)
        last = quick.load(cache_dir, fingerprint) if write else None
        if last is not None and not parsed.changed:  # nothing changed: the site is current
            return BuildResult(last.cables, last.pages, 0, 0, time.perf_counter() - start,
                               last.diagnostics, target)
        diags.extend(parsed.diagnostics)
        corpus, problems, reused = self.memo.link(parsed.summaries)
        trim_memo(len(corpus.cables))
        last_slots = self.memo.keys if early is not None and write else {}  # known_keys rebinds
        shares = {f.name: f.shares for f in self.features}
        taken, carry = keptkeys.take_up(self.memo, cache_dir, started_from if write else None,
                                        previous, self.snapshot, parsed.collected, shares,
                                        self.carried if write else None)
        reused = reused or taken
        known = self.memo.known_keys(reused, base, state_keys, parsed.collected, shares)
        diags.extend(problems)
        env = self._env(config, base, nav)
        opener = lambda: Cache(cache_dir, parser_fingerprint())  # noqa: E731
        ctx = Context(config, corpus, env, states, parsed.collected, base,
                      reader(opener, self.snapshot.states, parsed.entries, corpus),
                      carry if write else None)
        fresh = changed_entries(parsed.entries, ctx, last_slots) if early else None
        if early is not None and fresh and (files := first_look(fresh, ctx, self.features,
                                                                diags, opener)):
            early(files)
        resume()
        for feature in self.features:
            if feature.check is not None:
                diags.extend(feature.check(ctx))
        jobs_list = page_jobs(ctx, self.features, base, diags)
        entries = [e for e in parsed.entries if (e.path, e.line) in corpus.by_source]
        staging = output.begin(target, self.manifests) if write else output.dry_run(target)
        feed = Feed(cache_dir, self.links) if write else None
        report = render_all(entries, jobs_list, ctx, self.features, staging, opener, jobs, base,
                            progress, known, feed)
        self.memo.keys = report.keys
        self.carried = (self.snapshot, carry.out) if write and not self.once else None
        if write and self.once:
            keptkeys.save(cache_dir, keptkeys.StoredKeys(snapshot.identity(cache_dir), base,
                                                         state_keys, report.keys, carry.out))
        trim_heap()
        diags.extend(report.diagnostics)
        file_jobs: list[FileJob] = [job for feature in self.features if feature.files
                                    for job in feature.files(ctx)]
        assembled = run_jobs(file_jobs, staging, progress, jobs)
        cables, parsed_count = len(corpus.cables), parsed.parsed
        recorded = quick.stats_key(quick.recorded_stats(found, self.snapshot)) if write else ""
        reports = () if write else tuple(line for f in self.features if f.report is not None
                                         for line in f.report(ctx))
        if self.once:  # what is left needs none of it: let it go before the link check
            del ctx, corpus, parsed, entries, jobs_list, file_jobs, known, fresh, last_slots, \
                previous, states
            report.keys = {}
            self._let_go()
        if write:
            problems, links = check_links(staging, label_of(target, config.root), cache_dir,
                                          feed)
            diags.extend(problems)
            if not self.once and links is not None:
                self.links = links
        written = count_written(staging)
        removed = output.commit(staging) if write else ()
        progress.done()
        diags.sort(key=sort_key)
        pages = report.pages + assembled.files
        if write:
            done = quick.fingerprint(config.root, found, base, inputs, load_diags, target)
            quick.save(cache_dir, quick.LastBuild(
                done, cables, pages, tuple(diags), quick.early_key(done, recorded)))
        return BuildResult(cables, pages, written if write else 0, len(removed),
                           time.perf_counter() - start, tuple(diags), target if write else None,
                           parsed_count, report.rendered + assembled.rendered, reports)
