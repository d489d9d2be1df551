"""References: the REF list resolved, and every mention in the text linked.

The REF list shows each entry with its letter and text as written, and for
each cable it names a link to its page in this site or, marked as leaving
the site, to the external archive. Mentions found by the parser (``ref A``,
``reftel``, ``para 3 of ref B``, ``STATE 21535``, ``para 5``) become inline
links over the cleaned text: to the cited cable (and its paragraph), to
the entry of the list when a mention names several cables or none, to this
cable's paragraph. The JSON's references gain ``resolved`` and ``href``.
"""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from generator.features import CableView, Context, Feature
from generator.features.keys import key, summary_key
from generator.features.targets import Target, archive_name, target
from generator.model import Cable, Mention
from generator.render.env import relative
from generator.render.inline import Span
from generator.render.page import cable_path

HIDDEN = '<span class="visually-hidden"> (outside this site)</span>'


def _template(ctx: Context) -> str:
    return str(ctx.config.get("references.external_url"))


def items(cable: Cable, ctx: Context) -> tuple[list[dict[str, Any]], list[int]]:
    """Entries of the REF list (one per letter and text) with their targets; entry of each ref."""
    out: list[dict[str, Any]] = []
    entry_of: list[int] = []
    template = _template(ctx)
    for ref in cable.references:
        if not out or (out[-1]["label"], out[-1]["text"], out[-1]["line"]) != (
                ref.label, ref.text, ref.line):
            out.append({"label": ref.label, "text": ref.text, "line": ref.line,
                        "anchor": f"ref-{len(out) + 1}", "targets": []})
        if ref.id:
            out[-1]["targets"].append(target(ctx.corpus, template, ref.id))
        entry_of.append(len(out) - 1)
    return out, entry_of


def _link(href: str, title: str, external: bool) -> tuple[str, str]:
    if external:
        return (f'<a class="xref external" href="{escape(href)}" rel="external noopener" '
                f'title="{escape(title)}">', HIDDEN + "</a>")
    return f'<a class="xref" href="{escape(href)}" title="{escape(title)}">', "</a>"


def mention_span(m: Mention, cable: Cable, ctx: Context, entries: list[dict[str, Any]],
                 entry_of: list[int]) -> Span | None:
    """The link of one mention, or None when it has nowhere to go."""
    page = cable_path(cable.id)
    if m.kind == "paragraph":
        return Span(m.start, m.end, *_link(f"#p{m.paragraph}", f"Paragraph {m.paragraph}",
                                           False))
    if m.id:
        t = target(ctx.corpus, _template(ctx), m.id, m.paragraph)
        return Span(m.start, m.end, *_link(_href(t, page), _title(m, t, cable, ctx), t.external))
    if m.refs:
        named = {entry_of[i] for i in m.refs}
        anchor = f"#{entries[min(named)]['anchor']}" if len(named) == 1 else "#references"
        what = "; ".join(f"{e['label'] + '. ' if e['label'] else ''}{e['text']}"
                         for e in (entries[i] for i in sorted(named)))
        return Span(m.start, m.end, *_link(anchor, what, False))
    return None


def _href(t: Target, page: str) -> str:
    return t.href if t.external else relative(t.href, page)


def _title(m: Mention, t: Target, cable: Cable, ctx: Context) -> str:
    para = f"paragraph {m.paragraph} of " if m.paragraph is not None else ""
    if t.external:
        return f"{para}{t.id}, not in this edition: {archive_name(_template(ctx))}"
    summary = t.summary
    return f"{para}{t.resolved}: {summary.subject if summary else ''}".strip(": ")


def cable_view(cable: Cable, ctx: Context) -> CableView:
    """The resolved references and the links in the text, for the page and the JSON."""
    entries, entry_of = items(cable, ctx)
    spans = []
    for m in cable.mentions:
        span = mention_span(m, cable, ctx, entries, entry_of)
        if span is not None:
            spans.append((m.block, span))
    json_refs = []
    for ref in cable.references:
        t = target(ctx.corpus, _template(ctx), ref.id) if ref.id else None
        json_refs.append({"label": ref.label, "text": ref.text, "id": ref.id, "line": ref.line,
                          "resolved": bool(t and not t.external),
                          "href": None if t is None else
                          (t.href if t.external else t.href.removeprefix("cables/"))})
    return CableView(
        context={"items": entries, "archive": archive_name(_template(ctx))},
        json={"references": json_refs},
        spans=tuple(spans),
    )


def fingerprint(cable_id: str, ctx: Context) -> str:
    """What the page shows of other cables: the cited ones and those citing this one.

    Works from the summary, whose ``cites`` holds every id of the REF list and
    of the text (the engine does not load the cable to decide).
    """
    summary = ctx.corpus.cables.get(cable_id)
    shown = []
    for cid in summary.cites if summary else ():
        resolved = ctx.corpus.resolve(cid)
        s = ctx.corpus.cables.get(resolved) if resolved else None
        shown.append((cid, summary_key(s) if s else None, s.paragraphs if s else None))
    backlinks = [summary_key(ctx.corpus.cables[i])
                 for i in ctx.corpus.referenced_by.get(cable_id, ())]
    return key(_template(ctx), shown, backlinks)


FEATURE = Feature(name="references", cable=cable_view, fingerprint=fingerprint)
