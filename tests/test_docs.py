"""The README's promises: its two commands, its table of keys, CI running its test command."""

from __future__ import annotations

import re

from generator.config import SCHEMA
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block, "the README must start with a sh block of two commands"
    return [line.split("#")[0].strip() for line in block[1].strip().splitlines()]


def test_readme_starts_with_two_commands() -> None:
    assert README.index("```sh") < 20
    commands = _commands()
    assert len(commands) == 2
    assert "cablegen build" in commands[0] and "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci.splitlines()


def test_every_site_toml_key_is_documented() -> None:
    for key in SCHEMA:
        assert f"| `{key.name}` |" in README, key.name
