"""cablegen: a static site generator for annotated editions of diplomatic cables.

The build is a recipe of pure stages (see ``generator.build``): read sources,
parse and clean each cable, link the corpus, render pages, write them
atomically. Every stage returns what it found, diagnostics included.
"""

from __future__ import annotations

__version__ = "0.1.0"
