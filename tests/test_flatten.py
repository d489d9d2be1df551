"""The flattened parse result, and the session's memo of it: reused only while valid."""

from __future__ import annotations

from generator.engine.flatten import FlatMemo, flatten
from generator.engine.snapshot import FileRecord, Snapshot
from generator.link import Summary
from generator.read.discover import Discovery


def _summary(cable_id: str) -> Summary:
    return Summary(cable_id, None, "", "", "", "", (), (), (), "", 0)


def _record(*ids: str, value: str = "v") -> FileRecord:
    return FileRecord(1, 1, [f"d-{i}" for i in ids], list(range(1, len(ids) + 1)),
                      [_summary(i) for i in ids], [[] for _ in ids], [],
                      {"feature": [f"{value}-{i}" for i in ids]})


def _found(*paths: str) -> Discovery:
    return Discovery(tuple((p, "txt") for p in paths), (), (), ())


def test_the_first_file_of_a_cable_found_twice_gives_its_values() -> None:
    snap = Snapshot("v", {"feature": "k"}, {"a.csv": _record("A", "B", value="csv"),
                                             "b.html": _record("B", "C", value="html")})
    result = flatten(_found("a.csv", "b.html"), snap)
    assert [e.path for e in result.entries] == ["a.csv", "a.csv", "b.html", "b.html"]
    assert result.collected["feature"] == {"A": "csv-A", "B": "csv-B", "C": "html-C"}
    assert list(result.collected["feature"]) == ["A", "B", "C"]  # in the order found


def test_the_memo_flattens_only_new_records_and_follows_states() -> None:
    kept, edited = _record("A", "B"), _record("C")
    snap = Snapshot("v", {"feature": "k"}, {"a.csv": kept, "c.txt": edited})
    memo = FlatMemo()
    first = flatten(_found("a.csv", "c.txt"), snap, memo)
    flat_a = memo.files["a.csv"][1]
    snap.files["c.txt"] = _record("C", value="edited")
    second = flatten(_found("a.csv", "c.txt"), snap, memo)
    assert memo.files["a.csv"][1] is flat_a  # the same record: not flattened again
    assert second.collected["feature"]["C"] == "edited-C"
    assert first.collected["feature"]["A"] == second.collected["feature"]["A"]
    # A feature's state changed: kept records are updated in place, and the memo is dropped.
    kept.collected["feature"] = ["new-A", "new-B"]
    snap.states = {"feature": "k2"}
    third = flatten(_found("a.csv", "c.txt"), snap, memo)
    assert third.collected["feature"]["A"] == "new-A"
    del snap.files["c.txt"]
    flatten(_found("a.csv"), snap, memo)
    assert set(memo.files) == {"a.csv"}  # a file gone leaves the memo
