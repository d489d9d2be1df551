"""The link stage: citations resolved on both sides, backlinks, counts and facets."""

from __future__ import annotations

from datetime import UTC, datetime

from generator.link import Summary, link


def summary(cid: str, day: int | None, cites: tuple[str, ...] = (), station: str = "BRUSSELS",
            tags: tuple[str, ...] = ("PTER",), other_refs: int = 0) -> Summary:
    date = datetime(2007, 3, day, tzinfo=UTC) if day else None
    return Summary(cid, date, f"Subject of {cid}", f"Embassy {station.title()}", station,
                   "UNCLASSIFIED", ("SIPDIS",), tags, cites, "content/x.csv", day or 1,
                   paragraphs=0b110, other_refs=other_refs)


def test_backlinks_newest_first_and_never_to_itself() -> None:
    corpus, _ = link([summary("07BRUSSELS1", 1), summary("07BRUSSELS2", 2, ("07BRUSSELS1",)),
                      summary("07BRUSSELS3", 3, ("07BRUSSELS1", "07BRUSSELS3"))])
    assert corpus.referenced_by["07BRUSSELS1"] == ("07BRUSSELS3", "07BRUSSELS2")
    assert "07BRUSSELS3" not in corpus.referenced_by


def test_one_normalisation_serves_citing_and_cited_side() -> None:
    corpus, _ = link([summary("04BRUSSELS5536", 1), summary("04USEUBRUSSELS12", 2),
                      summary("89TAIPEI3626", 3, station="TAIPEI"),
                      summary("04STATE1", 4, ("04USEUBRUSSELS5536", "04BRUSSELS12",
                                              "89AITTAIPEI3626"), station="STATE")])
    assert corpus.resolve("04USEUBRUSSELS5536") == "04BRUSSELS5536"
    assert corpus.resolve("04BRUSSELS12") == "04USEUBRUSSELS12"
    assert corpus.resolve("89AITTAIPEI3626") == "89TAIPEI3626"
    assert corpus.resolve("04SECSTATE0001") == "04STATE1"
    for cited in ("04BRUSSELS5536", "04USEUBRUSSELS12", "89TAIPEI3626"):
        assert corpus.referenced_by[cited] == ("04STATE1",)


def test_unresolved_references_are_counted_as_information() -> None:
    _, diags = link([summary("07BRUSSELS1", 1, ("07STATE5", "07BRUSSELS2"), other_refs=2),
                     summary("07BRUSSELS2", 2)])
    notes = [d for d in diags if d.code == "unresolved-references"]
    assert len(notes) == 1 and notes[0].level == "info"
    assert notes[0].message.startswith("1 of 2 cited cables are in this site; 1 link")
    assert "2 references name no cable" in notes[0].message


def test_facets_group_newest_first_with_neighbours() -> None:
    corpus, _ = link([summary("07BRUSSELS1", 1, tags=("PTER", "BE")), summary("07BRUSSELS2", 2),
                      summary("07PARIS1", 3, station="PARIS"), summary("07BRUSSELS3", None)])
    facets = corpus.facets
    assert facets is not None
    assert facets.groups["tag"]["PTER"] == ("07PARIS1", "07BRUSSELS2", "07BRUSSELS1",
                                            "07BRUSSELS3")
    assert facets.groups["tag"]["BE"] == ("07BRUSSELS1",)
    assert facets.groups["post"]["BRUSSELS"] == ("07BRUSSELS2", "07BRUSSELS1", "07BRUSSELS3")
    assert facets.groups["year"]["undated"] == ("07BRUSSELS3",)
    assert facets.groups["month"]["2007-03"] == ("07PARIS1", "07BRUSSELS2", "07BRUSSELS1")
    assert facets.neighbours("07BRUSSELS1", "BRUSSELS") == ("07BRUSSELS3", "07BRUSSELS2")
    assert facets.neighbours("07PARIS1", "PARIS") == (None, None)
    assert facets.page("month", "2007-03") == "dates/2007-03.html"
    assert facets.page("caption", "SIPDIS") == "captions/SIPDIS.html"


def test_facet_file_names_are_safe_and_distinct() -> None:
    from generator.facets import slugs

    names = slugs(["SECRET//NOFORN", "SECRET NOFORN", "CON", "PTER-2", "KPKO", "kpko"])
    assert names["CON"] == "CON_" and names["PTER-2"] == "PTER-2_"
    assert len({n.upper() for n in names.values()}) == len(names)
    assert all(n.replace("-", "").replace("_", "").isalnum() for n in names.values())
