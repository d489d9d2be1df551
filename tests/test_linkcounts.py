"""The link index's compact records (``generator.linkcounts``): packed links, numbered places."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.linkcounts import LinkCounts, pack_links, unpack_links


@given(st.dictionaries(st.integers(0, 2_000_000), st.integers(1, 100_000), max_size=80))
def test_links_round_trip_sorted(pairs: dict[int, int]) -> None:
    packed = pack_links(pairs.items())
    assert list(unpack_links(packed)) == sorted(pairs.items())


def test_a_typical_page_packs_small() -> None:
    # 60 places among 600,000 numbered, a few links each: about 3 bytes a place
    pairs = [(n * 9_973 % 600_000, 1 + n % 3) for n in range(60)]
    assert len(pack_links(pairs)) <= 60 * 4


def test_places_are_numbered_once_counted_and_their_numbers_reused() -> None:
    counts = LinkCounts()
    a = counts.add("cables/A.html", "", 2)
    b = counts.add("cables/A.html", "p3", 1)
    assert counts.add("cables/A.html", "", 1) == a
    assert counts[("cables/A.html", "")] == 3 and counts.get(("cables/A.html", "p3")) == 1
    assert counts.fragments_of("cables/A.html") == ["p3", ""]
    assert counts.place(b) == ("cables/A.html", "p3") and counts.number(("x", "")) is None
    counts.remove(b, 1)
    assert ("cables/A.html", "p3") not in counts
    assert counts.fragments_of("cables/A.html") == [""]
    c = counts.add("cables/B.html", "p1", 4)
    assert c == b  # the freed number serves the next new place
    assert counts.place(c) == ("cables/B.html", "p1")
    counts.remove(a, 3)
    assert not counts.links_to("cables/A.html") and counts.links_to("cables/B.html")
