"""Browse pages: by tag, post, date, classification and caption; newest first, paginated."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from generator.build import build
from generator.config import load_config
from generator.features import Context
from generator.features.browse_pages import index_jobs, list_jobs
from generator.features.meanings import tag_meaning
from generator.link import link, summarise
from generator.parse import parse_unit
from generator.read import discover, read_file
from generator.render.env import make_env
from tests.conftest import MakeSite
from tests.test_crossrefs import SITE


@pytest.fixture
def out(make_site: MakeSite, tmp_path: Path) -> Path:
    result = build(make_site(SITE), tmp_path / "out")
    assert not [d for d in result.diagnostics if d.level != "info"]
    return tmp_path / "out"


def listed(out: Path, rel: str) -> list[str]:
    """The cable ids a list page shows, in order."""
    html = (out / rel).read_text(encoding="utf-8")
    return re.findall(r'<span class="muted cid">([^<]+)</span>', html)


def test_tag_pages_newest_first_and_paginated(out: Path) -> None:
    assert listed(out, "tags/PTER.html") == ["07BRUSSELS300", "07BRUSSELS200"]
    assert listed(out, "tags/PTER-2.html") == ["07BRUSSELS100"]
    assert not (out / "tags/PTER-3.html").exists()
    html = (out / "tags/PTER.html").read_text()
    assert "3 cables, newest first; page 1 of 2" in html and 'href="PTER-2.html"' in html
    index = (out / "tags.html").read_text()
    for code in ("PTER", "BE", "PREL", "TW"):
        assert f'href="tags/{code}.html">{code}</a>' in index


def test_post_date_classification_and_caption_pages(out: Path) -> None:
    assert listed(out, "posts/BRUSSELS.html") == ["07BRUSSELS300", "07BRUSSELS200"]
    assert listed(out, "posts/TAIPEI.html") == ["07TAIPEI50"]
    assert "Embassy Brussels" in (out / "posts.html").read_text()
    assert listed(out, "dates/2007-03.html") == ["07BRUSSELS300", "07BRUSSELS200"]
    assert listed(out, "dates/2007-03-3.html") == ["07BRUSSELS100"]
    assert listed(out, "dates/2007.html") == ["07BRUSSELS300", "07BRUSSELS200"]
    assert listed(out, "dates/2007-p2.html") == ["07PARIS10", "07TAIPEI50"]
    assert listed(out, "dates/2007-p3.html") == ["07BRUSSELS100"]
    assert 'href="dates/2007-03.html">March</a>' in (out / "dates.html").read_text()
    assert listed(out, "classifications/CONFIDENTIAL-NOFORN.html") == ["07PARIS10"]
    assert listed(out, "captions/NOFORN.html") == ["07PARIS10"]
    assert len(listed(out, "captions/SIPDIS.html")) == 2
    assert 'href="captions.html"' in (out / "classifications.html").read_text()


def test_edition_page_links_to_its_lists_and_neighbours(out: Path) -> None:
    html = (out / "cables/07BRUSSELS200.html").read_text()
    for target in ("../tags/PTER.html", "../tags/BE.html", "../posts/BRUSSELS.html",
                   "../dates/2007-03.html", "../dates/2007.html",
                   "../classifications/UNCLASSIFIED.html", "../captions/SIPDIS.html"):
        assert f'href="{target}"' in html, target
    assert re.search(r'Previous from Embassy Brussels: <a href="07BRUSSELS100.html" rel="prev">',
                     html)
    assert 'href="07BRUSSELS300.html" rel="next"' in html
    for label, target in (("Tags", "tags.html"), ("Posts", "posts.html"),
                          ("Dates", "dates.html"), ("Classifications", "classifications.html")):
        assert f'<a href="../{target}">{label}</a>' in html


def context(root: Path, states: dict[str, Any]) -> Context:
    config, _ = load_config(root)
    assert config is not None
    cables = [parse_unit(u)[0] for rel, fmt in discover(root).cables
              for u in read_file(root, rel, fmt)]  # type: ignore[arg-type]
    corpus, _ = link(summarise(c) for c in cables)
    env = make_env(config)
    env.globals["nav"] = []
    return Context(config, corpus, env, states, {})


def test_tag_meaning_from_the_glossary_when_there_is_one(make_site: MakeSite) -> None:
    root = make_site(SITE)
    ctx = context(root, {"glossary": {"PTER": "Terrorists and terrorism"}})
    assert ctx.corpus.facets is not None
    ids = ctx.corpus.facets.groups["tag"]["PTER"]
    html = next(list_jobs(ctx, "tag", "PTER", ids, 2)).render().decode()
    assert '<p class="lede meaning">Terrorists and terrorism</p>' in html
    index = next(j for j in index_jobs(ctx) if j.path == "tags.html").render().decode()
    assert "<td>Terrorists and terrorism</td>" in index
    bare = next(list_jobs(context(root, {}), "tag", "PTER", ids, 2)).render().decode()
    assert "meaning" not in bare.split("<main")[1].split("</h1>")[1].split("<table")[0]


class Entry:
    expansion = "Political affairs: external relations"


class Glossary:
    def lookup(self, term: str) -> Entry | None:
        return Entry() if term == "PREL" else None


def test_tag_meaning_reads_the_shapes_a_glossary_may_take() -> None:
    assert tag_meaning({}, "PTER") is None
    assert tag_meaning({"glossary": {"PTER": {"expansion": "Terrorism"}}}, "PTER") == "Terrorism"
    assert tag_meaning({"glossary": Glossary()}, "PREL") == Entry.expansion
    assert tag_meaning({"glossary": Glossary()}, "PTER") is None
    assert tag_meaning({"glossary": 42}, "PTER") is None


def test_page_keys_follow_what_the_page_shows(make_site: MakeSite) -> None:
    ctx = context(make_site(SITE), {})
    facets = ctx.corpus.facets
    assert facets is not None

    def keys(c: Context) -> dict[str, str]:
        ids = facets.groups["tag"]["PTER"]
        return {j.path: j.key for j in list_jobs(c, "tag", "PTER", ids, 2)}

    before = keys(ctx)
    cables = dict(ctx.corpus.cables)
    cables["07BRUSSELS100"] = dataclasses.replace(cables["07BRUSSELS100"], subject="NEW")
    after = keys(dataclasses.replace(ctx, corpus=dataclasses.replace(ctx.corpus, cables=cables)))
    assert after["tags/PTER.html"] == before["tags/PTER.html"]
    assert after["tags/PTER-2.html"] != before["tags/PTER-2.html"]


def test_index_keys_follow_the_number_of_cables(make_site: MakeSite) -> None:
    """Each index page says how many cables the site has: the captions' rows leave out the
    cables without captions, so a cable more without any must change its key too."""
    ctx = context(make_site(SITE), {})
    before = {j.path: j.key for j in index_jobs(ctx)}
    cables = dict(ctx.corpus.cables)
    cables["99NOWHERE1"] = dataclasses.replace(cables["07BRUSSELS100"], id="99NOWHERE1",
                                               caveats=())
    after = {j.path: j.key for j in index_jobs(
        dataclasses.replace(ctx, corpus=dataclasses.replace(ctx.corpus, cables=cables)))}
    assert before.keys() == after.keys()
    assert all(after[path] != before[path] for path in before)


def test_undated_cables_have_their_page(make_site: MakeSite, tmp_path: Path) -> None:
    text = SITE["content/a.txt"].replace("R 101200Z MAR 07\n", "")
    result = build(make_site({"content/07BRUSSELS100.txt": text}), tmp_path / "out")
    assert not [d for d in result.diagnostics if d.code.startswith("broken-")]
    html = (tmp_path / "out" / "cables" / "07BRUSSELS100.html").read_text()
    assert 'href="../dates/undated.html">all undated cables</a>' in html
    assert listed(tmp_path / "out", "dates/undated.html") == ["07BRUSSELS100"]
