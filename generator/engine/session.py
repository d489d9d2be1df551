"""A build session: the recipe of ``generator.build`` run with cache, workers and staging.

One ``Session`` serves one build from the command line, or every rebuild of
``cablegen serve``. The stages are the same as in the recipe; what the
session adds is where their results come from (the cache) and where pages
go (a staging folder swapped in atomically).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment

from generator.config import SiteConfig, load_config
from generator.diagnostics import Diagnostic, error, sort_key
from generator.engine import output, quick, snapshot
from generator.engine.cache import Cache
from generator.engine.memo import Memo
from generator.engine.parsing import parse_site, state_key
from generator.engine.progress import Progress
from generator.engine.rendering import count_written, render_all, static_jobs
from generator.engine.snapshot import Snapshot
from generator.engine.version import parser_fingerprint, theme_fingerprint
from generator.engine.workers import job_count
from generator.features import Context, Feature, PageJob, all_features
from generator.features.keys import key
from generator.read import discover
from generator.read.discover import Discovery
from generator.render.env import make_env, theme_dirs
from generator.render.pages import index_jobs
from generator.write import UnsafeOutput, check_output


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build (or a check) produced and found."""

    cables: int
    pages: int
    written: int
    removed: int
    seconds: float
    diagnostics: tuple[Diagnostic, ...]
    output: Path | None
    parsed: int = 0
    """Cables parsed in this run (the others came from the cache)."""
    rendered: int = 0
    """Pages rendered in this run (the others were unchanged)."""


def load_states(config: SiteConfig, found: Discovery,
                features: tuple[Feature, ...]) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Each feature's own inputs (glossary, notes, persons), loaded once per build."""
    states: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    for feature in features:
        if feature.load is not None:
            state, problems = feature.load(config, found)
            states[feature.name] = state
            diags.extend(problems)
    return states, diags


def static_files(config: SiteConfig) -> Iterator[tuple[str, bytes]]:
    """Theme static files; a site's own theme overrides the built-in one file by file."""
    seen: set[str] = set()
    for theme in theme_dirs(config):
        static = theme / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                rel = "static/" + path.relative_to(static).as_posix()
                if rel not in seen:
                    seen.add(rel)
                    yield rel, path.read_bytes()


def _code_fingerprint() -> str:
    """Digest of the rendering code, so a new cablegen re-renders every page."""
    package = Path(__file__).resolve().parent.parent
    h = hashlib.blake2b(digest_size=12)
    for file in sorted(package.rglob("*.py")):
        h.update(file.read_bytes())
    return h.hexdigest()


class Session:
    """Builds one site; keep it to rebuild the same site again (``cablegen serve``)."""

    def __init__(self, site: Path, out: Path | None = None, *, jobs: int | None = None,
                 progress: bool = False) -> None:
        self.site = site
        self.out = out
        self.jobs = jobs
        self.progress = progress
        self.features = all_features()
        self.snapshot: Snapshot | None = None
        """The last build's file records, kept for the next build of this session."""
        self.env: tuple[str, Environment] | None = None
        self.memo = Memo()
        """The last build's linked corpus and page keys (see ``engine.memo``)."""

    def _env(self, config: SiteConfig, base: str, nav: list[tuple[str, str]]) -> Environment:
        """The Jinja environment, kept while settings, theme and code are the same (its
        compiled templates are reused by the next build of this session)."""
        if self.env is None or self.env[0] != base:
            env = make_env(config)
            env.globals["nav"] = nav
            self.env = (base, env)
        return self.env[1]

    def build(self, write: bool = True) -> BuildResult:
        """Run the recipe; with ``write`` False, check only (nothing is written)."""
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
        states, problems = load_states(config, found, self.features)
        diags.extend(problems)
        load_diags = list(diags)
        cache_dir = (config.root / str(config.get("build.cache"))).resolve()
        cache = Cache(cache_dir, parser_fingerprint())
        previous = self.snapshot or snapshot.load(cache_dir, cache.version)
        try:
            parsed, self.snapshot = parse_site(config, found, self.features, states, cache,
                                               jobs, progress, previous)
        finally:
            cache.close()
        if parsed.changed:
            snapshot.save(cache_dir, self.snapshot, parsed.changed_paths)
        nav = [("Cables", "index.html")] + [n for f in self.features for n in f.nav]
        base = key(_code_fingerprint(), theme_fingerprint(*theme_dirs(config)), config.digest,
                   tuple(nav))
        state_keys = {name: state_key(state) for name, state in states.items()}
        inputs = {**state_keys, snapshot.NAME: repr(snapshot.identity(cache_dir))}
        last = quick.load(cache_dir, quick.fingerprint(config.root, found, base, inputs,
                                                       load_diags, target)) if write else None
        if last is not None and not parsed.changed:  # nothing changed: the site is current
            return BuildResult(last.cables, last.pages, 0, 0, time.perf_counter() - start,
                               last.diagnostics, target)
        diags.extend(parsed.diagnostics)
        corpus, problems, reused = self.memo.link(parsed.summaries)
        known = self.memo.known_keys(reused, base, state_keys, parsed.collected)
        diags.extend(problems)
        env = self._env(config, base, nav)
        ctx = Context(config, corpus, env, states, parsed.collected)
        page_jobs: list[PageJob] = list(index_jobs(corpus, env, int(config.get(
            "browse.page_size")), base))
        for feature in self.features:
            if feature.pages is not None:
                page_jobs.extend(feature.pages(ctx))
        page_jobs.extend(static_jobs(static_files(config)))
        entries = [e for e in parsed.entries if (e.path, e.line) in corpus.by_source]
        staging = output.begin(target) if write else output.dry_run(target)
        report = render_all(entries, page_jobs, ctx, self.features, staging,
                            lambda: Cache(cache_dir, parser_fingerprint()), jobs, base, progress,
                            known)
        self.memo.keys = report.keys
        diags.extend(report.diagnostics)
        written = count_written(staging)
        removed = output.commit(staging) if write else ()
        progress.done()
        diags.sort(key=sort_key)
        if write:
            quick.save(cache_dir, quick.LastBuild(
                quick.fingerprint(config.root, found, base, inputs, load_diags, target),
                len(corpus.cables), report.pages, tuple(diags)))
        return BuildResult(len(corpus.cables), report.pages, written if write else 0,
                           len(removed), time.perf_counter() - start, tuple(diags),
                           target if write else None, parsed.parsed, report.rendered)
