"""A kept session (``cablegen serve``) keys again only the pages an edit can change.

An edit of one cable's text gives it a new digest and new collected values.
The other cables' page keys read only their own values, their neighbours'
summaries and, for the glossary, what their post's cables define
(``Feature.shares``): they stay valid unless the edit changed a definition.
Either way the site must equal a fresh build of the same files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.engine import rendering
from generator.engine.session import Session
from tests.conftest import MakeSite
from tests.test_engine import SEED_TEXT, tree, variant

MANIFEST = ".cablegen-manifest.json"


def served(site: Path) -> dict[str, str]:
    """The files a reader gets (the manifest is cablegen's own bookkeeping)."""
    files = tree(site / "_site")
    files.pop(MANIFEST, None)
    return files


def fresh_build(site: Path, name: str) -> dict[str, str]:
    """The site a fresh process builds from the same files."""
    fresh = site.parent / name
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("_site", ".*"))
    build(fresh, jobs=1)
    return served(fresh)


def _keyed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources whose page keys the next builds compute (the engine's ``cable_key``)."""
    calls: list[str] = []
    real = rendering.cable_key

    def counting(entry, ctx, features, base):  # type: ignore[no-untyped-def]
        calls.append(Path(entry.path).name)
        return real(entry, ctx, features, base)

    monkeypatch.setattr(rendering, "cable_key", counting)
    return calls


def three_cables(make_site: MakeSite) -> tuple[Path, Session]:
    """A site of three cables of one post (a.txt, b.txt, c.txt), built by a kept session."""
    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta"),
                      "content/c.txt": variant(901, "Gamma")})
    session = Session(site, jobs=1)
    session.build()
    return site, session


def test_an_edit_of_the_text_keys_only_the_edited_cable(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    site, session = three_cables(make_site)
    calls = _keyed(monkeypatch)
    b = site / "content" / "b.txt"
    b.write_text(b.read_text().replace("Imbrie stated", "Imbrie firmly stated"))
    result = session.build()
    assert calls == ["b.txt"]
    assert result.parsed == 1
    page = (site / "_site" / "cables" / "07BRUSSELS900.html").read_text()
    assert "Imbrie firmly stated" in page
    assert served(site) == fresh_build(site, "fresh")


def test_a_new_definition_keys_the_pages_of_its_post_again(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """b defines ZLC; a, from the same post, uses ZLC without defining it: a's glossary
    must show b's definition, so a's key changes with b's definitions."""
    uses = SEED_TEXT.replace("Imbrie stated", "Imbrie, citing the ZLC, stated")
    site = make_site({"content/a.txt": uses, "content/b.txt": variant(900, "Beta")})
    session = Session(site, jobs=1)
    session.build()
    a_page = site / "_site" / "cables" / "07BRUSSELS881.html"
    assert "Zorbian Liberation Council" not in a_page.read_text()
    calls = _keyed(monkeypatch)
    b = site / "content" / "b.txt"
    b.write_text(b.read_text().replace(
        "Imbrie stated", "Imbrie, for the Zorbian Liberation Council (ZLC), stated"))
    session.build()
    assert sorted(calls) == ["a.txt", "b.txt"]
    assert "Zorbian Liberation Council" in a_page.read_text()
    assert served(site) == fresh_build(site, "fresh")
    calls.clear()
    b.write_text(b.read_text().replace("Imbrie, for", "Imbrie, speaking for"))
    session.build()  # the definition is the same: only b is keyed again
    assert calls == ["b.txt"]
    assert served(site) == fresh_build(site, "fresh2")


def test_the_index_key_is_made_once_a_build_and_follows_edits(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """``search.html`` and the index both need the index's key: one pass over the cables
    makes it for both, and the next build (a new context) makes it again."""
    from generator.features import searchindex

    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta")})
    session = Session(site, jobs=1)
    session.build()
    made: list[str] = []
    real = searchindex._pass
    monkeypatch.setattr(searchindex, "_pass",
                        lambda ctx, settings: made.append("key") or real(ctx, settings))
    meta = site / "_site" / "search" / "meta.js"
    before = meta.read_text()
    b = site / "content" / "b.txt"
    b.write_text(b.read_text().replace("Imbrie stated", "Imbrie quietly stated"))
    session.build()
    assert made == ["key"]
    assert meta.read_text() != before
    b.write_text(b.read_text().replace("quietly", "loudly"))
    session.build()
    assert made == ["key", "key"]
    assert served(site) == fresh_build(site, "fresh")


def test_term_pages_that_do_not_list_the_edited_cable_keep_their_keys(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """A term page's key is kept while its term and the very summaries and terms of the
    cables it lists are the same objects: an edit keys again only the pages of the
    edited cable's terms."""
    from generator.glossary import pages

    other = variant(900, "Beta").replace("Imbrie stated", "The OSCE and the WHO stated")
    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": other})
    session = Session(site, jobs=1)
    session.build()
    keyed: list[str] = []
    real = pages._row_key
    monkeypatch.setattr(pages, "_row_key", lambda summary, term, *rest: keyed.append(term)
                        or real(summary, term, *rest))
    a = site / "content" / "a.txt"
    a.write_text(a.read_text().replace("Imbrie stated", "Imbrie, at the UN, stated"))
    session.build()
    glossary = session._states[1]["glossary"]  # type: ignore[index]
    a_terms = session.memo.collected["glossary"]["07BRUSSELS881"].term_set()
    assert keyed and set(keyed) <= a_terms
    assert {"OSCE", "WHO"} - a_terms and not {"OSCE", "WHO"} & set(keyed)
    assert glossary.memo[pages.KEPT]
    assert served(site) == fresh_build(site, "fresh")


CSV_ROW = ('"{n}","3/13/2003 19:26","03OTTAWA{n}","Embassy Ottawa","UNCLASSIFIED","",'
           '"header line\n","UNCLAS OTTAWA 000{n} \n\nTAGS: PREL\nSUBJECT: Cable {n}\n\n'
           '1. Text of cable {n}.\nCELLUCCI\n"\n')


def test_an_edited_csv_row_is_the_only_one_looked_up_in_the_cache(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other rows of a re-read ``cables.csv`` are in the file's last record: their
    parses are cached, as an unchanged file's are, and need no lookup."""
    from generator.engine.cache import Cache
    from generator.read import units

    rows = "".join(CSV_ROW.format(n=n) for n in range(101, 106))
    site = make_site({"content/cables.csv": rows})
    session = Session(site, jobs=1)
    session.build()

    asked: list[str] = []
    real = Cache.has
    monkeypatch.setattr(Cache, "has", lambda self, digests, *rest: asked.extend(digests)
                        or real(self, digests, *rest))
    made: list[str] = []  # rows split into fields and made units (the others: KnownRow)
    real_unit = units._csv_unit
    monkeypatch.setattr(units, "_csv_unit",
                        lambda row, rel: made.append(row.fields[2]) or real_unit(row, rel))
    (site / "content" / "cables.csv").write_text(rows.replace("Text of cable 103.",
                                                              "Text of cable 103, edited."))
    result = session.build()
    assert len(asked) == 1 and result.parsed == 1 and made == ["03OTTAWA103"]
    page = (site / "_site" / "cables" / "03OTTAWA103.html").read_text()
    assert "Text of cable 103, edited." in page
    assert served(site) == fresh_build(site, "fresh")


def test_a_kept_session_reads_the_output_manifests_only_when_their_files_changed(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.engine import heldmanifests

    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta")})
    session = Session(site, jobs=1)
    session.build()
    b = site / "content" / "b.txt"
    b.write_text(b.read_text().replace("Imbrie stated", "Imbrie then stated"))
    session.build()  # reads the shadow's manifest once (the folder of the build before)
    read: list[str] = []
    real = heldmanifests.load_manifest
    monkeypatch.setattr(heldmanifests, "load_manifest",
                        lambda folder, *rest: read.append(folder.name) or real(folder, *rest))
    for n in range(3):
        b.write_text(b.read_text().replace("Imbrie", f"Imbrie ({n})", 1))
        session.build()
    assert read == []
    assert served(site) == fresh_build(site, "fresh")  # (a fresh build reads its own)
    read.clear()
    live = site / "_site" / MANIFEST
    live.write_bytes(live.read_bytes())  # the same bytes, another modification time
    b.write_text(b.read_text().replace("Imbrie", "Imbrie (again)", 1))
    session.build()
    assert read == ["_site"]
    assert served(site) == fresh_build(site, "fresh2")
