"""A build killed at any moment leaves the previous site complete; the next build recovers."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from generator.build import build
from generator.write import MANIFEST
from tests.conftest import REPO, MakeSite
from tests.test_engine import tree, variant

BASE = (REPO / "themes/default/templates/base.html").read_text(encoding="utf-8")
EDITED = range(0, 30, 3)


def _sources(site: Path, new: bool) -> None:
    """Write the old or the new version of the site's sources (cables and a template)."""
    suffix = ", revised" if new else ""
    for i in EDITED:
        (site / "content" / f"c{i}.txt").write_text(variant(100 + i, f"Cable {i}{suffix}"))
    theme = site / "themes" / "default" / "templates"
    theme.mkdir(parents=True, exist_ok=True)
    footer = "made with care" if new else "made with cablegen"
    (theme / "base.html").write_text(BASE.replace("made with cablegen", footer))


def _served(site: Path) -> dict[str, str]:
    """The files a reader gets (the manifest is cablegen's own bookkeeping)."""
    files = tree(site / "_site")
    files.pop(MANIFEST, None)
    return files


def _reset_to_old(site: Path) -> None:
    shutil.rmtree(site / "_site", ignore_errors=True)
    for shadow in site.glob("._site.cablegen-*"):
        shutil.rmtree(shadow)
    _sources(site, new=False)
    build(site)


def _children(pid: int) -> list[int]:
    """Worker processes of a running build (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _wait_gone(pids: list[int], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        alive = [p for p in pids if _running(p)]
        if not alive:
            return
        time.sleep(0.05)
    raise AssertionError(f"workers {alive} outlived their killed build")


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start(site: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--site", str(site)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_sigkill_at_twenty_random_moments(make_site: MakeSite, tmp_path: Path) -> None:
    site = make_site({f"content/c{i}.txt": variant(100 + i, f"Cable {i}") for i in range(30)})
    _reset_to_old(site)
    old = _served(site)
    reference = tmp_path / "reference"
    shutil.copytree(site, reference, ignore=shutil.ignore_patterns("_site", ".*"))
    _sources(reference, new=True)
    build(reference)
    new = _served(reference)
    assert new != old

    _sources(site, new=True)
    started = time.monotonic()
    _start(site).wait(timeout=300)
    duration = time.monotonic() - started
    assert _served(site) == new

    rng = random.Random(20261128)
    seen = {"old": 0, "new": 0}
    for _ in range(20):
        _reset_to_old(site)
        _sources(site, new=True)
        proc = _start(site)
        time.sleep(rng.uniform(0.0, duration * 1.2))
        workers = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        _wait_gone(workers)  # workers die with the build, or they would write on
        served = _served(site)
        assert served in (old, new), "a killed build left a mixed or broken site"
        seen["old" if served == old else "new"] += 1
        result = build(site)  # the next build recovers and completes the update
        assert not [d for d in result.diagnostics if d.level == "error"]
        assert _served(site) == new
    assert seen["old"] > 0, seen
    print("kills:", seen)


def test_an_interrupted_shadow_is_learnt_by_reading_only_what_it_does_not_share(
        make_site: MakeSite) -> None:
    """The shadow's manifest is lost when a build is killed; the next build learns what the
    shadow holds. A file that is a hard link to the live file at the same path holds what
    the live manifest says (shared pages are never written through), so only the others
    are read: the digests the live manifest gives for shared files are taken as they are."""
    from generator.engine.manifest import entry, entry_sha
    from generator.engine.outfiles import load_manifest, scan

    site = make_site({f"content/c{i}.txt": variant(100 + i, f"Cable {i}") for i in range(4)})
    build(site)
    (site / "content" / "c1.txt").write_text(variant(101, "Cable 1, revised"))
    build(site)  # the shadow is now the site before the edit, sharing every other page
    live, shadow = site / "_site", site / "._site.cablegen-shadow"
    known = load_manifest(live)
    assert known is not None
    truth = scan(shadow)  # every file read
    assert scan(shadow, live, known) == truth

    shared = sorted(p for p in known if (shadow / p).is_file()
                    and (shadow / p).stat().st_ino == (live / p).stat().st_ino)
    apart = sorted(p for p in known if (shadow / p).is_file() and p not in shared)
    assert shared and apart  # the edited cable's page differs between the two folders
    told = dict(known)
    for path in (shared[0], apart[0]):
        told[path] = entry("", "0" * 64)  # what a reader of the bytes would never find
    learnt = scan(shadow, live, told)
    assert entry_sha(learnt[shared[0]]) == "0" * 64  # taken from the live manifest
    assert learnt[apart[0]] == truth[apart[0]]  # read: not the live file
    assert {p: entry_sha(e) for p, e in learnt.items() if p not in (shared[0],)} == {
        p: entry_sha(e) for p, e in truth.items() if p not in (shared[0],)}


def test_an_interrupted_rewrite_is_learnt_by_reading_only_the_files_it_wrote(
        make_site: MakeSite) -> None:
    """A build that begins rewriting the shadow keeps the shadow's manifest as a stale one,
    stamped then; killed, it leaves it. The next build trusts the stale manifest for the
    files not changed since the stamp and reads the others (those the killed build wrote)."""
    from generator.engine.manifest import entry, entry_sha
    from generator.engine.outfiles import STALE, load_manifest, recover, save_manifest, scan
    from generator.engine.output import begin
    from generator.write import MANIFEST as OWN

    site = make_site({f"content/c{i}.txt": variant(100 + i, f"Cable {i}") for i in range(4)})
    build(site)
    (site / "content" / "c1.txt").write_text(variant(101, "Cable 1, revised"))
    build(site)
    live, shadow = site / "_site", site / "._site.cablegen-shadow"
    hour_ago = time.time_ns() - 3_600_000_000_000
    for path in shadow.rglob("*"):
        twin = live / path.relative_to(shadow)
        if path.is_file() and twin.is_file() and path.stat().st_ino != twin.stat().st_ino:
            os.utime(path, ns=(hour_ago, hour_ago))  # files the shadow does not share, old

    staging = begin(live)
    staging.prepare()  # a build begins rewriting the shadow...
    assert not (shadow / OWN).exists() and (shadow / STALE).exists()
    rewritten = "cables/07BRUSSELS103.html"
    staging.write(rewritten, b"<!doctype html><title>half written")
    # ...and is killed here: the next build finds the stale manifest and the stamp.
    truth = scan(shadow)
    assert entry_sha(truth[rewritten]) != entry_sha(staging.target_manifest[rewritten])
    assert recover(shadow, live, staging.live_manifest) == truth

    stale = load_manifest(shadow, name=STALE)
    assert stale is not None
    stamp = (shadow / STALE).stat().st_mtime_ns
    untouched = next(p for p in sorted(stale) if p != rewritten and (shadow / p).stat().st_ino
                     != (live / p).stat().st_ino)
    told = {**stale, untouched: entry("", "0" * 64), rewritten: entry("", "1" * 64)}
    save_manifest(shadow, told)
    os.replace(shadow / OWN, shadow / STALE)
    os.utime(shadow / STALE, ns=(stamp, stamp))
    learnt = recover(shadow, live, staging.live_manifest)
    assert entry_sha(learnt[untouched]) == "0" * 64  # not changed since the stamp: trusted
    assert learnt[rewritten] == truth[rewritten]  # written after it: read

    (shadow / STALE).unlink()
    (shadow / OWN).unlink(missing_ok=True)
    (site / "content" / "c2.txt").write_text(variant(102, "Cable 2, revised"))
    result = build(site)  # no manifest at all: every unshared file is read, and all is well
    assert not [d for d in result.diagnostics if d.level == "error"]
    fresh = site.parent / "fresh"
    shutil.copytree(site, fresh, ignore=shutil.ignore_patterns("_site", ".*"))
    build(fresh)
    assert _served(site) == _served(fresh)
    assert not (live / STALE).exists() and not (shadow / STALE).exists()
