"""``summary_key``'s memo: right keys, and no old summaries kept alive in a kept session."""

from __future__ import annotations

import pytest

from generator.engine.session import Session
from generator.features import keys
from generator.link import Summary
from tests.conftest import MakeSite
from tests.test_engine import SEED_TEXT, variant


def _summary(cable_id: str, subject: str = "") -> Summary:
    return Summary(cable_id, None, subject, "", "", "", (), (), (), "", 0)


def test_the_memo_gives_the_key_of_the_summary_asked_for() -> None:
    keys._KEYS.clear()
    one, other = _summary("A", "one"), _summary("A", "other")
    assert keys.summary_key(one) == keys.summary_key(one) != keys.summary_key(other)
    keys.trim_memo(0)
    assert keys.summary_key(_summary("A", "one")) == keys.summary_key(one)


def test_trim_forgets_only_a_memo_far_larger_than_the_corpus() -> None:
    keys._KEYS.clear()
    held = [_summary(f"C{n}") for n in range(3000)]
    for s in held:
        keys.summary_key(s)
    keys.trim_memo(1000)  # 3,000 <= 2 * 1,000 + 1,024: kept
    assert len(keys._KEYS) == 3000
    keys.trim_memo(900)
    assert not keys._KEYS


def test_a_kept_session_does_not_keep_the_summaries_of_old_versions(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys, "_SLACK", 0)
    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta")})
    session = Session(site, jobs=1)
    session.build()
    for step in range(6):  # each edit makes a new summary of b
        (site / "content" / "b.txt").write_text(variant(900, f"Beta {step}"))
        session.build()
        held = [s.subject for s, _ in keys._KEYS.values()]
        assert len(held) <= 2 * 2 + 2  # the live two, at most twice, and this build's new ones
        assert "Beta" not in held
