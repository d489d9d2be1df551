"""Read glossary files (the built-in data and a site's ``content/glossary.toml``).

Both use one format, so editors can copy an entry from the built-in data::

    [defaults]                 # optional: applies to every entry of the file
    kind = "acronym"
    source = "..."

    [terms]                    # the short form: term = "expansion"
    MFA = "Ministry of Foreign Affairs"

    [country.CO]               # short forms scoped to a country (FIPS code) ...
    FARC = "Revolutionary Armed Forces of Colombia"
    [station.HOCHIMINHCITY]    # ... or to a sending station
    HCMC = "Ho Chi Minh City"

    [[entry]]                  # the full form, with a note and a scope
    term = "GOB"
    expansion = "Government of Belgium"
    kind = "acronym"
    note = "..."
    source = "..."
    stations = ["BRUSSELS"]    # sending stations, as in cable ids
    countries = ["BE"]         # FIPS 10-4 codes: the post's country or a geographic TAG
    from = 1990-01-01          # period (TOML dates)
    until = 2010-12-31
    replace = true             # site files only: drop the built-in meanings of the term

Every problem is a diagnostic with the file's line; a bad entry is skipped,
the rest of the file is used.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from generator.diagnostics import Diagnostic, error, warning
from generator.glossary.model import KINDS, Entry, Scope

ENTRY_KEYS = {"term", "expansion", "kind", "note", "source", "stations", "countries", "from",
              "until", "replace"}
TOP_KEYS = {"defaults", "terms", "entry", "posts", "country", "station"}
TERM_RE = re.compile(r"[A-Z0-9][A-Za-z0-9]*(?:[/&-][A-Za-z0-9]+)*")
"""What a term may look like: it starts with a capital or digit (``GOB``, ``A/S``, ``G-8``)."""


@dataclass(frozen=True, slots=True)
class FileData:
    """What one glossary file holds."""

    entries: tuple[Entry, ...]
    replace: frozenset[str]
    """Terms whose built-in meanings the file replaces."""
    posts: dict[str, str]


class Lines:
    """Finds the line of a key or of the n-th ``[[entry]]`` in a TOML text (tomllib gives none).

    One pass indexes every ``key =`` line and table header, so looking up the
    lines of a 1,600-entry data file costs a dictionary lookup, not a scan.
    """

    def __init__(self, text: str) -> None:
        self.entries: list[int] = []
        self.sections: dict[str, int] = {}
        self.keys: dict[str, list[int]] = {}
        for n, line in enumerate(text.splitlines(), 1):
            if _ENTRY_HEADER.match(line):
                self.entries.append(n)
            elif m := _TABLE_HEADER.match(line):
                self.sections.setdefault(m[1].strip(), n)
            elif m := _KEY_LINE.match(line):
                self.keys.setdefault(m[2], []).append(n)

    def entry(self, index: int) -> int:
        """Line of the ``index``-th ``[[entry]]`` header."""
        return self.entries[index] if index < len(self.entries) else 0

    def key(self, key: str, start: int = 0, section: str | None = None) -> int:
        """Line of ``key = ...`` after line ``start`` (or after the ``[section]`` header)."""
        if section is not None:
            start = self.sections.get(section, start)
        lines = self.keys.get(key, [])
        i = bisect.bisect_right(lines, start)
        return lines[i] if i < len(lines) else start


_ENTRY_HEADER = re.compile(r"\s*\[\[\s*entry\s*\]\]")
_TABLE_HEADER = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]")
_KEY_LINE = re.compile(r"""\s*(["']?)([^"'=\s]+)\1\s*=""")


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _entry(raw: dict[str, Any], defaults: dict[str, Any], path: str, line: int,
           origin: str, diags: list[Diagnostic]) -> Entry | None:
    """Validate one entry; report what is wrong and return None if it cannot be used."""
    unknown = sorted(set(raw) - ENTRY_KEYS)
    if unknown:
        diags.append(warning(path, line, f"unknown key(s) {', '.join(unknown)} in glossary "
                             f"entry; known: {', '.join(sorted(ENTRY_KEYS))}", "glossary-key"))
    values = {**defaults, **raw}
    term, expansion, kind = values.get("term"), values.get("expansion"), values.get("kind")
    if not isinstance(term, str) or not TERM_RE.fullmatch(term):
        diags.append(error(path, line, f"glossary entry needs a term of capitals, digits and "
                           f"/&- (got {term!r})", "glossary-term"))
        return None
    if not isinstance(expansion, str) or not expansion.strip():
        diags.append(error(path, line, f"glossary entry {term} has no expansion",
                           "glossary-expansion"))
        return None
    if kind is None:
        kind = "acronym"
    if kind not in KINDS:
        diags.append(error(path, line, f"glossary entry {term}: unknown kind {kind!r}; use one "
                           f"of {', '.join(KINDS)}", "glossary-kind"))
        return None
    texts = {}
    for key in ("note", "source"):
        value = values.get(key, "")
        if not isinstance(value, str):
            diags.append(error(path, line, f"glossary entry {term}: {key} must be a string",
                               "glossary-value"))
            return None
        texts[key] = value.strip()
    lists = {}
    for key in ("stations", "countries"):
        got = _strings(values.get(key, []))
        if got is None:
            diags.append(error(path, line, f"glossary entry {term}: {key} must be a string or "
                               "a list of strings", "glossary-value"))
            return None
        lists[key] = tuple(s.strip().upper().replace(" ", "") for s in got)
    period: dict[str, date | None] = {}
    for key in ("from", "until"):
        value = values.get(key)
        if value is not None and not isinstance(value, date):
            diags.append(error(path, line, f"glossary entry {term}: {key} must be a TOML date "
                               f"(1990-01-01), not {value!r}", "glossary-value"))
            return None
        period[key] = value
    if period["from"] and period["until"] and period["from"] > period["until"]:
        diags.append(error(path, line, f"glossary entry {term}: 'from' is after 'until'",
                           "glossary-value"))
        return None
    scope = Scope(lists["stations"], lists["countries"], period["from"], period["until"])
    return Entry(term, " ".join(expansion.split()), kind, texts["note"], scope, texts["source"],
                 origin, path, line)


def read_glossary(text: str, path: str, origin: str) -> tuple[FileData, list[Diagnostic]]:
    """Read one glossary file's text; every problem is a diagnostic with its line."""
    diags: list[Diagnostic] = []
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        diags.append(error(path, int(found[1]) if found else 0,
                           f"not valid TOML: {exc}", "glossary-toml"))
        return FileData((), frozenset(), {}), diags
    lines = Lines(text)
    for key in sorted(set(data) - TOP_KEYS):
        diags.append(warning(path, lines.key(key), f"unknown table or key {key!r}; use "
                             "[defaults], [terms], [country.X], [station.X], [[entry]] or "
                             "[posts]", "glossary-key"))
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict) or set(defaults) - {"kind", "source", "note"}:
        diags.append(error(path, lines.key("defaults"), "[defaults] may only set kind, source "
                           "and note", "glossary-key"))
        defaults = {}
    entries: list[Entry] = []
    replace: set[str] = set()
    terms = data.get("terms", {})
    if not isinstance(terms, dict):
        diags.append(error(path, lines.key("terms"), "[terms] must be a table of "
                           'TERM = "expansion"', "glossary-key"))
        terms = {}
    for term, expansion in terms.items():
        line = lines.key(term, section="terms")
        if not isinstance(expansion, str):
            diags.append(error(path, line, f"[terms] {term}: the expansion must be a string; "
                               "use [[entry]] for notes and scopes", "glossary-value"))
            continue
        entry = _entry({"term": term, "expansion": expansion}, defaults, path, line, origin,
                       diags)
        if entry:
            entries.append(entry)
    for table, key in (("country", "countries"), ("station", "stations")):
        scoped = data.get(table, {})
        if not isinstance(scoped, dict):
            diags.append(error(path, lines.key(table), f"{table} must hold tables like "
                               f"[{table}.NAME]", "glossary-key"))
            continue
        for name, terms_of in scoped.items():
            section = f"{table}.{name}"
            if not isinstance(terms_of, dict):
                diags.append(error(path, lines.key(name), f"[{section}] must be a table of "
                                   'TERM = "expansion"', "glossary-key"))
                continue
            for term, expansion in terms_of.items():
                line = lines.key(term, section=section)
                if not isinstance(expansion, str):
                    diags.append(error(path, line, f"[{section}] {term}: the expansion must "
                                       "be a string", "glossary-value"))
                    continue
                entry = _entry({"term": term, "expansion": expansion, key: [name]}, defaults,
                               path, line, origin, diags)
                if entry:
                    entries.append(entry)
    raw_entries = data.get("entry", [])
    if not isinstance(raw_entries, list):
        diags.append(error(path, lines.key("entry"), "entry must be an array of tables "
                           "([[entry]])", "glossary-key"))
        raw_entries = []
    for index, raw in enumerate(raw_entries):
        line = lines.entry(index)
        if not isinstance(raw, dict):
            continue
        entry = _entry(raw, defaults, path, line, origin, diags)
        if entry is None:
            continue
        if raw.get("replace") is True:
            replace.add(entry.term)
        entries.append(entry)
    posts: dict[str, str] = {}
    for station, code in (data.get("posts") or {}).items():
        if isinstance(code, str):
            posts[station.upper()] = code.upper()
        else:
            diags.append(error(path, lines.key(station, section="posts"),
                               f"[posts] {station}: the country must be a FIPS code string",
                               "glossary-value"))
    for first, second in _duplicates(entries):
        diags.append(warning(path, second.line, f"glossary entry {second.term} repeats the "
                             f"entry on line {first.line} (same scope); the later one is used",
                             "glossary-duplicate"))
    return FileData(tuple(entries), frozenset(replace), posts), diags


def same_place(a: Entry, b: Entry) -> bool:
    """Whether two entries explain the same term within the same scope and kind."""
    return a.term == b.term and a.scope == b.scope and a.kind == b.kind


def _duplicates(entries: list[Entry]) -> Iterator[tuple[Entry, Entry]]:
    seen: dict[tuple[Any, ...], Entry] = {}
    for entry in entries:
        k = (entry.term, entry.scope, entry.kind, entry.expansion.lower())
        if k in seen:
            yield seen[k], entry
        seen[k] = entry
