"""The live preview end to end: real server, real watcher, real builds, real file edits."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.build import BuildResult, build
from generator.engine.early import Early
from generator.serve import FullRebuilder, Preview
from generator.serve.live import Live
from generator.serve.publish import Publisher
from tests.conftest import REPO, MakeSite
from tests.servekit import (
    REF_CABLE,
    TIMEOUT,
    after,
    get,
    running,
    seed_text,
    tree,
    wait_until,
)

PAGE = "/cables/07BRUSSELS881.html"
TAG = re.compile(rb'<script src="/__cablegen/live\.js" data-version="[^"]+"></script>')


def served_page(preview: Preview, path: str = PAGE) -> bytes:
    """A page as the server sends it, without the reload script."""
    status, _, body = get(preview.server.server_port, path)
    assert status == 200, (path, status)
    return TAG.sub(b"", body)


def test_html_responses_get_the_script_built_files_never(example_site: Path) -> None:
    with running(example_site) as preview:
        status, headers, body = get(preview.server.server_port, PAGE)
        assert status == 200
        assert len(TAG.findall(body)) == 1
        assert re.search(TAG.pattern + rb"\s*</body>", body)
        assert TAG.sub(b"", body) == (preview.served / PAGE[1:]).read_bytes()
        assert headers["cache-control"] == "no-cache"
        for folder in (preview.served, preview.rebuilder.output):
            for rel, data in tree(folder).items():
                assert b"__cablegen" not in data, rel


def test_content_types_head_and_revalidation(example_site: Path) -> None:
    with running(example_site) as preview:
        port = preview.server.server_port
        types = {PAGE: "text/html; charset=utf-8",
                 "/cables/07BRUSSELS881.json": "application/json",
                 "/static/style.css": "text/css; charset=utf-8",
                 "/__cablegen/live.js": "text/javascript; charset=utf-8",
                 "/__cablegen/worker.js": "text/javascript; charset=utf-8"}
        for path, ctype in types.items():
            status, headers, body = get(port, path)
            assert (status, headers["content-type"]) == (200, ctype), path
            assert headers["x-content-type-options"] == "nosniff"
            hstatus, hheaders, hbody = get(port, path, method="HEAD")
            assert hstatus == 200 and hbody == b""
            assert hheaders["content-length"] == str(len(body)) == headers["content-length"]
        _, headers, _ = get(port, "/static/style.css")
        assert headers["etag"] and headers["last-modified"]
        status, _, body = get(port, "/static/style.css",
                              extra=f"If-None-Match: {headers['etag']}\r\n")
        assert status == 304 and body == b""
        status, headers, _ = get(port, "/index.html")
        assert "etag" not in headers and headers["cache-control"] == "no-cache"
        status, headers, _ = get(port, "/index.html", method="POST")
        assert status == 405 and headers["allow"] == "GET, HEAD"


def test_edits_rebuild_and_move_the_version(example_site: Path) -> None:
    cable = example_site / "content" / "07BRUSSELS881.txt"
    with running(example_site) as preview:
        before = preview.live.state().version
        after(preview, lambda: cable.write_text(
            seed_text().replace("Music to the Ears", "Music to the Ears, revised")))
        assert b"Music to the Ears, revised" in served_page(preview)
        moved = preview.live.state().version
        assert moved != before
        after(preview, lambda: os.utime(cable))  # saved without a change: nothing to reload
        assert preview.live.state().version == moved


def test_served_output_equals_a_clean_build_after_every_edit(example_site: Path,
                                                             tmp_path: Path) -> None:
    content = example_site / "content"
    seed = content / "07BRUSSELS881.txt"
    template = example_site / "themes" / "default" / "templates" / "cable.html"

    def atomic_save(path: Path, text: str) -> None:
        temp = path.with_name(f".{path.name}.tmp-save")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)

    steps = [
        ("edit a cable", lambda: seed.write_text(
            seed_text().replace("Music to the Ears", "Music to the Ears, revised"))),
        ("add a cable it cites", lambda: (content / "ref.txt").write_text(REF_CABLE)),
        ("save it the IDE way", lambda: atomic_save(
            content / "ref.txt", REF_CABLE.replace("GLOBAL INITIATIVE", "THE GLOBAL INITIATIVE"))),
        ("rename it", lambda: os.rename(content / "ref.txt", content / "state.txt")),
        ("edit a template", lambda: template.write_text(template.read_text().replace(
            "{% block main %}", "{% block main %}\n<p class=\"edited\">Edited template</p>"))),
        ("edit site.toml", lambda: (example_site / "site.toml").write_text(
            'title = "Renamed edition"\noutput = "_site"\n')),
        ("delete the cited cable", lambda: (content / "state.txt").unlink()),
        ("add a cable in a new folder", lambda: (
            (content / "more").mkdir(), (content / "more" / "ref.txt").write_text(REF_CABLE))),
        ("truncate and write the seed", lambda: _truncate_write(seed, seed_text())),
    ]
    with running(example_site) as preview:
        for number, (what, change) in enumerate(steps):
            after(preview, change, what)
            clean = tmp_path / f"clean-{number}"
            result = build(example_site, clean)
            assert not [d for d in result.diagnostics if d.level == "error"], what
            assert tree(preview.served) == tree(clean), what
            assert not preview.live.state().errors, what
            for rel, data in tree(clean).items():
                if not rel.startswith("."):
                    assert served_page(preview, "/" + rel) == data, (what, rel)


def _truncate_write(path: Path, text: str) -> None:
    with open(path, "r+", encoding="utf-8") as handle:
        handle.truncate(0)
        handle.flush()
        handle.write(text)


def test_failed_build_keeps_the_last_good_site(example_site: Path) -> None:
    cable = example_site / "content" / "07BRUSSELS881.txt"
    with running(example_site) as preview:
        good = served_page(preview)
        version = preview.live.state().version
        after(preview, lambda: cable.write_bytes(b"\x00\x01\x02" * 100), "the broken build")
        state = preview.live.state()
        assert state.failed and state.version == version
        assert [(d.path, d.code) for d in state.errors] == [
            ("content/07BRUSSELS881.txt", "binary-file")]
        assert served_page(preview) == good
        assert (preview.served / PAGE[1:]).is_file()
        after(preview, lambda: cable.write_text(
            seed_text().replace("Music to the Ears", "Music restored")), "the fix")
        state = preview.live.state()
        assert not state.failed and not state.errors and state.version != version
        assert b"Music restored" in served_page(preview)


def test_template_crash_points_at_its_line_and_keeps_the_site(example_site: Path) -> None:
    template = example_site / "themes" / "default" / "templates" / "cable.html"
    original = template.read_text()
    lines = original.splitlines(keepends=True)
    broken = "".join([*lines[:4], "{% if %}\n", *lines[4:]])
    with running(example_site) as preview:
        good = served_page(preview)
        after(preview, lambda: template.write_text(broken), "the broken template")
        state = preview.live.state()
        assert state.failed and len(state.errors) == 1
        error = state.errors[0]
        assert (error.path, error.line) == ("themes/default/templates/cable.html", 5)
        assert error.code == "template-error" and "TemplateSyntaxError" in error.message
        assert served_page(preview) == good
        after(preview, lambda: template.write_text(original), "the fix")
        assert not preview.live.state().errors and not preview.live.state().failed


def test_a_site_with_errors_already_still_updates(make_site: MakeSite) -> None:
    site = make_site({"content/07BRUSSELS881.txt": seed_text(),
                      "content/damaged.txt": b"\x00\x01\x02" * 100})
    cable = site / "content" / "07BRUSSELS881.txt"
    with running(site) as preview:
        state = preview.live.state()
        assert state.ready and not state.failed
        assert [d.code for d in state.errors] == ["binary-file"]
        after(preview, lambda: cable.write_text(
            seed_text().replace("Music to the Ears", "Music again")))
        assert not preview.live.state().failed
        assert b"Music again" in served_page(preview)


def test_a_failed_publish_is_shown_and_repaired(example_site: Path) -> None:
    cable = example_site / "content" / "07BRUSSELS881.txt"
    with running(example_site) as preview:
        shutil.rmtree(preview.served)
        preview.served.write_text("not a folder")  # nothing can be published into this
        after(preview, lambda: cable.write_text(
            seed_text().replace("Music to the Ears", "Music unpublished")))
        state = preview.live.state()
        assert state.failed and [d.code for d in state.errors] == ["publish-failed"]
        preview.served.unlink()
        after(preview, lambda: cable.write_text(
            seed_text().replace("Music to the Ears", "Music published")))
        assert not preview.live.state().failed
        assert b"Music published" in served_page(preview)
        assert tree(preview.served) == tree(preview.rebuilder.output)


@dataclass
class Gated:
    """A real full build that pauses, once it has written its staging folder, until let go."""

    inner: FullRebuilder
    gate: threading.Event = field(default_factory=threading.Event)
    built: threading.Event = field(default_factory=threading.Event)

    @property
    def output(self) -> Path:
        return self.inner.output

    def rebuild(self, changed: frozenset[Path] | None, early: Early | None = None) -> BuildResult:
        result = self.inner.rebuild(changed)
        self.built.set()
        assert self.gate.wait(TIMEOUT)
        return result


def test_requests_during_a_rebuild_get_the_previous_site(example_site: Path,
                                                         tmp_path: Path) -> None:
    gated = Gated(FullRebuilder(example_site.resolve(), tmp_path / "staging"))
    cable = example_site / "content" / "07BRUSSELS881.txt"
    with Preview(example_site, port=0, rebuilder=gated) as preview:
        port = preview.server.server_port
        wait_until(gated.built.is_set, what="the first build")
        status, headers, body = get(port, PAGE)
        assert status == 503 and headers["retry-after"] == "1"
        assert b"Building the site" in body and TAG.search(body)
        gated.gate.set()
        wait_until(lambda: preview.live.state().ready, what="the first publish")
        good = served_page(preview)
        gated.gate.clear()
        gated.built.clear()
        cable.write_text(seed_text().replace("Music to the Ears", "Music in staging"))
        wait_until(gated.built.is_set, what="the rebuild")
        assert b"Music in staging" in (gated.output / PAGE[1:]).read_bytes()
        assert served_page(preview) == good
        begun = preview.started
        gated.gate.set()
        wait_until(lambda: preview.finished >= begun, what="the publish")
        assert b"Music in staging" in served_page(preview)


@dataclass
class Recording:
    """A real full build that notes what it was told changed."""

    inner: FullRebuilder
    calls: list[frozenset[Path] | None] = field(default_factory=list)

    @property
    def output(self) -> Path:
        return self.inner.output

    def rebuild(self, changed: frozenset[Path] | None, early: Early | None = None) -> BuildResult:
        self.calls.append(changed)
        return self.inner.rebuild(changed)


def test_the_rebuilder_is_told_what_changed(example_site: Path, tmp_path: Path) -> None:
    site = example_site.resolve()
    recording = Recording(FullRebuilder(site, tmp_path / "staging"))
    cable = site / "content" / "07BRUSSELS881.txt"
    template = site / "themes" / "default" / "templates" / "cable.html"
    original = template.read_text()
    with running(example_site, rebuilder=recording) as preview:
        assert recording.calls == [None]  # the first build trusts nothing
        after(preview, lambda: cable.write_text(seed_text() + "\n"))
        assert cable in (recording.calls[-1] or ())
        after(preview, lambda: os.rename(cable, cable.with_name("renamed.txt")))
        assert {cable, cable.with_name("renamed.txt")} <= (recording.calls[-1] or set())
        after(preview, lambda: template.write_text("{% if %}"))
        assert preview.live.state().failed
        after(preview, lambda: template.write_text(original))
        assert recording.calls[-1] is None  # after a crash: rebuild everything
        assert not preview.live.state().failed
        after(preview, lambda: (site / "site.toml").write_text('title = "Retitled"\n'))
        assert site / "site.toml" in (recording.calls[-1] or ())


def test_publish_replaces_only_what_cablegen_made(example_site: Path, tmp_path: Path) -> None:
    staging, served = tmp_path / "staging", tmp_path / "served"
    build(example_site, staging)
    served.mkdir()
    (served / "old.html").write_text("from an earlier build")
    (served / "notes.txt").write_text("the user's own file")
    (served / ".cablegen-manifest.json").write_text(
        '{"generator": "cablegen", "files": {"old.html": "x", "index.html": "y"}}')
    done = Publisher(staging, served).publish()
    assert done.removed == ("old.html",)
    assert (served / "notes.txt").read_text() == "the user's own file"
    assert {k: v for k, v in tree(served).items() if k != "notes.txt"} == tree(staging)


def test_publish_never_deletes_outside_the_output_folder(example_site: Path,
                                                         tmp_path: Path) -> None:
    staging, served = tmp_path / "staging", tmp_path / "served"
    build(example_site, staging)
    served.mkdir()
    (tmp_path / "precious.txt").write_text("keep me")
    (served / ".cablegen-manifest.json").write_text(
        '{"generator": "cablegen", "files": {"../precious.txt": "x"}}')
    with pytest.raises(ValueError, match="outside the output folder"):
        Publisher(staging, served).publish()
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_no_file_is_read_while_a_publish_is_under_way() -> None:
    live = Live()
    read = threading.Event()

    def reader() -> None:
        with live.reading():
            read.set()

    with live.publishing():
        thread = threading.Thread(target=reader)
        thread.start()
        assert not read.wait(0.3)  # can only be false while the publish holds the lock
    assert read.wait(TIMEOUT)
    thread.join()


def _serve(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "generator", "serve", *args], cwd=REPO,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_serve_command_serves_until_terminated(example_site: Path) -> None:
    process = _serve("--site", str(example_site), "--port", "0")
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        port = int(match[1])
        wait_until(lambda: get(port, "/index.html")[0] == 200, what="the first build")
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, err
    assert "stopped" in out and "exposed" not in err


def test_serve_command_says_when_it_is_exposed(example_site: Path) -> None:
    process = _serve("--site", str(example_site), "--host", "0.0.0.0", "--port", "0")
    try:
        assert process.stdout is not None
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stdout.readline())
        assert match
        wait_until(lambda: get(int(match[1]), "/index.html")[0] == 200, what="the first build")
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=TIMEOUT)
    assert "exposed to every machine" in err


def test_serve_command_reports_a_busy_port(example_site: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        process = _serve("--site", str(example_site), "--port", str(busy.getsockname()[1]))
        _, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 2
    assert "cannot listen on 127.0.0.1" in err and "Traceback" not in err
