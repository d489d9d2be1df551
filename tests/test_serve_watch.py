"""The watch loop, without a server: every way of saving is seen, bursts are one batch."""

from __future__ import annotations

import os
import queue
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.serve.watch import DONE, OPEN, OTHER, Kind, Watcher, gather
from tests.conftest import MakeSite
from tests.servekit import REF_CABLE, TIMEOUT, seed_text

Batches = queue.Queue[frozenset[Path]]


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    """A site with one cable and a theme of its own, as the site folder resolves."""
    root = make_site({"content/07BRUSSELS881.txt": seed_text(),
                      "themes/default/templates/cable.html": "{% extends 'base.html' %}\n"})
    return root.resolve()


@contextmanager
def watching(site: Path, quiet: float = 0.05, max_wait: float = 1.0,
             settle: float = 0.01) -> Iterator[Batches]:
    """Run ``Watcher.batches`` in a thread; yield the queue its batches arrive on."""
    stop = threading.Event()
    batches: Batches = queue.Queue()
    with Watcher(site, quiet=quiet, max_wait=max_wait, settle=settle) as watcher:
        def pump() -> None:
            for batch in watcher.batches(stop):
                batches.put(batch)

        thread = threading.Thread(target=pump, daemon=True)
        thread.start()
        try:
            yield batches
        finally:
            stop.set()
            thread.join(TIMEOUT)


def until(batches: Batches, wanted: set[Path]) -> list[frozenset[Path]]:
    """Every batch up to the one that completes ``wanted`` (fails after a generous timeout)."""
    seen: list[frozenset[Path]] = []
    missing = set(wanted)
    while missing:
        try:
            batch = batches.get(timeout=TIMEOUT)
        except queue.Empty:
            raise AssertionError(f"never saw {sorted(map(str, missing))}; saw {seen}") from None
        seen.append(batch)
        missing -= batch
    return seen


def vim_save(path: Path, text: str) -> None:
    """vim with backupcopy=no: probe file, rename to a backup, write anew, drop the backup."""
    probe = path.parent / "4913"
    probe.write_text("")
    probe.unlink()
    swap = path.parent / f".{path.name}.swp"
    swap.write_bytes(b"b0VIM 9.0")
    backup = path.with_name(path.name + "~")
    os.rename(path, backup)
    path.write_text(text)
    backup.unlink()
    swap.unlink()


def vim_copy_save(path: Path, text: str) -> None:
    """vim with backupcopy=yes: copy to a backup, then truncate and write the original."""
    shutil.copy(path, path.with_name(path.name + "~"))
    with open(path, "r+", encoding="utf-8") as handle:
        handle.truncate(0)
        handle.write(text)


def ide_save(path: Path, text: str) -> None:
    """VS Code and most IDEs: write a hidden temporary file, rename it over the original."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(text)
    os.replace(temp, path)


def jetbrains_save(path: Path, text: str) -> None:
    """JetBrains 'safe write': temporary file, original renamed away, temporary renamed in."""
    temp = path.with_name(path.name + "___jb_tmp___")
    old = path.with_name(path.name + "___jb_old___")
    temp.write_text(text)
    os.rename(path, old)
    os.rename(temp, path)
    old.unlink()


def truncate_save(path: Path, text: str) -> None:
    """nano, echo >: truncate the file, then write it."""
    path.write_text(text)


def touch(path: Path, text: str) -> None:
    """``touch``: no new bytes, but users expect it to rebuild."""
    os.utime(path)


SAVES: dict[str, Callable[[Path, str], None]] = {
    "vim": vim_save, "vim-backupcopy": vim_copy_save, "ide": ide_save,
    "jetbrains": jetbrains_save, "truncate": truncate_save, "touch": touch}


@pytest.mark.parametrize("style", SAVES)
def test_every_save_style_is_seen(site: Path, style: str) -> None:
    cable = site / "content" / "07BRUSSELS881.txt"
    with watching(site) as batches:
        SAVES[style](cable, seed_text().replace("Music to the Ears", f"Saved by {style}"))
        seen = until(batches, {cable})
    names = {p.name for batch in seen for p in batch}
    assert not names & {"4913", ".07BRUSSELS881.txt.swp", "07BRUSSELS881.txt~",
                        "07BRUSSELS881.txt___jb_tmp___", "07BRUSSELS881.txt___jb_old___"}


def test_create_delete_rename_and_move(site: Path) -> None:
    content = site / "content"
    with watching(site) as batches:
        (content / "ref.txt").write_text(REF_CABLE)
        until(batches, {content / "ref.txt"})
        os.rename(content / "ref.txt", content / "state.txt")
        until(batches, {content / "ref.txt", content / "state.txt"})
        (content / "2007").mkdir()
        os.rename(content / "state.txt", content / "2007" / "state.txt")
        until(batches, {content / "state.txt", content / "2007" / "state.txt"})
        (content / "2007" / "state.txt").unlink()
        until(batches, {content / "2007" / "state.txt"})
        shutil.rmtree(content / "2007")
        (content / "07BRUSSELS881.txt").unlink()
        until(batches, {content / "07BRUSSELS881.txt"})


def test_site_toml_and_themes_are_watched_output_is_not(site: Path) -> None:
    template = site / "themes" / "default" / "templates" / "cable.html"
    with watching(site) as batches:
        (site / "_site").mkdir()
        (site / "_site" / "index.html").write_text("output")
        (site / ".cablegen-cache" / "serve").mkdir(parents=True)
        (site / ".cablegen-cache" / "serve" / "index.html").write_text("staging")
        (site / "notes.txt").write_text("not a source")
        (site / "site.toml").write_text('title = "Changed"\n')
        seen = until(batches, {site / "site.toml"})
        template.write_text("{% extends 'base.html' %}{# edited #}\n")
        seen += until(batches, {template})
        (site / "themes" / "mine" / "static").mkdir(parents=True)
        (site / "themes" / "mine" / "static" / "extra.css").write_text("p {}")
        seen += until(batches, {site / "themes" / "mine" / "static" / "extra.css"})
    paths = {p for batch in seen for p in batch}
    assert not {p for p in paths if p.parts[len(site.parts)] in ("_site", ".cablegen-cache")}
    assert site / "notes.txt" not in paths


def test_swap_and_backup_files_alone_trigger_nothing(site: Path) -> None:
    content = site / "content"
    with watching(site) as batches:
        for name in (".07BRUSSELS881.txt.swp", "07BRUSSELS881.txt~", "#draft.txt#", "4913"):
            (content / name).write_text("editor droppings")
        (content / "ref.txt").write_text(REF_CABLE)
        seen = until(batches, {content / "ref.txt"})
    assert all(p.name == "ref.txt" for batch in seen for p in batch), seen


def test_a_burst_of_saves_is_one_batch(site: Path) -> None:
    content = site / "content"
    wanted = {content / f"cable-{n:02}.txt" for n in range(30)}
    with watching(site, quiet=0.5, max_wait=30, settle=0.5) as batches:
        for path in sorted(wanted):
            path.write_text(REF_CABLE)
        seen = until(batches, wanted)
    assert len(seen) <= 2, [len(b) for b in seen]  # one, unless the machine stalls for 0.5 s


def test_gather_takes_everything_queued_in_one_batch() -> None:
    events: queue.Queue[tuple[Path, Kind]] = queue.Queue()
    for n in range(100):
        events.put((Path(f"/site/content/{n}.txt"), OPEN))
    assert len(gather(events, quiet=0.05, max_wait=10)) == 100
    assert gather(events, quiet=0.01, max_wait=10) == set()


def later(events: queue.Queue[tuple[Path, Kind]], delay: float,
          *items: tuple[Path, Kind]) -> threading.Thread:
    """Put ``items`` on the queue after ``delay`` seconds, from another thread."""
    def put() -> None:
        threading.Event().wait(delay)
        for item in items:
            events.put(item)

    thread = threading.Thread(target=put, daemon=True)
    thread.start()
    return thread


A, B = Path("/site/content/a.txt"), Path("/site/content/b.txt")


def test_a_batch_of_complete_writes_closes_without_waiting_for_the_quiet() -> None:
    events: queue.Queue[tuple[Path, Kind]] = queue.Queue()
    events.put((A, OPEN))
    events.put((A, DONE))  # written, then closed: complete
    thread = later(events, 1.0, (B, DONE))
    assert gather(events, quiet=30, max_wait=60, settle=0.01) == {A}  # not 30 s, not B
    thread.join()


def test_a_write_still_open_keeps_the_batch_open_until_it_closes() -> None:
    events: queue.Queue[tuple[Path, Kind]] = queue.Queue()
    events.put((A, OPEN))
    thread = later(events, 0.2, (B, DONE), (A, DONE))
    assert gather(events, quiet=30, max_wait=60, settle=0.01) == {A, B}
    thread.join()


def test_a_deletion_makes_the_batch_wait_the_full_quiet() -> None:
    """vim moves the original aside, then writes the new file: the gap between is no end."""
    events: queue.Queue[tuple[Path, Kind]] = queue.Queue()
    events.put((A, OTHER))
    thread = later(events, 0.2, (A, OPEN), (A, DONE))
    assert gather(events, quiet=2, max_wait=60, settle=0.01) == {A}
    assert events.empty()  # the new file's events joined the batch
    thread.join()


def test_saves_report_what_they_complete(site: Path) -> None:
    """Through the kernel: a rename into place and a closed write both say DONE."""
    cable = site / "content" / "07BRUSSELS881.txt"
    with Watcher(site) as watcher:
        temp = cable.with_name(".07BRUSSELS881.txt.tmp")
        temp.write_text(seed_text() + "\n")
        os.replace(temp, cable)
        seen = [watcher.events.get(timeout=TIMEOUT)]
        cable.write_text(seed_text())
        while (cable, DONE) not in seen[1:]:
            seen.append(watcher.events.get(timeout=TIMEOUT))
    assert seen[0] == (cable, DONE), seen  # the temporary file's own events never count
    assert (cable, OPEN) in seen[1:], seen


def test_a_lost_event_is_made_up_by_the_rescan(site: Path, tmp_path: Path) -> None:
    cable = site / "content" / "07BRUSSELS881.txt"
    elsewhere = tmp_path / "hardlink.txt"
    os.link(cable, elsewhere)  # writes through this name raise no event in content/
    with watching(site) as batches:
        with open(elsewhere, "r+", encoding="utf-8") as handle:
            handle.write("UNCLAS")
        (site / "content" / "ref.txt").write_text(REF_CABLE)  # any other event
        until(batches, {cable, site / "content" / "ref.txt"})


def test_symlinked_folders_and_files_are_watched_where_they_are(site: Path,
                                                                tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "html").mkdir(parents=True)
    (corpus / "html" / "ref.txt").write_text(REF_CABLE)
    (corpus / "cables.txt").write_text(seed_text())
    content = site / "content"
    (content / "html").symlink_to(corpus / "html")
    (content / "cables.txt").symlink_to(corpus / "cables.txt")
    with watching(site) as batches:
        (corpus / "html" / "ref.txt").write_text(REF_CABLE.replace("RICE", "POWELL"))
        until(batches, {content / "html" / "ref.txt"})
        (corpus / "cables.txt").write_text(seed_text().replace("IMBRIE", "GRAY"))
        until(batches, {content / "cables.txt"})


def test_content_folder_removed_and_made_again(site: Path) -> None:
    content = site / "content"
    with watching(site) as batches:
        shutil.rmtree(content)
        until(batches, {content / "07BRUSSELS881.txt"})
        content.mkdir()
        (content / "ref.txt").write_text(REF_CABLE)
        until(batches, {content / "ref.txt"})
        (content / "ref.txt").write_text(REF_CABLE.replace("RICE", "POWELL"))
        until(batches, {content / "ref.txt"})
