"""Fidelity: compare what cablegen reads from the cable text with the corpus' own metadata.

Usage: python bench/fidelity.py [CORPUS_DIR] [--list N]

For every CSV row and every HTML page of the corpus, parse the text and
compare id, date, classification (the level, and the full marking with its
control) and origin with the metadata columns, field by field. A field that
the parser could only take from the metadata (the text lacks it: partial
extracts have no date-time group) is counted
apart, as "fallback", so the agreement figures measure the text parser.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.model import Cable, SourceMeta, Unit
from generator.parse import parse_unit
from generator.parse.ids import normalise_id
from generator.parse.origin import same_post
from generator.read.units import read_file

FIELDS = ("id", "date", "classification", "level", "origin")


def compare(cable: Cable, meta: SourceMeta) -> dict[str, str]:
    """Per field: 'agree', 'disagree', 'fallback' (taken from metadata) or 'absent'."""
    fallback = {name for name, _ in cable.provenance}
    out: dict[str, str] = {}
    meta_id = normalise_id(meta.id) if meta.id else None
    out["id"] = "fallback" if "id" in fallback else (
        "agree" if cable.id == meta_id else "disagree")
    if meta.date is None:
        out["date"] = "absent"
    elif "date" in fallback:
        out["date"] = "fallback"
    else:
        # The cablegate pages' "Created" minutes are garbled (DTG 191338Z shows as
        # 13:01): compare their dates to the hour, CSV dates to the minute.
        tolerance = 3600 if cable.source.format == "html" else 120
        ok = cable.date is not None and meta.date.strftime("%Y%m%d%H") == (
            cable.date.strftime("%Y%m%d%H")) and (
            abs((cable.date - meta.date).total_seconds()) < tolerance)
        out["date"] = "agree" if ok else "disagree"
    if meta.classification:
        text_level = cable.classification
        out["classification"] = "fallback" if "classification" in fallback else (
            "agree" if text_level == meta.classification else "disagree")
        out["level"] = "fallback" if "classification" in fallback else (
            "agree" if cable.level == meta.classification.split("//")[0] else "disagree")
    out["origin"] = "fallback" if "origin" in fallback else (
        "agree" if meta.origin and same_post(cable.origin, meta.origin) else "disagree")
    return out


def units(corpus: Path):  # type: ignore[no-untyped-def]
    """Yield (format, unit) for the CSV rows and the HTML pages of the corpus."""
    for csv_file in sorted(corpus.glob("*.csv")):
        for unit in read_file(corpus, csv_file.name, "csv"):
            yield "csv", unit
    for page in sorted((corpus / "html").rglob("*.html")):
        for unit in read_file(corpus, page.relative_to(corpus).as_posix(), "html"):
            yield "html", unit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2]
                                                         / "shared" / "corpus"))
    parser.add_argument("--list", type=int, default=10, help="disagreements to list per field")
    args = parser.parse_args()
    counts: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    bad: dict[str, list[str]] = defaultdict(list)
    totals: Counter[str] = Counter()
    for fmt, unit in units(Path(args.corpus)):
        if not isinstance(unit, Unit):
            print(unit.format())
            continue
        cable, _ = parse_unit(unit)
        totals[fmt] += 1
        for field, verdict in compare(cable, unit.meta or SourceMeta()).items():
            counts[fmt][field][verdict] += 1
            if verdict == "disagree":
                got = {"id": cable.id, "date": cable.date, "classification":
                       cable.classification, "level": cable.level, "origin": cable.origin}[field]
                want = {"id": unit.meta.id, "date": unit.meta.date, "classification":
                        unit.meta.classification, "level": unit.meta.classification,
                        "origin": unit.meta.origin}[field] if unit.meta else None
                bad[f"{fmt} {field}"].append(f"{unit.source.path}:{unit.source.line} "
                                             f"got {got} want {want}")
    print("| format | field | cables | from text | agree | disagree | fallback | agreement |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for fmt in sorted(counts):
        for field in FIELDS:
            c = counts[fmt][field]
            checked = c["agree"] + c["disagree"]
            share = 100.0 * c["agree"] / checked if checked else 0.0
            print(f"| {fmt} | {field} | {totals[fmt]} | {checked} | {c['agree']} | "
                  f"{c['disagree']} | {c['fallback']} | {share:.2f}% |")
    for key, rows in sorted(bad.items()):
        print(f"\n{key}: {len(rows)} disagreements")
        for row in rows[: args.list]:
            print("  ", row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
