"""The kept link check (``LinkIndex``) reports exactly what a full check of the same site does.

A site is written to a real folder and changed at random (pages added,
edited with other ids and links, removed); after every change the index is
updated from the digests of the files and its diagnostics, line numbers
included, are compared with those of a ``LinkChecker`` reading the whole
folder in path order, as the build's full check does
(``engine.checking.check_links``).
"""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

import pytest

from generator import linkscan
from generator.build import build
from generator.diagnostics import Diagnostic
from generator.engine.checking import INDEX, load_index, save_index
from generator.engine.session import Session
from generator.linkcheck import LinkChecker, output_files, report
from generator.linkindex import LinkIndex
from generator.linkscan import Resolver, Scanned
from tests.conftest import REPO, MakeSite
from tests.test_engine import SEED_TEXT, variant

FOLDERS = ("", "cables/", "cables/old/", "tags/")
NAMES = ("a", "b", "c", "d", "e", "index")
IDS = ("top", "p1", "p2", "p3", "x y", "q&r", "")


def _paths() -> list[str]:
    return [f"{folder}{name}.html" for folder in FOLDERS for name in NAMES]


def _href(rng: random.Random, page: str) -> str:
    """A link as our templates write them, or as a hand-written page might."""
    depth = page.count("/")
    kind = rng.random()
    if kind < 0.15:
        return "#" + rng.choice(IDS).replace(" ", "%20")
    if kind < 0.2:
        return rng.choice(("https://example.org/", "mailto:a@b.org", "", "tags/", "../up.html",
                           "style.css", "style.css#x", "?q=1", "#"))
    target = rng.choice([*_paths(), "gone.html", "cables/gone.html"])
    href = "../" * depth + target
    if rng.random() < 0.2:
        href = "./" + href
    if rng.random() < 0.6:
        href += "#" + rng.choice(IDS).replace(" ", "%20")
    return href.replace("&", "&amp;")


def _page(rng: random.Random, path: str) -> str:
    ids = rng.sample(IDS[:-1], rng.randint(0, 4))
    lines = ["<!doctype html>", "<html><body>"]
    for ident in ids:
        lines.append(f'<h2 id="{ident.replace("&", "&amp;")}">{ident}</h2>')
    for _ in range(rng.randint(0, 9)):
        href = _href(rng, path)
        quote = "'" if rng.random() < 0.1 else '"'
        lines.append(f"<p>text <a href={quote}{href}{quote}>link</a></p>")
    if rng.random() < 0.1:
        lines.append("<script>document.write('<a href=\"nowhere.html\">')</script>")
    return "\n".join(lines) + "\n"


def _digests(root: Path) -> dict[str, str]:
    return {rel: hashlib.sha256(path.read_bytes()).hexdigest()
            for rel, path in output_files(root)}


def check_folder(root: Path, label: str = "") -> list[Diagnostic]:
    """The full check of the folder, its pages fed in path order."""
    checker = LinkChecker(label)
    for rel in sorted(rel for rel, _ in output_files(root)):
        checker.feed(rel, (root / rel).read_bytes())
    return checker.finish(root)


def _feed(index: LinkIndex, path: str, data: bytes) -> None:
    """Feed a page as a render worker does: scanned apart, with its own resolver."""
    index.feed(path, hashlib.sha256(data).hexdigest(),
               linkscan.scanned(path, data, Resolver()))


@pytest.mark.parametrize("fed", [False, True], ids=["read", "fed"])
@pytest.mark.parametrize("seed", range(12))
def test_kept_check_equals_full_check_after_random_changes(tmp_path: Path, seed: int,
                                                           fed: bool) -> None:
    """Odd seeds pass the index through the cache file between updates, as builds do.

    ``fed``: before each update, some of the pages written are fed to the index
    as the render workers scanned them (the rest are read back by the update),
    a few of them twice, and one a version that was then overwritten."""
    saved = seed % 2 == 1
    rng = random.Random(seed)
    root = tmp_path / "out"
    root.mkdir()
    (root / "style.css").write_text("body {}")
    index = LinkIndex()
    seen = 0
    for step in range(40):
        present = sorted(rel for rel, _ in output_files(root) if rel.endswith(".html"))
        absent = [p for p in _paths() if p not in present]
        for _ in range(rng.randint(1, 8) if step else 15):
            action = rng.random()
            if absent and (action < 0.4 or not present):
                path = absent.pop(rng.randrange(len(absent)))
                present.append(path)
            elif present and action < 0.85:
                path = rng.choice(present)
            elif present:
                path = present.pop(rng.randrange(len(present)))
                (root / path).unlink()
                absent.append(path)
                continue
            else:
                continue
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            if fed and rng.random() < 0.2:  # a version fed, then written over
                _feed(index, path, _page(rng, path).encode())
            (root / path).write_text(_page(rng, path))
            if fed and rng.random() < 0.7:
                for _ in range(rng.choice((1, 1, 2))):
                    _feed(index, path, (root / path).read_bytes())
        if saved:
            save_index(tmp_path / "cache", index)
            index = load_index(tmp_path / "cache")
            assert bool(index.pages) == (step > 0) or fed
        index.update(_digests(root), lambda rel: (root / rel).read_bytes())
        kept = report(index.problems(), "out/", root)
        full = check_folder(root, "out/")
        assert kept == full, f"seed {seed}, step {step}"
        seen += len(full)
    assert seen > 0  # the sites had broken links and anchors to compare


def test_many_linking_pages_are_counted_and_named_in_order(tmp_path: Path) -> None:
    """A broken anchor names first the pages from its target on, then those before it."""
    root = tmp_path / "out"
    (root / "m").mkdir(parents=True)
    (root / "m" / "t.html").write_text('<p id="here"></p>')
    for name in ("a", "b", "c", "s", "u", "v", "w"):
        (root / "m" / f"{name}.html").write_text('<a href="t.html#gone">t</a>\n'
                                                '<a href="t.html#here">t</a>')
    index = LinkIndex()
    index.update(_digests(root), lambda rel: (root / rel).read_bytes())
    kept = report(index.problems(), "", root)
    assert kept == check_folder(root)
    assert [d.path for d in kept] == ["m/u.html", "m/v.html", "m/w.html"]
    assert kept[-1].message.endswith("(and 4 more pages link to it)")
    (root / "m" / "t.html").write_text('<p id="gone"></p>')  # the target changes its ids
    index.update(_digests(root), lambda rel: (root / rel).read_bytes())
    kept = report(index.problems(), "", root)
    assert kept == check_folder(root)
    assert len(kept) == 3 and "#here" in kept[0].message
    (root / "m" / "t.html").unlink()  # and vanishes
    index.update(_digests(root), lambda rel: (root / rel).read_bytes())
    assert report(index.problems(), "", root) == check_folder(root)


def test_unchanged_pages_are_not_read_again(tmp_path: Path) -> None:
    root = tmp_path / "out"
    root.mkdir()
    for name in "abcdef":
        (root / f"{name}.html").write_text(f'<a href="{name}.html#x">x</a>')
    index = LinkIndex()
    assert index.update(_digests(root), lambda rel: (root / rel).read_bytes()) == 6
    (root / "c.html").write_text('<p id="x"></p>')
    read: list[str] = []
    index.update(_digests(root), lambda rel: read.append(rel) or (root / rel).read_bytes())
    assert read == ["c.html"]
    assert report(index.problems(), "", root) == check_folder(root)


def test_a_kept_session_reports_what_a_fresh_build_does(make_site: MakeSite,
                                                         tmp_path: Path) -> None:
    """Rebuilds of a session (its index updated) against clean builds of the same site."""
    index_html = (REPO / "themes/default/templates/index.html").read_text().replace(
        "{% block main %}", "{% block main %}\n" + "\n".join(
            f"<a href=\"{{{{ url('{href}') }}}}\">x</a>" for href in
            ("cables/07BRUSSELS900.html#nothing", "cables/07BRUSSELS900.html",
             "cables/07BRUSSELS901.html#p1", "nowhere.html")))
    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta"),
                      "themes/default/templates/index.html": index_html})
    session = Session(site, jobs=1)
    changes = [lambda: None,
               lambda: (site / "content" / "b.txt").unlink(),
               lambda: (site / "content" / "c.txt").write_text(variant(901, "Gamma")),
               lambda: (site / "content" / "b.txt").write_text(variant(900, "Beta again")),
               lambda: (site / "content" / "c.txt").unlink()]
    reported = []
    for step, change in enumerate(changes):
        change()
        kept = [d.format() for d in session.build().diagnostics if d.code.startswith("broken-")]
        clean = tmp_path / f"clean{step}"
        shutil.copytree(site, clean, ignore=shutil.ignore_patterns("_site", ".*"))
        fresh = [d.format() for d in build(clean, jobs=1).diagnostics
                 if d.code.startswith("broken-")]
        assert kept == fresh, f"step {step}"
        reported.append(kept)
    assert session.links.pages and reported[0] != reported[1] != reported[2]


def test_builds_take_up_the_saved_index_and_report_what_a_full_check_does(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """``cablegen build`` after an edit reads again only the pages that changed."""
    index_html = (REPO / "themes/default/templates/index.html").read_text().replace(
        "{% block main %}", "{% block main %}\n" + "\n".join(
            f"<a href=\"{{{{ url('{href}') }}}}\">x</a>" for href in
            ("cables/07BRUSSELS900.html#nothing", "cables/07BRUSSELS901.html#p1",
             "nowhere.html")))
    others = {f"content/o{n}.txt": variant(910 + n, f"Other {n}") for n in range(12)}
    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta"),
                      **others, "themes/default/templates/index.html": index_html})
    scanned: list[int] = []
    """Per build: the pages the check took in anew, read back or fed by a worker."""
    real_update, real_feed = LinkIndex.update, LinkIndex.feed

    def counting(self: LinkIndex, *args: object, **kwargs: object) -> int:
        scanned[-1] += real_update(self, *args, **kwargs)  # type: ignore[arg-type]
        return scanned[-1]

    def feeding(self: LinkIndex, path: str, sha: str, page: Scanned) -> None:
        old = self.pages.get(path)
        scanned[-1] += old is None or old.sha != sha
        real_feed(self, path, sha, page)

    monkeypatch.setattr(LinkIndex, "update", counting)
    monkeypatch.setattr(LinkIndex, "feed", feeding)
    edited = variant(900, "Beta").replace("demarche", "demarches", 1)
    assert edited != variant(900, "Beta")
    changes = [lambda: None,
               lambda: (site / "content" / "b.txt").write_text(edited),
               lambda: (site / "content" / "c.txt").write_text(variant(901, "Gamma")),
               lambda: (site / "content" / "b.txt").unlink()]
    for step, change in enumerate(changes):
        change()
        scanned.append(0)
        result = build(site, jobs=1)
        kept = [d for d in result.diagnostics if d.code.startswith("broken-")]
        full = check_folder(site / "_site", "_site/")
        assert sorted(kept, key=str) == sorted(full, key=str) and full, f"step {step}"
        assert (site / ".cablegen-cache" / INDEX).is_file()
    pages = len(list(output_files(site / "_site")))
    assert scanned[0] > pages - 5  # the first build reads every page
    assert 0 < scanned[1] < 10 and all(0 < n < scanned[0] for n in scanned[2:]), scanned
    (site / ".cablegen-cache" / INDEX).write_bytes(b"not a pickle")
    (site / "content" / "b.txt").write_text(variant(900, "Beta"))
    scanned.append(0)
    kept = [d for d in build(site, jobs=1).diagnostics if d.code.startswith("broken-")]
    assert sorted(kept, key=str) == sorted(check_folder(site / "_site", "_site/"), key=str)
    assert scanned[-1] > pages - 5  # a damaged index is built again from every page


def test_render_workers_scan_the_pages_so_the_check_reads_none_back(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """With workers, a cold build's check reads back no page: each was scanned where it
    was rendered; and it reports what a full check of the output does."""
    index_html = (REPO / "themes/default/templates/index.html").read_text().replace(
        "{% block main %}", "{% block main %}\n<a href=\"{{ url('nowhere.html') }}\">x</a>")
    others = {f"content/o{n}.txt": variant(910 + n, f"Other {n}") for n in range(40)}
    site = make_site({"content/a.txt": SEED_TEXT, **others,
                      "themes/default/templates/index.html": index_html})
    read: list[str] = []
    real_update = LinkIndex.update

    def reading(self: LinkIndex, digests: dict[str, str], read_page: object) -> int:
        def logged(path: str) -> bytes:
            read.append(path)
            return read_page(path)  # type: ignore[operator, no-any-return]
        return real_update(self, digests, logged)

    monkeypatch.setattr(LinkIndex, "update", reading)
    result = build(site, jobs=2)
    assert result.rendered > 64  # enough tasks for the build to fork its workers
    kept = [d for d in result.diagnostics if d.code.startswith("broken-")]
    full = check_folder(site / "_site", "_site/")
    assert full and sorted(kept, key=str) == sorted(full, key=str)
    named = {d.path.removeprefix("_site/") for d in kept}
    assert {p for p in read if p.endswith(".html")} <= named  # read only to name a source


class _Passes(dict):  # type: ignore[type-arg]
    """The index's pages, counting the passes over all of them."""

    passes = 0

    def items(self):  # type: ignore[no-untyped-def]
        type(self).passes += 1
        return super().items()


def test_a_broken_link_on_every_page_costs_one_pass_not_one_per_update(
        tmp_path: Path) -> None:
    """A template's broken link (on every page) is found once; later updates keep its
    linking pages up to date instead of passing over every page again."""
    root = tmp_path / "out"
    root.mkdir()
    for name in "abcdefgh":
        (root / f"{name}.html").write_text(f'<p id="{name}"></p><a href="gone.html">x</a>')
    index = LinkIndex()
    index.update(_digests(root), lambda rel: (root / rel).read_bytes())
    assert report(index.problems(), "", root) == check_folder(root)
    index.pages = _Passes(index.pages)
    for step, name in enumerate("ijk"):
        (root / f"{name}.html").write_text('<a href="gone.html">y</a>')  # a page appears
        (root / "abcdefgh"[step]).with_suffix(".html").unlink()  # another goes
        index.update(_digests(root), lambda rel: (root / rel).read_bytes())
        assert report(index.problems(), "", root) == check_folder(root)
    assert _Passes.passes == 0
    (root / "c.html").write_text('<a href="d.html#nowhere">z</a>')  # a new broken anchor
    index.update(_digests(root), lambda rel: (root / rel).read_bytes())
    assert report(index.problems(), "", root) == check_folder(root)
    assert _Passes.passes == 1


@pytest.mark.parametrize("hold", [2048, 1])
def test_an_edit_build_loads_the_saved_index_after_assembly(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, hold: int) -> None:
    """The saved index is loaded once ``Feed.HOLD`` scanned pages wait for it, or at the
    check: a build that renders a few pages (an edit) loads it after assembly, when the
    assembly's memory is gone; either way the check is a full check's."""
    from generator.engine import checking, session

    monkeypatch.setattr(checking.Feed, "HOLD", hold)
    others = {f"content/o{n}.txt": variant(910 + n, f"Other {n}") for n in range(6)}
    site = make_site({"content/a.txt": SEED_TEXT, **others})
    build(site, jobs=1)
    events: list[str] = []
    real_load, real_jobs = checking.load_index, session.run_jobs
    monkeypatch.setattr(checking, "load_index",
                        lambda folder: events.append("index") or real_load(folder))
    monkeypatch.setattr(session, "run_jobs",
                        lambda *a: events.append("assembly") or real_jobs(*a))
    (site / "content" / "o1.txt").write_text(variant(911, "Other 1").replace(
        "demarche", "demarches", 1))
    result = build(site, jobs=1)
    assert 0 < result.rendered < 40
    assert events == (["assembly", "index"] if hold > 1 else ["index", "assembly"])
    kept = [d for d in result.diagnostics if d.code.startswith("broken-")]
    assert sorted(kept, key=str) == sorted(check_folder(site / "_site", "_site/"), key=str)
