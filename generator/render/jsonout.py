"""The machine-readable model of a cable (``cables/<ID>.json``).

Keys are a public interface: later versions add keys, never rename them.
"""

from __future__ import annotations

import json
from typing import Any

from generator.model import Addressee, Cable


def _addressee(a: Addressee) -> dict[str, Any]:
    return {"name": a.name, "routing": a.routing, "precedence": a.precedence,
            "number": a.number}


def cable_dict(cable: Cable, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON object of one cable; ``extra`` holds keys that later stages add."""
    t = cable.transmission
    data: dict[str, Any] = {
        "id": cable.id,
        "date": cable.date.strftime("%Y-%m-%dT%H:%M:%SZ") if cable.date else None,
        "origin": cable.origin,
        "station": cable.station,
        "classification": cable.classification,
        "level": cable.level,
        "caveats": list(cable.caveats),
        "section": list(cable.section) if cable.section else None,
        "eo": cable.eo,
        "passing": list(cable.passing),
        "tags": [{"code": tag.code, "original": tag.original} for tag in cable.tags],
        "subject": cable.subject,
        "subject_marking": cable.subject_marking,
        "references": [{"label": r.label, "text": r.text, "id": r.id, "line": r.line}
                       for r in cable.references],
        "classified_by": cable.classified_by,
        "reasons": list(cable.reasons),
        "signer": cable.signer,
        "recipients": {
            "to": [_addressee(a) for a in t.to] if t else [],
            "info": [_addressee(a) for a in t.info] if t else [],
            "xmt": [_addressee(a) for a in t.xmt] if t else [],
        },
        "transmission": None if t is None else {
            "transmission_id": t.transmission_id, "precedence": t.precedence,
            "relays": list(t.relays), "originator": t.originator,
            "message_number": t.message_number, "filing_time": t.filing_time,
            "security": t.security, "dtg": t.dtg, "fm": t.fm,
        },
        "paragraphs": [{"number": p.number, "text": p.text, "kind": p.kind,
                        "marking": p.marking, "inferred": p.inferred, "line": p.line,
                        "mark": p.mark} for p in cable.paragraphs],
        "gaps": [list(g) for g in cable.gaps],
        "apparatus": [{"kind": c.kind, "original": c.original, "replacement": c.replacement,
                       "line": c.line, "note": c.note} for c in cable.apparatus],
        "partial": cable.partial,
        "provenance": dict(cable.provenance),
        "source": {"path": cable.source.path, "line": cable.source.line,
                   "format": cable.source.format, "sha256": cable.source.sha256,
                   "encoding": cable.source.encoding},
    }
    if extra:
        data.update(extra)
    return data


def dumps(data: Any) -> bytes:
    """Serialise deterministically (key order as built, UTF-8, one line + newline).

    Compact, not indented: the C encoder is several times faster and the
    files are for tools (``jq .`` pretty-prints them for people).
    """
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
