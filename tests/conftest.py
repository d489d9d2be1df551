"""Shared fixtures: throwaway sites written from a dict of files, paths to shared data."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = REPO / "content" / "07BRUSSELS881.txt"
CORPUS = SHARED / "corpus"

MakeSite = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """Write a site from ``{relative path: text or bytes}`` (mkdocs' ``tempdir(files=...)``)."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        files = {"site.toml": 'title = "Test"\n', **files}
        for rel, data in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        (root / "content").mkdir(exist_ok=True)
        return root

    return make


@pytest.fixture
def example_site(tmp_path: Path) -> Path:
    """A copy of the repository's example site (site.toml, content/, themes/)."""
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy(REPO / "site.toml", root / "site.toml")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "themes", root / "themes")
    return root


def corpus_available() -> bool:
    """Whether ../shared/corpus is beside the repository (CI has it)."""
    return (CORPUS / "cables-sample.csv").is_file()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module (``tests.browser.chromium``: skipped without
    it outside CI, a failure in CI)."""
    from tests.browser import chromium

    with chromium() as launched:
        yield launched
