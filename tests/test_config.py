"""site.toml: defaults, and every problem reported at once with its line."""

from __future__ import annotations

from pathlib import Path

from generator.config import SCHEMA, load_config


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    config, diags = load_config(tmp_path)
    assert diags == [] and config is not None
    assert config.get("output") == "_site" and config.title == "Cable edition"


def test_all_problems_reported_with_lines(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text(
        'title = 3\nbase_url = "ftp://x"\ncolour = "red"\n\n[browse]\npage_size = 0\n'
        '[references]\nexternal_url = "https://example.org/"\n')
    config, diags = load_config(tmp_path)
    assert config is None
    got = {(d.line, d.code) for d in diags}
    assert got == {(1, "config-type"), (2, "config-value"), (3, "config-key"),
                   (6, "config-value"), (8, "config-value")}
    assert all(d.format().startswith("site.toml:") for d in diags)


def test_syntax_error_has_a_line(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('title = "x"\noutput = \n')
    config, diags = load_config(tmp_path)
    assert config is None and diags[0].code == "config-syntax" and diags[0].line == 2


def test_schema_keys_are_unique_and_documented() -> None:
    names = [k.name for k in SCHEMA]
    assert len(names) == len(set(names)) and all(k.help for k in SCHEMA)
