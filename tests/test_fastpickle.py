"""The big pickles: the same objects back, states compatible with dataclasses' own."""

from __future__ import annotations

import gc
import pickle
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import fastpickle
from generator.diagnostics import Diagnostic
from generator.fastpickle import fast_pickle


@dataclass(frozen=True, slots=True)
class Plain:
    a: int
    b: tuple[str, ...]
    c: str | None = None


@fast_pickle
@dataclass(frozen=True, slots=True)
class Fast:
    a: int
    b: tuple[str, ...]
    c: str | None = None


@fast_pickle
@dataclass(frozen=True, slots=True)
class One:
    a: int


def test_fast_pickling_round_trips_and_reads_dataclasses_states() -> None:
    value = Fast(1, ("x", "y"), None)
    assert pickle.loads(pickle.dumps(value)) == value
    assert pickle.loads(pickle.dumps(One(7))) == One(7)
    # dataclasses' own state is a list of the fields in order: both read each other's
    assert Plain(1, ("x",)).__getstate__() == [1, ("x",), None]  # type: ignore[attr-defined]
    assert list(value.__getstate__()) == [1, ("x", "y"), None]  # type: ignore[attr-defined]
    made = object.__new__(Fast)
    made.__setstate__([1, ("x",), "z"])  # type: ignore[attr-defined]
    assert made == Fast(1, ("x",), "z")
    plain = object.__new__(Plain)
    plain.__setstate__(value.__getstate__())  # type: ignore[attr-defined]
    assert plain == Plain(1, ("x", "y"), None)
    older = object.__new__(Fast)
    older.__setstate__([2])  # an older class's state, with fewer fields
    assert older.a == 2
    with pytest.raises(AttributeError):
        _ = older.b


def test_a_diagnostic_survives_the_pickle() -> None:
    d = Diagnostic("a.txt", 3, "warning", "odd header", "header")
    assert pickle.loads(pickle.dumps([d, d]))[1] == d


@pytest.mark.parametrize("enabled", [True, False])
def test_load_and_dumps_leave_the_collector_as_they_found_it(tmp_path: Path,
                                                             enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        value = {"k": [Fast(n, ("s",) * n) for n in range(50)]}
        path = tmp_path / "x.pickle"
        path.write_bytes(fastpickle.dumps(value))
        assert gc.isenabled() is enabled
        assert fastpickle.load(path) == value
        assert gc.isenabled() is enabled
        path.write_bytes(b"not a pickle")
        with pytest.raises(pickle.UnpicklingError):
            fastpickle.load(path)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
