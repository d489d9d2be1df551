"""The output manifest: streamed to disk in chunks, read back whole, one JSON document."""

from __future__ import annotations

import json
from pathlib import Path

from generator.engine.outfiles import load_manifest, save_manifest
from generator.write import MANIFEST


def test_a_streamed_manifest_is_the_compact_json_document_and_reads_back(
        tmp_path: Path) -> None:
    manifest = {f'cables/{i:06d}"é.html': (f"key{i % 7}", f"{i:064x}") for i in range(10_000)}
    manifest["index.html"] = ("k", "d")
    save_manifest(tmp_path, manifest)
    raw = (tmp_path / MANIFEST).read_bytes()
    whole = {"generator": "cablegen", "files": {k: list(v) for k, v in sorted(manifest.items())}}
    # byte for byte what one json.dumps of the whole document writes (older builds read it)
    assert raw == (json.dumps(whole, separators=(",", ":")) + "\n").encode()
    assert load_manifest(tmp_path) == manifest


def test_an_empty_manifest(tmp_path: Path) -> None:
    save_manifest(tmp_path, {})
    assert json.loads((tmp_path / MANIFEST).read_text()) == {"generator": "cablegen",
                                                             "files": {}}
    assert load_manifest(tmp_path) == {}
