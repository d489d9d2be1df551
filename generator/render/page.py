"""Output pages and their paths: the vocabulary every renderer shares."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Page:
    """One output file."""

    path: str
    """Output path relative to the output folder, with forward slashes."""
    data: bytes


def cable_path(cable_id: str) -> str:
    """Output path of a cable's edition page (a public interface: never change it)."""
    return f"cables/{cable_id}.html"


def cable_json_path(cable_id: str) -> str:
    """Output path of a cable's JSON (a public interface: never change it)."""
    return f"cables/{cable_id}.json"


def paginate(base: str, count: int, size: int) -> list[str]:
    """Paths of the pages of a list: ``base.html``, then ``base-2.html``..."""
    stem = base.removesuffix(".html")
    pages = max(1, -(-count // size))
    return [base] + [f"{stem}-{n}.html" for n in range(2, pages + 1)]
