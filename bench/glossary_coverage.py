"""Glossary coverage: the share of acronym occurrences in cable bodies that get an expansion.

Usage: python bench/glossary_coverage.py [CORPUS_DIR] [--top N]

An *acronym occurrence* is a token of 2 to 8 capital letters (``GOB``,
``UNSCR``; letters only, delimited by anything but a letter or digit) in a
cable's body (its paragraphs: the routing header, captions, TAGS, subject
and REF lines are left out, and so are routing and distribution lines that the
parser left inside a body, ``HEADER_LINE``) that is not an ordinary word. *Ordinary words*
are those of ``generator/data/words/english.txt``: the entries of Debian's
``wamerican`` (SCOWL) list written in lower case or capitalised, so proper
names of the dictionary (``Paris``, ``Sharon``) count as words and entries
it writes in capitals (``NATO``) do not. An occurrence *gets an expansion*
when the glossary resolves it in that cable's context (its own definitions
and header, entries scoped to its post or country, definitions from other
cables of its post, entries scoped to its TAGS countries, general entries).

Three figures are printed: all bodies; bodies of mixed-case cables only (in
a telegram written all in capitals every word is in capitals, so names and
foreign words pass the test); and all bodies without tokens that the corpus
also writes as a capitalised word (``Tudjman``: a name, not an acronym).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.glossary.assemble import assemble
from generator.glossary.cable import scan
from generator.glossary.resolve import resolve
from generator.glossary.scan import is_caps
from generator.glossary.site import post_definitions
from generator.glossary.view import cable_context
from generator.link import link, summarise
from generator.model import Cable, Unit
from generator.parse import ParseContext, parse_unit
from generator.read.units import read_file

TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,8}(?![A-Za-z0-9])")
HEADER_LINE = re.compile(
    r"^\s*(?:(?:ACTION|INFO|ORIGIN)\s+[A-Z]+-\d\d|(?:FM|TO|INFO|XMT|BT|ZEN)\s|-{6,}"
    r"|.*(?:[A-Z]{2,}-\d\d\s+){3})")
"""Routing and distribution lines that the parser left inside a body (``INFO LOG-00
AID-00 CIAE-00 ...``, ``FM AMCONSUL ...``): headers, not prose."""
CAPITALISED = re.compile(r"\b[A-Z][a-z]{1,7}\b")


def cables(corpus: Path) -> list[Cable]:
    """Every cable of the corpus (CSV rows and HTML pages), parsed."""
    ctx = ParseContext()
    out = []
    files = [(p.name, "csv") for p in sorted(corpus.glob("*.csv"))]
    files += [(p.relative_to(corpus).as_posix(), "html")
              for p in sorted((corpus / "html").rglob("*.html"))]
    for rel, fmt in files:
        for item in read_file(corpus, rel, fmt):
            if isinstance(item, Unit):
                out.append(parse_unit(item, ctx)[0])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2]
                                                         / "shared" / "corpus"))
    parser.add_argument("--top", type=int, default=40, help="unknown terms to list")
    args = parser.parse_args()
    start = time.perf_counter()
    glossary, problems = assemble(None)
    for d in problems:
        print(d.format(), file=sys.stderr)
    parsed = cables(Path(args.corpus))
    corpus, _ = link(summarise(c) for c in parsed)
    collected = {c.id: scan(c, glossary) for c in parsed}
    posts = post_definitions(glossary, corpus, collected)
    capitalised: Counter[str] = Counter()
    for cable in parsed:
        for p in cable.paragraphs:
            capitalised.update(m.group().upper() for m in CAPITALISED.finditer(p.text))
    total: Counter[str] = Counter()
    covered: Counter[str] = Counter()
    origins: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    seen: set[str] = set()
    for cable in parsed:
        if cable.id in seen:
            continue
        seen.add(cable.id)
        ctx = cable_context(cable, glossary, collected[cable.id], posts.get(cable.station, {}))
        caps = is_caps("\n".join(p.text for p in cable.paragraphs))
        for p in cable.paragraphs:
            body = "\n".join(line for line in p.text.splitlines()
                              if not HEADER_LINE.match(line))
            for m in TOKEN.finditer(body):
                token = m.group()
                if token in glossary.words:
                    continue
                groups = ["all", "caps" if caps else "mixed"]
                if not capitalised[token]:
                    groups.append("not-names")
                res = resolve(glossary, token, ctx)
                total.update(groups)
                if res.entries:
                    covered.update(groups)
                    origins[res.entries[0].origin] += 1
                else:
                    unknown[token] += 1
    print(f"{len(seen)} cables, glossary of {sum(map(len, glossary.entries.values()))} "
          f"entries for {len(glossary.entries)} terms ({time.perf_counter() - start:.0f} s)")
    labels = {"all": "all bodies", "mixed": "mixed-case cables", "caps": "all-capitals cables",
              "not-names": "all bodies, without words the corpus also capitalises"}
    for group in ("all", "mixed", "caps", "not-names"):
        share = covered[group] / total[group] if total[group] else 0.0
        print(f"  {labels[group]:<56} {covered[group]:>7} of {total[group]:>7}  {share:6.1%}")
    print("explained by: " + ", ".join(f"{o} {n}" for o, n in origins.most_common()))
    print(f"top {args.top} unknown: " + ", ".join(f"{t} {n}"
                                                 for t, n in unknown.most_common(args.top)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
