"""Read stage: find the cable sources under ``content/`` and yield ``Unit``s.

Each format has its own module; ``read_sources`` streams units so that a
1.7 GB ``cables.csv`` never sits in memory whole.
"""

from __future__ import annotations

from generator.read.discover import Discovery, discover
from generator.read.units import read_file

__all__ = ["Discovery", "discover", "read_file"]
