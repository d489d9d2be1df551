"""Replacing a large output file leaves its old blocks to a thread (``engine.replacing``)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator.build import build
from generator.engine import replacing
from generator.engine.outfiles import is_temporary
from generator.engine.replacing import replace_big, wait_freed
from tests.conftest import MakeSite
from tests.test_engine import SEED_TEXT, variant


def _put(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("size", [10, 5000])
def test_a_file_is_replaced_and_nothing_is_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                size: int) -> None:
    """Under ``BIG`` (10 bytes) a plain replace; over it (5,000), through a second name
    that a thread removes."""
    monkeypatch.setattr(replacing, "BIG", 1000)
    target = _put(tmp_path / "cables.jsonl", b"o" * size)
    replace_big(_put(tmp_path / ".cables.jsonl.1.tmp", b"new"), str(target))
    assert target.read_bytes() == b"new"  # at once, whatever the thread does
    wait_freed()
    assert sorted(os.listdir(tmp_path)) == ["cables.jsonl"]


def test_a_shared_or_missing_old_file_is_replaced_plainly(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """An old file with another link (the live folder's twin) frees nothing when
    replaced; a missing one is simply created."""
    monkeypatch.setattr(replacing, "BIG", 1)
    target = _put(tmp_path / "a.bin", b"old data")
    os.link(target, tmp_path / "twin.bin")
    replace_big(_put(tmp_path / ".a.tmp", b"new"), str(target))
    replace_big(_put(tmp_path / ".b.tmp", b"bee"), str(tmp_path / "b.bin"))
    assert not replacing._freeing
    assert (tmp_path / "twin.bin").read_bytes() == b"old data"
    assert (target.read_bytes(), (tmp_path / "b.bin").read_bytes()) == (b"new", b"bee")


def test_the_second_name_is_a_temporary_file(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Left by a build killed before the thread ran, it is cleaned up like any temporary
    file of a killed build."""
    monkeypatch.setattr(replacing, "BIG", 1)
    names: list[str] = []
    monkeypatch.setattr(replacing, "_unlink", lambda path: names.append(os.path.basename(path)))
    target = _put(tmp_path / "cables.jsonl", b"old")
    replace_big(_put(tmp_path / ".x.tmp", b"new"), str(target))
    wait_freed()
    assert len(names) == 1 and is_temporary(names[0]) and (tmp_path / names[0]).exists()


def test_no_second_name_goes_live(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build waits for the thread before its output folder goes live, however slow the
    removal: the live folder never shows the old export's second name."""
    monkeypatch.setattr(replacing, "BIG", 1)
    slow = replacing._unlink

    def slow_unlink(path: str) -> None:
        time.sleep(0.3)
        slow(path)

    monkeypatch.setattr(replacing, "_unlink", slow_unlink)
    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta")})
    for n in range(3):  # the export is replaced from the second build on, in both folders
        (site / "content" / "b.txt").write_text(variant(900, f"Beta {n}"))
        build(site, jobs=1)
        left = [p.name for p in site.rglob("*.old.tmp")]
        assert left == []
    assert b"Beta 2" in (site / "_site" / "cables.jsonl").read_bytes()


def test_without_hard_links_the_file_is_replaced_plainly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file system that refuses a second name: the replacement frees the old file itself."""
    monkeypatch.setattr(replacing, "BIG", 1)

    def refuse(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refuse)
    target = _put(tmp_path / "cables.jsonl", b"old data")
    replace_big(_put(tmp_path / ".x.tmp", b"new"), str(target))
    assert target.read_bytes() == b"new" and sorted(os.listdir(tmp_path)) == ["cables.jsonl"]
    assert not replacing._freeing
