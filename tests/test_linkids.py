"""Packed page ids (``generator.linkids``): exact round trips, equal sets equal bytes, small."""

from __future__ import annotations

import shutil
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import build
from generator.linkids import pack_ids, unpack_ids
from generator.linkscan import extract
from tests.conftest import REPO


@pytest.fixture(scope="module")
def built_seed_page(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The example site's cable page, as built."""
    root = tmp_path_factory.mktemp("example")
    shutil.copy(REPO / "site.toml", root / "site.toml")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "themes", root / "themes")
    build(root, root / "_site", jobs=1)
    return (root / "_site" / "cables" / "07BRUSSELS881.html").read_bytes()


def _blob(ids: set[str]) -> bytes:
    """The ids as ``linkscan.extract`` lists them: sorted, NUL-separated."""
    return b"\0".join(sorted(i.encode("utf-8") for i in ids))


def test_runs_pack_to_ranges_and_come_back_whole() -> None:
    ids = {f"L{n}" for n in range(1, 151)} | {f"p{n}" for n in (1, 2, 3, 5, 7, 8, 9)} | {
        "top", "cite", "glossary", "L01", "L007", "x0", "x00", "a010", "7", "0", ""}
    packed = pack_ids(_blob(ids))
    assert unpack_ids(packed) == frozenset(ids)
    assert b"1-150" in zlib.decompress(packed[1:])  # the run is one range
    assert b"1-3,5,7-9" in zlib.decompress(packed[1:])


def test_a_real_cable_page_packs_far_smaller_than_its_sorted_ids(built_seed_page: bytes) -> None:
    parts = extract("cables/07BRUSSELS881.html", built_seed_page)
    assert parts is not None
    ids = parts[0]
    packed = pack_ids(ids)
    assert unpack_ids(packed) == frozenset(ids.decode().split("\0"))
    assert len(packed) < 0.6 * len(zlib.compress(ids, 1))  # measured: 176 against 343


def test_an_id_holding_the_separator_is_kept_plain() -> None:
    ids = {"a\x011-3", "L1", "L2"}
    packed = pack_ids(_blob(ids))
    assert packed[:1] == b"P"
    assert unpack_ids(packed) == frozenset(ids)


def test_no_ids() -> None:
    assert unpack_ids(pack_ids(b"")) == frozenset()


@given(st.sets(st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                              blacklist_characters="\0"), max_size=8)
               | st.builds(lambda p, n: f"{p}{n}", st.sampled_from(["L", "p", "n", ""]),
                           st.integers(0, 400)).map(lambda s: s), max_size=60))
def test_round_trip_and_equal_sets_pack_equal(ids: set[str]) -> None:
    blob = _blob(ids)
    packed = pack_ids(blob)
    assert unpack_ids(packed) == (frozenset(ids) if blob else frozenset())
    assert pack_ids(_blob(set(ids))) == packed
