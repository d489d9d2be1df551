"""Hostile input: no crash, no hang, a diagnostic or a page, nothing lost, nothing executable."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import build
from generator.model import Unit
from generator.read.encoding import decode
from generator.read.units import read_file
from tests.conftest import MakeSite
from tests.hostile import Case, cases

CASES = cases()
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}


def _own_script(src: str) -> bool:
    """A script of cablegen's own: relative, from its static/ or search/ folders."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.I):
        return False
    parts = [p for p in src.split("?")[0].split("/") if p not in ("", ".", "..")]
    return len(parts) >= 2 and parts[0] in ("static", "search") and parts[-1].endswith(".js")


class Audit(HTMLParser):
    """Collect what could execute in a page: scripts, handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_original = False
        self.original: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not any(k == "src" and v and _own_script(v) for k, v in attrs):
            self.problems.append(f"inline or foreign <script> {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r} on <{tag}>")
            if name in URL_ATTRS and value and re.match(r"\s*(javascript|vbscript|data):",
                                                          value, re.I):
                self.problems.append(f"script URL {value!r} on <{tag}>")
        if tag == "pre" and ("class", "original highlight") in attrs:
            self.in_original = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_original = False

    def handle_data(self, data: str) -> None:
        if self.in_original:
            self.original.append(data)


def audit(page: Path) -> Audit:
    parser = Audit()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_there_are_at_least_200_inputs() -> None:
    assert len(CASES) >= 200
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.timeout(180)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input(case: Case, make_site: MakeSite) -> None:
    site = make_site({f"content/{case.name}": case.data,
                      **{f"content/{name}": data for name, data in case.extra}})
    result = build(site, jobs=1)
    out = site / "_site"
    rel = f"content/{case.name}"
    pages = sorted((out / "cables").glob("*.html")) if (out / "cables").is_dir() else []
    mine = [d for d in result.diagnostics if d.path == rel]
    assert pages or any(d.level in ("error", "warning") for d in mine), \
        "neither rendered nor diagnosed"
    for d in result.diagnostics:
        assert re.match(r"^.+:\d+: (error|warning|info): .+ \[[a-z0-9-]+\]$", d.format())
    for page in sorted(out.rglob("*.html")):
        found = audit(page)
        assert not found.problems, f"{page.name}: {found.problems[:3]}"
    if case.family == "notes":
        refused = [d for d in mine if d.level == "error" and d.line == 0]
        if not refused:  # a notes file refused whole (binary) is diagnosed, not shown
            _notes_kept(case, pages)
    elif pages and case.data.strip():
        if case.name.endswith(".txt"):
            text = decode(case.data).text
        else:  # a container: the cable is the text the reader found in it
            units = [u for u in read_file(site, rel, Path(rel).suffix[1:]) if
                     isinstance(u, Unit)]
            text = units[0].text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        words = re.findall(r"\w+", text)
        view_words = re.findall(r"\w+", "".join(audit(pages[0]).original))
        it = iter(view_words)
        missing = [w for w in words if not any(w == v or v.endswith(w) for v in it)]
        assert not missing, f"words lost from the original view: {missing[:5]}"
    if case.family == "markup":
        body = (pages[0].read_text(encoding="utf-8") if pages else "")
        assert "{{ 7*7 }}" not in case.data.decode() or "{{ 7*7 }}" in html.unescape(body)


def _notes_kept(case: Case, pages: list[Path]) -> None:
    """Every word of the notes' text (links' destinations aside) is on the page, in order."""
    assert pages, "the annotated cable was not rendered"
    source = case.data.decode("utf-8", "replace")
    source = re.sub(r"\]\([^)]*\)|\]\[[^\]]*\]|^\[[^\]]*\]:.*$|<[a-z]+:[^>]*>", " ", source,
                    flags=re.M)
    source = re.sub(r"(?s)\A\+\+\+.*?\+\+\+", " ", source)
    page = pages[0].read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", " ", page.split('id="metadata"')[0] + page))
    words = iter(re.findall(r"\w+", text))
    missing = [w for w in re.findall(r"\w+", source) if not any(w == v for v in words)]
    assert not missing, f"words of the notes lost: {missing[:5]}"
