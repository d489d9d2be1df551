"""Values packed for the page jobs' workers (``generator.packed``): read back equal, and
pages rendered from them are the pages rendered from the build's own objects."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bench.synth import csv_row
from bench.synthtext import make
from generator import packed
from generator.build import build
from generator.engine import rendering
from generator.glossary.cable import CableTerms
from generator.link import Summary
from tests.conftest import MakeSite
from tests.test_engine import tree


def _summary(cid: str, **changes: Any) -> Summary:
    values: dict[str, Any] = {
        "id": cid, "date": datetime(2007, 3, 1, 14, 5), "subject": "ÉLECTIONS: “ROUND” TWO",
        "origin": "Embassy Paris", "station": "PARIS", "classification": "CONFIDENTIAL",
        "caveats": ("NOFORN",), "tags": ("PREL", "FR"), "cites": ("07BRUSSELS881",),
        "path": "content/cables.csv", "line": 12, "paragraphs": (1 << 140) | 6,
        "other_refs": 2}
    return Summary(**{**values, **changes})


def test_summaries_come_back_equal_from_the_pack() -> None:
    cables = {s.id: s for s in (
        _summary("07PARIS1"),
        _summary("07PARIS2", date=None, caveats=(), tags=(), cites=(), paragraphs=0),
        _summary("07PARIS3", date=datetime(2007, 3, 1, 14, 5, tzinfo=UTC), subject=""),
    )}
    pack = packed.pack_summaries(cables, ["07PARIS3", "07PARIS1", "07PARIS2"])
    assert len(pack) == 3 and "07PARIS2" in pack and "07PARIS9" not in pack
    for cid, summary in cables.items():
        again = pack[cid]
        assert again == summary and again is not summary
        assert type(again.caveats) is tuple and type(again.date) is type(summary.date)
    with pytest.raises(KeyError):
        pack["07PARIS9"]


def test_cable_terms_come_back_equal_from_the_pack() -> None:
    terms = CableTerms.make([("GOB", "text"), ("PTER", "tags"), ("GOB", "caption")],
                            (("GOB", "Government of Belgium", 2),), [("ZZQ", 3)])
    pack = packed.Packed([("07BRUSSELS881", terms.plain())], CableTerms.from_plain)
    again = pack["07BRUSSELS881"]
    assert again == terms and again.place("GOB") == "caption" and again.place("PTER") == "tags"


def _site_rows(count: int) -> str:
    return "".join(csv_row(make(5, count, j)) for j in range(count))


def test_workers_render_the_page_jobs_from_the_pack_and_the_pages_are_the_same(
        make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Term and list pages rendered by forked workers from the packed values equal those
    rendered in one process from the build's objects; the workers did read the pack."""
    site = make_site({"content/cables.csv": _site_rows(60),
                      "site.toml": 'title = "Test"\n[browse]\npage_size = 10\n'})
    plain = tmp_path / "plain"
    shutil.copytree(site, plain)
    reads = tmp_path / "reads"
    reads.mkdir()
    original = packed.Packed.__getitem__

    def noted(self: packed.Packed[Any], cid: str) -> Any:
        (reads / str(os.getpid())).touch()  # which processes read packed values
        return original(self, cid)

    monkeypatch.setattr(packed.Packed, "__getitem__", noted)
    monkeypatch.setattr(rendering, "PACK_MIN", 0)
    shared: list[dict[str, Any]] = []
    share = rendering.share

    def share_noted(ctx: Any, features: Any) -> int:
        size = share(ctx, features)
        shared.append(ctx.shared)
        assert set(ctx.shared) == {packed.SUMMARIES, "glossary"} and size > 0
        return size

    monkeypatch.setattr(rendering, "share", share_noted)
    with_pack = build(site, jobs=2)
    assert len(shared) == 1 and shared[0] == {}  # dropped once the page jobs are done
    readers = {int(p.name) for p in reads.iterdir()}
    assert readers and os.getpid() not in readers  # read in the workers only
    assert any((site / "_site" / "glossary").glob("*.html"))
    assert any((site / "_site" / "tags").glob("*.html"))
    assert (site / "_site" / "index-6.html").is_file()  # the home pages, 10 cables each
    assert any((site / "_site" / "feeds" / "tags").glob("*.atom"))
    in_place = build(plain, jobs=1)
    assert with_pack.pages == in_place.pages
    assert tree(site / "_site") == tree(plain / "_site")
