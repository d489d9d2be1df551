"""Pages: each Markdown file in ``content/pages/`` becomes a page of the site, in its menu.

``content/pages/about.md`` is written to ``about.html`` (a subfolder keeps
its path: ``pages/guides/sources.md`` is ``guides/sources.html``). Optional
front matter: ``title`` (else the page's first ``# heading``, else its file
name), ``summary``, ``weight`` (menu order, lower first; then by title) and
``nav = false`` to leave a page out of the menu. Pages are rendered by the
same Markdown as notes: cable ids, persons and glossary terms link, unsafe
links are refused. Images and other assets under ``content/`` are copied to
the same path under the output folder, so a page or a note can show them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.config import SiteConfig
from generator.diagnostics import Diagnostic, error
from generator.features import Context, Feature, PageJob
from generator.features.editorial import finders
from generator.features.keys import key
from generator.markdown import Collector, make_markdown, plain_text, render
from generator.markdown.document import Document, read_document
from generator.markdown.textlinks import CABLE_ID
from generator.parse.ids import normalise_id
from generator.read.discover import Discovery
from generator.tomldata import Field

FIELDS = (
    Field("title", (str,), "a string"),
    Field("summary", (str,), "a string"),
    Field("weight", (int, float), "a number (lower comes first in the menu)"),
    Field("nav", (bool,), "true or false"),
)
RESERVED = re.compile(r"^(index(-\d+)?|persons|glossary|search|404)\.html$|"
                      r"^(cables|static|persons|tags|posts|dates)/")
"""Output paths that the edition itself writes, now or in later versions."""


@dataclass(frozen=True, slots=True)
class SitePage:
    """One page of ``content/pages/``."""

    document: Document
    path: str
    """Output path (``about.html``)."""
    title: str
    own_heading: bool
    """The page opens with its own ``# heading`` (the template adds none)."""
    weight: float
    nav: bool
    cites: tuple[str, ...]
    """Cable ids written in the page (whether each is in the site changes its links)."""


@dataclass(frozen=True, slots=True)
class PagesState:
    """The site's pages, its assets to copy, and the parser for the pages."""

    md: MarkdownIt
    pages: tuple[SitePage, ...]
    assets: tuple[tuple[str, str], ...]
    """(source path relative to the site, output path)."""
    root: Path

    @property
    def digest(self) -> str:
        """Names the pages and assets (the state key). A pickle of the state would
        not do: the Markdown parser's pickle differs from one process to the next,
        and a key that changes by itself defeats the no-change shortcut."""
        return key("pages", str(self.root), self.assets,
                   [(p.document.path, p.document.sha256, p.path, p.title, p.own_heading,
                     p.weight, p.nav, p.cites) for p in self.pages])


def _first_heading(tokens: list[Token]) -> str | None:
    """The text of the page's first block, if that is a ``# heading``."""
    for i, token in enumerate(tokens):
        if token.block and token.level == 0 and token.nesting >= 0:
            if token.type == "heading_open" and token.tag == "h1":
                return tokens[i + 1].content.strip()
            return None
    return None


def load(config: SiteConfig, found: Discovery) -> tuple[PagesState, list[Diagnostic]]:
    """Read every page; a page that would overwrite the edition's own pages is refused."""
    md = make_markdown()
    content = str(config.get("content")).strip("/")
    pages: list[SitePage] = []
    diags: list[Diagnostic] = []
    for rel in found.pages:
        inside = PurePosixPath(rel).relative_to(f"{content}/pages")
        out = re.sub(r"\s+", "-", inside.with_suffix(".html").as_posix())
        if RESERVED.match(out):
            diags.append(error(rel, 0, f"a page may not be written to {out}: the edition writes "
                               "that path itself; rename the file", "page-reserved"))
            continue
        doc, problems = read_document(config.root, rel, FIELDS)
        diags.extend(problems)
        if doc is None:
            continue
        tokens = md.parse(doc.body, {})
        heading = _first_heading(tokens)
        title = str(doc.meta.get("title") or heading or inside.stem.replace("-", " ").title())
        cites = tuple(dict.fromkeys(i for m in CABLE_ID.finditer(plain_text(tokens))
                                    if (i := normalise_id(m[1]))))
        pages.append(SitePage(doc, out, title, heading is not None and "title" not in doc.meta,
                              float(doc.meta.get("weight", 0)), bool(doc.meta.get("nav", True)),
                              cites))
    assets = tuple((rel, str(PurePosixPath(rel).relative_to(content))) for rel in found.assets)
    return PagesState(md, tuple(pages), assets, config.root), diags


def _render(ctx: Context, state: PagesState, page: SitePage) -> bytes:
    found = Collector(page.document.path, page.path, finders(ctx))
    html = render(state.md, page.document.body, found)
    return ctx.env.get_template("page.html").render(
        page_path=page.path, page=page, html=html,
        summary=page.document.meta.get("summary")).encode("utf-8")


def _asset(path: Path) -> bytes:
    return path.read_bytes()


def pages(ctx: Context) -> Iterator[PageJob]:
    """Each page, then each asset."""
    state = ctx.states.get("pages")
    if not isinstance(state, PagesState):
        return
    nav = repr(ctx.env.globals.get("nav"))
    for page in state.pages:
        links = tuple(ctx.corpus.resolve(i) for i in page.cites)
        persons = getattr(ctx.states.get("persons"), "digest", "")
        yield PageJob(page.path, key(page.document.sha256, nav, ctx.config.digest, links, persons,
                                     repr(getattr(ctx.states.get("glossary"), "digest", None))),
                      partial(_render, ctx, state, page))
    for source, out in state.assets:
        path = state.root / source
        try:
            stat = path.stat()
        except OSError:
            continue  # removed since discovery; the next build will not list it
        yield PageJob(out, key(source, stat.st_size, stat.st_mtime_ns), partial(_asset, path))


def check(ctx: Context) -> list[Diagnostic]:
    """Problems in the pages' Markdown (unsafe links, too deep nesting)."""
    state = ctx.states.get("pages")
    diags: list[Diagnostic] = []
    if not isinstance(state, PagesState):
        return diags
    for page in state.pages:
        found = Collector(page.document.path, page.path, finders(ctx))
        render(state.md, page.document.body, found)
        diags.extend(found.diagnostics)
    return diags


def menu(state: Any) -> tuple[tuple[str, str], ...]:
    """The pages in the site's navigation: by weight, then title."""
    if not isinstance(state, PagesState):
        return ()
    shown = sorted((p for p in state.pages if p.nav), key=lambda p: (p.weight,
                                                                      p.title.casefold()))
    return tuple((p.title, p.path) for p in shown)


FEATURE = Feature(name="pages", load=load, pages=pages, check=check, menu=menu)
