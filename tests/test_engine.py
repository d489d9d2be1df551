"""The engine: cache, snapshot, incremental rendering and the atomic output swap."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build
from tests.conftest import REPO, SEED, MakeSite

SEED_TEXT = SEED.read_text(encoding="utf-8")


def tree(folder: Path) -> dict[str, str]:
    """Every file of a folder with its digest (the manifest included)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def variant(serial: int, subject: str) -> str:
    """The seed cable under another serial and subject: a second cable for tests."""
    text = SEED_TEXT.replace("BRUSSELS 000881", f"BRUSSELS {serial:06d}")
    text = text.replace("#0881/01", f"#{serial:04d}/01")
    return text.replace("SUBJECT: Joint Russian-U.S. Demarche", f"SUBJECT: {subject}")


def test_second_build_parses_and_renders_nothing(make_site: MakeSite) -> None:
    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Other")})
    first = build(site, jobs=1)
    assert first.parsed == 2 and first.rendered > 0
    again = build(site, jobs=1)
    assert (again.parsed, again.rendered, again.written) == (0, 0, 0)
    assert [d.format() for d in again.diagnostics] == [d.format() for d in first.diagnostics]


def test_a_no_change_build_does_not_load_the_snapshot(make_site: MakeSite,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """At 250,000 cables loading the snapshot alone takes seconds: a fresh process whose
    cable files all have the sizes and mtimes the snapshot recorded skips it."""
    from generator.engine import session

    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Other")})
    first = build(site, jobs=1)
    loads: list[Path] = []
    real = session.snapshot.load
    monkeypatch.setattr(session.snapshot, "load",
                        lambda folder, version: loads.append(folder) or real(folder, version))
    again = build(site, jobs=1)
    assert loads == []
    assert (again.cables, again.pages) == (first.cables, first.pages)
    assert [d.format() for d in again.diagnostics] == [d.format() for d in first.diagnostics]
    cable = site / "content" / "b.txt"
    os.utime(cable, ns=(cable.stat().st_atime_ns, cable.stat().st_mtime_ns + 10**9))
    touched = build(site, jobs=1)  # same bytes, new mtime: read again, nothing rendered
    assert len(loads) == 1 and touched.rendered == 0
    build(site, jobs=1)
    assert len(loads) == 1  # the new mtime is recorded: skipped again
    cable.write_text(variant(900, "Edited"), encoding="utf-8")
    edited = build(site, jobs=1)
    assert len(loads) == 2 and edited.written > 0
    assert "Edited" in (site / "_site" / "cables" / "07BRUSSELS900.html").read_text()


def test_incremental_builds_equal_a_clean_build(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta"),
                      "content/c.txt": variant(901, "Gamma")})
    build(site, jobs=1)
    (site / "content" / "b.txt").write_text(variant(900, "Beta edited"))
    build(site, jobs=1)
    (site / "content" / "c.txt").unlink()
    (site / "content" / "d.txt").write_text(variant(902, "Delta"))
    build(site, jobs=1)
    theme = site / "themes" / "default" / "templates"
    theme.mkdir(parents=True)
    shutil.copy(Path(__file__).parent.parent / "themes/default/templates/index.html", theme)
    (theme / "index.html").write_text((theme / "index.html").read_text() + "<!-- x -->\n")
    build(site, jobs=1)
    (site / "site.toml").write_text('title = "Renamed"\n')
    result = build(site, jobs=1)
    assert not [d for d in result.diagnostics if d.level == "error"]
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("_site", ".*"))
    build(clean, jobs=1)
    assert tree(site / "_site") == tree(clean / "_site")
    assert not (site / "_site" / "cables" / "07BRUSSELS901.html").exists()


def test_parallel_build_equals_serial_build(make_site: MakeSite, tmp_path: Path) -> None:
    files = {f"content/c{i}.txt": variant(100 + i, f"Cable {i}") for i in range(40)}
    site = make_site(files)
    build(site, tmp_path / "serial", jobs=1)
    shutil.rmtree(site / ".cablegen-cache")
    build(site, tmp_path / "parallel", jobs=2)
    assert tree(tmp_path / "serial") == tree(tmp_path / "parallel")


def test_cached_parse_follows_a_renamed_file(make_site: MakeSite) -> None:
    site = make_site({"content/a.txt": SEED_TEXT})
    build(site, jobs=1)
    os.rename(site / "content" / "a.txt", site / "content" / "renamed.txt")
    result = build(site, jobs=1)
    assert result.parsed == 0
    page = (site / "_site" / "cables" / "07BRUSSELS881.html").read_text()
    assert "content/renamed.txt" in page and "content/a.txt" not in page


def test_files_the_build_did_not_produce_are_kept(make_site: MakeSite) -> None:
    site = make_site({"content/a.txt": SEED_TEXT})
    build(site, jobs=1)
    (site / "_site" / "CNAME").write_text("cables.example.org\n")
    (site / "_site" / "extra").mkdir()
    (site / "_site" / "extra" / "readme.txt").write_text("mine")
    (site / "content" / "a.txt").write_text(variant(881, "Changed subject"))
    build(site, jobs=1)
    assert (site / "_site" / "CNAME").read_text() == "cables.example.org\n"
    assert (site / "_site" / "extra" / "readme.txt").read_text() == "mine"
    assert "Changed subject" in (site / "_site" / "index.html").read_text()


def test_a_lost_cache_only_costs_time(make_site: MakeSite) -> None:
    site = make_site({"content/a.txt": SEED_TEXT})
    build(site, jobs=1)
    before = tree(site / "_site")
    shutil.rmtree(site / ".cablegen-cache")
    result = build(site, jobs=1)
    assert result.parsed == 1 and tree(site / "_site") == before


STATE_KEYS = """
import sys
from pathlib import Path
from generator.config import load_config
from generator.engine.parsing import state_key
from generator.engine.stages import load_states
from generator.features import all_features
from generator.read import discover
config, _ = load_config(Path(sys.argv[1]))
found = discover(config.root, str(config.get("content")))
states, _ = load_states(config, found, all_features())
print(sorted((name, state_key(state)) for name, state in states.items()))
"""


def test_feature_state_keys_are_the_same_in_every_process(example_site: Path) -> None:
    """The no-change shortcut compares them with the last build's, made by another process."""
    runs = [subprocess.run([sys.executable, "-c", STATE_KEYS, str(example_site)], check=True,
                           capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)})
            for seed in ("1", "2")]
    assert "pages" in runs[0].stdout and "notes" in runs[0].stdout
    assert runs[0].stdout == runs[1].stdout


def test_search_terms_stay_in_the_cache_and_the_index_is_the_same(make_site: MakeSite,
                                                                  tmp_path: Path) -> None:
    """The build keeps only each cable's term digest and length in memory (``light``) and
    streams the terms from the cache into the index: the index is the one built from the
    whole values in memory, after a cold build and after an edit in a kept session."""
    from dataclasses import replace

    from generator.engine.session import Session

    files = {f"content/c{i}.txt": variant(300 + i, f"Cable {i} about zebu{i}") for i in range(6)}
    light_site = make_site(files)
    whole_site = tmp_path / "whole"
    shutil.copytree(light_site, whole_site)
    light = Session(light_site, jobs=1, progress=False)
    whole = Session(whole_site, jobs=1, progress=False)
    whole.features = tuple(replace(f, light=None) if f.name == "search" else f
                           for f in whole.features)

    def search_files(site: Path) -> dict[str, str]:
        return {k: v for k, v in tree(site / "_site").items() if k.startswith("search/")}

    for edit in (None, "Cable 2 about okapis"):
        if edit is not None:
            for site in (light_site, whole_site):
                (site / "content" / "c2.txt").write_text(variant(302, edit))
        light.build()
        whole.build()
        kept = [v for r in light.snapshot.files.values() for v in r.collected["search"]]
        full = [v for r in whole.snapshot.files.values() for v in r.collected["search"]]
        assert len(kept) == 6 and all(v.packed == b"" and v.length > 0 for v in kept)
        assert all(v.packed for v in full)
        assert sorted((v.digest, v.length) for v in kept) == \
            sorted((v.digest, v.length) for v in full)
        assert search_files(light_site) == search_files(whole_site)
        chunks = b"".join((light_site / "_site" / p).read_bytes()
                          for p in search_files(light_site) if p.startswith("search/t/"))
        assert (b'"okapi"' in chunks) == (edit is not None)
        assert (b'"zebu2"' in chunks) == (edit is None)


def test_a_manifest_loaded_like_another_shares_its_equal_entries(tmp_path: Path) -> None:
    """The shadow's manifest reuses the live manifest's entries where they are equal (one
    copy in memory, not two, of 800,000 pages' keys and digests), and only there."""
    from generator.engine.manifest import entry
    from generator.engine.outfiles import load_manifest, save_manifest

    live, shadow = tmp_path / "live", tmp_path / "shadow"
    live.mkdir()
    shadow.mkdir()
    a1, b2, b_old, c3 = entry("k1", "d1"), entry("k2", "d2"), entry("k2", "old"), entry("k3", "d3")
    save_manifest(live, {"a.html": a1, "b.html": b2})
    save_manifest(shadow, {"a.html": a1, "b.html": b_old, "c.html": c3})
    first = load_manifest(live)
    assert first == {"a.html": a1, "b.html": b2}
    second = load_manifest(shadow, first)
    assert second == {"a.html": a1, "b.html": b_old, "c.html": c3}
    assert second["a.html"] is first["a.html"] and second["b.html"] is not first["b.html"]


@pytest.mark.parametrize("once", [True, False])
def test_a_one_build_session_lets_the_corpus_go_before_the_link_check(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, once: bool) -> None:
    """``cablegen build`` has no next build: by the link check, which loads the link
    index at the end of the build where its memory peaks, no snapshot, corpus or
    summary is left alive. A session kept for rebuilds (``cablegen serve``) keeps them."""
    import gc

    from generator.engine import session
    from generator.engine.snapshot import Snapshot
    from generator.link import Corpus, Summary

    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Other")})
    alive: list[int] = []
    real = session.check_links

    def check(*args: object, **kwargs: object) -> object:
        gc.collect()
        alive.append(sum(isinstance(o, (Corpus, Snapshot, Summary)) for o in gc.get_objects()))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(session, "check_links", check)
    kept = session.Session(site, jobs=1, once=once)
    result = kept.build()
    assert (result.cables, result.parsed) == (2, 2) and result.pages > 10
    if once:
        assert alive == [0] and kept.snapshot is None and kept.memo.corpus is None
    else:
        assert alive[0] >= 4 and kept.snapshot is not None and kept.memo.corpus is not None
        (site / "content" / "b.txt").write_text(variant(900, "Other").replace(
            "demarche", "demarches", 1))
        assert kept.build().parsed == 1
