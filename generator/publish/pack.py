"""One zip archive of a built site, to copy onto a stick and read offline.

The archive is deterministic: the same site gives the same bytes. Entries
are sorted, dated 1980-01-01 (the zip epoch), with fixed permissions, under
one top folder named after the site, so unpacking never scatters files.
cablegen's own bookkeeping (the manifest) and leftover temporary files are
left out. Files are streamed into the archive (zip64 where needed), which is
written beside its final name and renamed into place when complete.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

from generator.write import MANIFEST

EPOCH = (1980, 1, 1, 0, 0, 0)
README = """{title}

Open index.html in a web browser to read this edition. Everything works
from this folder, without a network connection or a server: reading,
search (search.html) and the links between cables. Each cable is also in
cables/<ID>.json, and all of them in cables.jsonl and cables.csv.
"""


def folder_name(title: str) -> str:
    """The archive's top folder: the site title in lowercase words joined by hyphens."""
    words = re.findall(r"[A-Za-z0-9]+", title.lower())
    return "-".join(words)[:60] or "site"


def _files(site: Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(site):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = Path(dirpath).relative_to(site).as_posix()
        for name in filenames:
            if name == MANIFEST or name.startswith("."):
                continue
            out.append(name if rel == "." else f"{rel}/{name}")
    return sorted(out)


def _info(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=EPOCH)
    info.create_system = 3  # Unix, so the permissions below are read
    info.external_attr = (mode & 0xFFFF) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def pack(site: Path, archive: Path, title: str) -> int:
    """Write ``archive`` from the built folder ``site``; return the number of files."""
    top = folder_name(title)
    names = _files(site)
    archive.parent.mkdir(parents=True, exist_ok=True)
    tmp = archive.with_name(f".{archive.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6,
                             allowZip64=True) as zf:
            zf.writestr(_info(f"{top}/README.txt", 0o100644),
                        README.format(title=title).encode("utf-8"))
            for name in names:
                source = site / name
                big = source.stat().st_size > 1 << 30
                with open(source, "rb") as src, \
                        zf.open(_info(f"{top}/{name}", 0o100644), "w", force_zip64=big) as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
        os.replace(tmp, archive)
    finally:
        tmp.unlink(missing_ok=True)
    return len(names)
