"""Properties of the build (Hypothesis): deterministic output, whatever the order or folder."""

from __future__ import annotations

import os
import shutil
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from tests.test_engine import tree, variant

SUBJECTS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                   min_size=1, max_size=40).map(lambda s: " ".join(s.split()) or "X")
CABLES = st.dictionaries(st.integers(min_value=1, max_value=999_999), SUBJECTS, min_size=1,
                         max_size=6)
PROFILE = settings(max_examples=12, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _write(root: Path, cables: dict[int, str], order: list[int], mtimes: list[int]) -> None:
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text('title = "Property"\n')
    for serial, mtime in zip(order, mtimes, strict=True):
        path = root / "content" / f"c{serial}.txt"
        path.write_text(variant(serial, cables[serial]), encoding="utf-8")
        os.utime(path, ns=(mtime, mtime))


def _served(folder: Path) -> dict[str, str]:
    return tree(folder)


@PROFILE
@given(cables=CABLES, data=st.data())
def test_creation_order_and_mtimes_do_not_change_the_output(cables: dict[int, str],
                                                            data: st.DataObject) -> None:
    serials = sorted(cables)
    order_a = data.draw(st.permutations(serials))
    order_b = data.draw(st.permutations(serials))
    times = st.lists(st.integers(min_value=10**9, max_value=2 * 10**18), min_size=len(serials),
                     max_size=len(serials))
    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "a", Path(tmp) / "elsewhere" / "b"
        _write(a, cables, list(order_a), data.draw(times))
        _write(b, cables, list(order_b), data.draw(times))
        build(a, jobs=1)
        build(b, jobs=2)
        assert _served(a / "_site") == _served(b / "_site")


@PROFILE
@given(cables=CABLES)
def test_building_twice_gives_identical_trees(cables: dict[int, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        _write(site, cables, sorted(cables), [10**18] * len(cables))
        build(site, jobs=1)
        first = _served(site / "_site")
        build(site, jobs=1)
        assert _served(site / "_site") == first
        shutil.rmtree(site / ".cablegen-cache")
        build(site, site / "again", jobs=1)
        assert _served(site / "again") == first


def test_source_date_epoch_gives_identical_checksums(tmp_path: Path,
                                                     monkeypatch: object) -> None:
    cables = {881: "First", 900: "Second"}
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    try:
        _write(tmp_path / "one", cables, [881, 900], [10**18, 2 * 10**18])
        _write(tmp_path / "two" / "deeper", cables, [900, 881], [5 * 10**17, 10**18])
        build(tmp_path / "one", jobs=1)
        build(tmp_path / "two" / "deeper", jobs=1)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert _served(tmp_path / "one" / "_site") == _served(tmp_path / "two" / "deeper" / "_site")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet=string.printable, max_size=300),
                 st.text(alphabet=st.sampled_from("aZ 1.,ÉéßΩω\n"), max_size=300),
                 st.text(max_size=300)))
def test_is_caps_counts_letters_as_the_definition_says(text: str) -> None:
    """The fast count (bytes.translate for ASCII) agrees with counting character by character."""
    from generator.glossary.scan import is_caps

    letters = sum(1 for c in text if c.isalpha())
    lower = sum(1 for c in text if c.islower())
    assert is_caps(text) == (letters > 0 and lower <= letters * 0.02)
    upper = text.upper()
    if upper.isascii():
        assert is_caps(upper) == any(c.isalpha() for c in upper)
