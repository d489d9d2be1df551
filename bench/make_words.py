"""Make cablegen's list of ordinary English words from Debian's ``wamerican``.

Usage: python bench/make_words.py [/usr/share/dict/american-english]

Writes ``generator/data/words/english.txt``: every entry of the SCOWL-based
``american-english`` list that is written in lower case or capitalised
(``paris``, ``Paris``), of 2 to 10 letters, upper-cased, possessives
dropped. Entries written all in capitals in the dictionary (``NATO``,
``AIDS``) are acronyms, not ordinary words, and are left out, except the
few in ``CAPITAL_WORDS``: words the dictionary writes in capitals that
English uses as ordinary words (``OK``, "it was OK"), which no reader needs
expanded. The glossary
uses the list to tell acronyms from words in all-capitals telegrams, and
``bench/glossary_coverage.py`` uses it to define what counts as an acronym.
"""

from __future__ import annotations

import sys
from pathlib import Path

HEADER = """\
# Ordinary English words, upper-cased: the lower-case and capitalised entries of
# 2 to 10 letters of Debian's wamerican (SCOWL) word list, made by
# bench/make_words.py. SCOWL: Copyright 2000-2011 by Kevin Atkinson. Permission
# to use, copy, modify, distribute and sell these word lists, the associated
# scripts, the output created from the scripts, and its documentation for any
# purpose is hereby granted without fee, provided that the above copyright
# notice appears in all copies and that both that copyright notice and this
# permission notice appear in supporting documentation. Kevin Atkinson makes no
# representations about the suitability of this array for any purpose. It is
# provided "as is" without express or implied warranty.
"""

CAPITAL_WORDS = ("OK",)
"""Dictionary entries in capitals that are ordinary words (``okay``), not acronyms to expand."""


def main() -> int:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/dict/american-english")
    words = set()
    for line in source.read_text(encoding="utf-8").splitlines():
        word = line.strip()
        if not word.isascii() or not word.isalpha() or (word.isupper()
                                                        and word not in CAPITAL_WORDS):
            continue
        if 2 <= len(word) <= 10:
            words.add(word.upper())
    out = Path(__file__).resolve().parent.parent / "generator" / "data" / "words" / "english.txt"
    out.write_text(HEADER + "\n".join(sorted(words)) + "\n", encoding="utf-8")
    print(f"{len(words)} words written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
