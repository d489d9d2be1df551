"""The persons register: checked with lines, names linked exactly, persons pages at scale."""

from __future__ import annotations

import json
from pathlib import Path

from generator.build import BuildResult, build
from generator.persons.names import NameIndex
from generator.persons.register import load_register
from tests.conftest import SEED, MakeSite

REGISTER = """[[person]]
name = "Vadim Lukov"
spellings = ["AMB Lukov", "Lukov"]
role = "Russian Ambassador to Belgium"
note = \"\"\"
Led the Russian side; see 07BRUSSELS881 ¶9.
\"\"\"
sources = ["07BRUSSELS881 ¶1"]

[[person]]
name = "Will Imbrie"
spellings = ["Imbrie", "IMBRIE"]
role = "Chargé d'affaires"
"""


def test_names_exact_longest_first_word_bounded() -> None:
    index = NameIndex.build([("Vadim Lukov", "l"), ("Lukov", "l"), ("AMB Lukov", "l"),
                             ("De Witte", "d"), ("O'Brien", "o")])
    text = ("AMB Lukov met Vadim\nLukov, LUKOV, Lukovsky, Lukov's aide, De  Witte and O'Brien, "
            "O Brien")
    found = [(text[a:b], p) for a, b, p in index.find(text)]
    assert found == [("AMB Lukov", "l"), ("Vadim\nLukov", "l"), ("Lukov", "l"),
                     ("De  Witte", "d"), ("O'Brien", "o")]


def test_register_mistakes_are_diagnostics_with_lines(tmp_path: Path) -> None:
    (tmp_path / "persons.toml").write_text("""title = "x"

[[person]]
name = "Vadim Lukov"
spelings = ["Lukov"]

[[person]]
role = "no name"

[[person]]
name = "Vadim Lukov"
spellings = "LUKOV"

[[person]]
name = "Anne Lukov"
spellings = ["Lukov", ",bad", "Vadim Lukov"]
dates = 2007
""", encoding="utf-8")
    register, diags = load_register(tmp_path, "persons.toml")
    assert sorted((d.line, d.code) for d in diags) == [
        (1, "unknown-key"), (5, "unknown-key"), (7, "person-name"), (10, "person-duplicate"),
        (12, "wrong-type"), (14, "person-ambiguous"), (16, "person-spelling"),
        (17, "wrong-type")]
    near = next(d for d in diags if d.line == 5)
    assert "did you mean 'spellings'?" in near.message
    assert [p.id for p in register.persons] == ["vadim-lukov", "anne-lukov"]
    # "Vadim Lukov" is claimed by two persons: linked for neither (only Anne's "Lukov" is left)
    assert register.names.find("Vadim Lukov") == [(6, 11, "anne-lukov")]


def test_toml_syntax_error_has_its_line(tmp_path: Path) -> None:
    (tmp_path / "persons.toml").write_text('[[person]]\nname = "A"\nrole = \n', encoding="utf-8")
    _, diags = load_register(tmp_path, "persons.toml")
    assert [(d.line, d.code) for d in diags] == [(3, "toml-syntax")]


def site(make_site: MakeSite, files: dict[str, str]) -> tuple[Path, BuildResult]:
    root = make_site({"content/07BRUSSELS881.txt": SEED.read_text(encoding="utf-8"), **files})
    return root, build(root, root / "_site")


def read(root: Path, path: str) -> str:
    return (root / "_site" / path).read_text(encoding="utf-8")


def test_names_and_signer_linked_in_the_cable(make_site: MakeSite) -> None:
    notes = "Intro on Lukov.\n\n## ¶5\n\nImbrie again.\n"
    root, result = site(make_site, {"content/persons.toml": REGISTER,
                                    "content/notes/07BRUSSELS881.md": notes})
    assert [d for d in result.diagnostics if d.level != "info"] == []
    html = read(root, "cables/07BRUSSELS881.html")
    link = '<a class="person" href="../persons/vadim-lukov.html" title="Vadim Lukov, Russian '\
           'Ambassador to Belgium">'
    assert f"Russian Ambassador {link}Vadim Lukov</a> and" in html
    # "AMB" is also a glossary term: the person's name wins the overlap
    assert f" as an example, {link}AMB Lukov</a> responded" in html
    assert '<p class="signer"><a class="person" href="../persons/will-imbrie.html">IMBRIE</a>' \
           in html
    assert 'Intro on <a href="../persons/vadim-lukov.html" class="person"' in html
    assert "Pol De Witte" in html and "persons/pol-de-witte" not in html  # not registered
    data = json.loads(read(root, "cables/07BRUSSELS881.json"))
    assert data["persons"] == [
        {"name": "Vadim Lukov", "id": "vadim-lukov", "href": "../persons/vadim-lukov.html"},
        {"name": "Will Imbrie", "id": "will-imbrie", "href": "../persons/will-imbrie.html"}]


def test_persons_pages_list_the_cables(make_site: MakeSite) -> None:
    root, _ = site(make_site, {"content/persons.toml": REGISTER})
    listing = read(root, "persons.html")
    assert '<a href="persons/vadim-lukov.html">Vadim Lukov</a>' in listing
    assert '<a href="cables/07BRUSSELS881.html">07BRUSSELS881</a>' in listing
    person = read(root, "persons/vadim-lukov.html")
    assert 'see <a href="../cables/07BRUSSELS881.html#p9" class="cable-ref">07BRUSSELS881 ¶9' \
           in person
    assert '<a href="../cables/07BRUSSELS881.html">Joint Russian-U.S. Demarche' in person
    assert '<a href="persons.html">Persons</a>' in read(root, "index.html")


def test_no_register_no_persons_page(make_site: MakeSite) -> None:
    root, _ = site(make_site, {})
    assert not (root / "_site" / "persons.html").exists()
    assert "persons.html" not in read(root, "index.html")


def test_long_lists_are_paginated(make_site: MakeSite) -> None:
    """A person in many cables: a preview on persons.html, all of them on pages of their own."""
    text = SEED.read_text(encoding="utf-8")
    cables = {f"content/c{n}.txt": text.replace("BRUSSELS 000881", f"BRUSSELS 000{900 + n}")
              for n in range(15)}
    root = make_site({"site.toml": 'title = "T"\n[browse]\npage_size = 10\n',
                      "content/persons.toml": REGISTER, **cables})
    result = build(root, root / "_site")
    assert result.cables == 15
    listing = read(root, "persons.html")
    assert listing.count("persons/vadim-lukov.html") == 2  # the name and "All 15 cables"
    assert "All 15 cables naming Vadim Lukov" in listing
    first, second = read(root, "persons/vadim-lukov.html"), read(root, "persons/vadim-lukov-2.html")
    assert first.count('<tr>\n  <td class="nowrap">') == 10
    assert second.count('<tr>\n  <td class="nowrap">') == 5
    assert "page 2 of 2" in second
