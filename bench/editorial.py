"""Editorial features at scale: spotting registered names in every cable, rendering notes.

Usage: python bench/editorial.py [CORPUS_DIR] [--persons N] [--notes N]

Parses every cable of the corpus CSV once, then measures:

- names: the persons feature's scan of each cable (subject, paragraphs,
  signer) against a register of N persons (three spellings each: "Ambassador
  X", "X" and "X" in capitals), named after capitalised words that do occur
  in the corpus: the most frequent ones (a worst case: "The", "Embassy" as
  names, matches everywhere) and words from rank 300 on (closer to real
  surnames); reported per cable and projected to the 251,287 cables of the
  full release;
- notes: rendering the example edition's notes file (parse, anchors placed
  on the seed cable, every section rendered) N times.

Numbers on a shared machine are noisy: repeat and compare medians.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.markdown import Collector, make_markdown, parse, render_tokens  # noqa: E402
from generator.markdown.textlinks import cable_finder, paragraph_finder  # noqa: E402
from generator.model import Cable, Unit  # noqa: E402
from generator.notes.anchors import split  # noqa: E402
from generator.notes.place import place  # noqa: E402
from generator.parse import parse_unit  # noqa: E402
from generator.persons.names import NameIndex  # noqa: E402
from generator.read.units import read_file  # noqa: E402

FULL_RELEASE = 251_287


def cables(corpus: Path) -> list[Cable]:
    """Every cable of the corpus CSV, parsed."""
    out = []
    for item in read_file(corpus, "cables-sample.csv", "csv"):
        if isinstance(item, Unit):
            out.append(parse_unit(item)[0])
    return out


def register(parsed: list[Cable], size: int, skip: int = 0) -> NameIndex:
    """A register of ``size`` persons named after capitalised words of the corpus."""
    words: Counter[str] = Counter()
    for cable in parsed:
        for p in cable.paragraphs:
            words.update(re.findall(r"\b[A-Z][a-z]{3,}\b", p.text))
    surnames = [w for w, _ in words.most_common(skip + size)][skip:]
    spellings = []
    for n, surname in enumerate(surnames):
        pid = f"p{n}"
        spellings += [(f"Ambassador {surname}", pid), (surname, pid), (surname.upper(), pid)]
    return NameIndex.build(spellings)


def bench_names(parsed: list[Cable], index: NameIndex) -> tuple[float, int]:
    """Seconds to scan every cable, and matches found."""
    start = time.perf_counter()
    found = 0
    for cable in parsed:
        for text in (cable.subject, *(p.text for p in cable.paragraphs), cable.signer or ""):
            found += len(index.find(text))
    return time.perf_counter() - start, found


def bench_notes(times: int) -> list[float]:
    """Seconds per render of the example notes file on the seed cable."""
    unit = next(read_file(ROOT, "content/07BRUSSELS881.txt", "txt"))
    assert isinstance(unit, Unit)
    seed, _ = parse_unit(unit)
    body = (ROOT / "content" / "notes" / "07BRUSSELS881.md").read_text(encoding="utf-8")
    md = make_markdown()
    numbers = [p.number for p in seed.paragraphs if p.number is not None]
    out = []
    for _ in range(times):
        start = time.perf_counter()
        found = Collector("n.md", "cables/07BRUSSELS881.html", (
            cable_finder(lambda i: i if i == seed.id else None, "https://x/{id}"),
            paragraph_finder(numbers)))
        tokens, env = parse(md, body, found)
        sections, _ = split(tokens, "n.md")
        place(tuple(a for a, _, _ in sections.notes), seed, "n.md")
        for _, a, b in sections.notes:
            render_tokens(md, tokens[a:b], env)
        render_tokens(md, tokens[slice(*sections.introduction)], env)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    """Run both measurements and print them."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--persons", type=int, default=2000)
    ap.add_argument("--notes", type=int, default=200)
    args = ap.parse_args()
    start = time.perf_counter()
    parsed = cables(args.corpus)
    print(f"parsed {len(parsed)} cables in {time.perf_counter() - start:.1f} s")
    for size, skip in ((0, 0), (100, 0), (args.persons, 0), (100, 300), (args.persons, 300)):
        index = register(parsed, size, skip)
        seconds, found = bench_names(parsed, index)
        per = seconds / len(parsed)
        kind = "frequent words" if skip == 0 else f"words from rank {skip}"
        print(f"names, {size:>5} persons ({kind}): {seconds:.2f} s for {len(parsed)} cables "
              f"({per * 1e6:.0f} µs/cable, {found} matches); projected to {FULL_RELEASE:,} "
              f"cables: {per * FULL_RELEASE:.0f} s")
    runs = bench_notes(args.notes)
    print(f"notes: example notes file rendered {len(runs)} times: median "
          f"{statistics.median(runs) * 1e3:.1f} ms, max {max(runs) * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
