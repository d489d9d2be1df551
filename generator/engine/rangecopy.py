"""Append a byte range of one file to another, digesting it on the way.

``cables.jsonl`` is rewritten after every edit: a copy of the last one with
the changed lines spliced in (``features.exports``). At 251,287 cables that
is 4.6 GB, read into Python, written out again and digested with SHA-256 for
the manifest, one after the other. Here the kernel copies the range
(``os.copy_file_range``: no trip through user space) while a thread reads
the same bytes (from the page cache, mostly) and digests them; ``hashlib``
and the copy both release the interpreter's lock, so the two overlap and the
digest is still the SHA-256 of exactly the bytes written.
"""

from __future__ import annotations

import os
import threading
from typing import Any, BinaryIO

SMALL = 1 << 20
"""Ranges under this size are read and written: a thread costs more."""
CHUNK = 1 << 24
"""Bytes per digest update and per read of the fallback copy."""


def append_range(dst: BinaryIO, src: BinaryIO, start: int, size: int, sha: Any) -> None:
    """Write ``size`` bytes of ``src`` from offset ``start`` at the end of ``dst`` and feed
    them to ``sha`` in order, after anything written to ``dst`` before.

    ``dst`` is a file written from its start and only appended to: it is
    flushed first, and afterwards its position is the end of what was copied.
    Where the kernel cannot copy between the two files (another file system
    on an old kernel, a file system without support), the bytes go through
    memory.
    """
    if size <= 0:
        return
    if size < SMALL:
        _through_memory(dst, src, start, size, sha)
        return
    dst.flush()
    failure: list[BaseException] = []
    hasher = threading.Thread(target=_digest, args=(src.fileno(), start, size, sha, failure),
                              name="cablegen-digest")
    hasher.start()
    try:
        copied = _kernel_copy(src.fileno(), dst.fileno(), start, size)
    finally:
        hasher.join()
    if failure:
        raise failure[0]
    dst.seek(0, os.SEEK_END)  # the buffered writer learns where the kernel left the file
    if copied < size:  # the kernel refused part way: the rest through memory (digested already)
        _through_memory(dst, src, start + copied, size - copied, None)


def _digest(fd: int, start: int, size: int, sha: Any, failure: list[BaseException]) -> None:
    """Feed the range to ``sha``, read into one buffer piece by piece (a memory map of the
    source would count every page of it in the process's resident memory: 4.6 GB at
    251,287 cables, where a build stays under 2 GB)."""
    try:
        buffer = bytearray(min(CHUNK, size))
        view = memoryview(buffer)
        done = 0
        while done < size:
            n = os.preadv(fd, [view[:min(CHUNK, size - done)]], start + done)
            if n == 0:
                raise ValueError(f"range {start}+{size} is past the end of the source")
            sha.update(view[:n])
            done += n
    except BaseException as exc:  # handed to the caller's thread
        failure.append(exc)


def _kernel_copy(src: int, dst: int, start: int, size: int) -> int:
    """Bytes copied by ``os.copy_file_range`` (fewer than ``size`` if it stopped)."""
    done = 0
    while done < size:
        try:
            n = os.copy_file_range(src, dst, size - done, start + done)
        except OSError:
            return done
        if n == 0:
            return done
        done += n
    return done


def _through_memory(dst: BinaryIO, src: BinaryIO, start: int, size: int, sha: Any) -> None:
    src.seek(start)
    left = size
    while left:
        data = src.read(min(left, CHUNK))
        if not data:
            raise ValueError(f"range {start}+{size} is past the end of the source")
        if sha is not None:
            sha.update(data)
        dst.write(data)
        left -= len(data)
