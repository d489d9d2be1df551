"""A build session: the recipe of ``generator.build`` run with cache, workers and staging.

One ``Session`` serves one build from the command line, or every rebuild of
``cablegen serve``. The stages are the same as in the recipe; what the
session adds is where their results come from (the cache) and where pages
go (a staging folder swapped in atomically).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.config import SiteConfig, load_config
from generator.diagnostics import Diagnostic, error, sort_key
from generator.engine import output, snapshot
from generator.engine.assembly import run_jobs
from generator.engine.cache import Cache
from generator.engine.checking import check_links, label_of
from generator.engine.parsing import parse_site
from generator.engine.progress import Progress
from generator.engine.rendering import count_written, render_all, static_jobs
from generator.engine.snapshot import Snapshot, stat_of
from generator.engine.version import code_fingerprint, parser_fingerprint, theme_fingerprint
from generator.engine.workers import job_count
from generator.features import Context, Feature, FileJob, PageJob, all_features
from generator.features.keys import key
from generator.link import link
from generator.read import discover
from generator.read.discover import Discovery
from generator.render.env import make_env, theme_dirs
from generator.render.page import cable_json_path, cable_path
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
    reports: tuple[str, ...] = ()
    """Lines that features report for ``cablegen check`` (unknown acronyms...)."""


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
        self._states: tuple[str, dict[str, Any], list[Diagnostic]] | None = None
        """Feature states of the last build, with the key of the inputs they came from."""

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

    def _page_jobs(self, ctx: Context, base: str, diags: list[Diagnostic]) -> list[PageJob]:
        """The index, every feature's pages and the static files; a path clash is an error."""
        size = int(ctx.config.get("browse.page_size"))
        taken = {p for cid in ctx.corpus.cables for p in (cable_path(cid), cable_json_path(cid))}
        jobs: list[PageJob] = []
        sources = [("index", index_jobs(ctx.corpus, ctx.env, size, base))]
        sources += [(f.name, f.pages(ctx)) for f in self.features if f.pages is not None]
        sources.append(("theme", static_jobs(static_files(ctx.config))))
        for name, produced in sources:
            for job in produced:
                if job.path in taken:
                    diags.append(error(job.path, 0, f"two pages would be written to "
                                       f"{job.path}; the {name} page is left out", "page-clash"))
                    continue
                taken.add(job.path)
                jobs.append(job)
        return jobs

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
        states, problems = self._load_states(config, found)
        diags.extend(problems)
        cache_dir = (config.root / str(config.get("build.cache"))).resolve()
        cache = Cache(cache_dir, parser_fingerprint())
        previous = self.snapshot or snapshot.load(cache_dir, cache.version)
        try:
            parsed, self.snapshot = parse_site(config, found, self.features, states, cache,
                                               jobs, progress, previous)
        finally:
            cache.close()
        if parsed.changed:
            snapshot.save(cache_dir, self.snapshot)
        diags.extend(parsed.diagnostics)
        corpus, problems = link(parsed.summaries)
        diags.extend(problems)
        env = make_env(config)
        nav = [("Cables", "index.html")] + [n for f in self.features for n in f.nav] + [
            n for f in self.features if f.menu is not None for n in f.menu(states.get(f.name))]
        env.globals["nav"] = nav
        base = key(code_fingerprint(), theme_fingerprint(*theme_dirs(config)), config.digest,
                   tuple(nav))
        ctx = Context(config, corpus, env, states, parsed.collected, base)
        for feature in self.features:
            if feature.check is not None:
                diags.extend(feature.check(ctx))
        page_jobs = self._page_jobs(ctx, base, diags)
        entries = [e for e in parsed.entries if (e.path, e.line) in corpus.by_source]
        staging = output.begin(target) if write else output.dry_run(target)
        report = render_all(entries, page_jobs, ctx, self.features, staging,
                            lambda: Cache(cache_dir, parser_fingerprint()), jobs, base, progress)
        diags.extend(report.diagnostics)
        file_jobs: list[FileJob] = [job for feature in self.features if feature.files
                                    for job in feature.files(ctx)]
        assembled = run_jobs(file_jobs, staging, progress)
        if write:
            diags.extend(check_links(staging, label_of(target, config.root), cache_dir))
        written = count_written(staging)
        removed = output.commit(staging) if write else ()
        progress.done()
        reports = () if write else tuple(line for f in self.features if f.report is not None
                                         for line in f.report(ctx))
        diags.sort(key=sort_key)
        return BuildResult(len(corpus.cables), report.pages + assembled.files,
                           written if write else 0, len(removed),
                           time.perf_counter() - start, tuple(diags),
                           target if write else None, parsed.parsed,
                           report.rendered + assembled.rendered, reports)
