"""Read stage fixtures in markdown-it-py's format: title, ``.``, input, ``.``, expected, ``.``.

Each case is three blocks separated by lines holding a single dot; a blank
line precedes the next title. Cases become ``pytest.param``s named by title.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent / "fixtures"


def cases(name: str) -> list[pytest.param]:  # type: ignore[valid-type]
    """Parametrise a test with the cases of ``fixtures/<name>``."""
    lines = (HERE / name).read_text(encoding="utf-8").split("\n")
    out, i = [], 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, line = lines[i], i + 1
        assert lines[i + 1] == ".", f"{name}:{line + 1}: expected '.' after the title"
        j = lines.index(".", i + 2)
        k = lines.index(".", j + 1)
        text = "\n".join(lines[i + 2:j])
        expected = "\n".join(lines[j + 1:k])
        out.append(pytest.param(text, expected, id=f"{line}-{title}"))
        i = k + 1
    return out
