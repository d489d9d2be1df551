"""Diagnostics: problems found in content, with a location and a stable code.

Stages never raise on bad input; they return diagnostics, which the build
collects and prints as ``path:line: level: message [code]`` (the format of
compilers and Sphinx, so editors can jump to the line). ``--strict`` turns
warnings into failure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "info"]

_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one place."""

    path: str
    """Path of the file, relative to the site folder where possible."""
    line: int
    """1-based line in that file; 0 when the problem concerns the whole file."""
    level: Level
    message: str
    code: str
    """Stable, kebab-case identifier (``csv-row``, ``no-dtg``...) for filtering and docs."""

    def __reduce__(self) -> tuple[type[Diagnostic], tuple[object, ...]]:
        """Pickle as a plain tuple (cached by the thousand)."""
        return (Diagnostic, (self.path, self.line, self.level, self.message, self.code))

    def format(self) -> str:
        """Render as ``path:line: level: message [code]``."""
        return f"{self.path}:{self.line}: {self.level}: {self.message} [{self.code}]"


def error(path: str, line: int, message: str, code: str) -> Diagnostic:
    """Build an error diagnostic."""
    return Diagnostic(path, line, "error", message, code)


def warning(path: str, line: int, message: str, code: str) -> Diagnostic:
    """Build a warning diagnostic."""
    return Diagnostic(path, line, "warning", message, code)


def info(path: str, line: int, message: str, code: str) -> Diagnostic:
    """Build an informational diagnostic (never fatal, even with --strict)."""
    return Diagnostic(path, line, "info", message, code)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    """Order diagnostics by file, line, then severity, for stable output."""
    return (d.path, d.line, _ORDER[d.level], d.code)


def count(diagnostics: Iterable[Diagnostic], level: Level) -> int:
    """Count diagnostics of one level."""
    return sum(1 for d in diagnostics if d.level == level)


def fails(diagnostics: Iterable[Diagnostic], strict: bool) -> bool:
    """Whether these diagnostics make the command fail."""
    levels = {d.level for d in diagnostics}
    return "error" in levels or (strict and "warning" in levels)
