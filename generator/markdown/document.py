"""Editorial Markdown files: decoded, front matter read, line numbers kept.

A notes file or a page may start with TOML front matter between two ``+++``
lines (Hugo's convention). The front matter lines are replaced by empty
lines in the body handed to markdown-it, so that token line numbers are the
file's own and every diagnostic points at the right line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, error, warning
from generator.read.encoding import decode
from generator.tomldata import Field, check_fields, key_lines, parse_toml

FENCE = "+++"


@dataclass(frozen=True, slots=True)
class Document:
    """One Markdown file of the site."""

    path: str
    """Relative to the site folder, with forward slashes."""
    meta: Mapping[str, Any]
    """Front matter values that passed their checks."""
    body: str
    """The Markdown, front matter blanked out (lines keep their numbers)."""
    sha256: str


def split_front_matter(text: str, path: str,
                       fields: tuple[Field, ...]) -> tuple[dict[str, Any], str, list[Diagnostic]]:
    """Front matter values and the body of ``text``, with the problems found."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        return {}, text, _yaml_hint(lines, path)
    close = next((i for i in range(1, len(lines)) if lines[i].strip() == FENCE), None)
    if close is None:
        return {}, text, [error(path, 1, "front matter opened with +++ is never closed; "
                                "the file is read as Markdown", "front-matter")]
    data, diags = parse_toml("\n".join(lines[1:close]), path, first_line=2)
    body = "\n" * (close + 1) + "\n".join(lines[close + 1:])
    if data is None:
        return {}, body, diags
    meta, problems = check_fields(data, fields, key_lines(lines[1:close], 2), path,
                                  "front matter", 1)
    return meta, body, diags + problems


def _yaml_hint(lines: list[str], path: str) -> list[Diagnostic]:
    if lines and lines[0].strip() == "---" and len(lines) > 2 \
            and re.match(r"^[A-Za-z_]+:\s", lines[1]):
        return [warning(path, 1, "YAML front matter (---) is not read: write TOML between "
                        "+++ lines", "front-matter")]
    return []


def read_document(root: Path, rel: str,
                  fields: tuple[Field, ...]) -> tuple[Document | None, list[Diagnostic]]:
    """Read ``root/rel``; None (with an error) when it cannot be read as text."""
    try:
        data = (root / rel).read_bytes()
    except OSError as exc:
        return None, [error(rel, 0, f"cannot read: {exc.strerror}", "unreadable")]
    decoded = decode(data)
    if decoded.binary:
        return None, [error(rel, 0, "binary data, not Markdown; ignored", "binary-file")]
    diags: list[Diagnostic] = []
    if decoded.first_bad_line:
        diags.append(warning(rel, decoded.first_bad_line, f"not valid UTF-8; read as "
                             f"{decoded.encoding}", "encoding"))
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body, problems = split_front_matter(text, rel, fields)
    return Document(rel, meta, body, hashlib.sha256(data).hexdigest()), diags + problems
