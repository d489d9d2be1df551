"""Small TOML data written by editors (front matter, ``persons.toml``), checked with lines.

``tomllib`` keeps no positions, so a light scan of the text maps keys (and
the entries of ``[[array]]`` tables) to their lines; every mistake then
becomes a diagnostic at the line where it stands. Fields are declared as
data (name, accepted types, what it is) and checked the same way
everywhere: an unknown key, a wrong type or a syntax error is reported, and
the rest of the file is still used.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from generator.diagnostics import Diagnostic, error, warning

_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")
_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?")


@dataclass(frozen=True, slots=True)
class Field:
    """One accepted key: its types and what it is for (the message of a type error)."""

    name: str
    types: tuple[type, ...]
    help: str
    items: type | None = None
    """For lists: the type every item must have."""


def parse_toml(text: str, path: str, first_line: int = 1) -> tuple[dict[str, Any] | None,
                                                                    list[Diagnostic]]:
    """Parse ``text`` (which starts on ``first_line`` of ``path``); a syntax error is one error."""
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = first_line + int(m[1]) - 1 if m else first_line
        return None, [error(path, line, f"invalid TOML: {exc}", "toml-syntax")]


def key_lines(lines: list[str], first_line: int = 1) -> dict[str, int]:
    """Lines of the top-level keys of a TOML text (before any table header)."""
    out: dict[str, int] = {}
    for no, raw in enumerate(lines, start=first_line):
        if _HEADER.match(raw):
            break
        if m := _KEY.match(raw):
            out.setdefault(m[1].strip('"'), no)
    return out


def array_lines(lines: list[str], name: str) -> list[tuple[int, dict[str, int]]]:
    """For each ``[[name]]`` entry: the line of its header and the lines of its keys."""
    out: list[tuple[int, dict[str, int]]] = []
    current: dict[str, int] | None = None
    for no, raw in enumerate(lines, start=1):
        if m := _HEADER.match(raw):
            current = None
            if raw.strip().startswith("[[") and m[1] == name:
                current = {}
                out.append((no, current))
        elif current is not None and (m := _KEY.match(raw)):
            current.setdefault(m[1].strip('"'), no)
    return out


def check_fields(data: Mapping[str, Any], fields: tuple[Field, ...], lines: Mapping[str, int],
                 path: str, where: str, fallback_line: int = 0) -> tuple[dict[str, Any],
                                                                        list[Diagnostic]]:
    """Keep the known, well-typed keys of ``data``; report the others (``where`` names it)."""
    known = {f.name: f for f in fields}
    kept: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    for key, value in data.items():
        line = lines.get(key, fallback_line)
        spec = known.get(key)
        if spec is None:
            near = get_close_matches(key, list(known), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else \
                f" (known keys: {', '.join(known)})"
            diags.append(warning(path, line, f"unknown key {key!r} in {where}{hint}; ignored",
                                 "unknown-key"))
        elif not _typed(value, spec):
            diags.append(warning(path, line, f"{key} in {where} must be {spec.help}; ignored",
                                 "wrong-type"))
        else:
            kept[key] = value
    return kept, diags


def _typed(value: Any, spec: Field) -> bool:
    if isinstance(value, bool) and bool not in spec.types:
        return False
    if not isinstance(value, spec.types):
        return False
    if isinstance(value, list) and spec.items is not None:
        return all(isinstance(v, spec.items) for v in value)
    return True
