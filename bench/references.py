"""References: how many of the ids in the corpus' ``references`` column cablegen finds too.

Usage: python bench/references.py [CORPUS_DIR] [--sample N] [--seed S] [--misses N]

For every row of the corpus CSV whose ``references`` column lists ids,
parse the cable and compare, after normalising both sides (canonical
stations, serials without leading zeros, ``BRUSSELS`` and ``USEUBRUSSELS``
as one form), the column's ids with:

- the ids of the cable's REF list as cablegen parses it, and
- those plus the cables cited in the text (``as reported in STATE 21535``),
  which cablegen links too.

The column is noisy (junk such as ``04TREASURY211622ZJAN4``, the cable's
own id, ids read from the body), so the script also prints a deterministic
sample of the ids cablegen finds that the column lacks, with the text they
come from, for checking by hand, and the column ids cablegen misses.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.model import Cable, Unit
from generator.parse import parse_unit
from generator.parse.ids import normalise_id
from generator.read.units import read_file

_JUNK = re.compile(r"^(?P<yy>\d{2})(?:REFTEL|REFERENCE|REFS?|[A-Z]|REF\d)?:")


def column_ids(value: str) -> set[str]:
    """Normalised ids of one entry of the column (``04BRASILIA2799AND2764`` is two ids)."""
    value = _JUNK.sub(r"\g<yy>", value.strip().upper())
    m = re.match(r"^(\d{2}[A-Z]+)(\d+)((?:AND\d+)+)$", value)
    raw = [value] if not m else [m[1] + m[2]] + [m[1] + n for n in re.findall(r"\d+", m[3])]
    return {key(i) for i in raw if normalise_id(i)}


def key(cable_id: str) -> str:
    """The comparison form: canonical id, USEU Brussels folded into Brussels."""
    norm = normalise_id(cable_id) or cable_id
    return norm.replace("USEUBRUSSELS", "BRUSSELS", 1)


def found_ids(cable: Cable) -> tuple[set[str], set[str]]:
    """(ids of the REF list, ids cited in the text) as cablegen finds them."""
    refs = {key(r.id) for r in cable.references if r.id}
    text = {key(m.id) for m in cable.mentions if m.id} - refs
    return refs, text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2]
                                                         / "shared" / "corpus"))
    parser.add_argument("--sample", type=int, default=20, help="extra ids to list for checking")
    parser.add_argument("--seed", type=int, default=4, help="seed of the sample")
    parser.add_argument("--misses", type=int, default=0, help="missed column ids to list")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    counts: Counter[str] = Counter()
    extras: list[tuple[str, str, str]] = []
    misses: list[tuple[str, str, str]] = []
    for csv_file in sorted(corpus.glob("*.csv")):
        for unit in read_file(corpus, csv_file.name, "csv"):
            if not isinstance(unit, Unit) or not unit.meta or not unit.meta.references:
                continue
            cable, _ = parse_unit(unit)
            column = set().union(*(column_ids(v) for v in unit.meta.references))
            own = key(cable.id)
            counts["rows"] += 1
            counts["column ids"] += len(column)
            counts["column ids naming the cable itself"] += own in column
            column.discard(own)
            refs, text = found_ids(cable)
            counts["column ids (without the cable itself)"] += len(column)
            counts["found in the REF list"] += len(column & refs)
            counts["found in the REF list or the text"] += len(column & (refs | text))
            counts["REF ids the column lacks"] += len(refs - column)
            for cid in sorted(refs - column):
                texts = [r.text for r in cable.references if r.id and key(r.id) == cid]
                extras.append((cable.id, cid, texts[0] if texts else ""))
            for cid in sorted(column - refs - text):
                misses.append((cable.id, cid, " | ".join(r.text for r in cable.references)))
    for name, value in counts.items():
        print(f"{name}: {value}")
    base = counts["column ids (without the cable itself)"]
    if base:
        print(f"share found (REF list): {100 * counts['found in the REF list'] / base:.2f}%")
        print(f"share found (REF list or text): "
              f"{100 * counts['found in the REF list or the text'] / base:.2f}%")
    rng = random.Random(args.seed)
    print(f"\nsample of {args.sample} REF ids the column lacks (cable, id, reference text):")
    for cable_id, cid, text in sorted(rng.sample(extras, min(args.sample, len(extras)))):
        print(f"  {cable_id}\t{cid}\t{text}")
    if args.misses:
        print(f"\n{args.misses} of {len(misses)} column ids not found (cable, id, REF texts):")
        for row in rng.sample(misses, min(args.misses, len(misses))):
            print("  " + "\t".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
