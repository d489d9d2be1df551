"""The output manifest: streamed to disk in chunks, read back whole, one JSON document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.engine import manifest as manifest_module
from generator.engine.manifest import Manifest, entry, entry_key, entry_sha
from generator.engine.outfiles import load_manifest, save_manifest
from generator.write import MANIFEST


def _pack(files: dict[str, tuple[str, str]]) -> Manifest:
    return {path: entry(*pair) for path, pair in files.items()}


def _unpack(manifest: Manifest | None) -> dict[str, tuple[str, str]] | None:
    if manifest is None:
        return None
    return {path: (entry_key(e), entry_sha(e)) for path, e in manifest.items()}


@given(key=st.text(), sha=st.text())
def test_an_entry_unpacks_to_the_key_and_digest_it_packed(key: str, sha: str) -> None:
    packed = entry(key, sha)
    assert (entry_key(packed), entry_sha(packed)) == (key, sha)
    assert entry(key, sha) == packed  # equal entries are equal bytes (manifests compare)


@given(raw=st.binary(min_size=48, max_size=48), upper=st.booleans())
def test_cablegens_keys_and_digests_pack_to_49_bytes(raw: bytes, upper: bool) -> None:
    """Lowercase hex of 32 and 64 digits (what ``key`` and ``digest`` make) packs as raw
    bytes; the same digits in capitals are another text and are kept as text."""
    key, sha = raw[:16].hex(), raw[16:].hex()
    if upper and key != key.upper():
        key = key.upper()
        packed = entry(key, sha)
        assert len(packed) > 49 and entry_key(packed) == key
    else:
        packed = entry(key, sha)
        assert len(packed) == 49
    assert (entry_key(packed), entry_sha(packed)) == (key, sha)


def test_a_streamed_manifest_is_the_compact_json_document_and_reads_back(
        tmp_path: Path) -> None:
    manifest = {f'cables/{i:06d}"é.html': (f"key{i % 7}", f"{i:064x}") for i in range(10_000)}
    manifest.update({f"c/{i}.html": (f"{i:032x}", f"{i:064x}") for i in range(100)})
    manifest["index.html"] = ("k", "d")
    save_manifest(tmp_path, _pack(manifest))
    raw = (tmp_path / MANIFEST).read_bytes()
    whole = {"generator": "cablegen", "files": {k: list(v) for k, v in sorted(manifest.items())}}
    # byte for byte what one json.dumps of the whole document writes (older builds read it)
    assert raw == (json.dumps(whole, separators=(",", ":")) + "\n").encode()
    assert _unpack(load_manifest(tmp_path)) == manifest


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(paths=st.lists(st.text(min_size=1), unique=True, max_size=8),
       raw=st.binary(min_size=48, max_size=48))
def test_any_path_is_written_as_json_dumps_writes_it(tmp_path: Path, paths: list[str],
                                                     raw: bytes) -> None:
    """Plain paths with compact entries are formatted directly, the others by
    ``json.dumps``: either way the bytes are those of one ``json.dumps`` of the whole."""
    manifest = {p: (raw[:16].hex(), raw[16:].hex()) for p in paths}
    save_manifest(tmp_path, _pack(manifest))
    whole = {"generator": "cablegen", "files": {k: list(v) for k, v in sorted(manifest.items())}}
    assert (tmp_path / MANIFEST).read_bytes() == \
        (json.dumps(whole, separators=(",", ":")) + "\n").encode("utf-8", "surrogatepass")


def test_an_empty_manifest(tmp_path: Path) -> None:
    save_manifest(tmp_path, {})
    assert json.loads((tmp_path / MANIFEST).read_text()) == {"generator": "cablegen",
                                                             "files": {}}
    assert load_manifest(tmp_path) == {}


def _reference(text: str) -> dict[str, tuple[str, str]] | None:
    """What ``load_manifest`` read before it streamed: one ``json.loads``."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return None
    out = {}
    for path, value in files.items():
        if isinstance(value, list) and len(value) == 2:
            out[str(path)] = (str(value[0]), str(value[1]))
        elif isinstance(value, str):
            out[str(path)] = ("", value)
    return out


_paths = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_values = st.one_of(
    st.tuples(st.text(max_size=6), st.text(max_size=6)).map(list),
    st.text(max_size=8),
    st.integers(),
    st.lists(st.text(max_size=3), max_size=3),
    st.none(),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@given(files=st.dictionaries(_paths, _values, max_size=8),
       extra=st.dictionaries(st.text(max_size=5).filter(lambda k: k != "files"),
                             st.one_of(st.integers(), st.text(max_size=4),
                                       st.lists(st.integers(), max_size=2)), max_size=2),
       first=st.booleans(), indent=st.sampled_from([None, 0, 2]),
       ascii_only=st.booleans())
@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_streamed_reader_reads_what_json_loads_reads(
        tmp_path: Path, files: dict[str, object], extra: dict[str, object], first: bool,
        indent: int | None, ascii_only: bool) -> None:
    """Any JSON document: the entries parsed one by one are those of ``json.loads``,
    whatever the spacing (``indent=0`` is how cablegen 0.1 wrote it), the escapes,
    the other keys and their place, and the values that are not entries."""
    doc = {**extra, "files": files} if first else {"files": files, **extra}
    (tmp_path / MANIFEST).write_text(json.dumps(doc, indent=indent, ensure_ascii=ascii_only),
                                     encoding="utf-8")
    assert _unpack(load_manifest(tmp_path)) == _reference((tmp_path / MANIFEST).read_text())


def test_damaged_or_foreign_manifests_read_as_none(tmp_path: Path) -> None:
    """A manifest cut short, one that is not an object, or one without ``files`` is no
    manifest: the build learns what the folder holds instead."""
    good = '{"generator":"cablegen","files":{"a.html":["k","d"],"b.html":["k","e"]}}'
    for text in (good[:40], good[:-1], good[:-2], "[1, 2]", '"files"', "",
                 '{"generator":"cablegen"}', '{"files":[1]}', '{"files":{"a":}}',
                 '{"files":{"a" ["k","d"]}}', '{"files":{"a":["k","d"] "b":1}}'):
        (tmp_path / MANIFEST).write_text(text, encoding="utf-8")
        assert load_manifest(tmp_path) is None, text
    (tmp_path / MANIFEST).write_text(good, encoding="utf-8")
    assert _unpack(load_manifest(tmp_path)) == {"a.html": ("k", "d"), "b.html": ("k", "e")}


@pytest.mark.parametrize("block", [1, 2, 7, 64, 1 << 22])
def test_cablegens_own_layout_reads_the_same_across_block_boundaries(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    """The reader of cablegen's layout reads a block at a time; an entry cut by the
    end of a block (inside a path, an escape, before its comma) reads whole."""
    monkeypatch.setattr(manifest_module, "BLOCK", block)
    manifest = {f'a/{i}"\\é\u2028.html': (f"k{i}", f"{i:08x}") for i in range(40)}
    manifest["z.html"] = ("", "")
    save_manifest(tmp_path, _pack(manifest))
    assert _unpack(load_manifest(tmp_path)) == manifest
    save_manifest(tmp_path, {})
    assert load_manifest(tmp_path) == {}


def test_the_shadows_manifest_shares_the_live_ones_path_strings(tmp_path: Path) -> None:
    """Read like the live manifest, the shadow's paths are the live one's strings (one
    copy of 800,000 paths, not two), and its equal entries are the live one's."""
    live, shadow = tmp_path / "live", tmp_path / "shadow"
    live.mkdir()
    shadow.mkdir()
    save_manifest(live, _pack({f"p/{i:03d}.html": ("k", f"{i}") for i in range(0, 100, 2)}))
    save_manifest(shadow, _pack({f"p/{i:03d}.html": ("k", f"{i}") for i in range(0, 100, 3)}))
    first = load_manifest(live)
    second = load_manifest(shadow, first)
    assert first is not None and second is not None
    assert _unpack(second) == {f"p/{i:03d}.html": ("k", f"{i}") for i in range(0, 100, 3)}
    for path in second:
        if path in first:
            mine = next(p for p in first if p == path)
            theirs = next(p for p in second if p == path)
            assert mine is theirs and second[path] is first[path]
