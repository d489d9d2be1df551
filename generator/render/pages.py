"""Render a cable's edition page and JSON, and the home page, from the linked model."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from generator import packed
from generator.features import PageJob
from generator.features.keys import key, summaries_key
from generator.link import Summary
from generator.model import Cable
from generator.render.highlight import original_view
from generator.render.inline import Span, place
from generator.render.jsonout import cable_dict, dumps
from generator.render.page import Page, cable_json_path, cable_path, paginate

if TYPE_CHECKING:
    from generator.features import Context, Feature

__all__ = ["Page", "index_jobs", "render_cable"]


def render_cable(cable: Cable, ctx: Context,
                 features: Sequence[Feature]) -> tuple[list[Page], list[Any]]:
    """The edition page and the JSON of one cable, with every feature's additions."""
    context: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    spans: dict[int, list[Span]] = defaultdict(list)
    diagnostics: list[Any] = []
    files: list[Page] = []
    for rank, feature in enumerate(features):
        if feature.cable is None:
            continue
        view = feature.cable(cable, ctx)
        context[feature.name] = view.context
        extra.update(view.json)
        for index, span in view.spans:
            spans[index].append(Span(span.start, span.end, span.open, span.close,
                                     rank * 100 + span.priority, span.anchor))
        diagnostics.extend(view.diagnostics)
        files.extend(Page(p, data) for p, data in view.files)
    backlinks: list[Summary] = [ctx.corpus.cables[i]
                                for i in ctx.corpus.referenced_by.get(cable.id, ())]
    path = cable_path(cable.id)
    placed: set[str] = set()
    subject, chosen = place(cable.subject, spans.get(-1, ()))
    placed.update(s.anchor for s in chosen if s.anchor)
    paragraphs = []
    for i, p in enumerate(cable.paragraphs):
        html_text, chosen = place(p.text, spans.get(i, ()))
        placed.update(s.anchor for s in chosen if s.anchor)
        paragraphs.append((p, html_text))
    html = ctx.env.get_template("cable.html").render(
        page_path=path,
        cable=cable,
        features=context,
        referenced_by=backlinks,
        subject=subject,
        paragraphs=paragraphs,
        anchors=placed,
        original=original_view(cable.original),
    )
    extra.setdefault("referenced_by", [s.id for s in backlinks])
    pages = [Page(path, html.encode("utf-8")),
             Page(cable_json_path(cable.id), dumps(cable_dict(cable, extra)))]
    return pages + files, diagnostics


def index_jobs(ctx: Context, size: int, base: str) -> Iterator[PageJob]:
    """The home page and its continuation pages: every cable, newest first (each page
    reads its summaries through ``generator.packed``: together they list every cable)."""
    corpus, env = ctx.corpus, ctx.env
    paths = paginate("index.html", len(corpus.order), size)

    def render(number: int, path: str) -> bytes:
        ids = corpus.order[(number - 1) * size: number * size]
        html = env.get_template("index.html").render(
            page_path=path, cables=list(map(packed.summaries(ctx), ids)), pages=paths,
            current=number, total=len(corpus.order))
        return html.encode("utf-8")

    for number, path in enumerate(paths, start=1):
        ids = corpus.order[(number - 1) * size: number * size]
        k = key(base, "index", len(paths), summaries_key(corpus.cables[i] for i in ids))
        yield PageJob(path, k, partial(render, number, path))
