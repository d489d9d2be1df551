"""Result texts for search snippets: a few cables to a file, rewritten bucket by bucket."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.build import build
from generator.search.texts import bucket_bits, bucket_name, buckets, fnv1a, text_path
from tests.conftest import MakeSite
from tests.test_engine import SEED_TEXT, variant


def test_fnv1a_matches_the_published_test_vectors() -> None:
    # From the FNV reference (draft-eastlake-fnv): 32-bit FNV-1a.
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968


def test_bucket_count_keeps_buckets_between_half_full_and_full() -> None:
    assert [bucket_bits(n) for n in (0, 1, 8, 9, 16, 17)] == [0, 0, 0, 1, 1, 2]
    for count in (9, 100, 2_000, 10_000, 251_287):
        per = count / 2 ** bucket_bits(count)
        assert 4 < per <= 8, (count, per)
    assert bucket_name("07BRUSSELS881", 0) == "0"
    assert len(bucket_name("07BRUSSELS881", 15)) == 4 and len(bucket_name("x", 4)) == 1
    spread = buckets((f"{n:02d}STATE{n * 7919}" for n in range(4_000)), bucket_bits(4_000))
    assert len(spread) == 2 ** bucket_bits(4_000)
    assert max(len(v) for v in spread.values()) < 3 * 8, "the hash spreads real-looking ids"


def _loaded(path: Path) -> tuple[str, dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    prefix = "cablegenSearch.load("
    assert text.startswith(prefix) and text.rstrip().endswith(");")
    name, data = json.loads("[" + text.strip()[len(prefix):-2] + "]")
    return name, data


def test_each_cable_text_is_in_its_bucket_and_an_edit_rewrites_one(
        make_site: MakeSite) -> None:
    files: dict[str, str | bytes] = {"content/a.txt": SEED_TEXT}
    files.update({f"content/v{n}.txt": variant(n, f"Subject number {n}") for n in range(1, 20)})
    site = make_site(files)
    first = build(site, jobs=1)
    assert not [d for d in first.diagnostics if d.level == "error"]
    out = site / "_site"
    ids = [p.stem for p in sorted((out / "cables").glob("*.json"))]
    assert len(ids) == 20
    bits = bucket_bits(20)
    assert bits == 2
    written = {p.relative_to(out).as_posix() for p in (out / "search" / "text").iterdir()}
    assert written == {text_path(b) for b in buckets(ids, bits)}, "no file per cable"
    for cable_id in ids:
        name, data = _loaded(out / text_path(bucket_name(cable_id, bits)))
        assert name == f"text/{bucket_name(cable_id, bits)}"
        cable = json.loads((out / "cables" / f"{cable_id}.json").read_text())
        entry = data[cable_id]
        assert entry["s"] == cable["subject"]
        assert [p[2] for p in entry["p"]] == [p["text"] for p in cable["paragraphs"]]
        assert all(a.startswith(("p", "h", "u")) for a, _, _ in entry["p"])
    before = {p.name: p.stat().st_mtime_ns for p in (out / "search" / "text").iterdir()}

    edited = next(i for i in ids if i.endswith("BRUSSELS5"))
    source = site / "content" / "v5.txt"
    source.write_text(source.read_text().replace("Subject number", "Changed subject"))
    build(site, jobs=1)
    after = {p.name: p.stat().st_mtime_ns for p in (out / "search" / "text").iterdir()}
    changed = {n for n in after if after[n] != before.get(n)}
    assert changed == {f"{bucket_name(edited, bits)}.js"}
    _, data = _loaded(out / text_path(bucket_name(edited, bits)))
    assert data[edited]["s"].startswith("Changed subject")
