"""The first look: an edited cable's page is served before the rest of its rebuild.

The engine renders the changed cables' files with the build's own context
and hands them over early; the preview serves them at once, then publishes
the whole build, which must leave the site equal to a clean build. A build
that fails after its first look takes it back.
"""

from __future__ import annotations

import gc
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.build import BuildResult, build
from generator.engine.early import LIMIT, Early, Files
from generator.engine.session import Session
from generator.serve.rebuild import SessionRebuilder
from tests.cabletext import cable_text
from tests.conftest import MakeSite
from tests.servekit import TIMEOUT, after, get, running, seed_text, tree

PAGE = "cables/07BRUSSELS881.html"


def _edit(site: Path, words: str) -> None:
    cable = site / "content" / "07BRUSSELS881.txt"
    cable.write_text(seed_text().replace("Music to the Ears", words), encoding="utf-8")


def test_a_kept_session_hands_over_exactly_the_edited_cables_files(example_site: Path,
                                                                   tmp_path: Path) -> None:
    session = Session(example_site, tmp_path / "out", jobs=1)
    looks: list[Files] = []
    session.build(early=looks.append)
    assert looks == []  # the first build has nothing to compare with
    _edit(example_site, "Music, edited")
    result = session.build(early=looks.append)
    assert not [d for d in result.diagnostics if d.level == "error"]
    assert len(looks) == 1
    files = dict(looks[0])
    assert {PAGE, "cables/07BRUSSELS881.json"} <= set(files)
    assert b"Music, edited" in files[PAGE]
    for rel, data in files.items():  # the very bytes the build then wrote
        assert (tmp_path / "out" / rel).read_bytes() == data, rel
    template = example_site / "themes" / "default" / "templates" / "cable.html"
    template.write_text(template.read_text() + "\n")
    session.build(early=looks.append)
    assert len(looks) == 1  # no cable changed: nothing to show first


def test_no_garbage_collection_on_the_way_to_the_first_look(example_site: Path,
                                                            tmp_path: Path) -> None:
    """A full collection over a big session's heap takes a fifth of a second: not then."""
    session = Session(example_site, tmp_path / "out", jobs=1)
    during: list[bool] = []
    session.build(early=lambda files: during.append(gc.isenabled()))
    _edit(example_site, "Music, edited")
    session.build(early=lambda files: during.append(gc.isenabled()))
    assert during == [False]
    assert gc.isenabled()  # and back on for the rest of the build and after it
    gc.disable()
    try:  # a collector the caller switched off stays off
        _edit(example_site, "Music, edited again")
        session.build(early=lambda files: during.append(gc.isenabled()))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_no_first_look_for_a_bulk_change(make_site: MakeSite, tmp_path: Path) -> None:
    count = LIMIT + 1
    texts = {f"content/c{n}.txt": cable_text(
        "AMEMBASSY BRUSSELS", f"UNCLAS BRUSSELS 000{100 + n}", "101200Z MAR 07",
        f"CABLE {n}", "1. A paragraph.") for n in range(count)}
    site = make_site(texts)
    session = Session(site, tmp_path / "out", jobs=1)
    looks: list[Files] = []
    session.build(early=looks.append)
    for rel, text in texts.items():
        (site / rel).write_text(text.replace("paragraph", "paragraph, edited"), encoding="utf-8")
    session.build(early=looks.append)
    assert looks == []
    (site / "content" / "c0.txt").write_text(texts["content/c0.txt"] + "\nMore.\n",
                                             encoding="utf-8")
    session.build(early=looks.append)
    assert len(looks) == 1


@dataclass
class Watching:
    """The real incremental engine; notes what the server sends right after each first look."""

    inner: SessionRebuilder
    port: int = 0
    seen: list[tuple[bytes, str]] = field(default_factory=list)
    fail_after_look: threading.Event = field(default_factory=threading.Event)

    @property
    def output(self) -> Path:
        return self.inner.output

    def rebuild(self, changed: frozenset[Path] | None, early: Early | None = None) -> BuildResult:
        def look(files: Files) -> None:
            assert early is not None
            early(files)
            status, _, body = get(self.port, "/" + PAGE)
            assert status == 200
            self.seen.append((body, (self.output / PAGE).read_bytes()
                              if (self.output / PAGE).exists() else b""))

        result = self.inner.rebuild(changed, look)
        if self.fail_after_look.is_set():
            raise RuntimeError("the build broke after its first look")
        return result


def test_the_edited_page_is_served_before_the_build_ends(example_site: Path,
                                                         tmp_path: Path) -> None:
    watching = Watching(SessionRebuilder(example_site.resolve(), tmp_path / "staging"))
    with running(example_site, rebuilder=watching) as preview:
        watching.port = preview.server.server_port  # the first build has no first look
        after(preview, lambda: _edit(example_site, "Music, seen first"))
        assert len(watching.seen) == 1
        served, staged = watching.seen[0]
        assert b"Music, seen first" in served
        assert b"Music, seen first" not in staged  # the build had not written it yet
        state = preview.live.state()
        assert state.changed is not None and PAGE not in state.changed  # same bytes: kept
        clean = tmp_path / "clean"
        build(example_site, clean)
        assert tree(preview.served) == tree(clean)


def test_a_build_that_fails_after_its_first_look_takes_it_back(example_site: Path,
                                                               tmp_path: Path) -> None:
    watching = Watching(SessionRebuilder(example_site.resolve(), tmp_path / "staging"))
    with running(example_site, rebuilder=watching) as preview:
        watching.port = preview.server.server_port
        good = tree(preview.served)
        watching.fail_after_look.set()
        after(preview, lambda: _edit(example_site, "Music, withdrawn"))
        assert b"Music, withdrawn" in watching.seen[-1][0]
        state = preview.live.state()
        assert state.failed and state.changed is not None and PAGE in state.changed
        assert tree(preview.served) == good
        watching.fail_after_look.clear()
        after(preview, lambda: _edit(example_site, "Music, fixed"))
        assert not preview.live.state().failed
        clean = tmp_path / "clean"
        build(example_site, clean)
        assert tree(preview.served) == tree(clean)


def test_the_build_waits_while_watched_pages_reload() -> None:
    """After a first look the build yields to the reloads: until the reads stop, or a cap."""
    from generator.serve.live import Live

    live = Live()
    started = time.monotonic()
    live.settle(first=30, idle=30, most=60)
    assert time.monotonic() - started < 30  # nobody watching: no wait at all
    reads = 0
    go = threading.Event()

    def reload() -> None:
        nonlocal reads
        go.wait(TIMEOUT)
        for _ in range(20):  # a page and its files, one after the other
            with live.reading():
                reads += 1
            time.sleep(0.01)

    thread = threading.Thread(target=reload)
    with live.listening():
        thread.start()
        go.set()
        live.settle(first=TIMEOUT, idle=1.0, most=TIMEOUT)
        assert reads == 20  # it waited for the last file of the reload
        thread.join()
        started = time.monotonic()
        live.settle(first=0.2, idle=30, most=60)
        assert time.monotonic() - started < 30  # no reload came: it gave up after `first`


def test_the_first_edit_after_a_restart_is_shown_first(example_site: Path, tmp_path: Path) -> None:
    """A preview started again on an unchanged site builds in full (its staging folder is
    forgotten at start, so the no-change shortcut, which keys nothing, is never taken)."""
    staging = tmp_path / "staging"
    with running(example_site, rebuilder=SessionRebuilder(example_site.resolve(), staging)):
        pass
    watching = Watching(SessionRebuilder(example_site.resolve(), staging))
    with running(example_site, rebuilder=watching) as preview:
        watching.port = preview.server.server_port
        assert watching.inner.session.memo.keys, "the session learnt the site before any edit"
        after(preview, lambda: _edit(example_site, "Music, after a restart"))
        assert len(watching.seen) == 1
        assert b"Music, after a restart" in watching.seen[0][0]
