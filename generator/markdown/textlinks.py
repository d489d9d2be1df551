"""Links made from plain text in editorial Markdown: cable ids, paragraphs, persons, terms.

A ``Finder`` returns ``Hit``s over a run of text. The core rule
``textlinks`` (the shape of markdown-it's linkify) splits each text token
outside links and images into text and links, earlier finders winning where
hits overlap, and records what it linked in the render's collector. Finders
are given by the caller in ``env`` (see ``generator.markdown.Collector``), so
the same parser serves notes (where ``¶5`` means this cable's paragraph),
pages and the persons register.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from generator.parse.ids import normalise_id
from generator.render.env import relative
from generator.render.page import cable_path


@dataclass(frozen=True, slots=True)
class Hit:
    """A run of text to link."""

    start: int
    end: int
    href: str
    """A site path (``cables/07STATE21535.html#p3``), a fragment, or an absolute URL."""
    kind: str
    """``cable``, ``paragraph``, ``person`` or ``term``: also the link's class."""
    key: str
    """What was found: a cable id, a paragraph number, a person id, a term."""
    title: str = ""
    external: bool = False


Finder = Callable[[str], Iterable[Hit]]

CABLE_ID = re.compile(r"(?<![\w/#.-])(\d{2}[A-Z]{2,}\d{1,7})(?:[ \u00a0]?¶[ \u00a0]?(\d{1,3}))?"
                      r"(?![\w])")
PARAGRAPH = re.compile(r"(?<![\w])¶[ \u00a0]?(\d{1,3})(?![\w])")
_CLASSES = {"cable": "cable-ref", "paragraph": "para-ref", "person": "person", "term": "term"}


def cable_finder(resolve: Callable[[str], str | None], external_url: str) -> Finder:
    """Cable ids (``07STATE21535``, ``07BRUSSELS881 ¶5``): to the site's page, or outside."""

    def find(text: str) -> Iterator[Hit]:
        for m in CABLE_ID.finditer(text):
            cid = normalise_id(m[1])
            if cid is None:
                continue
            target = resolve(cid)
            if target:
                href = cable_path(target) + (f"#p{int(m[2])}" if m[2] else "")
                yield Hit(m.start(), m.end(), href, "cable", target)
            else:
                yield Hit(m.start(), m.end(), external_url.replace("{id}", cid), "cable", cid,
                          "not in this edition", external=True)

    return find


def paragraph_finder(numbers: Iterable[int]) -> Finder:
    """``¶5`` in a note: paragraph 5 of the cable the note is on, when it exists."""
    known = frozenset(numbers)

    def find(text: str) -> Iterator[Hit]:
        for m in PARAGRAPH.finditer(text):
            if int(m[1]) in known:
                yield Hit(m.start(), m.end(), f"#p{int(m[1])}", "paragraph", m[1])

    return find


def choose(text: str, finders: Iterable[Finder]) -> list[Hit]:
    """Non-overlapping hits in text order; an earlier finder wins an overlap."""
    taken: list[Hit] = []
    for finder in finders:
        for hit in finder(text):
            if 0 <= hit.start < hit.end <= len(text) and not any(
                    hit.start < t.end and t.start < hit.end for t in taken):
                taken.append(hit)
    return sorted(taken, key=lambda h: h.start)


def _link(hit: Hit, text: str, level: int, page_path: str) -> list[Token]:
    href = hit.href if hit.external or hit.href.startswith("#") else relative(hit.href, page_path)
    attrs: dict[str, str | int | float] = {"href": href, "class": _CLASSES.get(hit.kind, hit.kind)}
    if hit.external:
        attrs["class"] = f"{attrs['class']} external"
        attrs["rel"] = "external noopener"
    if hit.title:
        attrs["title"] = hit.title
    inner = Token("text", "", 0, content=text[hit.start:hit.end], level=level + 1)
    return [Token("link_open", "a", 1, attrs=attrs, level=level), inner,
            Token("link_close", "a", -1, level=level)]


def _split(token: Token, hits: list[Hit], page_path: str) -> list[Token]:
    out: list[Token] = []
    pos = 0
    for hit in hits:
        if hit.start > pos:
            out.append(Token("text", "", 0, content=token.content[pos:hit.start],
                             level=token.level))
        out.extend(_link(hit, token.content, token.level, page_path))
        pos = hit.end
    if pos < len(token.content):
        out.append(Token("text", "", 0, content=token.content[pos:], level=token.level))
    return out


def textlinks(state: StateCore) -> None:
    """Core rule: link what the render's finders find in text outside links."""
    from generator.markdown import collector

    found = collector(state.env)
    if found is None or not found.finders:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        depth = 0
        for child in block.children:
            if child.type in ("link_open", "refused_link_open"):
                depth += 1
            elif child.type in ("link_close", "refused_link_close"):
                depth -= 1
            hits = choose(child.content, found.finders) \
                if child.type == "text" and depth == 0 else []
            if not hits:
                children.append(child)
                continue
            for hit in hits:
                found.found(hit.kind, hit.key)
            children.extend(_split(child, hits, found.page_path))
        block.children = children


def install_textlinks(md: MarkdownIt) -> None:
    """Add the rule after every other core rule (footnotes gathered, links checked)."""
    md.core.ruler.push("textlinks", textlinks)


def glossary_finder(state: object, cable_id: str | None) -> Finder | None:
    """Glossary terms, if the glossary feature's state offers ``find_terms``; else None.

    The interface, small on purpose: ``state.find_terms(text, cable_id)`` yields
    ``(start, end, href, expansion)`` for each known term in ``text``, read in
    the context of ``cable_id`` (GOB is Belgium's government in a Brussels
    cable), ``href`` a site path such as ``glossary.html#gob``. Only the first
    occurrence of each term in one render is linked.
    """
    lookup = getattr(state, "find_terms", None)
    if not callable(lookup):
        return None
    seen: set[str] = set()

    def find(text: str) -> Iterator[Hit]:
        for start, end, href, expansion in lookup(text, cable_id):
            term = text[start:end]
            if term not in seen:
                seen.add(term)
                yield Hit(start, end, str(href), "term", term, str(expansion))

    return find
