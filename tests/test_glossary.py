"""The glossary: lookup and scoping, cables' own definitions, site overrides, pages, JSON, check."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.build import build
from generator.glossary import lookup, make_context, resolve
from generator.glossary.assemble import assemble
from generator.glossary.defined import definitions
from generator.glossary.model import Glossary
from generator.glossary.translated import translated
from tests.conftest import MakeSite
from tests.fixturefile import cases


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    g, problems = assemble(None)
    assert problems == [], [d.format() for d in problems]
    return g


@pytest.mark.parametrize(("text", "expected"), cases("glossary.txt"))
def test_lookup_in_context(glossary: Glossary, text: str, expected: str) -> None:
    words = text.split()
    term, station, rest = words[0], words[1], words[2:]
    where = "tags" if "tags" in rest else "text"
    date = next((datetime.fromisoformat(w[1:]).replace(tzinfo=UTC) for w in rest
                 if w.startswith("@")), None)
    tags = [w for w in rest if w != "tags" and not w.startswith("@")]
    res = resolve(glossary, term, make_context(glossary, station, tags, date), where)
    mark = "? " if res.ambiguous else ""
    got = "\n".join(mark + e.expansion for e in res.entries)
    assert got == expected
    assert [e.expansion for e in lookup(glossary, term, make_context(glossary, station, tags,
                                                                     date), where)] == [
        e.expansion for e in res.entries]


def test_every_subject_tag_of_the_reference_list_is_explained(glossary: Glossary) -> None:
    reference = Path(__file__).resolve().parents[2] / "shared" / "reference" / "subject-tags.txt"
    if not reference.is_file():
        pytest.skip("../shared/reference is not beside the repository")
    for code in reference.read_text().split():
        assert any(e.kind == "subject tag" for e in glossary.entries.get(code, ())), code


@pytest.mark.parametrize(("text", "short", "long"), [
    ("the Government of Honduras (GOH) said", "GOH", "Government of Honduras"),
    ("the Democratic People's Party (DEHAP) won", "DEHAP", "Democratic People's Party"),
    ("the PRD (Partido Revolucionario Dominicano) lost", "PRD",
     "Partido Revolucionario Dominicano"),
    ("THE NATIONAL LEAGUE FOR DEMOCRACY (NLD) MET", "NLD", "NATIONAL LEAGUE FOR DEMOCRACY"),
    # the periods of a dotted abbreviation do not end the long form
    ("for the U.S. Army Corps of Engineers (USACE) in", "USACE", "U.S. Army Corps of Engineers"),
    ("through Corporacion Financiera S.A. (COFISA) was", "COFISA", "Corporacion Financiera S.A."),
    # a long form can start inside a hyphenated word, at a capital
    ("on the U.S.-Central America Free Trade Agreement (CAFTA) and", "CAFTA",
     "Central America Free Trade Agreement"),
    # a plural short form defines the acronym, whose uses the text looks up
    ("through Public-Private Partnerships (PPPs) in", "PPP", "Public-Private Partnerships"),
    ("Combatant Status Review Tribunals (CSRTs) were", "CSRT",
     "Combatant Status Review Tribunals"),
    ("a 10-day hunger strike at the Democratic People's Party (DEHAP) office", "DEHAP",
     "Democratic People's Party"),
    # a comment after the short form: the capitalised words' initials spell it
    ("the International Center for the Settlement of Investment Disputes (ICSID - also "
     "known as the Washington Convention)", "ICSID",
     "International Center for the Settlement of Investment Disputes"),
    ("agencies, the Fiscalia, Direccion Nacional de Estupefacientes (DNE - the drug czar)",
     "DNE", "Direccion Nacional de Estupefacientes"),
    ("the Ports Engineering Construction Corporation (PECC, a state company) won", "PECC",
     "Ports Engineering Construction Corporation"),
    # the long form and the short form inside the parenthesis
    ("The Afghan Lower House (Wolesi Jirga - WJ) has voted", "WJ", "Wolesi Jirga"),
])
def test_definitions_in_the_text(text: str, short: str, long: str) -> None:
    assert (short, long) in [(s, lf) for s, lf, _ in definitions(text)]


@pytest.mark.parametrize("text", [
    "Embassy staff met officials on Tuesday (SBU) and left.",
    "poloff met with Senator Alejandro Santos (PRD - Salcedo) on Monday",  # a party and a place
    "Pierre Moscovici (PES - France) and others",  # the letters, but not the initials
    "the treaties (MTCR, NSG and the Australia Group) were",  # a list, not a comment
    "as shown (Tables I - III) below",
    "AL-NAGGAR IS CLOSE TO SHAYKH AHMAD, ALTHOUGH HE (NAGGAR) IS NOT",  # the name itself
    "the party's PSC candidate Javier Neira (PSC) said",
])
def test_no_definition_from_unrelated_words(text: str) -> None:
    assert list(definitions(text)) == []


@pytest.mark.parametrize(("text", "found"), [
    ("the Croatian Bloc (HB) won two seats", ("HB", "Croatian Bloc")),
    ("the Federation of Independent Trade Unions (SSSH), expressed doubts",
     ("SSSH", "Federation of Independent Trade Unions")),
    ("privatizing Croatian Radio and Television's (HRT) third channel",
     ("HRT", "Croatian Radio and Television")),
    ("The independent National TV Commission (CNTV) formulates policy",
     ("CNTV", "National TV Commission")),
    ("the Party and the National Liberal Party (PLN) agreed", ("PLN", "National Liberal Party")),
    ("the Croatian Slavonia - Baranya Party (SBSH) is", ("SBSH",
                                                        "Croatian Slavonia - Baranya Party")),
    ("Once the National Securities Commission (CNVM) approves", ("CNVM",
                                                                 "National Securities Commission")),
    ("Deputy Zoran Milanovic (SDP) said so", None),  # a person and a party
    ("the President of the Supreme Court (CSJ) said", None),  # an office, not the court
    ("she met Ana Lopez (AL) and left", None),
    ("THE CROATIAN BLOC (HB) WON", None),  # in capitals only the letters decide
    ("the Croatian Bloc (H-B) won", None),
])
def test_definitions_by_an_institutions_name_in_english(
        text: str, found: tuple[str, str] | None) -> None:
    """A foreign acronym after its institution's name in English (``Croatian Bloc (HB)``):
    the letters do not match, the name ends in an institution's head noun."""
    got = [(short, long) for short, long, _ in translated(text)]
    assert got == ([found] if found else [])


def test_a_name_in_english_never_redefines_a_known_term(make_site: MakeSite) -> None:
    """Such a definition only fills a gap: a term the glossary knows keeps its meaning, and a
    term the cable defines by its letters keeps that definition."""
    site = make_site({"content/a.txt": cable(
        1, body="The Croatian Bloc (HB) and the Interior Ministry (GOB) met the Social "
                "Democratic Party (SDP) and the Workers Union (SDP).")})
    build(site)
    data, html = built(site, "07LAPAZ1")
    terms = {g["term"]: (g["expansion"], g["origin"]) for g in data["glossary"]}
    assert terms["HB"] == ("Croatian Bloc", "cable")
    assert terms["GOB"] == ("Government of Bolivia", "built-in")
    assert terms["SDP"] == ("Social Democratic Party", "cable")
    assert "Croatian Bloc" in html


CABLE = """VZCZCXRO0001 RR RUEHC DE {ri} #0001/01 0741542 ZNR UUUUU ZZH R 151542Z MAR 07 \
FM AMEMBASSY {name} TO RUEHC/SECSTATE WASHDC 0001 INFO RUEHZZ/AMEMBASSY NOWHERE 0002

UNCLAS {station} 000{n}

SIPDIS

TAGS: PREL {tags}
SUBJECT: {subject}

1. {body}

2. {more}
"""


def cable(n: int, station: str = "LA PAZ", ri: str = "RUEHLP", tags: str = "BL",
          subject: str = "The GOB and its neighbours", body: str = "The GOB said so.",
          more: str = "Nothing else.") -> str:
    return CABLE.format(n=n, station=station, name=station, ri=ri, tags=tags, subject=subject,
                        body=body, more=more)


def built(site: Path, cable_id: str) -> tuple[dict[str, object], str]:
    out = site / "_site"
    data = json.loads((out / "cables" / f"{cable_id}.json").read_text(encoding="utf-8"))
    return data, (out / "cables" / f"{cable_id}.html").read_text(encoding="utf-8")


def test_cable_page_marks_first_occurrences_and_lists_terms(make_site: MakeSite) -> None:
    site = make_site({"content/a.txt": cable(
        1, body="The GOB told the Ministry of Health (MOH) that the GOB and the MOH and "
                "the NGOs agree; RUEHZZ relayed it.")})
    result = build(site)
    assert not [d for d in result.diagnostics if d.level == "error"]
    data, html = built(site, "07LAPAZ1")
    terms = [(g["term"], g["expansion"], g["origin"]) for g in data["glossary"]]
    assert terms[:3] == [
        ("SIPDIS", "SIPRNet distribution: the cable may be posted to the classified SIPRNet "
                   "network", "built-in"),
        ("PREL", "Political: external political relations", "built-in"),
        ("BL", "Bolivia", "built-in")]
    assert ("GOB", "Government of Bolivia", "built-in") in terms
    assert ("MOH", "Ministry of Health", "cable") in terms  # its own definition wins
    assert ("NGO", "Non-governmental organization", "built-in") in terms
    assert ("RUEHZZ", "AMEMBASSY NOWHERE", "header") in terms
    assert all({"term", "expansion", "kind"} <= set(g) for g in data["glossary"])
    assert html.count('class="gl-term"') == len({g["term"] for g in data["glossary"]
                                                if g["where"] == "text"})
    assert html.count(">GOB</a><span class=\"gl-tip\"") == 1  # first occurrence only
    assert 'href="../tags/PREL.html"' in html
    assert "Political: external political relations" in html
    assert 'id="terms"' in html and "Abbreviations and terms" in html


def test_definitions_of_other_cables_of_the_post(make_site: MakeSite) -> None:
    site = make_site({
        "content/a.txt": cable(1, body="The Zebra Alliance Party (ZAP) met."),
        "content/b.txt": cable(2, body="The ZAP met again."),
        "content/c.txt": cable(3, station="QUITO", ri="RUEHQT", tags="EC",
                               body="The ZAP met in Quito."),
    })
    build(site)
    second, _ = built(site, "07LAPAZ2")
    zap = [g for g in second["glossary"] if g["term"] == "ZAP"]
    assert zap and zap[0]["expansion"] == "Zebra Alliance Party"
    assert zap[0]["origin"] == "post" and zap[0]["source"] == "07LAPAZ1"
    other, _ = built(site, "07QUITO3")
    assert not [g for g in other["glossary"] if g["term"] == "ZAP"]


def test_an_editors_entry_wins_over_other_cables_definitions(make_site: MakeSite) -> None:
    site = make_site({
        "content/a.txt": cable(1, body="The Illicit Mining Fund (IMF) paid."),
        "content/b.txt": cable(2, body="The IMF paid again."),
    })
    build(site)
    own, _ = built(site, "07LAPAZ1")
    assert [g["expansion"] for g in own["glossary"] if g["term"] == "IMF"] == [
        "Illicit Mining Fund"]
    other, _ = built(site, "07LAPAZ2")
    assert [g["expansion"] for g in other["glossary"] if g["term"] == "IMF"] == [
        "International Monetary Fund"]


def test_definitions_of_other_posts_of_the_country(make_site: MakeSite) -> None:
    site = make_site({
        "content/a.txt": cable(1, station="ISTANBUL", ri="RUEHIT", tags="TU",
                               body="The Zebra Alliance Party (ZAP) met.",
                               more="The Quiet Unicorn Union (QUU) met."),
        "content/h.txt": cable(8, station="ISTANBUL", ri="RUEHIT", tags="TU",
                               body="The Zebra Alliance Party (ZAP) met again."),
        "content/b.txt": cable(2, station="ADANA", ri="RUEHDA", tags="TU",
                               body="The ZAP met in Adana.", more="The QUU met."),
        "content/c.txt": cable(3, station="ADANA", ri="RUEHDA", tags="TU",
                               body="The Yak Breeders Union (YBU) met.", more="The ZAP too."),
        "content/d.txt": cable(4, station="ADANA", ri="RUEHDA", tags="TU",
                               body="The YBU met again."),
        "content/e.txt": cable(5, station="ISTANBUL", ri="RUEHIT", tags="TU",
                               body="The Young Bankers Unit (YBU) met."),
        "content/f.txt": cable(6, station="ISTANBUL", ri="RUEHIT", tags="TU",
                               body="The YBU met again."),
        "content/g.txt": cable(7, station="QUITO", ri="RUEHQT", tags="EC",
                               body="The ZAP met in Quito."),
    })
    build(site)
    adana, _ = built(site, "07ADANA2")
    zap = [g for g in adana["glossary"] if g["term"] == "ZAP"]
    assert [(g["expansion"], g["origin"], g["source"]) for g in zap] == [
        ("Zebra Alliance Party", "post", "07ISTANBUL1")]
    assert "ISTANBUL" in zap[0]["note"] and "same country" in zap[0]["note"]
    # A definition given once in the country is not carried to its other posts.
    assert not [g for g in adana["glossary"] if g["term"] == "QUU"]
    # A post's own definition wins over its country's; each post keeps its own.
    own, _ = built(site, "07ADANA4")
    assert [g["expansion"] for g in own["glossary"] if g["term"] == "YBU"] == [
        "Yak Breeders Union"]
    other, _ = built(site, "07ISTANBUL6")
    assert [g["expansion"] for g in other["glossary"] if g["term"] == "YBU"] == [
        "Young Bankers Unit"]
    quito, _ = built(site, "07QUITO7")
    assert not [g for g in quito["glossary"] if g["term"] == "ZAP"]


def test_a_plural_definition_explains_the_acronym(make_site: MakeSite) -> None:
    site = make_site({"content/a.txt": cable(
        1, body="Zebra Status Review Boards (ZSRBs) were set up.",
        more="The ZSRB process goes further; two ZSRBs met.")})
    build(site)
    data, html = built(site, "07LAPAZ1")
    found = [(g["expansion"], g["origin"]) for g in data["glossary"] if g["term"] == "ZSRB"]
    assert found == [("Zebra Status Review Boards", "cable")]
    assert not [g for g in data["glossary"] if g["term"] == "ZSRBs"]
    assert html.count('>ZSRB</a><span class="gl-tip"') == 1  # "The ZSRB process" is marked
    result = build(site, write=False)
    assert not any("ZSRB" in line for line in result.reports)  # not an unknown acronym


def test_all_capitals_text_does_not_explain_words(make_site: MakeSite) -> None:
    site = make_site({"content/a.txt": cable(
        1, subject="US AID", body="US AID TO THE GOB WILL CONTINUE, NATO SAYS.",
        more="NOTHING ELSE.")})
    build(site)
    data, _ = built(site, "07LAPAZ1")
    text_terms = {g["term"] for g in data["glossary"] if g["where"] == "text"}
    assert "NATO" in text_terms
    assert not {"US", "AID", "GOB"} & text_terms  # ordinary words in capitals


SITE_GLOSSARY = """\
[terms]
ZAP = "Zebra Alliance Party"

[country.BL]
GOB = "Gobierno de Bolivia (our wording)"

[[entry]]
term = "MFA"
expansion = "Ministerio de Relaciones Exteriores"
countries = ["BL"]
note = "Bolivia's foreign ministry."

[[entry]]
term = "bad term"
expansion = "x"

[[entry]]
term = "NOX"
kind = "gadget"
expansion = "y"

[[entry]]
term = "NOE"
"""


def test_site_overrides_and_their_diagnostics(make_site: MakeSite) -> None:
    site = make_site({"content/glossary.toml": SITE_GLOSSARY,
                      "content/a.txt": cable(1, body="The GOB and the MFA and the ZAP.")})
    result = build(site)
    problems = {(d.line, d.code) for d in result.diagnostics
                if d.path == "content/glossary.toml"}
    assert problems == {(13, "glossary-term"), (17, "glossary-kind"),
                        (22, "glossary-expansion")}
    data, _ = built(site, "07LAPAZ1")
    got = {g["term"]: (g["expansion"], g["origin"]) for g in data["glossary"]}
    assert got["GOB"] == ("Gobierno de Bolivia (our wording)", "site")
    assert got["MFA"] == ("Ministerio de Relaciones Exteriores", "site")
    assert got["ZAP"] == ("Zebra Alliance Party", "site")


def test_invalid_site_glossary_is_one_diagnostic_with_its_line(make_site: MakeSite) -> None:
    site = make_site({"content/glossary.toml": '[terms]\nZAP = "x"\nZAP = "y"\n',
                      "content/a.txt": cable(1)})
    result = build(site)
    bad = [d for d in result.diagnostics if d.path == "content/glossary.toml"]
    assert [(d.line, d.level, d.code) for d in bad] == [(3, "error", "glossary-toml")]
    data, _ = built(site, "07LAPAZ1")
    assert any(g["term"] == "GOB" for g in data["glossary"])  # built-in data still used


def test_site_glossary_pages(make_site: MakeSite) -> None:
    files: dict[str, str | bytes] = {
        "site.toml": 'title = "T"\n[browse]\npage_size = 2\n'}
    for n in range(1, 6):
        files[f"content/c{n}.txt"] = cable(n, body="The GOB met the NGO.")
    site = make_site(files)
    build(site)
    out = site / "_site"
    index = (out / "glossary.html").read_text(encoding="utf-8")
    assert 'href="glossary/GOB.html"' in index and "Government of Bolivia" in index
    assert "Government of Belgium" in index  # every meaning, with its scope
    assert "cables from or about Belgium" in index
    assert '<td class="num"><a href="glossary/GOB.html">5</a></td>' in index
    pages = sorted(p.name for p in (out / "glossary").glob("GOB*.html"))
    assert pages == ["GOB-2.html", "GOB-3.html", "GOB.html"]
    first = (out / "glossary" / "GOB.html").read_text(encoding="utf-8")
    assert first.count('href="../cables/07LAPAZ') == 2
    assert "Government of Bolivia" in first
    nav = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="glossary.html">Glossary</a>' in nav


def test_check_lists_unknown_acronyms(make_site: MakeSite) -> None:
    site = make_site({
        "content/a.txt": cable(1, body="The QQXZ and the QQXZ met the WWKP and the NGO."),
        "content/b.txt": cable(2, body="The QQXZ again."),
    })
    result = build(site, write=False)
    lines = list(result.reports)
    assert lines[0].startswith("Most frequent unknown acronyms")
    assert "QQXZ" in lines[1] and "3 uses in 2 cables" in lines[1]
    assert "WWKP" in lines[2]
    assert not any("NGO" in line for line in lines)


def test_ok_is_a_word_not_an_unknown_acronym(make_site: MakeSite) -> None:
    """Dictionaries write OK in capitals, but no reader needs "it was OK" expanded."""
    site = make_site({
        "content/a.txt": cable(1, body="HE SAID IT WAS OK. THE QQXZ AGREED."),
        "content/b.txt": cable(2, body="Relations were OK, the QQXZ said."),
    })
    result = build(site, write=False)
    lines = list(result.reports)
    assert any("QQXZ" in line for line in lines)
    assert not any(line.split()[:1] == ["OK"] or " OK " in line for line in lines)


def test_a_kept_session_follows_the_posts_definitions(make_site: MakeSite) -> None:
    """Editing one cable's definition re-renders the other cables of its post, and only them."""
    from generator.engine.session import Session

    texts = {"content/a.txt": cable(1, body="The Zebra Alliance Party (ZAP) met."),
             "content/b.txt": cable(2, body="The ZAP met again."),
             "content/c.txt": cable(3, station="QUITO", ri="RUEHQT", tags="EC",
                                    body="The ZAP met in Quito.")}
    site = make_site(texts)
    session = Session(site, jobs=1)
    session.build()
    quito = (site / "_site" / "cables" / "07QUITO3.html").stat().st_mtime_ns
    (site / "content" / "a.txt").write_text(texts["content/a.txt"].replace(
        "Zebra Alliance Party", "Zonal Aid Programme"), encoding="utf-8")
    session.build()
    second, _ = built(site, "07LAPAZ2")
    assert [g["expansion"] for g in second["glossary"] if g["term"] == "ZAP"] == [
        "Zonal Aid Programme"]
    assert (site / "_site" / "cables" / "07QUITO3.html").stat().st_mtime_ns == quito
    # the term page's rows follow too: its key names the cables' own definitions
    term_page = (site / "_site" / "glossary" / "ZAP.html").read_text(encoding="utf-8")
    assert "Zonal Aid Programme</td>" in term_page and "Zebra" not in term_page
    (site / "content" / "a.txt").write_text(texts["content/a.txt"].replace(
        " (ZAP)", ""), encoding="utf-8")
    session.build()
    second, _ = built(site, "07LAPAZ2")
    assert not [g for g in second["glossary"] if g["term"] == "ZAP" and g["origin"] == "post"]


def test_incremental_builds_follow_every_glossary_input(make_site: MakeSite,
                                                        tmp_path: Path) -> None:
    """After each edit of what the glossary pages read (a cable's definitions, its TAGS,
    its post's definitions, the site's glossary), the site equals a clean build of it."""
    import shutil

    from tests.test_engine import tree

    texts = {"content/a.txt": cable(1, body="The Zebra Alliance Party (ZAP) met the GOB."),
             "content/b.txt": cable(2, body="The ZAP met again.", tags="BL, PE"),
             "content/c.txt": cable(3, station="QUITO", ri="RUEHQT", tags="EC",
                                    body="The ZAP met in Quito.")}
    site = make_site(texts)
    edits = [
        ("content/a.txt", texts["content/a.txt"].replace("Zebra Alliance", "Zonal Aid")),
        ("content/b.txt", texts["content/b.txt"].replace("BL, PE", "BL")),
        ("content/c.txt", texts["content/c.txt"].replace("The ZAP met",
                                                         "The Quito Union (ZAP) met")),
        ("content/glossary.toml", '[terms]\nZAP = "Zero Acronym Policy"\n'),
        ("content/glossary.toml", '[station.QUITO]\nGOB = "Gobierno"\n'),
        ("content/a.txt", texts["content/a.txt"]),
    ]
    build(site, jobs=1)
    for step, (path, text) in enumerate(edits):
        (site / path).write_text(text, encoding="utf-8")
        result = build(site, jobs=1)
        assert not [d for d in result.diagnostics if d.level == "error"], step
        clean = tmp_path / f"clean{step}"
        shutil.copytree(site, clean, ignore=shutil.ignore_patterns("_site", ".*"))
        build(clean, jobs=1)
        ours, theirs = tree(site / "_site"), tree(clean / "_site")
        for files in (ours, theirs):
            files.pop(".cablegen-manifest.json", None)
        assert ours == theirs, f"step {step}: " + ", ".join(
            sorted(p for p in ours.keys() | theirs.keys() if ours.get(p) != theirs.get(p)))


def test_a_new_site_glossary_is_collected_again_in_workers(make_site: MakeSite,
                                                           tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           ) -> None:
    """Editing glossary.toml makes every unread cable's terms again, over the workers,
    and the site equals a clean build."""
    import shutil

    from generator.engine import refresh
    from tests.test_engine import tree

    files = {f"content/c{n}.txt": cable(n, body=f"The ZAP met {n} times.") for n in range(1, 41)}
    site = make_site(files)
    build(site, jobs=2)
    made: list[int] = []
    real = refresh.refresh_collected

    def counting(*args: object, **kwargs: object) -> int:
        made.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return made[-1]

    monkeypatch.setattr("generator.engine.parsing.refresh_collected", counting)
    (site / "content" / "glossary.toml").write_text('[terms]\nZAP = "Zebra Alliance Party"\n',
                                                   encoding="utf-8")
    build(site, jobs=2)
    assert made == [40]
    data, _ = built(site, "07LAPAZ7")
    assert [g["expansion"] for g in data["glossary"] if g["term"] == "ZAP"] == [
        "Zebra Alliance Party"]
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("_site", ".*"))
    build(clean, jobs=2)
    ours, theirs = tree(site / "_site"), tree(clean / "_site")
    ours.pop(".cablegen-manifest.json")
    theirs.pop(".cablegen-manifest.json")
    assert ours == theirs


def test_cable_terms_pack_and_unpack_every_kind_of_term() -> None:
    """The packed per-cable value gives back its pairs, in order, whatever the term holds."""
    import pickle

    from generator.glossary.cable import CableTerms

    pairs = [("SENSITIVE BUT UNCLASSIFIED", "caption"), ("PREL", "tags"), ("S/CT", "text"),
             ("AFL-CIO", "text"), ("AT&T", "text"), ("GOB", "text")]
    unknown = [("XYZZY", 3), ("QQ", 1)]
    made = CableTerms.make(pairs, (("PRD", "Partido Revolucionario Dominicano", 2),), unknown)
    back = pickle.loads(pickle.dumps(made))
    assert back == made
    assert back.terms == tuple(pairs)
    assert back.unknown == tuple(unknown)
    assert back.defined == (("PRD", "Partido Revolucionario Dominicano", 2),)
    assert back.term_set() == {t for t, _ in pairs}
    assert back.place("PREL") == "tags" and back.place("S/CT") == "text"
    assert back.place("SENSITIVE BUT UNCLASSIFIED") == "caption"
    assert back.place("NOPE") == "text"
    empty = CableTerms.make([], (), [])
    assert empty.terms == () and empty.unknown == () and empty.term_set() == set()


def test_term_pages_are_the_same_when_workers_keep_few_cable_contexts(
        make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """A render worker keeps at most ``CONTEXTS_MAX`` cable contexts for the term pages;
    dropping them (here after every two) changes no page."""
    from generator.glossary import pages as term_pages

    files: dict[str, str | bytes] = {
        f"content/{n}.txt": cable(n, station=station, ri=ri, tags=tags,
                                  body=f"The Zebra Alliance Party (ZAP) met the GOB {n}.",
                                  more="The DCM and the ZAP spoke of the IAEA.")
        for n, (station, ri, tags) in enumerate(
            [("LA PAZ", "RUEHLP", "BL"), ("GABORONE", "RUEHOR", "BC"),
             ("BRUSSELS", "RUEHBS", "BE"), ("LA PAZ", "RUEHLP", "BL"),
             ("QUITO", "RUEHQT", "EC")], start=1)}
    site = make_site(files)
    build(site, site / "whole", jobs=1)
    monkeypatch.setattr(term_pages, "CONTEXTS_MAX", 2)
    build(site, site / "bounded", jobs=1)
    whole = sorted(p.relative_to(site / "whole") for p in (site / "whole").rglob("*.html"))
    bounded = sorted(p.relative_to(site / "bounded")
                     for p in (site / "bounded").rglob("*.html"))
    assert whole == bounded
    terms = [p for p in whole if p.parts[0] == "glossary" and len(p.parts) > 1]
    assert len(terms) >= 4
    for rel in whole:
        assert (site / "whole" / rel).read_bytes() == (site / "bounded" / rel).read_bytes(), rel


def test_cable_forms_from_the_defining_cables_are_those_of_every_user() -> None:
    """``cable_forms`` looks only at the cables that define the term (``definers``) and
    gives what a look at every cable using it gives: counts, spellings, first cable."""
    from generator.glossary.cable import CableTerms
    from generator.glossary.site import cable_forms, definers

    def terms(*defined: tuple[str, str]) -> CableTerms:
        return CableTerms.make([(short, "text") for short, _ in defined],
                               tuple((s, long, 0) for s, long in defined), ())

    collected = {
        "A1": terms(("ZLC", "Zorbian Liberation Council")),
        "A2": terms(("ZLC", "zorbian  liberation council"), ("ZLC", "Zorbian League")),
        "A3": terms(),
        "A4": terms(("ZLC", "Zorbian League"), ("QQ", "Quite Quiet")),
        "A5": terms(("ZLC", "Zorbian Liberation Council")),  # defines it, not among the users
    }
    order = ["A1", "A2", "A3", "A4", "A5"]
    defining = definers(order, collected)
    for term, ids in (("ZLC", ["A1", "A2", "A3", "A4"]), ("QQ", ["A3", "A4"]),
                      ("ZLC", ["A4", "A5"]), ("NONE", ["A1"]), ("ZLC", [])):
        assert cable_forms(term, ids, collected, defining) == cable_forms(term, ids, collected)
    assert cable_forms("ZLC", order[:4], collected, defining)[0] == (
        "Zorbian Liberation Council", 2, "A1")
