"""The build, as a recipe: config, read, parse, link, render, write.

Each stage is a function of the previous stage's output; diagnostics from
all of them are collected and returned with the result. Loading and linking
build the model; rendering only reads it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.config import SiteConfig, load_config
from generator.diagnostics import Diagnostic, error, sort_key
from generator.features import Context, Feature, LoadContext, all_features
from generator.link import link, summarise
from generator.linkcheck import LinkChecker, checked
from generator.model import Cable, Unit
from generator.parse import ParseContext, parse_unit
from generator.read import discover, read_file
from generator.read.discover import Discovery
from generator.render.env import make_env, theme_dirs
from generator.render.pages import Page, render_cable, render_index
from generator.write import UnsafeOutput, check_output, write_pages


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


def load_cables(config: SiteConfig, found: Discovery, lctx: LoadContext,
                features: tuple[Feature, ...]) -> tuple[list[Cable], dict[str, dict[str, Any]],
                                                        list[Diagnostic]]:
    """Read and parse every cable of the site; gather each feature's per-cable values."""
    diags: list[Diagnostic] = []
    ctx = ParseContext()
    cables: list[Cable] = []
    collected: dict[str, dict[str, Any]] = {f.name: {} for f in features if f.collect}
    for rel, fmt in found.cables:
        for item in read_file(config.root, rel, fmt):
            if isinstance(item, Unit):
                cable, problems = parse_unit(item, ctx)
                cables.append(cable)
                diags.extend(problems)
                for feature in features:
                    if feature.collect is not None:
                        collected[feature.name][cable.id] = feature.collect(cable, lctx)
            else:
                diags.append(item)
    return cables, collected, diags


def static_pages(config: SiteConfig) -> Iterator[Page]:
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
                    yield Page(rel, path.read_bytes())


def render_site(cables: list[Cable], ctx: Context, features: tuple[Feature, ...],
                diags: list[Diagnostic]) -> Iterator[Page]:
    """Every page of the site: editions, the index, feature pages, static files."""
    for cable in cables:
        summary = ctx.corpus.cables.get(cable.id)
        if summary is None or (summary.path, summary.line) != (cable.source.path,
                                                               cable.source.line):
            continue  # a duplicate id, reported by link
        pages, problems = render_cable(cable, ctx, features)
        diags.extend(problems)
        yield from pages
    yield from render_index(ctx.corpus, ctx.env, int(ctx.config.get("browse.page_size")))
    for feature in features:
        if feature.pages is not None:
            for job in feature.pages(ctx):
                yield Page(job.path, job.render())
    yield from static_pages(ctx.config)


def _label(out: Path, root: Path) -> str:
    """How diagnostics name the output folder: relative to the site when inside it."""
    try:
        return out.relative_to(root).as_posix() + "/"
    except ValueError:
        return f"{out.as_posix()}/"


def build(site: Path, out: Path | None = None, *, write: bool = True) -> BuildResult:
    """Build the site in ``site`` into ``out`` (default: the configured output folder)."""
    start = time.perf_counter()
    config, diags = load_config(site)
    if config is None:
        return BuildResult(0, 0, 0, 0, time.perf_counter() - start, tuple(diags), None)
    target = (out or config.output).resolve()
    if write:
        try:
            check_output(target, config.root, config.content)
        except UnsafeOutput as exc:
            diags.append(error("site.toml", 0, str(exc), "unsafe-output"))
            return BuildResult(0, 0, 0, 0, time.perf_counter() - start, tuple(diags), None)
    features = all_features()
    found = discover(config.root, str(config.get("content")))
    diags.extend(found.diagnostics)
    states, problems = load_states(config, found, features)
    diags.extend(problems)
    cables, collected, problems = load_cables(config, found, LoadContext(config, states),
                                              features)
    diags.extend(problems)
    corpus, problems = link(summarise(c) for c in cables)
    diags.extend(problems)
    env = make_env(config)
    env.globals["nav"] = [("Cables", "index.html")] + [n for f in features for n in f.nav]
    ctx = Context(config, corpus, env, states, collected)
    pages = render_site(cables, ctx, features, diags)
    links = LinkChecker(_label(target, config.root))
    written = removed = count = 0
    if write:
        report = write_pages(target, checked(((p.path, p.data) for p in pages), links))
        count = len(report.written) + report.unchanged
        written, removed = len(report.written), len(report.removed)
    else:
        count = sum(1 for _ in checked(((p.path, p.data) for p in pages), links))
    diags.extend(links.finish(target if write else None))
    diags.sort(key=sort_key)
    return BuildResult(len(corpus.cables), count, written, removed,
                       time.perf_counter() - start, tuple(diags), target if write else None)
