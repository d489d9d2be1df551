"""The command line as users run it: real processes, exit codes, messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, MakeSite


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator`` from this checkout, wherever the command runs."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd or REPO,
                          capture_output=True, text=True, timeout=300, env=env)


def test_build_example_site(example_site: Path) -> None:
    done = run("build", "--site", str(example_site))
    assert done.returncode == 0, done.stderr
    assert "1 cable" in done.stdout
    out = example_site / "_site"
    assert (out / "cables" / "07BRUSSELS881.html").is_file()
    assert (out / "cables" / "07BRUSSELS881.json").is_file()
    assert (out / "index.html").is_file()


def test_build_defaults_to_current_folder(example_site: Path, tmp_path: Path) -> None:
    done = run("build", "--out", str(tmp_path / "o"), cwd=example_site)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "o" / "index.html").is_file()


def test_usage_errors_exit_2() -> None:
    assert run("frobnicate").returncode == 2
    assert run("build", "--site", "/nonexistent/site").returncode == 2


def test_bad_content_is_a_diagnostic_not_a_traceback(make_site: MakeSite) -> None:
    site = make_site({"content/bad.txt": b"\x00\x01\x02" * 100, "content/ok.txt":
                      (REPO / "content" / "07BRUSSELS881.txt").read_text()})
    done = run("build", "--site", str(site))
    assert "Traceback" not in done.stderr
    assert "content/bad.txt:0: error: binary data" in done.stderr
    assert done.returncode == 1
    assert (site / "_site" / "cables" / "07BRUSSELS881.html").is_file()


def test_strict_fails_on_warnings(make_site: MakeSite) -> None:
    site = make_site({"content/empty.txt": ""})
    assert run("build", "--site", str(site)).returncode == 0
    done = run("build", "--site", str(site), "--strict")
    assert done.returncode == 1 and "[empty-file]" in done.stderr


def test_config_errors_exit_1_with_lines(make_site: MakeSite) -> None:
    site = make_site({"site.toml": 'title = "x"\nwrong = 1\n'})
    done = run("check", "--site", str(site))
    assert done.returncode == 1
    assert "site.toml:2: error: unknown key 'wrong'" in done.stderr


def test_check_writes_nothing(example_site: Path) -> None:
    done = run("check", "--site", str(example_site))
    assert done.returncode == 0, done.stderr
    assert not (example_site / "_site").exists()


def test_new_site_builds_at_once(tmp_path: Path) -> None:
    site = tmp_path / "my-edition"
    assert run("new", str(site)).returncode == 0
    done = run("build", "--site", str(site), "--strict")
    assert done.returncode == 0, done.stderr
    assert (site / "_site" / "cables" / "07BRUSSELS881.html").is_file()
    assert run("new", str(site)).returncode == 2


def test_output_folder_may_not_be_the_site(example_site: Path) -> None:
    done = run("build", "--site", str(example_site), "--out", str(example_site))
    assert done.returncode == 1 and "[unsafe-output]" in done.stderr
    assert (example_site / "content" / "07BRUSSELS881.txt").is_file()


def test_output_folder_may_not_be_home_root_or_content(example_site: Path,
                                                       tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "keep.txt").write_text("mine")
    env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(home)}
    for out in (str(home), "/", str(example_site / "content"), str(example_site.parent)):
        done = subprocess.run([sys.executable, "-m", "generator", "build", "--site",
                               str(example_site), "--out", out], capture_output=True,
                              text=True, timeout=300, env=env)
        assert done.returncode == 1, out
        assert "[unsafe-output]" in done.stderr, out
    assert (home / "keep.txt").read_text() == "mine"
    assert sorted(p.name for p in (example_site / "content").iterdir()) == sorted(
        p.name for p in (REPO / "content").iterdir())
