"""Mentions in the text: references, cited cables and paragraphs that the prose names.

Cables point at their references in many ways: ``(Ref A)``, ``ref B``,
``refs A and B``, ``REFTEL``, ``reftels``, ``para 3 of ref A``, ``reftel
para 2``, and by number (``as reported in STATE 21535``). They point at
their own paragraphs too (``see para 5``). Each becomes a ``Mention`` over
the cleaned text of a paragraph (or of the subject), for the renderer to
link. ``para N of`` anything else (``of UNSCR 1540``, ``of the agreement``)
is left alone, and ``para N`` links only when this cable has paragraph N.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from generator.model import Mention, Paragraph, Reference
from generator.parse.citations import find_citations

_REF_WORD = r"\b(?:REF(?:TEL)?S?|REFERENCES?)\b\.?"
_LETTER = r"\(?(?-i:(?P<{0}>[A-Z]{{1,2}}))\)?(?![\w'])"
_LABELLED = re.compile(
    _REF_WORD + r"[ \t]+" + _LETTER.format("first")
    + r"(?P<more>(?:[ \t]*(?:,|&|\bAND\b|\bOR\b)[ \t]*\(?(?-i:[A-Z]{1,2})\)?(?![\w']))*)", re.I)
_MORE_LETTER = re.compile(r"\(?(?P<letter>[A-Z]{1,2})\)?(?![\w'])")
_BARE = re.compile(r"\b(?:REFTELS?|REFS?)\b(?![ \t]*[:/-])", re.I)
_PARA = re.compile(
    r"\b(?:PARA(?:GRAPH)?S?)\.?[ \t]*(?P<first>\d{1,3})(?![\w.]\d|\w)"
    r"(?P<more>(?:[ \t]*(?:,|&|-|\u2013|\bAND\b|\bTHROUGH\b|\bTO\b)[ \t]*\d{1,3}(?![\w.]\d|\w))*)",
    re.I)
_PARA_NUMBER = re.compile(r"\d{1,3}")
_OF = re.compile(r"[ \t]*,?[ \t]*\b(?:OF|IN|FROM)\b[ \t]+", re.I)
_OF_REF = re.compile(_REF_WORD + r"(?:[ \t]+" + _LETTER.format("label") + ")?", re.I)
_OF_SELF = re.compile(r"(?:THIS|THE PRESENT|ABOVE|BELOW)\b", re.I)
_REF_BEFORE = re.compile(_REF_WORD + r"(?:[ \t]+" + _LETTER.format("label") + r")?[ \t]*,?[ \t]*$",
                         re.I)


def _label_index(references: Sequence[Reference]) -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for i, ref in enumerate(references):
        if ref.label:
            index.setdefault(ref.label, []).append(i)
    return {k: tuple(v) for k, v in index.items()}


def _block_mentions(block: int, text: str, references: Sequence[Reference],
                    labels: dict[str, tuple[int, ...]], numbers: frozenset[int],
                    year: int | None, self_id: str | None) -> Iterator[Mention]:
    """Every candidate mention of one block; overlaps are settled by the caller."""
    everything = tuple(range(len(references)))
    cites = find_citations(text, year, self_id=self_id, prose=True)
    for c in cites:
        refs = tuple(i for i, r in enumerate(references) if r.id == c.id)
        yield Mention(block, c.start, c.end, "cable", refs, c.id, None)
    for m in _LABELLED.finditer(text):
        if m["first"] not in labels:
            continue
        refs = labels[m["first"]]
        yield Mention(block, m.start(), m.end("first"), "reference", refs,
                      _single_id(references, refs), None)
        offset = m.start("more")
        for extra in _MORE_LETTER.finditer(m["more"]):
            if extra["letter"] in labels:
                refs = labels[extra["letter"]]
                yield Mention(block, offset + extra.start("letter"), offset + extra.end("letter"),
                              "reference", refs, _single_id(references, refs), None)
    if references:
        for m in _BARE.finditer(text):
            yield Mention(block, m.start(), m.end(), "reference", everything,
                          _single_id(references, everything), None)
    for m in _PARA.finditer(text):
        yield from _paragraphs(block, text, m, references, labels, numbers, year)


def _paragraphs(block: int, text: str, m: re.Match[str], references: Sequence[Reference],
                labels: dict[str, tuple[int, ...]], numbers: frozenset[int],
                year: int | None) -> Iterator[Mention]:
    """``para 3``, ``paras 3-5 of ref A``, ``reftel para 2``: whose paragraphs, and which."""
    spans = [(m.start(), m.end("first"), int(m["first"]))]
    offset = m.start("more")
    for n in _PARA_NUMBER.finditer(m["more"]):
        spans.append((offset + n.start(), offset + n.end(), int(n.group())))
    kind: str = "paragraph"
    refs: tuple[int, ...] = ()
    cited: str | None = None
    after = _OF.match(text, m.end())
    before = _REF_BEFORE.search(text, max(0, m.start() - 40), m.start())
    if after:
        target = text[after.end():]
        ref = _OF_REF.match(target)
        cite = next((c for c in find_citations(target[:60], year, prose=True)
                     if c.start == 0), None)
        if ref:
            kind, refs = "reference", _refs_named(ref, references, labels)
        elif cite:
            kind, cited = "cable", cite.id
        elif not _OF_SELF.match(target):
            return  # a paragraph of something else: a resolution, an agreement, a septel
    elif before:
        kind, refs = "reference", _refs_named(before, references, labels)
    if kind == "reference" and not refs:
        return
    for start, end, number in spans:
        if kind == "paragraph" and number not in numbers:
            continue
        yield Mention(block, start, end, kind, refs,  # type: ignore[arg-type]
                      cited or _single_id(references, refs), number)


def _single_id(references: Sequence[Reference], refs: tuple[int, ...]) -> str | None:
    """The cable that all the named entries cite, when they cite exactly one."""
    ids = {references[i].id for i in refs}
    return ids.pop() if len(ids) == 1 else None


def _refs_named(m: re.Match[str], references: Sequence[Reference],
                labels: dict[str, tuple[int, ...]]) -> tuple[int, ...]:
    """The entries a ``ref A`` / ``reftel`` match names (all of them for a bare ``reftel``)."""
    label = m["label"]
    if label:
        return labels.get(label, ())
    return tuple(range(len(references)))


def find_mentions(subject: str, paragraphs: Sequence[Paragraph],
                  references: Sequence[Reference], year: int | None,
                  self_id: str | None) -> tuple[Mention, ...]:
    """The mentions of the subject (block -1) and of every paragraph, without overlaps."""
    labels = _label_index(references)
    numbers = frozenset(p.number for p in paragraphs
                        if p.kind == "paragraph" and p.number is not None)
    blocks = [(-1, subject)] + [(i, p.text) for i, p in enumerate(paragraphs)]
    out: list[Mention] = []
    for block, text in blocks:
        found = sorted(_block_mentions(block, text, references, labels, numbers, year, self_id),
                       key=lambda x: (x.start, -(x.end - x.start)))
        end = -1
        for mention in found:
            if mention.start >= end:
                out.append(mention)
                end = mention.end
    return tuple(out)
