"""A cable's searchable terms, packed small: every cable's stay in memory during a build.

``DocTerms`` is the search feature's collected value. At 250,000 cables the
values of all cables are held at once (the build keeps collected values in
memory), so the terms are packed into one zlib-compressed byte string (about
a kilobyte a cable) and unpacked one cable at a time while the index is
written. Its ``repr`` is its digest: dependency keys stay short.

Field weights (BM25F): a word of the id counts 8 times, of the subject 4,
of the TAGS 3, of the origin 2, of the text, signer and notes once.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.link import Summary
from generator.model import Cable
from generator.search.index import IndexDoc
from generator.search.tokens import weighted as weigh

ID_WEIGHT, SUBJECT_WEIGHT, TAG_WEIGHT, ORIGIN_WEIGHT, TEXT_WEIGHT = 8, 4, 3, 2, 1
MAX_TF = 255


@dataclass(frozen=True, slots=True)
class DocTerms:
    """Packed term frequencies of one cable."""

    digest: str
    length: int
    """Weighted length: the sum of the frequencies."""
    packed: bytes = field(repr=False)


def pack(counts: Counter[str]) -> DocTerms:
    """Pack term frequencies (capped at 255: BM25 saturates long before)."""
    terms = sorted(counts)
    raw = " ".join(terms).encode("utf-8") + b"\n" + bytes(min(MAX_TF, counts[t]) for t in terms)
    digest = hashlib.blake2b(raw, digest_size=10).hexdigest()
    return DocTerms(digest, sum(counts.values()), zlib.compress(raw, 6))


def light(doc: DocTerms) -> DocTerms:
    """What a build keeps in memory of a cable's terms: digest and length (the packed
    terms, about a kilobyte a cable, are read back from the cache for the index)."""
    return DocTerms(doc.digest, doc.length, b"")


def unpack(doc: DocTerms) -> dict[str, int]:
    """Term -> frequency."""
    raw = zlib.decompress(doc.packed)
    head, _, weights = raw.partition(b"\n")
    if not head:
        return {}
    return dict(zip(head.decode("utf-8").split(" "), weights, strict=True))


def cable_fields(cable: Cable) -> list[tuple[str, int]]:
    """The texts of a cable with their weights."""
    fields = [(cable.id, ID_WEIGHT), (cable.subject, SUBJECT_WEIGHT),
              (" ".join(t.code for t in cable.tags), TAG_WEIGHT), (cable.origin, ORIGIN_WEIGHT)]
    fields.extend((p.text, TEXT_WEIGHT) for p in cable.paragraphs)
    if cable.signer:
        fields.append((cable.signer, TEXT_WEIGHT))
    return fields


def of_cable(cable: Cable) -> DocTerms:
    """A cable's packed terms."""
    return pack(weigh(cable_fields(cable)))


@dataclass(frozen=True, slots=True)
class Weighted:
    """A cable ready for the index: its summary and its terms with the extras merged."""

    summary: Summary
    terms: dict[str, int]
    length: int


def weighted(summary: Summary, doc: DocTerms | None, extra: Iterable[tuple[str, int]],
             lengths_only: bool = False) -> Weighted:
    """Merge text from other features (notes, persons) into a cable's terms."""
    added = weigh(extra)
    length = (doc.length if doc else 0) + sum(added.values())
    if lengths_only:
        return Weighted(summary, {}, length)
    terms = unpack(doc) if doc else {}
    for term, tf in added.items():
        terms[term] = min(MAX_TF, terms.get(term, 0) + tf)
    return Weighted(summary, terms, length)


def index_doc(w: Weighted) -> IndexDoc:
    """The index's view of a cable."""
    s = w.summary
    return IndexDoc(id=s.id, title=s.subject or "(no subject)",
                    date=s.date.strftime("%Y-%m-%d") if s.date else "", origin=s.origin,
                    classification=s.classification, tags=s.tags, terms=w.terms,
                    length=w.length)
