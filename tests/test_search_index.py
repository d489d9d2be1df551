"""The search index builder: tokens, packed terms, postings, chunks, shards and facets."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from generator.search import docterms
from generator.search.encode import decode, script, utf16_key, varint
from generator.search.index import IndexDoc, Settings, build, slug
from generator.search.tokens import fold, stem, terms, weighted


class MemoryWriter:
    """A FileWriter into a dict."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, path: str, data: bytes) -> None:
        assert path not in self.files, f"{path} written twice"
        self.files[path] = data

    def read(self, path: str) -> bytes:
        return self.files[path]

    def paths(self) -> list[str]:
        return sorted(self.files)

    @contextmanager
    def stream(self, path: str) -> Iterator[BinaryIO]:  # pragma: no cover - unused here
        raise NotImplementedError
        yield


def loaded(blob: bytes) -> tuple[str, object]:
    """(name, data) of an index script."""
    text = blob.decode()
    assert text.startswith("cablegenSearch.load(") and text.endswith(");\n")
    name, _, data = text[len("cablegenSearch.load("):-3].partition(",")
    return json.loads(name), json.loads(data)


def doc(cid: str, text: str, **kw: object) -> IndexDoc:
    counts = weighted([(cid, 8), (str(kw.get("title", "")), 4), (text, 1)])
    return IndexDoc(cid, str(kw.get("title", cid)), str(kw.get("date", "2007-03-15")),
                    str(kw.get("origin", "Embassy Brussels")),
                    str(kw.get("classification", "UNCLASSIFIED")),
                    tuple(kw.get("tags", ("PREL",))),  # type: ignore[arg-type]
                    dict(counts), sum(counts.values()))


def test_tokens_fold_stem_and_drop_stopwords() -> None:
    assert fold("Brüxelles ÉTÉ ﬁnance") == "bruxelles ete finance"
    assert list(terms("The Governments' policies on UNSCR 1540, a crisis")) == [
        "government", "policy", "unscr", "1540", "crisi"]
    assert stem("process") == "process" and stem("status") == "status"
    assert stem("bus") == "bus" and stem("goes") == "goe" and stem("shoes") == "shoe"
    assert list(terms("x" * 41 + " ok")) == ["ok"]
    assert list(terms("07BRUSSELS881")) == ["07brussels881"]


def test_varint_postings_round_trip() -> None:
    data = bytearray()
    pairs = [(0, 9), (1, 255), (200, 1), (70000, 3), (70001, 4)]
    last = 0
    for d, impact in pairs:
        varint(d - last, data)
        data.append(impact)
        last = d
    assert decode(bytes(data), True) == pairs


def test_script_is_safe_javascript() -> None:
    blob = script("text/X", {"s": "</script><b>\u2028"})
    assert b"</script>" not in blob and b"\xe2\x80\xa8" not in blob
    assert loaded(blob) == ("text/X", {"s": "</script><b>\u2028"})


def test_docterms_pack_round_trip_and_short_repr() -> None:
    counts = Counter({"nuclear": 3, "belgium": 300, "é": 1})
    packed = docterms.pack(counts)
    assert docterms.unpack(packed) == {"nuclear": 3, "belgium": 255, "é": 1}
    assert packed.digest in repr(packed) and len(repr(packed)) < 80
    assert docterms.unpack(docterms.pack(Counter())) == {}


def test_index_finds_words_with_bm25_order_and_facets() -> None:
    docs = [doc("07A1", "nuclear terrorism nuclear nuclear", date="2007-01-02", tags=("PTER",)),
            doc("06B2", "nuclear " + "filler words " * 40, date="2006-05-05",
                classification="SECRET//NOFORN", origin="USEU Brussels"),
            doc("05C3", "nothing relevant here", date="2005-01-01")]
    w = MemoryWriter()
    stats = build(docs, sum(d.length for d in docs) / 3, w, Settings(shard_docs=2))
    assert stats.docs == 3 and stats.shards == 2
    name, meta = loaded(w.files["search/meta.js"])
    assert name == "meta" and meta["docs"] == 3  # type: ignore[index]
    entries = {}
    for path, blob in w.files.items():
        if path.startswith("search/t/"):
            for term, df, data in loaded(blob)[1]:  # type: ignore[misc, attr-defined]
                entries[term] = (df, data)
    df, data = entries["nuclear"]
    postings = decode(__import__("base64").b64decode(data), True)
    assert df == 2 and [d for d, _ in postings] == [0, 1]
    assert postings[0][1] > postings[1][1], "more occurrences in a shorter cable rank higher"
    year = decode(__import__("base64").b64decode(entries["year:2006"][1]), False)
    assert year == [(1, 0)]
    assert "class:secret-noforn" in entries and "post:useu-brussels" in entries
    assert "tag:pter" in entries and "07a1" in entries
    assert loaded(w.files["search/d/1.js"])[1] == [
        ["05C3", "05C3", "2005-01-01", "Embassy Brussels", "UNCLASSIFIED"]]
    _, facets = loaded(w.files["search/facets.js"])
    assert ["secret-noforn", "SECRET//NOFORN", 1] in facets["class"]  # type: ignore[index]


def test_chunks_are_in_javascript_order_and_big_lists_get_files() -> None:
    words = ["alpha", "Zeta", "émigré", "\U0001d400x", "\uff41b", "common"]
    docs = [doc(f"D{i}", " ".join(words) + f" unique{i}") for i in range(400)]
    w = MemoryWriter()
    stats = build(docs, docs[0].length, w, Settings(chunk_terms=4, big_term_bytes=200))
    assert stats.big > 0 and stats.chunks > 3
    _, meta = loaded(w.files["search/meta.js"])
    firsts = meta["chunks"]  # type: ignore[index]
    assert firsts == sorted(firsts, key=utf16_key)
    seen = []
    for n in range(stats.chunks):
        chunk = loaded(w.files[f"search/t/{n}.js"])[1]
        seen.extend(e[0] for e in chunk)  # type: ignore[attr-defined]
        assert chunk[0][0] == firsts[n]  # type: ignore[index]
    assert seen == sorted(seen, key=utf16_key) and len(seen) == len(set(seen)) == stats.terms
    big = [e for n in range(stats.chunks) for e in loaded(w.files[f"search/t/{n}.js"])[1]
           if isinstance(e[2], int)]  # type: ignore[attr-defined, index]
    assert big and all(f"search/p/{e[2]}.js" in w.files for e in big)  # type: ignore[index]


def test_slug_matches_filter_values() -> None:
    assert slug("UNCLASSIFIED//FOR OFFICIAL USE ONLY") == "unclassified-for-official-use-only"
    assert slug("Embassy Bogotá") == "embassy-bogota"
    assert slug("") == "none"


def test_notes_and_persons_are_read_from_their_features_when_present() -> None:
    from dataclasses import dataclass
    from types import SimpleNamespace

    from generator.features.searchindex import notes_text, person_names

    @dataclass(frozen=True)
    class NotesFile:  # the shape of issue 5's notes state
        plain: str

    @dataclass(frozen=True)
    class Person:
        id: str
        name: str

    states = {"notes": SimpleNamespace(files={"07X1": NotesFile("The Astana meeting")}),
              "persons": SimpleNamespace(persons=(Person("lukov", "Vadim Lukov"),))}
    ctx = SimpleNamespace(states=states, collected={"persons": {"07X1": ("lukov", "unknown")}})
    assert notes_text(ctx, "07X1") == "The Astana meeting"  # type: ignore[arg-type]
    assert notes_text(ctx, "07X2") == ""  # type: ignore[arg-type]
    assert person_names(ctx, "07X1") == ["Vadim Lukov", "unknown"]  # type: ignore[arg-type]
    alone = SimpleNamespace(states={}, collected={})
    assert notes_text(alone, "07X1") == "" and person_names(alone, "07X1") == []  # type: ignore


def test_building_range_by_range_writes_the_same_index() -> None:
    words = ["alpha", "beta", "Zeta", "émigré", "\U0001d400x", "common", "delta", "yankee"]
    docs = [doc(f"D{i}", " ".join(words[: 2 + i % 7]) + f" unique{i} year{i % 3}")
            for i in range(300)]
    avg = sum(d.length for d in docs) / len(docs)
    one, many = MemoryWriter(), MemoryWriter()
    small = Settings(chunk_terms=8, big_term_bytes=300)
    first = build(docs, avg, one, small)
    tight = Settings(chunk_terms=8, big_term_bytes=300, pass_postings=500)
    second = build(lambda: iter(docs), avg, many, tight)
    assert first.passes == 1 and second.passes > 3
    assert _entries(one) == _entries(many) and len(_entries(one)) == first.terms
    # Chunk boundaries depend on the terms alone: the passes write the very same files.
    same = [p for p in one.files if not p.endswith("meta.js")]
    assert set(one.files) == set(many.files)
    assert all(one.files[p] == many.files[p] for p in same)


def _entries(w: MemoryWriter) -> dict[str, tuple[int, str]]:
    """Every term's (df, postings), big lists resolved; checks chunk order on the way."""
    _, meta = loaded(w.files["search/meta.js"])
    out: dict[str, tuple[int, str]] = {}
    order: list[str] = []
    for n, first in enumerate(meta["chunks"]):  # type: ignore[index]
        chunk = loaded(w.files[f"search/t/{n}.js"])[1]
        assert chunk[0][0] == first  # type: ignore[index]
        for term, df, data in chunk:  # type: ignore[attr-defined]
            if isinstance(data, int):
                data = loaded(w.files[f"search/p/{data}.js"])[1]
            out[term] = (df, data)
            order.append(term)
    assert order == sorted(order, key=utf16_key)
    return out


def test_person_names_read_the_register_once() -> None:
    """Each cable's persons are named from one id -> name map per register, not a pass
    over the register for every cable that names someone."""
    from types import SimpleNamespace

    from generator.features.searchindex import person_names

    reads: list[int] = []

    class Register:
        @property
        def persons(self) -> list[SimpleNamespace]:
            reads.append(1)
            return [SimpleNamespace(id="p1", name="Imbrie"), SimpleNamespace(id="p2", name="Tang")]

    register = Register()
    ctx = SimpleNamespace(states={"persons": register},
                          collected={"persons": {"C1": ["p1"], "C2": ["p2", "p1"], "C3": ["x"]}})
    assert [person_names(ctx, c) for c in ("C1", "C2", "C3", "C4")] == [
        ["Imbrie"], ["Tang", "Imbrie"], ["x"], []]
    assert reads == [1]
    other = Register()
    assert person_names(SimpleNamespace(states={"persons": other}, collected=ctx.collected),
                        "C1") == ["Imbrie"]
    assert reads == [1, 1]
