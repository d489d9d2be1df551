"""Glossary coverage: the share of acronym occurrences in cable bodies that get an expansion.

Usage: python bench/glossary_coverage.py [CORPUS_DIR] [--top N] [--sample N] [--unknown N]
       [--seed S]

Occurrences are looked for in each cable's body (its paragraphs: the routing
header, captions, TAGS, subject and REF lines are left out, and so are the
routing, distribution and address lines that the parser left inside a body,
``HEADER_LINE``). An occurrence *gets an expansion* when the glossary resolves
it in that cable's context (its own definitions and header, entries scoped to
its post or country, definitions from other cables of its post or country,
entries scoped to its TAGS countries, general entries); the figures say how
many of those name one meaning and how many show several ("one of", or a
meaning known elsewhere: nothing in the cable decides).

Two measures are printed:

- the issue's: tokens of 2 to 8 capital letters (``GOB``, ``UNSCR``; letters
  only, delimited by anything but a letter or digit) that are not ordinary
  words. *Ordinary words* are those of ``generator/data/words/english.txt``:
  the entries of Debian's ``wamerican`` (SCOWL) list written in lower case or
  capitalised, so proper names of the dictionary (``Paris``, ``Sharon``) count
  as words and entries it writes in capitals (``NATO``) do not;
- the refined one: the same tokens without those that are not acronyms by the
  rules of ``bench/acronyms.py`` (names and words that all-capitals
  telegrams write in capitals: ``TUDJMAN``, ``ABU DHABI``, ``EL``, roman
  numerals, pieces of words), and by those of ``bench/telegram_names.py``
  (names that only telegrams written in capitals use: ``XANANA``). Each rule's
  share and its most frequent tokens are printed so that the rules can be
  checked, and the telegram rules' precision against the tokens whose case
  the mixed-case cables show.

Each is given for all bodies, for cables written in mixed case and for
telegrams written all in capitals. ``--sample N`` prints N resolved
occurrences of the refined measure, drawn at random, with their context;
``--unknown N`` prints N occurrences that nothing explains, so that anyone can
see what the unknowns are (mostly names and places in telegrams written all
in capitals).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.acronyms import TOKEN, Evidence, occurrence_rule, place_pattern, signature_rule
from bench.coverage_corpus import bodies, cables, closing_name, place_names
from bench.telegram_names import caps_precision, telegram_rule
from generator.glossary.assemble import assemble
from generator.glossary.cable import scan
from generator.glossary.resolve import resolve
from generator.glossary.scan import is_caps
from generator.glossary.site import post_definitions
from generator.glossary.view import cable_context, tip
from generator.link import link, summarise

COMPOUND = re.compile(r"(?<![A-Za-z0-9])[A-Z0-9]+(?:[/&-][A-Z0-9]+)+(?![A-Za-z0-9])")
"""A compound term (``AFL-CIO``, ``MNF-I``): the glossary explains it whole when it can."""
GROUPS = ("all", "mixed", "caps")
LABELS = {"all": "all bodies", "mixed": "mixed-case cables", "caps": "all-capitals telegrams"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2]
                                                         / "shared" / "corpus"))
    parser.add_argument("--top", type=int, default=40, help="unknown terms to list")
    parser.add_argument("--sample", type=int, default=0, help="resolved occurrences to show")
    parser.add_argument("--unknown", type=int, default=0,
                        help="unknown occurrences (refined measure) to show")
    parser.add_argument("--contexts", default="",
                        help="comma-separated unknown terms whose every occurrence to show, "
                             "with the sending post (to read them before writing an entry)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    wanted = {t for t in args.contexts.split(",") if t}
    start = time.perf_counter()
    glossary, problems = assemble(None)
    for d in problems:
        print(d.format(), file=sys.stderr)
    parsed = cables(Path(args.corpus))
    corpus, _ = link(summarise(c) for c in parsed)
    collected = {c.id: scan(c, glossary) for c in parsed}
    posts = post_definitions(glossary, corpus, collected)
    evidence = Evidence()
    texts = []
    for cable in parsed:
        caps = is_caps("\n".join(p.text for p in cable.paragraphs))
        texts.append((cable, caps, bodies(cable)))
        for body in texts[-1][2]:
            evidence.add(body, caps)
    claimed = set(glossary.text_terms).union(
        short for terms in collected.values() for short, _, _ in terms.defined)
    names = evidence.names(glossary.text_terms)
    persons = {t for t in names if t not in glossary.words}
    exempt = evidence.names(())
    places = place_pattern(place_names(glossary))
    old: dict[str, Counter[str]] = {"total": Counter(), "covered": Counter()}
    new: dict[str, Counter[str]] = {"total": Counter(), "covered": Counter(),
                                    "ambiguous": Counter()}
    rules: Counter[str] = Counter()
    removed: dict[str, Counter[str]] = {}
    origins: Counter[str] = Counter()
    unknown: Counter[str] = Counter()
    unknown_in: dict[str, Counter[str]] = {"mixed": Counter(), "caps": Counter()}
    resolved = []
    checked: list[tuple[str, int, int, str | None]] = []
    missed = []
    for cable, caps, paragraphs in texts:
        ctx = cable_context(cable, glossary, collected[cable.id], posts.get(cable.station, {}))
        groups = ("all", "caps" if caps else "mixed")
        signer = set((cable.signer or "").upper().split()) | closing_name(paragraphs,
                                                                            glossary.text_terms)
        for body in paragraphs:
            spans = [m.span() for m in places.finditer(body)]
            compounds = [(m.start(), m.end(), m.group()) for m in COMPOUND.finditer(body)
                         if m.group() in glossary.text_terms]
            for m in TOKEN.finditer(body):
                token = m.group()
                if token in glossary.words:
                    continue
                whole = next((c for a, b, c in compounds if a <= m.start() and m.end() <= b), None)
                res = resolve(glossary, token, ctx)
                if whole and not res.entries:
                    res = resolve(glossary, whole, ctx)
                old["total"].update(groups)
                if res.entries:
                    old["covered"].update(groups)
                caps_rule = (telegram_rule(body, m.start(), m.end(), persons, claimed)
                             if caps else None)
                if caps_rule:
                    checked.append((body, m.start(), m.end(), caps_rule))
                rule = (names.get(token) or signature_rule(token, signer)
                        or occurrence_rule(body, m.start(), m.end(), spans, evidence.vocabulary)
                        or caps_rule)
                if rule:
                    rules[rule] += 1
                    removed.setdefault(rule, Counter())[token] += 1
                    continue
                new["total"].update(groups)
                if not res.entries:
                    unknown[token] += 1
                    unknown_in[groups[1]][token] += 1
                    if args.unknown or token in wanted:
                        missed.append((cable.id, token, body[max(0, m.start() - 60):m.end() + 40],
                                       groups[1]))
                    continue
                new["covered"].update(groups)
                if res.ambiguous:
                    new["ambiguous"].update(groups)
                origins[res.entries[0].origin] += 1
                if args.sample:
                    resolved.append((cable.id, token, body[max(0, m.start() - 60):m.end() + 40],
                                     tip(res)))
    print(f"{len(parsed)} cables, glossary of {sum(map(len, glossary.entries.values()))} "
          f"entries for {len(glossary.entries)} terms ({time.perf_counter() - start:.0f} s)")
    print("issue's measure (capitals, not English words):")
    for g in GROUPS:
        t, c = old["total"][g], old["covered"][g]
        print(f"  {LABELS[g]:<26} {c:>7} of {t:>7}  {c / max(t, 1):6.1%}")
    print("refined measure (without names, words, numerals and pieces of words):")
    for g in GROUPS:
        t, c, a = new["total"][g], new["covered"][g], new["ambiguous"][g]
        print(f"  {LABELS[g]:<26} {c:>7} of {t:>7}  {c / max(t, 1):6.1%}"
              f"   (one meaning {(c - a) / max(t, 1):6.1%}, several or unconfirmed "
              f"{a / max(t, 1):5.1%})")
    print("removed by the refined measure:")
    for rule, n in rules.most_common():
        print(f"  {rule:<11} {n:>6}: " + ", ".join(f"{t} {k}"
                                                  for t, k in removed[rule].most_common(25)))
    print("the telegram rules checked against tokens the mixed-case cables label "
          "(occurrences removed: names and words / acronyms):")
    for rule, counts in sorted(caps_precision(checked, evidence, claimed).items()):
        n, a = counts["name"], counts["acronym"]
        print(f"  {rule:<11} {n:>6} / {a:>4}  {n / max(n + a, 1):6.1%} names")
    kept = sorted((t for t in exempt if t not in names and t not in glossary.words),
                  key=lambda t: -evidence.total[t])
    print("kept as glossary terms although their own evidence says name or word: "
          + ", ".join(f"{t} {evidence.total[t]}" for t in kept[:40]))
    print("explained by: " + ", ".join(f"{o} {n}" for o, n in origins.most_common()))
    print(f"top {args.top} unknown: " + ", ".join(f"{t} {n}"
                                                 for t, n in unknown.most_common(args.top)))
    for g, counts in unknown_in.items():
        print(f"top {args.top} unknown in {LABELS[g]}: "
              + ", ".join(f"{t} {n}" for t, n in counts.most_common(args.top)))
    for cable_id, token, context, text in random.Random(args.seed).sample(
            resolved, min(args.sample, len(resolved))):
        print(f"{cable_id}  {token} = {text}\n    {' '.join(context.split())}")
    for cable_id, token, context, group in random.Random(args.seed).sample(
            missed, min(args.unknown, len(missed))):
        print(f"{cable_id} {group:<5} {token}: {' '.join(context.split())}")
    for cable_id, token, context, group in sorted(m for m in missed if m[1] in wanted):
        print(f"{token:<8} {cable_id} {group:<5} {' '.join(context.split())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
