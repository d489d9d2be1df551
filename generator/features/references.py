"""References: each REF entry resolved to a cable of the site or to an external archive."""

from __future__ import annotations

from typing import Any

from generator.features import CableView, Context, Feature
from generator.model import Cable
from generator.render.page import cable_path


def resolve(cable: Cable, ctx: Context) -> list[dict[str, Any]]:
    """Each reference with its target: a page of the site, an external archive, or nothing."""
    template = str(ctx.config.get("references.external_url"))
    out = []
    for ref in cable.references:
        target = ctx.corpus.resolve(ref.id)
        if target:
            href, external = cable_path(target), False
        elif ref.id:
            href, external = template.replace("{id}", ref.id), True
        else:
            href, external = None, False
        out.append({"label": ref.label, "text": ref.text, "id": ref.id, "line": ref.line,
                    "resolved": target is not None, "target": target, "href": href,
                    "external": external,
                    "summary": ctx.corpus.cables.get(target) if target else None})
    return out


def _json_href(ref: dict[str, Any]) -> str | None:
    """JSON hrefs are relative to the JSON file (in ``cables/``), like the page's links."""
    href = ref["href"]
    if href and not ref["external"]:
        return str(href).removeprefix("cables/")
    return href  # type: ignore[no-any-return]


def cable_view(cable: Cable, ctx: Context) -> CableView:
    """The resolved references for the page and the JSON."""
    refs = resolve(cable, ctx)
    return CableView(
        context={"items": refs},
        json={"references": [{k: r[k] for k in ("label", "text", "id", "line", "resolved")}
                             | {"href": _json_href(r)} for r in refs]},
    )


FEATURE = Feature(name="references", cable=cable_view)
