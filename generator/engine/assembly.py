"""The assembly phase: outputs made from the finished pages (exports, search index shards).

Runs after the render phase, when the staging folder holds every page and
every cable's JSON of the new site. A ``FileJob`` streams what it writes
(``cables.jsonl`` of 250,000 cables never sits in memory) and may write many
files (the search index). Every file is recorded with the job's key, so a
job whose key is unchanged keeps all of its files without running: the
files are found again in the live manifest by that key.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from generator.engine.beside import Beside, beside, small_enough_to_fork
from generator.engine.manifest import entry_key, entry_sha
from generator.engine.output import Staging
from generator.engine.progress import Progress
from generator.engine.rangecopy import append_range
from generator.features import FileJob


@dataclass(slots=True)
class AssemblyReport:
    """Files written by the phase, and files kept from the last build."""

    files: int = 0
    rendered: int = 0


class StagingWriter:
    """A ``FileWriter`` over the staging folder, recording each file with one job's key."""

    def __init__(self, staging: Staging, key: str) -> None:
        self.staging = staging
        self.key = key
        self.written: list[str] = []
        self.kept: set[str] = set()

    def _target(self, path: str) -> Path:
        target = (self.staging.target / path).resolve()
        if self.staging.target.resolve() not in target.parents:
            raise ValueError(f"refusing to write {path!r} outside the output folder")
        return target

    def read(self, path: str) -> bytes:
        """The bytes of a file of the new site (written or kept in this build)."""
        if path not in self.staging.new:
            raise FileNotFoundError(f"{path} is not an output of this build")
        # Every recorded output was written through the checks of ``folder_of``; a
        # lexical check here is enough (resolving each path was most of the time
        # of cables.jsonl, which reads every cable's JSON).
        if path.startswith("/") or "\0" in path or ".." in path.split("/"):
            raise ValueError(f"refusing to read {path!r} outside the output folder")
        return self.staging.location(path).read_bytes()

    def paths(self) -> list[str]:
        """Every output path recorded so far in this build, sorted."""
        return sorted(self.staging.new)

    def digest(self, path: str) -> str:
        """The manifest digest of a file of the new site."""
        if path not in self.staging.new:
            raise FileNotFoundError(f"{path} is not an output of this build")
        return entry_sha(self.staging.new[path])

    def previous(self, path: str) -> Path | None:
        """The live site's file at ``path`` (the last build's), if there is one."""
        if path not in self.staging.live_manifest:
            return None
        old = self.staging.live / path
        return old if old.is_file() else None

    def location(self, path: str) -> Path:
        """Where this build's file at ``path`` is now."""
        if path not in self.staging.new:
            raise FileNotFoundError(f"{path} is not an output of this build")
        return self.staging.location(path)

    def previous_digest(self, path: str) -> str | None:
        """The manifest digest of the last build's file at ``path``, if any."""
        found = self.staging.live_manifest.get(path)
        return entry_sha(found) if found is not None else None

    def put(self, path: str, data: bytes) -> None:
        """Write a small file (only if its bytes differ from what the folder holds)."""
        self.written.append(path)
        self.staging.put(path, self.key, data)

    def keep(self, path: str) -> bool:
        """Carry the last build's file at ``path`` over unchanged; False if there is none."""
        if path not in self.staging.live_manifest or path in self.staging.new:
            return False
        self.staging.keep_as(path, self.key)
        self.written.append(path)
        self.kept.add(path)
        return True

    @contextmanager
    def stream(self, path: str) -> Iterator[BinaryIO]:
        """Write a large file through a temporary file, digesting it on the way."""
        target = self._target(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        sha = hashlib.sha256()
        try:
            # No fsync, as for every other output: a rename guards readers and a killed
            # build, not a power cut, and syncing cables.jsonl (4.6 GB at 251,287
            # cables) made each edit wait for the disk.
            with open(tmp, "wb") as raw:
                out = _Digesting(raw, sha)
                yield out  # type: ignore[misc]
            hexdigest = sha.hexdigest()
            self.written.append(path)
            if self.staging.needs_write(path, hexdigest):
                self.staging.place(path, tmp)
            self.staging.record(path, self.key, hexdigest)
        finally:
            tmp.unlink(missing_ok=True)


class _Digesting:
    """A binary file that digests what is written to it (``digest`` is SHA-256 too)."""

    def __init__(self, raw: BinaryIO, sha: Any) -> None:
        self.raw = raw
        self.sha = sha

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        return self.raw.write(data)

    def writelines(self, lines: list[bytes]) -> None:
        for line in lines:
            self.write(line)

    def copy_from(self, src: BinaryIO, start: int, size: int) -> None:
        """Append ``size`` bytes of ``src`` from ``start`` (``rangecopy.append_range``)."""
        append_range(self.raw, src, start, size, self.sha)


def _key(job: FileJob, staging: Staging) -> str:
    """The job's key, with the digests of the outputs it reads."""
    if not job.key or not job.inputs:
        return job.key
    h = hashlib.blake2b(job.key.encode(), digest_size=16)
    for path in job.inputs:
        h.update(path.encode() + b"\0" + entry_sha(staging.new.get(path)).encode() + b"\n")
    return h.hexdigest()


def run_jobs(jobs: list[FileJob], staging: Staging, progress: Progress,
             workers: int = 1) -> AssemblyReport:
    """Run the jobs whose key changed; keep the files of the others.

    With more than one worker, a job that runs ``alone`` runs in a forked
    process beside the others (``engine.beside``) unless the build process is
    large (``beside.BESIDE_MAX_BYTES``); its files are recorded when it is
    done, before any job that lists the outputs runs.
    """
    report = AssemblyReport()
    if staging.dry:
        return report
    keys = [_key(job, staging) for job in jobs]
    by_key: dict[str, list[str]] = {}
    wanted = set(keys)
    for path, found in staging.live_manifest.items():
        if (k := entry_key(found)) in wanted:
            by_key.setdefault(k, []).append(path)
    progress.total("assembled", len(jobs))
    pending: list[tuple[FileJob, str, Beside]] = []
    for job, k in zip(jobs, keys, strict=True):
        kept = by_key.get(k) if k else None
        if kept and all(staging.current(p, k) for p in kept) \
                and not any(p in staging.new for p in kept):
            for path in kept:
                staging.keep(path)
            report.files += len(kept)
            progress.step("assembled")
            continue
        staging.prepare()  # the shadow must be ready before anything is written into it
        if job.alone and workers > 1 and small_enough_to_fork():
            pending.append((job, k, beside(partial(_run, job, staging, k))))
            continue
        if not k:  # a job that lists the outputs: every other job's are recorded first
            _collect(pending, staging, report, progress)
        _record(_run(job, staging, k), staging, report, adopt=False)
        progress.step("assembled")
    _collect(pending, staging, report, progress)
    return report


Written = list[tuple[str, str, str, bool]]
"""(path, key, digest, carried over unchanged) of each file of a job."""


def _run(job: FileJob, staging: Staging, k: str) -> Written:
    """Run a job; what it wrote. In a forked process (``beside``) the files are on disk
    and these records go back to the build, which records them (``_collect``)."""
    writer = StagingWriter(staging, k)
    job.write(writer)
    return [(path, k, entry_sha(staging.new[path]), path in writer.kept)
            for path in writer.written]


def _record(written: Written, staging: Staging, report: AssemblyReport, adopt: bool) -> None:
    """Count a job's files; ``adopt``: record them too (written in another process)."""
    for path, k, sha, kept in written:
        if adopt and kept:
            staging.keep_as(path, k)
        elif adopt:
            staging.record(path, k, sha)
        report.files += 1
        report.rendered += not kept


def _collect(pending: list[tuple[FileJob, str, Beside]], staging: Staging,
             report: AssemblyReport, progress: Progress) -> None:
    """Wait for the jobs running beside; one that failed runs again here (so that its
    error, if it has one, is raised with its whole traceback)."""
    for job, k, running in pending:
        try:
            written = running.result()
        except Exception:  # the job runs again here, where its errors surface
            written = _run(job, staging, k)
            _record(written, staging, report, adopt=False)
        else:
            _record(written, staging, report, adopt=True)
        progress.step("assembled")
    pending.clear()
