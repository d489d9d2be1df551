"""The example edition in content/: the seed cable with its apparatus, persons and about page."""

from __future__ import annotations

import json
from pathlib import Path

from generator.build import build


def test_example_builds_clean_with_its_apparatus(example_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build(example_site, out)
    assert [d.format() for d in result.diagnostics if d.level != "info"] == []
    data = json.loads((out / "cables" / "07BRUSSELS881.json").read_text(encoding="utf-8"))
    intro = data["introduction"]
    for fact in ("Global Initiative to Combat Nuclear Terrorism", "Bush", "Putin", "July 2006",
                 "Rabat", "Statement of Principles"):
        assert fact in intro, fact
    notes = data["notes"]
    assert all(n["marked"] for n in notes) and len(notes) >= 4
    topics = " ".join(n["phrase"] + n["html"] for n in notes)
    for topic in ("UNSCR 1540", "UNSCR 1373", "Proliferation Security Initiative", "Oslo",
                  "Astana"):
        assert topic in topics, topic
    assert [n["number"] for n in notes] == list(range(1, len(notes) + 1))
    assert {p["name"] for p in data["persons"]} == {
        "Vadim Lukov", "Will Imbrie", "Pol De Witte", "Werner Bauwens", "Dirk Wauters"}
    about = (out / "about.html").read_text(encoding="utf-8")
    assert "cables/07BRUSSELS881.html#p5" in about and "[2]" in about
    assert '<a href="about.html">About this edition</a>' in (out / "index.html").read_text()
    persons = (out / "persons.html").read_text(encoding="utf-8")
    assert persons.count('<a href="cables/07BRUSSELS881.html">07BRUSSELS881</a>') == 5
