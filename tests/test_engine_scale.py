"""Engine behaviour that keeps large sites fast: reuse within a re-read CSV, untouched output."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.synth import csv_row
from bench.synthtext import make
from generator.build import build
from tests.conftest import REPO, MakeSite
from tests.test_engine import tree

REPO_THEME = REPO / "themes" / "default" / "templates"


def _rows(first_extra: str = "") -> str:
    cables = [make(3, 4, j) for j in range(4)]
    cables[0] = replace(cables[0], content=cables[0].content + first_extra)
    cables[2] = replace(cables[2], classification="TOP SECRET")  # disagrees with its text
    return "".join(csv_row(c) for c in cables)


def test_editing_one_row_of_a_csv_parses_that_row_only(make_site: MakeSite,
                                                        tmp_path: Path) -> None:
    site = make_site({"content/cables.csv": _rows()})
    first = build(site, jobs=1)
    assert first.parsed == 4
    assert any(d.code == "meta-mismatch" for d in first.diagnostics)
    # The first row grows by two lines: the other rows move down, unchanged.
    (site / "content" / "cables.csv").write_text(_rows("\nADDED LINE.\n"), encoding="utf-8")
    again = build(site, jobs=1)
    assert again.parsed == 1
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("_site", ".*"))
    reference = build(clean, jobs=1)
    assert [d.format() for d in again.diagnostics] == [d.format() for d in reference.diagnostics]
    mismatch = [d for d in again.diagnostics if d.code == "meta-mismatch"]
    assert mismatch and all(d.line > 1 for d in mismatch)
    assert tree(site / "_site") == tree(clean / "_site")


def test_a_build_with_nothing_changed_touches_no_file(make_site: MakeSite) -> None:
    site = make_site({"content/cables.csv": _rows()})
    build(site, jobs=1)
    out = site / "_site"
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    live_inode = out.stat().st_ino
    result = build(site, jobs=1)
    assert (result.rendered, result.written, result.removed) == (0, 0, 0)
    assert out.stat().st_ino == live_inode  # not swapped
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before


def test_the_first_build_leaves_a_ready_shadow(make_site: MakeSite) -> None:
    site = make_site({"content/cables.csv": _rows()})
    build(site, jobs=1)
    shadow = site / "._site.cablegen-shadow"
    assert tree(shadow) == tree(site / "_site")
    page = next((site / "_site" / "cables").glob("*.html"))
    assert os.stat(page).st_nlink == 2  # shared with the shadow, not copied
    (site / "content" / "cables.csv").write_text(_rows("\nADDED LINE.\n"), encoding="utf-8")
    build(site, jobs=1)
    # The live page that changed is a new file; the one in the shadow was not written through.
    assert tree(shadow) != tree(site / "_site")
    assert not any(p.name.endswith((".tmp", ".link")) for p in shadow.rglob("*"))


def test_an_unchanged_site_is_not_rebuilt_but_other_changes_are_seen(
        make_site: MakeSite) -> None:
    site = make_site({"content/cables.csv": _rows()})
    first = build(site, jobs=1)
    again = build(site, jobs=1)
    assert (again.cables, again.pages, again.rendered) == (first.cables, first.pages, 0)
    assert again.diagnostics == first.diagnostics
    (site / "content" / "stray.xyz").write_text("?")  # a discovery warning appears
    assert any(d.code == "unknown-file" for d in build(site, jobs=1).diagnostics)
    (site / "content" / "stray.xyz").unlink()
    assert not any(d.code == "unknown-file" for d in build(site, jobs=1).diagnostics)
    shutil.rmtree(site / "_site")  # the output is gone: built again
    assert build(site, jobs=1).written == first.pages
    assert tree(site / "_site") != {}


def test_a_check_between_builds_does_not_hide_an_edit(make_site: MakeSite) -> None:
    site = make_site({"content/cables.csv": _rows()})
    build(site, jobs=1)
    (site / "content" / "cables.csv").write_text(_rows("\nAN EDITED LINE.\n"), encoding="utf-8")
    build(site, write=False, jobs=1)  # parses the edit (the snapshot changes), writes nothing
    result = build(site, jobs=1)
    assert result.rendered > 0
    assert any("AN EDITED LINE." in p.read_text() for p in (site / "_site" / "cables").glob("*"))


def test_a_kept_session_builds_what_a_clean_build_builds(make_site: MakeSite,
                                                         tmp_path: Path) -> None:
    from generator.engine.session import Session
    from tests.test_engine import SEED_TEXT, variant

    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta"),
                      "content/c.txt": variant(901, "Gamma")})
    session = Session(site, jobs=1)
    text = site / "content"
    theme = site / "themes" / "default" / "templates"
    steps = [
        lambda: None,
        # the text of a cable cited by none: its summary and every other page stay
        lambda: (text / "b.txt").write_text(variant(900, "Beta").replace("Bauwens", "B.")),
        lambda: (text / "c.txt").write_text(variant(901, "Gamma renamed")),  # a summary
        lambda: (text / "c.txt").unlink(),
        lambda: (theme.mkdir(parents=True), (theme / "index.html").write_text(
            (REPO_THEME / "index.html").read_text() + "<!-- x -->\n")),
        lambda: (site / "site.toml").write_text('title = "Renamed"\n'),
    ]
    for number, step in enumerate(steps):
        step()
        result = session.build()
        clean = tmp_path / f"clean{number}"
        shutil.copytree(site, clean, ignore=shutil.ignore_patterns("_site", ".*"))
        reference = build(clean, jobs=1)
        assert tree(site / "_site") == tree(clean / "_site"), number
        assert [d.format() for d in result.diagnostics] == [
            d.format().replace(str(clean), str(site)) for d in reference.diagnostics]


def test_an_edit_writes_a_small_snapshot_delta(make_site: MakeSite, monkeypatch: Any) -> None:
    from generator.engine import snapshot
    from generator.engine.version import parser_fingerprint
    from tests.test_engine import SEED_TEXT, variant

    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta"),
                      "content/c.txt": variant(901, "Gamma")})
    cache = site / ".cablegen-cache"
    build(site, jobs=1)
    base = (cache / snapshot.NAME).stat().st_mtime_ns
    (site / "content" / "b.txt").write_text(variant(900, "Beta edited"))
    build(site, jobs=1)
    assert (cache / snapshot.NAME).stat().st_mtime_ns == base
    assert (cache / snapshot.DELTA).exists()
    loaded = snapshot.load(cache, parser_fingerprint())
    assert loaded is not None
    assert loaded.files["content/b.txt"].summaries[0].subject.startswith("Beta edited")
    again = build(site, jobs=1)  # from base + delta: nothing to do
    assert (again.parsed, again.rendered) == (0, 0)
    monkeypatch.setattr(snapshot, "MAX_DELTA", 1)
    (site / "content" / "c.txt").unlink()  # a second file changes: the delta would hold two
    build(site, jobs=1)
    assert not (cache / snapshot.DELTA).exists()
    assert (cache / snapshot.NAME).stat().st_mtime_ns != base
    loaded = snapshot.load(cache, parser_fingerprint())
    assert loaded is not None and set(loaded.files) == {"content/a.txt", "content/b.txt"}


def test_deltas_carry_earlier_records_without_reading_the_last_delta(
        make_site: MakeSite, monkeypatch: Any) -> None:
    """Each delta holds the records of every file changed since the full snapshot, taken
    from the loaded snapshot: saving reads no file (a delta holding a big cables.csv took
    seconds to read again), and a later build finds every edit."""
    from generator.engine import snapshot
    from generator.engine.version import parser_fingerprint
    from tests.test_engine import SEED_TEXT, variant

    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta"),
                      "content/c.txt": variant(901, "Gamma"),
                      "content/d.txt": variant(902, "Delta"),
                      "content/e.txt": variant(903, "Epsilon")})
    cache = site / ".cablegen-cache"
    build(site, jobs=1)
    (site / "content" / "b.txt").write_text(variant(900, "Beta edited"))
    build(site, jobs=1)
    real = snapshot._read
    calls: list[str] = []
    monkeypatch.setattr(snapshot, "_read", lambda path: calls.append(path.name) or real(path))
    (site / "content" / "c.txt").write_text(variant(901, "Gamma edited"))
    build(site, jobs=1)
    assert calls == [snapshot.NAME, snapshot.DELTA], "read once, by the load; not by the save"
    loaded = snapshot.load(cache, parser_fingerprint())
    assert loaded is not None and loaded.delta == {"content/b.txt", "content/c.txt"}
    assert loaded.files["content/b.txt"].summaries[0].subject.startswith("Beta edited")
    assert loaded.files["content/c.txt"].summaries[0].subject.startswith("Gamma edited")
    again = build(site, jobs=1)
    assert (again.parsed, again.rendered) == (0, 0)


def test_a_delta_that_would_hold_most_cables_is_a_whole_snapshot(make_site: MakeSite) -> None:
    """One cables.csv holds every cable: its record is the snapshot, and a delta of it would
    make the next build read the snapshot twice over."""
    from generator.engine import snapshot
    from generator.engine.version import parser_fingerprint
    from tests.test_engine import variant
    from tests.test_kept_keys import CSV_ROW

    rows = "".join(CSV_ROW.format(n=n) for n in range(101, 106))
    site = make_site({"content/cables.csv": rows, "content/a.txt": variant(900, "Beta")})
    cache = site / ".cablegen-cache"
    build(site, jobs=1)
    token = snapshot.load(cache, parser_fingerprint()).token  # type: ignore[union-attr]
    (site / "content" / "a.txt").write_text(variant(900, "Beta edited"))  # 1 cable of 6
    build(site, jobs=1)
    assert (cache / snapshot.DELTA).exists()
    (site / "content" / "cables.csv").write_text(rows.replace("Text of cable 103",
                                                              "Text of cable 103, edited"))
    build(site, jobs=1)  # the delta would hold all 6 cables
    assert not (cache / snapshot.DELTA).exists()
    loaded = snapshot.load(cache, parser_fingerprint())
    assert loaded is not None and loaded.token != token and not loaded.delta
    assert loaded.files["content/a.txt"].summaries[0].subject.startswith("Beta edited")
    again = build(site, jobs=1)
    assert (again.parsed, again.rendered) == (0, 0)


def test_a_snapshot_of_an_older_cablegen_is_read(make_site: MakeSite) -> None:
    import pickle

    from generator.engine import snapshot

    site = make_site({"content/cables.csv": _rows()})
    build(site, jobs=1)
    path = site / ".cablegen-cache" / snapshot.NAME
    snap = pickle.loads(path.read_bytes())
    del snap.token  # as pickled before the field existed
    path.write_bytes(pickle.dumps(snap))
    (site / "content" / "cables.csv").write_text(_rows("\nMORE.\n"), encoding="utf-8")
    result = build(site, jobs=1)
    assert result.parsed == 1 and not [d for d in result.diagnostics if d.level == "error"]


def _shared(site: Path) -> tuple[int, int]:
    """(files of the live site shared with the shadow as one file, files of the live site)."""
    live, shadow = site / "_site", site / "._site.cablegen-shadow"
    files = [p for p in live.rglob("*") if p.is_file()]
    twins = [(p, shadow / p.relative_to(live)) for p in files]
    return sum(1 for p, q in twins if q.is_file() and p.stat().st_ino == q.stat().st_ino), len(
        files)


def test_pages_rendered_again_with_the_same_bytes_become_one_file_in_both_folders(
        make_site: MakeSite) -> None:
    """After a change that rewrites every page, both folders hold their own copies; a later
    re-render that gives the live bytes again links them back into one file each, as the
    first build left them, so the output does not take twice its size on disk."""
    base = (REPO / "themes/default/templates/base.html").read_text(encoding="utf-8")
    theme = "themes/default/templates/base.html"
    site = make_site({"content/cables.csv": _rows(),
                      theme: base.replace("made with cablegen", "made with care")})
    build(site, jobs=1)
    shared, total = _shared(site)
    assert shared >= total - 1  # the first build links every page (not its own manifest)
    (site / theme).write_text(base.replace("made with cablegen", "made with thought"))
    build(site, jobs=1)  # every page changes: the live ones are new files
    (site / theme).write_text(base.replace("made with cablegen", "made with thought") + "{# #}")
    build(site, jobs=1)  # rendered again, same bytes: the shadow's old copies are rewritten
    (site / theme).write_text(base.replace("made with cablegen", "made with thought") + "{##}")
    result = build(site, jobs=1)  # and once more: now linked back
    assert result.rendered > 0 and result.written == 0
    shared, total = _shared(site)
    assert shared >= total - 1  # every page again (not the manifest, each folder's own)
    assert not any(p.name.endswith((".tmp", ".link"))
                   for p in (site / "._site.cablegen-shadow").rglob("*"))
