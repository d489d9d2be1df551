"""Persons: registered names linked in cables and notes, and the register's pages.

The register (``content/persons.toml``, see ``generator.persons.register``)
lists people with the spellings under which cables name them. Every
occurrence of a registered spelling in a cable's subject and text, and its
signer, links to the person's page; notes link them the same way (through
``generator.features.editorial``). While cables are read, each records the
persons it names (text, signer, notes), so ``persons.html`` and the pages
``persons/<id>.html`` can list the cables each person appears in: the
register page shows the first few, a person's page all of them, in pages of
``browse.page_size``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from generator.config import SiteConfig
from generator.diagnostics import Diagnostic
from generator.features import CableView, Context, Feature, LoadContext, PageJob, nothing_shared
from generator.features.editorial import finders
from generator.features.keys import key, summaries_key
from generator.features.notes import notes_of
from generator.markdown import Collector, make_markdown, render
from generator.markdown.textlinks import CABLE_ID
from generator.model import Cable
from generator.parse.ids import normalise_id
from generator.persons.register import FILE, Person, Register, load_register, person_path
from generator.read.discover import Discovery
from generator.render.inline import Span
from generator.render.page import paginate

PREVIEW = 12
"""Cables listed under each person on ``persons.html``; a person's own page lists all."""


def load(config: SiteConfig, found: Discovery) -> tuple[Register, list[Diagnostic]]:
    """Read the register, if the site has one."""
    rel = next((p for p in found.data if p.endswith("/" + FILE)), None)
    return load_register(config.root, rel) if rel else (Register(None), [])


def _register(states: Any) -> Register | None:
    register = states.get("persons")
    return register if isinstance(register, Register) and register.persons else None


def collect(cable: Cable, ctx: LoadContext) -> tuple[str, ...]:
    """Ids of the persons a cable names (subject, text, signer, notes), in order."""
    register = _register(ctx.states)
    if register is None:
        return ()
    texts = [cable.subject, *(p.text for p in cable.paragraphs), cable.signer or ""]
    notes = notes_of(cable.id, ctx.states)
    if notes is not None:
        texts.append(notes.plain)
    return tuple(dict.fromkeys(pid for text in texts for _, _, pid in register.names.find(text)))


def _link(person: Person) -> tuple[str, str]:
    title = f"{person.name}, {person.role}" if person.role else person.name
    return (f'<a class="person" href="../{person_path(person.id)}" title="{escape(title)}">',
            "</a>")


def cable_view(cable: Cable, ctx: Context) -> CableView:
    """Names linked in the text, the signer linked, and the cable's persons for page and JSON."""
    register = _register(ctx.states)
    if register is None:
        return CableView(context={"signer": None, "people": []}, json={"persons": []})
    spans: list[tuple[int, Span]] = []
    texts = [(-1, cable.subject), *enumerate(p.text for p in cable.paragraphs)]
    for index, text in texts:
        for start, end, pid in register.names.find(text):
            spans.append((index, Span(start, end, *_link(register.by_id[pid]))))
    signer = register.names.find(cable.signer or "")
    whole = signer[0] if signer and signer[0][:2] == (0, len(cable.signer or "")) else None
    ids = ctx.collected.get("persons", {}).get(cable.id)
    if ids is None:
        ids = collect(cable, LoadContext(ctx.config, ctx.states))
    people = [register.by_id[i] for i in ids if i in register.by_id]
    return CableView(
        context={"signer": register.by_id[whole[2]] if whole else None, "people": people},
        json={"persons": [{"name": p.name, "id": p.id, "href": "../" + person_path(p.id)}
                          for p in people]},
        spans=tuple(spans))


def appearances(ctx: Context) -> dict[str, list[str]]:
    """For each person, the cables of the site that name them, in the index's order."""
    out: dict[str, list[str]] = {}
    named = ctx.collected.get("persons", {})
    for cid in ctx.corpus.order:
        for pid in named.get(cid, ()):
            out.setdefault(pid, []).append(cid)
    return out


def _markdown(ctx: Context, md: MarkdownIt, text: str, page: str, register: Register,
              line: int, *, inline: bool = False) -> tuple[Markup, list[Diagnostic]]:
    found = Collector(register.path or "", page, finders(ctx), line - 1)
    html = render(md, text, found, inline=inline) if text else Markup("")
    return html, found.diagnostics


def _render_person(ctx: Context, md: MarkdownIt, register: Register, person: Person,
                   cables: list[str], paths: list[str], number: int) -> bytes:
    size = int(ctx.config.get("browse.page_size"))
    page = paths[number - 1]
    note, _ = _markdown(ctx, md, person.note, page, register, person.note_line)
    sources = [_markdown(ctx, md, s, page, register, person.sources_line, inline=True)[0]
               for s in person.sources]
    shown = [ctx.corpus.cables[c] for c in cables[(number - 1) * size: number * size]]
    return ctx.env.get_template("person.html").render(
        page_path=page, person=person, note=note, sources=sources, cables=shown,
        total=len(cables), pages=paths, current=number).encode("utf-8")


def _render_register(ctx: Context, register: Register, seen: dict[str, list[str]]) -> bytes:
    people = [(p, [ctx.corpus.cables[c] for c in seen.get(p.id, [])[:PREVIEW]],
               len(seen.get(p.id, []))) for p in sorted(register.persons,
                                                        key=lambda p: p.name.casefold())]
    return ctx.env.get_template("persons.html").render(
        page_path="persons.html", people=people, preview=PREVIEW).encode("utf-8")


def pages(ctx: Context) -> Iterator[PageJob]:
    """``persons.html`` and one page (or more, paginated) per person."""
    register = _register(ctx.states)
    if register is None:
        return
    seen = appearances(ctx)
    nav = repr(ctx.env.globals.get("nav"))
    listed = {p.id: summaries_key(ctx.corpus.cables[c] for c in seen.get(p.id, [])[:PREVIEW])
              for p in register.persons}
    cited = tuple(ctx.corpus.resolve(normalise_id(m[1])) for p in register.persons
                  for m in CABLE_ID.finditer(" ".join((p.note, *p.sources))))
    yield PageJob("persons.html", key(register.digest, nav, listed, ctx.config.digest, cited),
                  partial(_render_register, ctx, register, seen))
    size = int(ctx.config.get("browse.page_size"))
    md = make_markdown()
    for person in register.persons:
        cables = seen.get(person.id, [])
        paths = paginate(person_path(person.id), len(cables), size)
        # the note and sources link cable ids: to the cable's page, or to the archive
        cited = tuple(ctx.corpus.resolve(normalise_id(m[1])) for m in CABLE_ID.finditer(
            " ".join((person.note, *person.sources))))
        for number, path in enumerate(paths, start=1):
            shown = cables[(number - 1) * size: number * size]
            yield PageJob(path, key(register.digest, nav, ctx.config.digest, len(cables),
                                    summaries_key(ctx.corpus.cables[c] for c in shown),
                                    cited),
                          partial(_render_person, ctx, md, register, person, cables, paths, number))


def check(ctx: Context) -> list[Diagnostic]:
    """Unsafe links and other problems in the register's notes and sources."""
    register = _register(ctx.states)
    diags: list[Diagnostic] = []
    if register is None:
        return diags
    md = make_markdown()
    for person in register.persons:
        page = person_path(person.id)
        diags.extend(_markdown(ctx, md, person.note, page, register, person.note_line)[1])
        for source in person.sources:
            diags.extend(_markdown(ctx, md, source, page, register, person.sources_line,
                                   inline=True)[1])
    return diags


def menu(state: Any) -> tuple[tuple[str, str], ...]:
    """A "Persons" entry when the site has a register."""
    return (("Persons", "persons.html"),) if isinstance(state, Register) and state.persons else ()


def fingerprint(cable_id: str, ctx: Context) -> str:
    """The register: a changed spelling changes the links of every cable."""
    register = _register(ctx.states)
    return register.digest if register else ""


FEATURE = Feature(name="persons", load=load, collect=collect, cable=cable_view, pages=pages,
                  check=check, menu=menu, fingerprint=fingerprint, reads=("notes",),
                  shares=nothing_shared)
