"""The benchmark's synthetic corpus: reproducible, consistent, and read cleanly by cablegen."""

from __future__ import annotations

import json
from pathlib import Path

from bench.synth import generate
from bench.synthtext import ident, make
from generator.build import build


def test_the_corpus_is_reproducible_and_ids_are_unique(tmp_path: Path) -> None:
    generate(tmp_path / "a", 200, seed=5)
    generate(tmp_path / "b", 200, seed=5)
    for rel in ("csv/content/cables.csv", "corpus.json"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    ids = [ident(5, 200, j).id for j in range(200)]
    assert len(set(ids)) == 200
    dates = [ident(5, 200, j).date for j in range(200)]
    assert dates == sorted(dates)
    assert len(list((tmp_path / "a" / "txt" / "content").rglob("*.txt"))) == 200
    assert len(list((tmp_path / "a" / "hugo" / "content").rglob("*.md"))) == 200
    page = next((tmp_path / "a" / "pelican" / "content").rglob("*.md")).read_text()
    assert page.startswith("Title: ") and "\nTags: " in page and "```text\n" in page


def test_references_point_inside_and_outside_the_corpus() -> None:
    cables = [make(5, 400, j) for j in range(400)]
    ids = {c.id for c in cables}
    cited = [r for c in cables for r in c.references]
    inside = sum(r in ids for r in cited)
    assert 0.4 * len(cited) < inside < len(cited)
    lengths = sorted(len(c.content) for c in cables)
    assert 2000 < lengths[len(lengths) // 2] < 9000  # the sample's median is about 4,750


def test_cablegen_reads_the_synthetic_cables_without_a_warning(tmp_path: Path) -> None:
    generate(tmp_path, 150, seed=3, formats=("csv", "txt"))
    for layout in ("csv", "txt"):
        result = build(tmp_path / layout, jobs=1)
        assert result.cables == 150
        assert [d.format() for d in result.diagnostics if d.level != "info"] == []
    data = json.loads(next(p for p in (tmp_path / "csv" / "_site" / "cables").glob("*.json")
                           if json.loads(p.read_text())["referenced_by"]).read_text())
    assert data["referenced_by"]
