"""Paragraph numbers damaged by conversion, recovered as one sequence.

``16.`` for 6 and ``110.`` for 10: for every numbered block, its number as
written or without a spurious leading ``1`` is chosen so that the whole
sequence is as consistent as possible (a small dynamic programme over a
window of blocks). Numbers are never invented here.
"""

from __future__ import annotations

_WINDOW = 40
"""Blocks looked back at when chaining paragraph numbers: keeps recovery linear on
pathological input (100,000 numbered lines) at no cost on real cables."""


def recover(numbers: list[int]) -> list[tuple[int | None, bool]]:
    """Choose for each written number itself or itself without a leading 1; None leaves it out.

    Returns (number, stripped) per block, maximising blocks kept in one
    increasing sequence while penalising gaps and stripped readings.
    """
    options: list[list[tuple[int, bool]]] = []
    for n in numbers:
        opts = [(n, False)]
        s = str(n)
        if len(s) >= 2 and s[0] == "1" and s[1] != "0":
            opts.append((int(s[1:]), True))
        options.append(opts)
    # best[i][k] = (score, back) for block i taking option k (the last block kept)
    best: list[list[tuple[float, tuple[int, int] | None]]] = []
    for i, opts in enumerate(options):
        row: list[tuple[float, tuple[int, int] | None]] = []
        for value, stripped in opts:
            base = 10.0 - (0.6 if stripped else 0.0)
            score = base - min(value - 1, 20)
            back = None
            for j in range(max(0, i - _WINDOW), i):
                for k, (pv, _) in enumerate(options[j]):
                    if pv < value:
                        cand = best[j][k][0] + base - min(value - pv - 1, 20)
                        if cand > score:
                            score, back = cand, (j, k)
            row.append((score, back))
        best.append(row)
    result: list[tuple[int | None, bool]] = [(None, False)] * len(numbers)
    if not numbers:
        return result
    i, k = max(((i, k) for i in range(len(best)) for k in range(len(best[i]))),
               key=lambda ik: best[ik[0]][ik[1]][0])
    node: tuple[int, int] | None = (i, k)
    while node is not None:
        i, k = node
        result[i] = options[i][k]
        node = best[i][k][1]
    return result


def gaps(numbers: list[int]) -> tuple[tuple[int, int], ...]:
    """The runs of numbers missing from a paragraph sequence (``(4, 5)``: 4 and 5)."""
    missing: list[tuple[int, int]] = []
    expected = 1
    for n in numbers:
        if n > expected:
            missing.append((expected, n - 1))
        expected = max(expected, n + 1)
    return tuple(missing)
