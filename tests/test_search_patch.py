"""A patched search index is byte for byte the index a full build writes, or no patch.

``search.patch`` rewrites only the chunks and big lists an edit changes; it
must give up (``Fallback``) whenever that would not give the full build's
files. Random edits of random documents check both sides: each patch is
compared with a full build of the edited documents.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from generator.engine.session import Session
from generator.features import searchindex
from generator.search.index import IndexDoc, Settings, build
from generator.search.patch import Fallback, Layout, changed_rows, patch
from tests.conftest import MakeSite
from tests.test_engine import SEED_TEXT, variant
from tests.test_kept_keys import fresh_build, served, three_cables
from tests.test_search_index import MemoryWriter, doc

WORDS = [f"w{n}" for n in range(300)] + ["common", "shared", "émigré", "Zeta", "\U0001d400x"]
SETTINGS = Settings(chunk_terms=16, chunk_bytes=300, big_term_bytes=120, shard_docs=4)


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS[: rng.randint(20, len(WORDS))])
                    for _ in range(rng.randint(5, 60)))


def _index(docs: list[IndexDoc]) -> tuple[MemoryWriter, Layout]:
    w = MemoryWriter()
    avg = sum(d.length for d in docs) / len(docs)
    stats = build(docs, avg, w, SETTINGS, stamp="s")
    return w, Layout("code", "s", stats.avg, b"", tuple(stats.firsts), tuple(stats.paths),
                     stats.meta)


def test_patches_equal_full_builds_and_refuse_otherwise() -> None:
    rng = random.Random(7)
    docs = [doc(f"D{i}", _text(rng) + " common shared") for i in range(120)]
    patched = refused = 0
    for _ in range(150):
        old_files, layout = _index(docs)
        edited = list(docs)
        numbers = rng.sample(range(len(docs)), rng.randint(1, 3))
        for n in numbers:
            words = docs[n].id + " " + _text(rng)
            if rng.random() < 0.5:  # a small edit: one word more
                words = " ".join(w for w in (docs[n].id, *sorted(docs[n].terms), "w7"))
            edited[n] = doc(docs[n].id, words)
        avg = sum(d.length for d in edited) / len(edited)
        try:
            files, firsts, _ = patch(layout, {n: (docs[n], edited[n]) for n in numbers}, avg,
                                     SETTINGS, old_files.files.get)
        except Fallback:
            refused += 1
            docs = edited
            continue
        patched += 1
        full, _ = _index(edited)
        result = dict(old_files.files)
        result.update(files)
        assert {p: b for p, b in result.items() if not p.endswith("meta.js")} == \
            {p: b for p, b in full.files.items() if not p.endswith("meta.js")}
        assert list(firsts) == full_firsts(full)
        docs = edited
    assert patched > 50 and refused > 0


def full_firsts(w: MemoryWriter) -> list[str]:
    from tests.test_search_index import loaded

    return loaded(w.files["search/meta.js"])[1]["chunks"]  # type: ignore[index, no-any-return]


def test_a_changed_title_or_tag_is_not_patched() -> None:
    docs = [doc(f"D{i}", f"alpha beta w{i}") for i in range(10)]
    old_files, layout = _index(docs)
    avg = sum(d.length for d in docs) / len(docs)
    for changed in (replace(docs[3], title="Another"), replace(docs[3], tags=("PTER",))):
        with pytest.raises(Fallback):
            patch(layout, {3: (docs[3], changed)}, avg, SETTINGS, old_files.files.get)


def test_changed_rows_finds_text_edits_and_refuses_the_rest() -> None:
    rows = b"".join(bytes([n % 250]) * 32 + b"r" * 12 for n in range(600))
    edited = bytearray(rows)
    edited[44 * 300] = 255  # document 300's cable digest
    assert changed_rows(rows, bytes(edited), 8) == [300]
    edited[44 * 301 + 40] = 0  # document 301's summary, notes or persons
    with pytest.raises(Fallback):
        changed_rows(rows, bytes(edited), 8)
    with pytest.raises(Fallback):
        changed_rows(rows, rows[:-44], 8)


def test_a_site_patches_its_index_after_a_text_edit(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    site, session = three_cables(make_site)
    whole: list[str] = []
    real = searchindex.build
    monkeypatch.setattr(searchindex, "build", lambda *a, **k: whole.append("x") or real(*a, **k))
    b = site / "content" / "b.txt"
    edits = [("Imbrie stated", "Imbrie stated plainly", []),  # patched
             ("SUBJECT: Beta", "SUBJECT: Beta again", ["x"]),  # a summary changed: whole
             ("plainly", "clearly", [])]
    for n, (old, new, expected) in enumerate(edits):
        b.write_text(b.read_text().replace(old, new))
        whole.clear()
        session.build()
        assert whole == expected
        assert served(site) == fresh_build(site, f"fresh{n}")  # a fresh build (which counts too)
    (site / ".cablegen-cache" / searchindex.LAYOUT).write_bytes(b"not a layout")
    b.write_text(b.read_text().replace("clearly", "plainly"))
    whole.clear()
    session.build()
    assert whole == ["x"]  # no layout: written whole
    assert served(site) == fresh_build(site, "fresh-last")


@pytest.mark.parametrize("damage", [b'cablegenSearch.load("t/0",[1,2]);\n',
                                    b'cablegenSearch.load("t/0",[[;);\n', b""])
def test_an_index_file_changed_by_hand_means_writing_the_index_whole(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, damage: bytes) -> None:
    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta")})
    session = Session(site, jobs=1)
    session.build()
    for chunk in (site / "_site" / "search" / "t").glob("*.js"):
        chunk.write_bytes(damage)
    whole: list[str] = []
    real = searchindex.build
    monkeypatch.setattr(searchindex, "build", lambda *a, **k: whole.append("x") or real(*a, **k))
    b = site / "content" / "b.txt"
    b.write_text(b.read_text().replace("Imbrie stated", "Imbrie stated plainly"))
    result = session.build()
    assert whole == ["x"] and not [d for d in result.diagnostics if d.level == "error"]
    whole.clear()
    assert served(site) == fresh_build(site, "fresh")
