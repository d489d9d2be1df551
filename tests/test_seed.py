"""The seed cable, 07BRUSSELS881: a golden test of its edition."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.model import Cable
from generator.parse import parse_unit
from generator.read.units import read_file
from tests.conftest import REPO


@pytest.fixture(scope="module")
def seed() -> Cable:
    unit = next(read_file(REPO, "content/07BRUSSELS881.txt", "txt"))
    assert not isinstance(unit, Exception)
    cable, _ = parse_unit(unit)  # type: ignore[arg-type]
    return cable


def test_metadata(seed: Cable) -> None:
    assert seed.id == "07BRUSSELS881"
    assert seed.date == datetime(2007, 3, 15, 15, 42, tzinfo=UTC)
    assert seed.origin == "Embassy Brussels"
    assert seed.classification == "UNCLASSIFIED"
    assert seed.caveats == ("SIPDIS",)
    assert seed.section == (1, 3)
    assert [t.code for t in seed.tags] == ["PTER", "KNNP", "MCAP", "PINR", "PARM", "PREL",
                                           "BE", "RS"]
    assert seed.subject == ("Joint Russian-U.S. Demarche to Belgium on the Global Initiative "
                            "to Combat Nuclear Terrorism")
    assert [(r.label, r.text, r.id) for r in seed.references] == [
        ("A", "STATE 21535", "07STATE21535"), ("B", "03 STATE 333924", "03STATE333924")]
    assert seed.signer == "IMBRIE"


def test_transmission_header(seed: Cable) -> None:
    t = seed.transmission
    assert t is not None
    assert t.transmission_id == "VZCZCXRO6586"
    assert t.precedence == "RR" and t.relays == ("RUEHAST",)
    assert t.originator == "RUEHBS" and t.message_number == "#0881/01"
    assert t.fm == "AMEMBASSY BRUSSELS"
    assert [(a.routing, a.name, a.number) for a in t.to] == [("RUEHC", "SECSTATE WASHDC", "4719")]
    assert len(t.info) == 16
    assert t.info[0].routing == "RUEHUNV" and t.info[0].name == "USMISSION UNVIE VIENNA"
    assert t.info[1].name == "USEU BRUSSELS" and t.info[1].number is None
    assert t.info[-1].name == "AMEMBASSY TOKYO" and t.info[-1].number == "0802"


def test_paragraph_numbers_recovered_not_invented(seed: Cable) -> None:
    numbered = [(p.number, p.inferred) for p in seed.paragraphs if p.kind == "paragraph"]
    assert numbered == [(1, False), (2, True)] + [(n, False) for n in range(5, 13)]
    assert seed.gaps == ((3, 4),)
    headings = [p.text for p in seed.paragraphs if p.kind == "heading"]
    assert headings == ["The Response: Yes, But...", "Music to the Ears"]


def test_cleaned_text_has_no_artefacts(seed: Cable) -> None:
    text = "\n".join(p.text for p in seed.paragraphs)
    for bad in ("\\underline", "\\mbox", "$", "¶", "00000881", "OF 003"):
        assert bad not in text
    assert not re.search(r"^- ", text, re.M)


def test_damaged_original_text_is_kept(seed: Cable) -> None:
    text = " ".join(p.text for p in seed.paragraphs)
    assert "lowest, commop such as at the UN. Hn October 2006" in text


def test_page_break_split_paragraph_is_rejoined(seed: Cable) -> None:
    p11 = next(p for p in seed.paragraphs if p.number == 11)
    assert "work the topic into an all-EU agenda." in p11.text


def test_apparatus_records_breaks_and_second_sipdis(seed: Cable) -> None:
    kinds = [(c.kind, c.original, c.line) for c in seed.apparatus]
    assert ("page-break", "BRUSSELS 00000881 002 OF 003", 18) in kinds
    assert ("page-break", "BRUSSELS 00000881 003 OF 003", 35) in kinds
    assert ("duplicate-caption", "SIPDIS", 7) in kinds
    assert ("paragraph-number", "110.", 31) in kinds
    assert ("paragraph-mark", "¶9.", 30) in kinds


def test_nothing_lost(seed: Cable) -> None:
    """Every word of the source is in the cleaned text, a field, or the apparatus."""
    kept = " ".join([p.text for p in seed.paragraphs] + [seed.subject, seed.signer or ""]
                    + [c.original for c in seed.apparatus] + [r.text for r in seed.references]
                    + [t.original for t in seed.tags])
    header = seed.original.split("\n")[0]
    body = seed.original[len(header):]
    for word in re.findall(r"[A-Za-z]{3,}", body):
        if word not in ("UNCLAS", "SECTION", "SIPDIS", "TAGS", "SUBJECT", "REF", "BRUSSELS"):
            assert word in kept, word


def test_golden_json(tmp_path: Path, example_site: Path) -> None:
    """The JSON of the seed, compared key by key with the committed expectation."""
    from generator.build import build

    result = build(example_site, tmp_path / "out")
    assert not [d for d in result.diagnostics if d.level == "error"]
    data = json.loads((tmp_path / "out" / "cables" / "07BRUSSELS881.json").read_text())
    golden = REPO / "tests" / "golden" / "07BRUSSELS881.json"
    expected = json.loads(golden.read_text(encoding="utf-8"))
    for key, value in expected.items():
        assert data[key] == value, key
