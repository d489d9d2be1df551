"""Progress for long builds: a bar on a terminal, plain periodic lines otherwise.

Nothing is shown for builds shorter than a couple of seconds. On a terminal
the line is redrawn in place (on standard error, beside the diagnostics);
elsewhere (CI logs, pipes) a plain line is printed every ten seconds.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts steps of named phases and reports them now and then."""

    def __init__(self, stream: TextIO | None = None, enabled: bool = True,
                 delay: float = 2.0, interval: float | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and self.stream.isatty()
        self.start = time.monotonic()
        self.delay = delay
        self.interval = interval if interval is not None else (0.2 if self.tty else 10.0)
        self.last = 0.0
        self.counts: dict[str, int] = {}
        self.totals: dict[str, int] = {}
        self.drawn = False

    def total(self, phase: str, count: int) -> None:
        """Announce how many steps a phase will take (for a percentage)."""
        self.totals[phase] = count

    def step(self, phase: str, n: int = 1) -> None:
        """Count ``n`` steps of ``phase``; maybe report."""
        self.counts[phase] = self.counts.get(phase, 0) + n
        now = time.monotonic()
        if not self.enabled or now - self.start < self.delay or now - self.last < self.interval:
            return
        self.last = now
        self._show(phase, now)

    def _show(self, phase: str, now: float) -> None:
        done = self.counts[phase]
        total = self.totals.get(phase)
        elapsed = now - self.start
        if total:
            share = min(1.0, done / total)
            bar = "#" * int(share * 30)
            text = f"{phase:>8} [{bar:<30}] {done}/{total} {elapsed:5.0f} s"
        else:
            text = f"{phase:>8} {done} {elapsed:5.0f} s"
        if self.tty:
            self.stream.write("\r" + text + "\033[K")
            self.drawn = True
        else:
            self.stream.write(f"cablegen: {text.strip()}\n")
        self.stream.flush()

    def done(self) -> None:
        """Clear the bar before the summary is printed."""
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn = False
