"""Helpers of the session's recipe: the build's result, feature states, page jobs.

Kept apart from ``session`` so that the recipe itself stays one screen long.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.config import SiteConfig
from generator.diagnostics import Diagnostic, error
from generator.engine.rendering import static_jobs
from generator.features import Context, Feature, PageJob
from generator.read.discover import Discovery
from generator.render.env import theme_dirs
from generator.render.page import cable_json_path, cable_path
from generator.render.pages import index_jobs


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


def page_jobs(ctx: Context, features: tuple[Feature, ...], base: str,
              diags: list[Diagnostic]) -> list[PageJob]:
    """The index, every feature's pages and the static files; a path clash is an error."""
    size = int(ctx.config.get("browse.page_size"))
    taken = {p for cid in ctx.corpus.cables for p in (cable_path(cid), cable_json_path(cid))}
    jobs: list[PageJob] = []
    sources = [("index", index_jobs(ctx, size, base))]
    sources += [(f.name, f.pages(ctx)) for f in features if f.pages is not None]
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


def nav_of(features: tuple[Feature, ...], states: dict[str, Any]) -> list[tuple[str, str]]:
    """The site's navigation: the cables, the features' fixed entries, then their menus."""
    return [("Cables", "index.html")] + [n for f in features for n in f.nav] + [
        n for f in features if f.menu is not None for n in f.menu(states.get(f.name))]
