"""What editorial Markdown links to on this site: cable ids, paragraphs, persons, terms.

Notes, pages and the persons register are rendered by the same parser; the
finders given to each render decide what plain text becomes a link. The
glossary is optional: its finder is used only when a glossary feature's
state offers ``find_terms`` (see ``generator.markdown.textlinks``).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.features import Context
from generator.markdown.textlinks import (
    Finder,
    Hit,
    cable_finder,
    glossary_finder,
    paragraph_finder,
)
from generator.model import Cable
from generator.persons.register import Register, person_path


def person_finder(register: Register) -> Finder:
    """Registered spellings of persons' names, linked to their pages."""

    def find(text: str) -> Iterator[Hit]:
        for start, end, pid in register.names.find(text):
            person = register.by_id[pid]
            title = f"{person.name}, {person.role}" if person.role else person.name
            yield Hit(start, end, person_path(pid), "person", pid, title)

    return find


def finders(ctx: Context, cable: Cable | None = None) -> list[Finder]:
    """The finders for Markdown shown on ``cable``'s page, or on a site page when None."""
    out = [cable_finder(ctx.corpus.resolve, str(ctx.config.get("references.external_url")))]
    if cable is not None:
        out.append(paragraph_finder(p.number for p in cable.paragraphs
                                    if p.number is not None and p.kind == "paragraph"))
    register = ctx.states.get("persons")
    if isinstance(register, Register) and register.persons:
        out.append(person_finder(register))
    terms = glossary_finder(ctx.states.get("glossary"), cable.id if cable else None)
    if terms is not None:
        out.append(terms)
    return out
