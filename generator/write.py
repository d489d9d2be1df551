"""Write stage: put pages on disk atomically, only when their bytes changed; prune the rest.

Every file is written to a temporary name in its own folder and moved into
place with ``os.replace`` (Lektor's way), so no reader ever sees half a
file. A manifest of produced files (with digests) lets the next build skip
unchanged files and delete only files that cablegen itself produced and no
longer produces; anything else in the output folder is left alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".cablegen-manifest.json"


class UnsafeOutput(ValueError):
    """The output folder would overwrite or delete something that is not ours."""


def check_output(out: Path, site: Path, content: Path) -> None:
    """Refuse an output folder that is the site, contains it, or is content, home or /."""
    out, site, content = out.resolve(), site.resolve(), content.resolve()
    home = Path.home().resolve()
    if out == Path(out.anchor) or out == home:
        raise UnsafeOutput(f"output folder {out} is the root or home folder")
    if out == site or out in site.parents:
        raise UnsafeOutput(f"output folder {out} is the site folder or contains it")
    if out == content or content in out.parents or out in content.parents:
        raise UnsafeOutput(f"output folder {out} overlaps the content folder {content}")
    if site in out.parents and out.parent != site and (site / "themes") in out.parents:
        raise UnsafeOutput(f"output folder {out} is inside the themes folder")


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What the write stage did."""

    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def digest(data: bytes) -> str:
    """Content digest used in the manifest."""
    return hashlib.sha256(data).hexdigest()


def read_manifest(out: Path) -> dict[str, str]:
    """Paths and digests of the files the last build produced (empty if unknown)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files = data.get("files", {})
        if not isinstance(files, dict):
            return {}
        # Entries are [dependency key, digest] (or a bare digest in cablegen 0.1).
        return {str(k): str(v[-1] if isinstance(v, list) and v else v)
                for k, v in files.items()}
    except (OSError, ValueError):
        return {}


def atomic_write(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    ``data`` may be a stream of chunks, so that a large file (the manifest of an
    800,000-page site) is never held whole in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _safe_target(out: Path, rel: str) -> Path:
    target = (out / rel).resolve()
    if out.resolve() not in target.parents:
        raise UnsafeOutput(f"refusing to write {rel!r} outside the output folder")
    return target


def write_pages(out: Path, pages: Iterable[tuple[str, bytes]],
                previous: dict[str, str] | None = None, prune: bool = True) -> WriteReport:
    """Write changed pages, prune files of the last build that are gone, save the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    old = read_manifest(out) if previous is None else previous
    files: dict[str, str] = {}
    written: list[str] = []
    unchanged = 0
    for rel, data in pages:
        if rel in files:
            raise ValueError(f"two pages would be written to {rel}")
        sha = digest(data)
        files[rel] = sha
        target = _safe_target(out, rel)
        if old.get(rel) == sha and target.is_file():
            unchanged += 1
            continue
        atomic_write(target, data)
        written.append(rel)
    removed: list[str] = []
    if prune:
        for rel in sorted(set(old) - set(files)):
            target = _safe_target(out, rel)
            if target.is_file():
                target.unlink()
                removed.append(rel)
                _remove_empty_parents(target.parent, out)
    manifest = {"generator": "cablegen", "files": dict(sorted(files.items()))}
    atomic_write(out / MANIFEST, (json.dumps(manifest, indent=0) + "\n").encode())
    return WriteReport(tuple(written), unchanged, tuple(removed))


def _remove_empty_parents(folder: Path, out: Path) -> None:
    out = out.resolve()
    while folder.resolve() != out and out in folder.resolve().parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
