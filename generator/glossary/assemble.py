"""Assemble the glossary: built-in data, generated government forms, site overrides.

The built-in data lives in ``generator/data/glossary/*.toml`` (written for
cablegen from public-domain sources; each entry names its source). Two kinds
of entries are generated rather than written out:

- "GO" + country initials (``GOB``, ``GODR``, ``GOSL``) and "GO" + FIPS code
  (``GOAM``, ``GOAJ``) for every country that has a post in the posts table,
  each scoped to that country: ``GOB`` is the Government of Belgium in a
  Brussels cable, of Bolivia in a La Paz cable, of Burma in a Rangoon cable;
- nothing else: routing indicators come from each cable's own header (see
  ``generator.glossary.resolve``).

A site's ``content/glossary.toml`` adds entries; an entry with the same term,
kind and scope as a built-in one replaces it, and ``replace = true`` drops
every built-in meaning of its term.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from generator.diagnostics import Diagnostic, warning
from generator.glossary.load import read_glossary, same_place
from generator.glossary.model import TEXT_EXCLUDED, Entry, Glossary, Scope
from generator.glossary.words import load_words

MINOR = {"AND", "OF", "THE", "DE", "DA", "DO", "DEL", "LA", "ET"}
GO_NOTE = ("Built by rule from the country's name (Government of + initials) or its FIPS "
           "code; the sending post or the cable's TAGS decide which country is meant.")


def builtin_files() -> list[tuple[str, str]]:
    """(name, text) of each built-in glossary data file, in a stable order."""
    folder = resources.files("generator") / "data" / "glossary"
    return [(f"generator/data/glossary/{p.name}", p.read_text(encoding="utf-8"))
            for p in sorted(folder.iterdir(), key=lambda p: p.name)
            if p.name.endswith(".toml")]


def government_forms(country: str, code: str) -> list[str]:
    """``GO`` + initials of the country's name, and ``GO`` + its FIPS code."""
    words = [w for w in country.replace("-", " ").upper().split() if w.isalpha()]
    initials = "".join(w[0] for w in words if w not in MINOR)
    forms = []
    if initials:
        forms.append("GO" + initials)
    forms.append("GO" + code)
    return list(dict.fromkeys(forms))


def governments(posts: dict[str, str], countries: dict[str, str]) -> list[Entry]:
    """Scoped ``GO``-forms for every country with a post.

    Forms that are also words (GOB, GOES) are still entries: in a text written
    all in capitals, words are never taken for terms (see ``cable.occurrences``).
    """
    out = []
    for code in sorted(set(posts.values())):
        name = countries.get(code)
        if not name:
            continue
        stations = tuple(sorted(s for s, c in posts.items() if c == code))
        for form in government_forms(name, code):
            if len(form) < 3:
                continue
            out.append(Entry(form, f"Government of {_the(name)}", "acronym", GO_NOTE,
                             Scope(countries=(code,)), "cablegen rule; posts: "
                             + ", ".join(stations), "built-in", "generator/glossary/assemble.py"))
    return out


def _the(name: str) -> str:
    plural = ("Republic", "Kingdom", "States", "Islands", "Emirates", "Netherlands",
              "Bahamas", "Philippines", "Gambia", "Union", "Federation", "Holy See")
    return f"the {name}" if any(w in name for w in plural) else name


def merge(builtin: Iterable[Entry], site: Iterable[Entry], replace: frozenset[str]) -> list[Entry]:
    """Site entries replace built-in entries of the same term, kind and scope."""
    site = list(site)
    kept = [e for e in builtin if e.term not in replace
            and not any(same_place(e, s) for s in site)]
    out: dict[tuple[object, ...], Entry] = {}
    for entry in kept + site:
        out[(entry.term, entry.scope, entry.kind, entry.expansion.lower())] = entry
    return list(out.values())


def assemble(site_text: str | None, site_path: str = "content/glossary.toml",
             ) -> tuple[Glossary, list[Diagnostic]]:
    """The glossary of a site: built-in data, generated forms, then the site's own file."""
    diags: list[Diagnostic] = []
    builtin: list[Entry] = []
    posts: dict[str, str] = {}
    for name, text in builtin_files():
        data, problems = read_glossary(text, name, "built-in")
        diags.extend(problems)
        builtin.extend(data.entries)
        posts.update(data.posts)
    site_entries: list[Entry] = []
    replace: frozenset[str] = frozenset()
    if site_text is not None:
        data, problems = read_glossary(site_text, site_path, "site")
        diags.extend(problems)
        site_entries, replace = list(data.entries), data.replace
        posts.update(data.posts)
    countries = {e.term: e.expansion for e in [*builtin, *site_entries]
                 if e.kind == "geographic tag"}
    for station, code in sorted(posts.items()):
        if code not in countries:
            diags.append(warning(site_path if site_text else "generator/data/glossary", 0,
                                 f"post {station}: unknown country code {code}",
                                 "glossary-country"))
    for entry in site_entries:
        for code in entry.scope.countries:
            if code not in countries:
                diags.append(warning(entry.path, entry.line, f"glossary entry {entry.term}: "
                                     f"{code} is not a known FIPS country code",
                                     "glossary-country"))
    words = load_words()
    entries = merge([*builtin, *governments(posts, countries)], site_entries, replace)
    by_term: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_term[entry.term].append(entry)
    h = hashlib.blake2b(digest_size=16)
    for term in sorted(by_term):
        for entry in by_term[term]:
            h.update(repr((entry.term, entry.expansion, entry.kind, entry.note, entry.scope,
                           entry.source, entry.origin)).encode())
    text_terms = frozenset(t for t, v in by_term.items()
                           if any(e.kind not in TEXT_EXCLUDED for e in v))
    glossary = Glossary({t: tuple(v) for t, v in by_term.items()}, posts, countries, words,
                        h.hexdigest(), text_terms)
    return glossary, diags


def load_site(root: Path, data_files: Iterable[str]) -> tuple[Glossary, list[Diagnostic]]:
    """Read ``content/glossary.toml`` (if the site has one) and assemble the glossary."""
    for rel in data_files:
        if Path(rel).name == "glossary.toml":
            raw = (root / rel).read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                glossary, diags = assemble(None)
                line = raw[:exc.start].count(b"\n") + 1
                return glossary, [*diags, warning(rel, line, "glossary file is not UTF-8; "
                                                  "it was ignored", "glossary-encoding")]
            return assemble(text, rel)
    return assemble(None)
