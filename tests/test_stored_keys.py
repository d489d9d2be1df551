"""A build in a fresh process takes up the page keys the last one saved (``engine.keptkeys``).

``cablegen build`` after an edit keys again only the edited cables' pages,
as a kept session does, when it starts from the snapshot the saved keys were
made with and the records it reads agree with it wherever other cables' keys
look. Otherwise every page is keyed again. Either way the site must equal a
build from nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
from generator.engine import keptkeys
from generator.engine.session import Session
from tests.conftest import MakeSite
from tests.test_engine import SEED_TEXT, variant
from tests.test_kept_keys import CSV_ROW, _keyed, fresh_build, served


def _three(make_site: MakeSite) -> Path:
    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta"),
                      "content/c.txt": variant(901, "Gamma")})
    build(site, jobs=1)
    return site


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_fresh_process_after_an_edit_keys_only_the_edited_cable(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _three(make_site)
    assert (site / ".cablegen-cache" / keptkeys.NAME).is_file()
    calls = _keyed(monkeypatch)
    _edit(site / "content" / "b.txt", "Imbrie stated", "Imbrie firmly stated")
    result = build(site, jobs=1)
    assert calls == ["b.txt"] and result.parsed == 1
    assert "Imbrie firmly stated" in (site / "_site" / "cables" / "07BRUSSELS900.html").read_text()
    assert served(site) == fresh_build(site, "fresh")
    calls.clear()
    _edit(site / "content" / "c.txt", "Imbrie stated", "Imbrie also stated")
    build(site, jobs=1)  # the keys the last build saved, with b's new one among them
    assert calls == ["c.txt"]
    assert served(site) == fresh_build(site, "fresh2")


def test_an_edited_csv_row_in_a_fresh_process(make_site: MakeSite,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    rows = "".join(CSV_ROW.format(n=n) for n in range(101, 106))
    site = make_site({"content/cables.csv": rows})
    build(site, jobs=1)
    calls = _keyed(monkeypatch)
    (site / "content" / "cables.csv").write_text(rows.replace("Text of cable 103.",
                                                              "Text of cable 103, edited."))
    build(site, jobs=1)
    assert calls == ["cables.csv"]
    page = (site / "_site" / "cables" / "03OTTAWA103.html").read_text()
    assert "Text of cable 103, edited." in page
    assert served(site) == fresh_build(site, "fresh")


def test_what_other_pages_read_keys_them_all_again(make_site: MakeSite,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A new definition (which the post's other cables show) and a new subject (which
    every list and neighbour shows) are not an edit of one cable's own text."""
    uses = SEED_TEXT.replace("Imbrie stated", "Imbrie, citing the ZLC, stated")
    site = make_site({"content/a.txt": uses, "content/b.txt": variant(900, "Beta")})
    build(site, jobs=1)
    calls = _keyed(monkeypatch)
    b = site / "content" / "b.txt"
    _edit(b, "Imbrie stated", "Imbrie, for the Zorbian Liberation Council (ZLC), stated")
    build(site, jobs=1)
    assert sorted(calls) == ["a.txt", "b.txt"]
    a_page = site / "_site" / "cables" / "07BRUSSELS881.html"
    assert "Zorbian Liberation Council" in a_page.read_text()
    assert served(site) == fresh_build(site, "fresh")
    calls.clear()
    _edit(b, "Imbrie, for", "Imbrie, speaking for")
    build(site, jobs=1)  # the same definition: only b
    assert calls == ["b.txt"]
    calls.clear()
    _edit(b, "SUBJECT: Beta", "SUBJECT: Beta, renamed")
    build(site, jobs=1)
    assert sorted(calls) == ["a.txt", "b.txt"]
    assert served(site) == fresh_build(site, "fresh2")


def test_keys_saved_before_another_build_are_not_taken_up(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kept session (``cablegen serve``) does not save its keys: after it, the saved
    keys name a snapshot that is gone, and the next process keys every page."""
    site = _three(make_site)
    _edit(site / "content" / "c.txt", "Imbrie stated", "Imbrie in turn stated")
    Session(site, jobs=1).build()
    calls = _keyed(monkeypatch)
    _edit(site / "content" / "b.txt", "Imbrie stated", "Imbrie firmly stated")
    build(site, jobs=1)
    assert sorted(calls) == ["a.txt", "b.txt", "c.txt"]
    assert served(site) == fresh_build(site, "fresh")


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None])
def test_damaged_or_missing_keys_only_cost_time(make_site: MakeSite,
                                                monkeypatch: pytest.MonkeyPatch,
                                                damage: bytes | None) -> None:
    site = _three(make_site)
    stored = site / ".cablegen-cache" / keptkeys.NAME
    if damage is None:
        stored.unlink()
    else:
        stored.write_bytes(damage)
    calls = _keyed(monkeypatch)
    _edit(site / "content" / "b.txt", "Imbrie stated", "Imbrie firmly stated")
    result = build(site, jobs=1)
    assert sorted(calls) == ["a.txt", "b.txt", "c.txt"]
    assert not [d for d in result.diagnostics if d.level == "error"]
    assert served(site) == fresh_build(site, "fresh")


def test_term_pages_keep_their_keys_across_processes(make_site: MakeSite,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The term pages' keys travel too (``features.Carried``): a fresh process keys again
    only the pages of the edited cable's terms, unless the post definitions changed."""
    from generator.glossary import pages

    other = variant(900, "Beta").replace("Imbrie stated", "The OSCE and the WHO stated")
    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": other})
    build(site, jobs=1)
    keyed: list[str] = []
    real = pages._row_key
    monkeypatch.setattr(pages, "_row_key", lambda summary, term, *rest: keyed.append(term)
                        or real(summary, term, *rest))
    _edit(site / "content" / "a.txt", "Imbrie stated", "Imbrie, at the UN, stated")
    build(site, jobs=1)
    assert keyed and "UN" in keyed and not {"OSCE", "WHO"} & set(keyed)
    assert served(site) == fresh_build(site, "fresh")
    keyed.clear()
    _edit(site / "content" / "b.txt", "The OSCE and",
          "The Zorbian Liberation Council (ZLC), the OSCE and")
    build(site, jobs=1)  # a new definition of the post: every term page is keyed again
    assert {"OSCE", "WHO", "UN"} <= set(keyed)
    assert served(site) == fresh_build(site, "fresh2")


def test_a_row_added_at_the_top_of_a_csv_counts_the_rows_after_it_as_changed(
        make_site: MakeSite) -> None:
    """Rows that moved have new lines, so new summaries: ``changed`` holds them, and the
    site equals a build from nothing."""
    rows = "".join(CSV_ROW.format(n=n) for n in range(101, 106))
    site = make_site({"content/cables.csv": rows})
    build(site, jobs=1)
    (site / "content" / "cables.csv").write_text(CSV_ROW.format(n=100) + rows)
    build(site, jobs=1)
    assert (site / "_site" / "cables" / "03OTTAWA100.html").is_file()
    assert served(site) == fresh_build(site, "fresh")


def test_changed_ids_of_two_snapshots(make_site: MakeSite) -> None:
    from generator.engine import snapshot
    from generator.engine.cache import Cache
    from generator.engine.version import parser_fingerprint

    rows = "".join(CSV_ROW.format(n=n) for n in range(101, 106))
    site = make_site({"content/cables.csv": rows, "content/x.txt": SEED_TEXT})
    build(site, jobs=1)
    cache = site / ".cablegen-cache"
    version = Cache(cache, parser_fingerprint()).version

    def snap() -> snapshot.Snapshot:
        found = snapshot.load(cache, version)
        assert found is not None
        return found

    first = snap()
    assert keptkeys.changed_ids(first, snap()) == frozenset()
    (site / "content" / "cables.csv").write_text(rows.replace("cable 103.", "cable 103, edited."))
    build(site, jobs=1)
    second = snap()
    assert keptkeys.changed_ids(first, second) == {"03OTTAWA103"}
    (site / "content" / "cables.csv").write_text(rows.replace(CSV_ROW.format(n=102), ""))
    (site / "content" / "x.txt").unlink()
    build(site, jobs=1)
    assert keptkeys.changed_ids(second, snap()) == {
        "03OTTAWA102", "03OTTAWA103", "03OTTAWA104", "03OTTAWA105", "07BRUSSELS881"}


def test_diagnostics_of_unchanged_rows_follow_their_lines(make_site: MakeSite) -> None:
    """A re-read CSV keeps the records of rows still at their line as they are and moves
    the others: their diagnostics name the line each row starts at now."""
    bad = CSV_ROW.format(n=104).replace("3/13/2003 19:26", "not a date")
    rows = "".join(CSV_ROW.format(n=n) for n in range(101, 104)) + bad

    def dated(result: object) -> set[tuple[str, int, str]]:
        return {(d.path, d.line, d.code) for d in result.diagnostics  # type: ignore[attr-defined]
                if d.code in ("csv-date", "no-date")}

    site = make_site({"content/cables.csv": rows})
    first = dated(build(site, jobs=1))
    line = rows[:rows.index('"104"')].count("\n") + 1
    assert first == {("content/cables.csv", line, "csv-date"),
                     ("content/cables.csv", line, "no-date")}
    csv = site / "content" / "cables.csv"
    csv.write_text(rows.replace("Text of cable 102.", "Text of cable 102, edited."))
    assert dated(build(site, jobs=1)) == first
    csv.write_text(rows.replace("Text of cable 102.", "Text of cable 102,\nover two lines."))
    assert dated(build(site, jobs=1)) == {("content/cables.csv", line + 1, "csv-date"),
                                          ("content/cables.csv", line + 1, "no-date")}


@pytest.mark.parametrize("kept", [True, False], ids=["session", "fresh-process"])
def test_list_pages_digest_again_only_the_lists_of_changed_cables(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, kept: bool) -> None:
    """A list page takes its summaries' digest from the last build while its cables are
    the same and none of them changed (``browse_pages.LISTED``); the lists of an edited
    cable are digested again, and show its new subject."""
    from generator.features import browse_pages

    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta"),
                      "content/c.txt": variant(901, "Gamma").replace("MAR 07", "MAR 06")
                      .replace("TAGS: PTER KNNP MCAP PINR PARM PREL BE RS", "TAGS: ECON FR")})
    session = Session(site, jobs=1)
    run = session.build if kept else (lambda: build(site, jobs=1))
    run()
    digested: list[tuple[str, ...]] = []
    real = browse_pages.summaries_key
    monkeypatch.setattr(browse_pages, "summaries_key",
                        lambda cables: digested.append(tuple(c.id for c in cables))
                        or real(cables))
    _edit(site / "content" / "b.txt", "SUBJECT: Beta", "SUBJECT: Beta, renamed")
    run()
    assert digested and all("07BRUSSELS900" in ids for ids in digested)
    assert "06BRUSSELS901" in (site / "_site" / "tags" / "ECON.html").read_text()
    for path in (site / "_site" / "posts").glob("*.html"):
        if "07BRUSSELS900" in path.read_text():
            assert "Beta, renamed" in path.read_text()
    assert served(site) == fresh_build(site, "fresh")


def test_a_session_build_that_failed_leaves_nothing_stale(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that failed after reading its files moved the session's snapshot on, not
    what its features left: the next build must not take the older values as current
    (b's new subject, read by the failed build, must reach b's lists)."""
    from generator.engine import session as session_module

    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta"),
                      "content/c.txt": variant(901, "Gamma").replace("MAR 07", "MAR 06")})
    session = Session(site, jobs=1)
    session.build()
    real = session_module.page_jobs

    def failing(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a build that fails half way")

    monkeypatch.setattr(session_module, "page_jobs", failing)
    _edit(site / "content" / "b.txt", "SUBJECT: Beta", "SUBJECT: Beta, renamed")
    with pytest.raises(RuntimeError):
        session.build()
    monkeypatch.setattr(session_module, "page_jobs", real)
    _edit(site / "content" / "c.txt", "Imbrie stated", "Imbrie also stated")
    session.build()
    year = (site / "_site" / "dates" / "2007.html").read_text()
    assert "Beta, renamed" in year
    assert served(site) == fresh_build(site, "fresh")
