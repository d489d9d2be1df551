"""Appending a byte range of one file to another while digesting it (``engine.rangecopy``)."""

from __future__ import annotations

import hashlib
import os
import random
from pathlib import Path

import pytest

from generator.engine import rangecopy
from generator.engine.rangecopy import append_range


def _source(tmp_path: Path, size: int) -> tuple[Path, bytes]:
    data = random.Random(size).randbytes(size)
    path = tmp_path / "source.bin"
    path.write_bytes(data)
    return path, data


def _append_pieces(tmp_path: Path, source: Path, pieces: list[tuple[int, int]],
                   ) -> tuple[bytes, str]:
    """Write ``head``, each range of ``source`` with ``mid`` between them, then ``tail``:
    the bytes and digest the destination ends with."""
    sha = hashlib.sha256()
    target = tmp_path / "target.bin"
    with source.open("rb") as src, target.open("wb") as dst:
        sha.update(b"head")
        dst.write(b"head")
        for start, size in pieces:
            append_range(dst, src, start, size, sha)
            sha.update(b"mid")
            dst.write(b"mid")
        sha.update(b"tail")
        dst.write(b"tail")
    return target.read_bytes(), sha.hexdigest()


def test_large_ranges_are_copied_and_digested_in_order(tmp_path: Path) -> None:
    """Ranges over ``SMALL`` go through the kernel and a digesting thread, interleaved with
    ordinary writes: the file and the digest are those of the bytes in that order."""
    size = 3 * rangecopy.SMALL + 12345
    source, data = _source(tmp_path, size)
    pieces = [(7, rangecopy.SMALL + 1), (size - 2 * rangecopy.SMALL, 2 * rangecopy.SMALL),
              (100, 5), (0, size)]
    written, digest = _append_pieces(tmp_path, source, pieces)
    expected = b"head" + b"".join(data[a:a + n] + b"mid" for a, n in pieces) + b"tail"
    assert written == expected
    assert digest == hashlib.sha256(expected).hexdigest()


def test_digest_spans_several_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rangecopy, "CHUNK", 4096)
    source, data = _source(tmp_path, rangecopy.SMALL + 99_999)
    written, digest = _append_pieces(tmp_path, source, [(3, len(data) - 3)])
    assert written == b"head" + data[3:] + b"midtail"
    assert digest == hashlib.sha256(written).hexdigest()


@pytest.mark.parametrize("refuse_after", [0, 1])
def test_a_kernel_that_refuses_leaves_the_rest_to_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refuse_after: int) -> None:
    """A file system the kernel cannot copy between (``copy_file_range`` fails at once, or
    after a first piece): the bytes go through memory, and are digested once."""
    real = os.copy_file_range
    calls: list[int] = []

    def refusing(src: int, dst: int, count: int, offset_src: int | None = None,
                 offset_dst: int | None = None) -> int:
        calls.append(count)
        if len(calls) > refuse_after:
            raise OSError(18, "Invalid cross-device link")
        return real(src, dst, min(count, 1000), offset_src, offset_dst)

    monkeypatch.setattr(os, "copy_file_range", refusing)
    source, data = _source(tmp_path, 2 * rangecopy.SMALL)
    written, digest = _append_pieces(tmp_path, source, [(10, len(data) - 20)])
    assert written == b"head" + data[10:-10] + b"midtail"
    assert digest == hashlib.sha256(written).hexdigest()
    assert len(calls) == refuse_after + 1


def test_a_range_past_the_end_is_an_error(tmp_path: Path) -> None:
    source, data = _source(tmp_path, rangecopy.SMALL + 10)
    for start, size in ((0, len(data) + 1), (len(data) - 5, 6)):
        with pytest.raises(ValueError, match="past the end"):
            _append_pieces(tmp_path, source, [(start, size)])
