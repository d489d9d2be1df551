"""The assembly phase: a job that runs ``alone`` runs in a process of its own, beside the
others, and its files are recorded as if it had run in the build's process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.build import build
from generator.engine import output
from generator.engine.assembly import run_jobs
from generator.engine.progress import Progress
from generator.features import FileJob, FileWriter
from tests.conftest import MakeSite
from tests.test_engine import SEED_TEXT, tree, variant

MANIFEST = ".cablegen-manifest.json"


def _jobs(log: Path, fail_beside: bool = False, fail: bool = False) -> list[FileJob]:
    parent = os.getpid()

    def index(writer: FileWriter) -> None:
        with log.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        if fail or (fail_beside and os.getpid() != parent):
            raise RuntimeError("the index job failed")
        for n in range(3):
            writer.put(f"search/{n}.js", f"part {n}\n".encode())

    def export(writer: FileWriter) -> None:
        writer.put("export.txt", b"export\n")

    def listing(writer: FileWriter) -> None:  # reads every output path: waits for the others
        writer.put("list.txt", "\n".join(writer.paths()).encode())

    return [FileJob("index", "k-index", index, alone=True), FileJob("list", "", listing),
            FileJob("export", "k-export", export)]


def _assemble(out: Path, jobs: list[FileJob], workers: int) -> dict[str, str]:
    staging = output.begin(out)
    run_jobs(jobs, staging, Progress(enabled=False), workers)
    output.commit(staging)
    return {p: d for p, d in tree(out).items() if p != MANIFEST}


def test_a_job_alone_runs_in_another_process_and_its_files_are_recorded(tmp_path: Path) -> None:
    log = tmp_path / "pids"
    beside = _assemble(tmp_path / "two", _jobs(log), workers=2)
    assert [int(p) for p in log.read_text().split()] != [os.getpid()]
    log.unlink()
    alone = _assemble(tmp_path / "one", _jobs(log), workers=1)
    assert [int(p) for p in log.read_text().split()] == [os.getpid()]
    assert beside == alone
    assert set(beside) == {"search/0.js", "search/1.js", "search/2.js", "list.txt",
                           "export.txt"}
    listed = (tmp_path / "two" / "list.txt").read_text().split("\n")
    assert {"search/0.js", "search/1.js", "search/2.js"} <= set(listed)


def test_a_large_build_process_runs_the_job_itself(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Above ``BESIDE_MAX_BYTES`` a fork would copy too much of the build's memory."""
    from generator.engine import beside

    monkeypatch.setattr(beside, "BESIDE_MAX_BYTES", 0)
    log = tmp_path / "pids"
    _assemble(tmp_path / "out", _jobs(log), workers=2)
    assert [int(p) for p in log.read_text().split()] == [os.getpid()]


def test_a_job_that_failed_beside_runs_again_in_the_build(tmp_path: Path) -> None:
    log = tmp_path / "pids"
    files = _assemble(tmp_path / "out", _jobs(log, fail_beside=True), workers=2)
    pids = [int(p) for p in log.read_text().split()]
    assert len(pids) == 2 and pids[-1] == os.getpid()
    assert "search/2.js" in files


def test_an_error_of_a_job_beside_reaches_the_build(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="the index job failed"):
        _assemble(tmp_path / "out", _jobs(tmp_path / "pids", fail=True), workers=2)


def test_two_workers_build_the_same_site_as_one(make_site: MakeSite) -> None:
    site = make_site({"content/a.txt": SEED_TEXT, "content/b.txt": variant(900, "Beta"),
                      "content/c.txt": variant(901, "Gamma")})
    one = site.parent / "one"
    shutil.copytree(site, one)
    build(site, jobs=2)
    build(one, jobs=1)
    two_files, one_files = tree(site / "_site"), tree(one / "_site")
    assert any(p.startswith("search/t/") for p in two_files)
    assert two_files == one_files
