"""The glossary: acronyms, TAGS codes, captions and titles, explained in context.

Public interface (for features and Markdown plugins, e.g. glossary terms in
editorial notes)::

    from generator.glossary import CableContext, lookup, make_context

    glossary = ctx.states["glossary"]            # the feature's loaded state
    context = make_context(glossary, "BRUSSELS", ["PREL", "BE"], cable.date)
    lookup(glossary, "GOB", context)             # -> [Entry(term="GOB",
                                                 #     expansion="Government of Belgium", ...)]
    lookup(glossary, "PREL", context, where="tags")

``lookup(glossary, term, context=None, where="text") -> list[Entry]`` returns
the meanings that apply, best first: the cable's own definitions and header,
then entries scoped to its station, to its post's country, definitions from
other cables of the post, entries scoped to its TAGS countries, then general
entries. Several entries mean several meanings that nothing decides between;
an empty list means the term is unknown. ``resolve`` returns the same with an
``ambiguous`` flag.

Modules: ``model`` (Entry, Scope, Glossary), ``load`` (the TOML format and
its diagnostics), ``assemble`` (built-in data + generated ``GO`` forms + site
overrides), ``words`` (ordinary English words), ``scan`` (tokens and in-text
definitions), ``resolve`` (context ranking), ``cable`` (one cable's terms),
``site`` (site-wide indexes), ``view`` (a cable page's marks and lists),
``pages`` (``glossary.html`` and term pages), ``slug`` (their paths).
"""

from __future__ import annotations

from generator.glossary.model import Entry, Glossary, Scope
from generator.glossary.resolve import CableContext, Resolution, lookup, make_context, resolve

__all__ = ["CableContext", "Entry", "Glossary", "Resolution", "Scope", "lookup",
           "make_context", "resolve"]
