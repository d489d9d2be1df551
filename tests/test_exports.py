"""Exports: cables.jsonl and cables.csv at the site root, and the zip archive."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.build import build
from generator.engine import rangecopy
from generator.engine.assembly import StagingWriter
from generator.engine.manifest import entry_sha, load_manifest
from generator.publish.pack import pack
from tests.conftest import REPO, MakeSite
from tests.test_engine import SEED_TEXT, variant


def _site(make_site: MakeSite, extra: str = "") -> Path:
    files: dict[str, str | bytes] = {"site.toml": 'title = "Export test"\n' + extra,
                                     "content/a.txt": SEED_TEXT}
    files.update({f"content/v{i}.txt": variant(900 + i, f"Variant {i}") for i in range(3)})
    site = make_site(files)
    build(site, jobs=1)
    return site


def test_jsonl_holds_each_cables_json_newest_first(make_site: MakeSite) -> None:
    out = _site(make_site) / "_site"
    lines = (out / "cables.jsonl").read_bytes().splitlines(keepends=True)
    assert len(lines) == 4
    for line in lines:
        data = json.loads(line)
        assert line == (out / "cables" / f"{data['id']}.json").read_bytes()
        assert "referenced_by" in data and "references" in data
    dates = [json.loads(line)["date"] for line in lines]
    assert dates == sorted(dates, reverse=True)


def _jsonl_of_files(out: Path) -> bytes:
    ids = [json.loads(line)["id"] for line in (out / "cables.jsonl").read_bytes().splitlines()]
    return b"".join((out / "cables" / f"{cid}.json").read_bytes() for cid in ids)


def _manifest_digest(out: Path, path: str) -> str:
    return entry_sha(load_manifest(out)[path])


@pytest.mark.parametrize("kernel", [False, True], ids=["through-memory", "kernel-copy"])
def test_jsonl_reuses_the_last_ones_lines_only_where_they_are_the_files(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, kernel: bool) -> None:
    """A rebuild copies unchanged lines from the last cables.jsonl; a line that is not
    byte for byte its cable's JSON file (here: damaged by hand) is read from the file.

    With ``kernel``, every run of lines is copied by ``os.copy_file_range`` and
    digested by a thread (on a real site, only runs of a megabyte or more)."""
    if kernel:
        monkeypatch.setattr(rangecopy, "SMALL", 0)
    site = _site(make_site)
    out = site / "_site"
    (site / "content" / "v1.txt").write_text(variant(901, "Variant one, edited"))
    (site / "content" / "v3.txt").write_text(variant(903, "Variant three, new"))
    build(site, jobs=1)
    jsonl = (out / "cables.jsonl").read_bytes()
    assert jsonl == _jsonl_of_files(out) and jsonl.count(b"\n") == 5
    assert b"Variant one, edited" in jsonl and b"Variant three, new" in jsonl
    assert _manifest_digest(out, "cables.jsonl") == hashlib.sha256(jsonl).hexdigest()
    damaged = jsonl.replace(b"Variant 2", b"Variant X")
    assert damaged != jsonl
    (out / "cables.jsonl").write_bytes(damaged)
    (site / "content" / "v0.txt").unlink()
    build(site, jobs=1)
    jsonl = (out / "cables.jsonl").read_bytes()
    assert jsonl == _jsonl_of_files(out) and jsonl.count(b"\n") == 4
    assert b"Variant X" not in jsonl and b"Variant 2" in jsonl
    assert _manifest_digest(out, "cables.jsonl") == hashlib.sha256(jsonl).hexdigest()


def test_jsonl_after_an_edit_reads_only_the_changed_cables_files(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(make_site)
    read: list[str] = []
    real_read = StagingWriter.read

    def counting(self: StagingWriter, path: str) -> bytes:
        read.append(path)
        return real_read(self, path)

    monkeypatch.setattr(StagingWriter, "read", counting)
    (site / "content" / "v1.txt").write_text(variant(901, "Variant one, again"))
    build(site, jobs=1)
    out = site / "_site"
    assert (out / "cables.jsonl").read_bytes() == _jsonl_of_files(out)
    assert [p for p in read if p.endswith(".json")] == ["cables/07BRUSSELS901.json"]


def test_jsonl_finds_the_old_lines_by_its_kept_index_unless_the_file_changed(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """The line index kept in the cache spares reading and hashing every old line; it is
    trusted only for the very file it was written with (a file changed by hand is read)."""
    from generator.features import exports

    site = _site(make_site)
    out = site / "_site"
    hashed: list[int] = []
    real = exports._hashed
    monkeypatch.setattr(exports, "_hashed", lambda src: hashed.append(1) or real(src))
    for n in range(2):
        (site / "content" / "v1.txt").write_text(variant(901, f"Variant one, edit {n}"))
        build(site, jobs=1)
        assert (out / "cables.jsonl").read_bytes() == _jsonl_of_files(out)
    assert hashed == []
    jsonl = (out / "cables.jsonl").read_bytes()
    (out / "cables.jsonl").write_bytes(jsonl.replace(b"Variant 2", b"Variant X"))
    (site / "content" / "v0.txt").write_text(variant(900, "Variant zero, edited"))
    build(site, jobs=1)
    assert hashed == [1]
    jsonl = (out / "cables.jsonl").read_bytes()
    assert jsonl == _jsonl_of_files(out) and b"Variant X" not in jsonl


def test_csv_has_one_row_of_metadata_per_cable(make_site: MakeSite) -> None:
    out = _site(make_site) / "_site"
    with open(out / "cables.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 4
    seed = next(r for r in rows if r["id"] == "07BRUSSELS881")
    assert seed["origin"] == "Embassy Brussels" and seed["date"] == "2007-03-15T15:42:00Z"
    assert seed["tags"].split(";")[0] == "PTER" and seed["url"] == "cables/07BRUSSELS881.html"
    assert seed["subject"].startswith("Joint Russian-U.S. Demarche")


def test_exports_follow_edits_and_can_be_switched_off(make_site: MakeSite) -> None:
    site = _site(make_site)
    out = site / "_site"
    again = build(site, jobs=1)
    assert again.written == 0
    (site / "content" / "v1.txt").write_text(variant(901, "Variant one, edited"))
    build(site, jobs=1)
    assert b"Variant one, edited" in (out / "cables.jsonl").read_bytes()
    assert "Variant one, edited" in (out / "cables.csv").read_text(encoding="utf-8")
    (site / "site.toml").write_text('title = "Export test"\nexports.jsonl = false\n'
                                    'exports.csv = false\n')
    build(site, jobs=1)
    assert not (out / "cables.jsonl").exists() and not (out / "cables.csv").exists()


def test_zip_is_deterministic_and_complete(make_site: MakeSite, tmp_path: Path) -> None:
    site = _site(make_site)
    out = site / "_site"
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    pack(out, first, "Export test")
    (out / "index.html").touch()  # a new mtime must not change the archive
    pack(out, second, "Export test")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        names = zf.namelist()
        assert names[0] == "export-test/README.txt"
        assert names[1:] == sorted(names[1:])
        assert "export-test/index.html" in names and "export-test/search/meta.js" in names
        assert not any(".cablegen" in n for n in names)
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert zf.read("export-test/cables/07BRUSSELS881.json") == \
            (out / "cables/07BRUSSELS881.json").read_bytes()


def test_cli_build_zip(make_site: MakeSite) -> None:
    site = _site(make_site)
    proc = subprocess.run([sys.executable, "-m", "generator", "build", "--site", str(site),
                           "--zip"], cwd=REPO, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    archive = site / "_site.zip"
    assert "packed" in proc.stdout and archive.is_file()
    with zipfile.ZipFile(archive) as zf:
        assert zf.testzip() is None
