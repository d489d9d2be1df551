"""The persons register, ``content/persons.toml``: who the people named in cables were.

One ``[[person]]`` table per person::

    [[person]]
    name = "Vadim Lukov"                       # required: the name the edition shows
    id = "vadim-lukov"                         # optional: made from the name
    spellings = ["AMB Lukov", "Lukov"]         # as written in the cables (the name counts too)
    role = "Russian Ambassador to Belgium"
    dates = "in post 2007"
    note = "Markdown: who they were, what became of them."
    sources = ["07BRUSSELS881 ¶1"]             # Markdown, one source a string

Every mistake is a diagnostic at its line: syntax, unknown keys, wrong
types, a missing name, a repeated id, and a spelling claimed by two persons
(which is then linked for neither: the register never guesses).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, error, warning
from generator.persons.names import NameIndex, cut
from generator.read.encoding import decode
from generator.tomldata import Field, array_lines, check_fields, key_lines, parse_toml

FILE = "persons.toml"
FIELDS = (
    Field("name", (str,), "a string"),
    Field("id", (str,), "a string of letters, digits and hyphens"),
    Field("spellings", (list,), "a list of strings, each as the name is written in cables", str),
    Field("role", (str,), "a string"),
    Field("dates", (str,), "a string"),
    Field("note", (str,), "a string (Markdown)"),
    Field("sources", (list,), "a list of strings (Markdown)", str),
)
_ID = re.compile(r"^\w[\w.-]*$")


@dataclass(frozen=True, slots=True)
class Person:
    """One entry of the register."""

    id: str
    name: str
    spellings: tuple[str, ...]
    """The spellings that are linked (the name included; ambiguous ones removed)."""
    role: str
    dates: str
    note: str
    sources: tuple[str, ...]
    line: int
    """Line of the entry's ``[[person]]`` header."""
    note_line: int
    """Line of ``persons.toml`` on which the note's text starts."""
    sources_line: int


@dataclass(frozen=True, slots=True)
class Register:
    """The register of a site: its persons and the index of their spellings."""

    path: str | None
    persons: tuple[Person, ...] = ()
    by_id: Mapping[str, Person] = field(default_factory=dict)
    names: NameIndex = field(default_factory=lambda: NameIndex(None, {}))
    digest: str = ""


def slug(name: str) -> str:
    """An id made from a name: ``Pol De Witte`` is ``pol-de-witte``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return made or re.sub(r"[^\w]+", "-", name.lower()).strip("-")


def _note_line(lines: list[str], line: int) -> int:
    """Where a note's text starts: a newline right after opening quotes is not part of it."""
    raw = lines[line - 1] if 0 < line <= len(lines) else ""
    return line + 1 if re.search(r"=\s*(\"\"\"|''')\s*$", raw) else line


def _entry(data: Any, header: int, keys: dict[str, int], path: str,
           lines: list[str]) -> tuple[Person | None, list[Diagnostic]]:
    if not isinstance(data, dict):
        return None, [error(path, header, "a [[person]] entry must be a table", "person-entry")]
    kept, diags = check_fields(data, FIELDS, keys, path, "a [[person]] entry", header)
    name = str(kept.get("name", "")).strip()
    if not name:
        diags.append(error(path, header, "this [[person]] has no name; ignored", "person-name"))
        return None, diags
    pid = str(kept.get("id", "")).strip() or slug(name)
    if not _ID.match(pid):
        diags.append(error(path, keys.get("id", header), f"id {pid!r} must be letters, digits, "
                           "'-' or '.'; this person is ignored", "person-id"))
        return None, diags
    spellings: list[str] = []
    for text in [name, *kept.get("spellings", [])]:
        text = " ".join(text.split())
        words, _ = cut(text)
        if not words or not (text[0].isalnum() and text[-1].isalnum()):
            diags.append(warning(path, keys.get("spellings", header), f"spelling {text!r} must "
                                 "start and end with a letter or digit; ignored",
                                 "person-spelling"))
        elif text not in spellings:
            spellings.append(text)
    return Person(pid, name, tuple(spellings), kept.get("role", ""), kept.get("dates", ""),
                  kept.get("note", ""), tuple(kept.get("sources", ())), header,
                  _note_line(lines, keys.get("note", header)), keys.get("sources", header)), diags


def _unambiguous(persons: list[Person], path: str) -> tuple[list[Person], list[Diagnostic]]:
    """Remove every spelling that two persons claim, with a warning."""
    owners: dict[str, list[Person]] = {}
    for person in persons:
        for spelling in person.spellings:
            owners.setdefault(spelling, []).append(person)
    shared = {s: ps for s, ps in owners.items() if len(ps) > 1}
    diags = [warning(path, ps[-1].line, f"spelling {s!r} is registered for "
                     f"{' and '.join(p.name for p in ps)}: it is linked for neither",
                     "person-ambiguous") for s, ps in shared.items()]
    out = [Person(p.id, p.name, tuple(s for s in p.spellings if s not in shared), p.role,
                  p.dates, p.note, p.sources, p.line, p.note_line, p.sources_line)
           for p in persons]
    return out, diags


def load_register(root: Path, rel: str) -> tuple[Register, list[Diagnostic]]:
    """Read and check the register at ``root/rel``."""
    try:
        raw = (root / rel).read_bytes()
    except OSError as exc:
        return Register(rel), [error(rel, 0, f"cannot read: {exc.strerror}", "unreadable")]
    text = decode(raw).text.replace("\r\n", "\n")
    data, diags = parse_toml(text, rel)
    if data is None:
        return Register(rel), diags
    lines = text.split("\n")
    for key in data:
        if key != "person":
            diags.append(warning(rel, key_lines(lines).get(key, 0), f"unknown key {key!r}; "
                                 "persons are [[person]] tables", "unknown-key"))
    entries = data.get("person", [])
    if not isinstance(entries, list):
        diags.append(error(rel, key_lines(lines).get("person", 0),
                           "person must be [[person]] tables", "person-entry"))
        return Register(rel), diags
    positions = array_lines(lines, "person")
    persons: list[Person] = []
    seen: dict[str, Person] = {}
    for n, entry in enumerate(entries):
        header, keys = positions[n] if n < len(positions) else (0, {})
        person, problems = _entry(entry, header, keys, rel, lines)
        diags.extend(problems)
        if person is None:
            continue
        if person.id in seen:
            diags.append(error(rel, header, f"id {person.id!r} is already used by the entry on "
                               f"line {seen[person.id].line}; ignored", "person-duplicate"))
            continue
        seen[person.id] = person
        persons.append(person)
    persons, problems = _unambiguous(persons, rel)
    diags.extend(problems)
    index = NameIndex.build((s, p.id) for p in persons for s in p.spellings)
    return Register(rel, tuple(persons), {p.id: p for p in persons}, index,
                    hashlib.sha256(raw).hexdigest()), diags


def person_path(person_id: str) -> str:
    """Output path of a person's page."""
    return f"persons/{person_id}.html"
