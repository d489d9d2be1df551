"""Notes: each cable's editorial introduction and anchored notes, from a Markdown file.

The notes of cable ``07BRUSSELS881`` are ``07BRUSSELS881.md``, in
``content/notes/`` or beside the cable (any ``.md`` outside ``content/pages/``;
front matter ``cable = "..."`` names the cable otherwise). Front matter may
give the editor's ``title``, ``summary`` and ``keywords``. The body before
the first anchor heading is the introduction, shown above the cable; each
anchor heading (``## ¶5`` or ``## ¶5 "exact phrase"``, see
``generator.notes.anchors``) starts a note, shown beside its paragraph,
numbered in the order of the text, with its phrase marked in the text.

Files are read and their anchors checked once, at load; the Markdown is
rendered for the cable's page, where the corpus tells cable ids in the site
from those outside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

from generator.config import SiteConfig
from generator.diagnostics import Diagnostic, error, warning
from generator.features import CableView, Context, Feature
from generator.features.editorial import finders
from generator.features.keys import key
from generator.markdown import Collector, make_markdown, parse, plain_text, render_tokens
from generator.markdown.document import Document, read_document
from generator.markdown.textlinks import CABLE_ID
from generator.model import Cable
from generator.notes.anchors import Anchor, split
from generator.notes.place import Placed, place
from generator.parse.ids import normalise_id
from generator.read.discover import Discovery
from generator.render.inline import Span
from generator.render.page import cable_path
from generator.tomldata import Field

FIELDS = (
    Field("title", (str,), "a string"),
    Field("summary", (str,), "a string"),
    Field("keywords", (list,), "a list of strings", str),
    Field("cable", (str,), "a cable id such as 07BRUSSELS881"),
)
NOTE_PRIORITY = -10_000
"""Note phrases win over every other span: an anchored note is never left without its mark."""


@dataclass(frozen=True, slots=True)
class NotesFile:
    """One cable's notes, read and checked."""

    cable_id: str
    document: Document
    anchors: tuple[Anchor, ...]
    plain: str
    """The words of the notes, to spot persons' names while cables are read."""
    cites: tuple[str, ...]
    """Cable ids written in the notes."""


@dataclass(frozen=True, slots=True)
class NotesState:
    """The site's notes files by cable id, and the parser that renders them."""

    md: MarkdownIt
    files: Mapping[str, NotesFile]

    @property
    def digest(self) -> str:
        """Names every notes file's content (the state key of features that read notes)."""
        return key("notes", sorted((cid, f.document.sha256) for cid, f in self.files.items()))


def _cable_id(doc: Document) -> str | None:
    return normalise_id(str(doc.meta.get("cable") or PurePosixPath(doc.path).stem))


def load(config: SiteConfig, found: Discovery) -> tuple[NotesState, list[Diagnostic]]:
    """Read every notes file; report unreadable files, bad names, twins and bad anchors."""
    md = make_markdown()
    files: dict[str, NotesFile] = {}
    diags: list[Diagnostic] = []
    for rel in found.notes:
        doc, problems = read_document(config.root, rel, FIELDS)
        diags.extend(problems)
        if doc is None:
            continue
        cid = _cable_id(doc)
        if cid is None:
            diags.append(warning(rel, 0, "a notes file is named after its cable "
                                 "(07BRUSSELS881.md) or says cable = \"<id>\" in its front "
                                 "matter; this one does neither and is ignored", "notes-name"))
            continue
        if cid in files:
            diags.append(error(rel, 0, f"the notes of {cid} were already read from "
                               f"{files[cid].document.path}; this file is ignored",
                               "notes-duplicate"))
            continue
        tokens = md.parse(doc.body, {})
        sections, problems = split(tokens, rel)
        diags.extend(problems)
        plain = plain_text(tokens)
        cites = tuple(dict.fromkeys(i for m in CABLE_ID.finditer(plain)
                                    if (i := normalise_id(m[1]))))
        files[cid] = NotesFile(cid, doc, tuple(a for a, _, _ in sections.notes), plain, cites)
    return NotesState(md, files), diags


def notes_of(cable_id: str, states: Mapping[str, Any]) -> NotesFile | None:
    """The notes file of a cable, if it has one."""
    state = states.get("notes")
    return state.files.get(cable_id) if isinstance(state, NotesState) else None


EMPTY: dict[str, Any] = {"introduction": None, "notes": [], "by_index": {}, "unattached": [],
                         "footnotes": None, "title": None, "summary": None, "keywords": [],
                         "source": None}


def _note(p: Placed, cable: Cable, html: Markup) -> dict[str, Any]:
    para = cable.paragraphs[p.index] if p.index is not None else None
    return {"number": p.number, "id": f"note-{p.number}", "ref": f"note-ref-{p.number}",
            "paragraph": para.number if para else None, "inferred": bool(para and para.inferred),
            "index": p.index, "phrase": p.anchor.phrase, "marked": p.span is not None,
            "heading": p.anchor.heading, "line": p.anchor.line, "html": html}


def _span(p: Placed) -> Span:
    assert p.span is not None
    n = p.number
    return Span(p.span[0], p.span[1], f'<a class="note-phrase" href="#note-{n}" '
                f'id="note-ref-{n}">', f'<sup class="note-num"><span class="visually-hidden">'
                f' note </span>{n}</sup></a>', NOTE_PRIORITY)


def cable_view(cable: Cable, ctx: Context) -> CableView:
    """The introduction, the notes beside their paragraphs, their marks, and the JSON."""
    notes = notes_of(cable.id, ctx.states)
    if notes is None:
        return CableView(context=EMPTY, json={"introduction": None, "notes": [],
                                              "editorial": None})
    state: NotesState = ctx.states["notes"]
    doc = notes.document
    found = Collector(doc.path, cable_path(cable.id), finders(ctx, cable))
    tokens, env = parse(state.md, doc.body, found)
    env["docId"] = "n"
    sections, _ = split(tokens, doc.path)  # syntax errors were reported at load
    for token in tokens:  # the page's h1 is the subject, its sections h2: notes' headings follow
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"
    placed, diags = place(tuple(a for a, _, _ in sections.notes), cable, doc.path)
    bodies = [render_tokens(state.md, tokens[a:b], env) for _, a, b in sections.notes]
    items = [_note(p, cable, bodies[p.order]) for p in placed]
    intro = render_tokens(state.md, tokens[slice(*sections.introduction)], env)
    foot = render_tokens(state.md, tokens[slice(*sections.footnotes)], env)
    by_index: dict[int, list[dict[str, Any]]] = {}
    for item in items:
        if item["index"] is not None:
            by_index.setdefault(item["index"], []).append(item)
    meta = doc.meta
    context = {"introduction": intro if intro.strip() else None, "notes": items,
               "by_index": by_index, "unattached": [i for i in items if i["index"] is None],
               "footnotes": foot if foot.strip() else None, "title": meta.get("title"),
               "summary": meta.get("summary"), "keywords": list(meta.get("keywords", [])),
               "source": doc.path}
    json = {
        "introduction": str(context["introduction"]) if context["introduction"] else None,
        "notes": [{"number": i["number"], "anchor": f"p{i['paragraph']}" if i["paragraph"]
                   is not None else None, "paragraph": i["paragraph"], "phrase": i["phrase"],
                   "marked": i["marked"], "html": str(i["html"]), "line": i["line"]}
                  for i in items],
        "editorial": {"title": context["title"], "summary": context["summary"],
                      "keywords": context["keywords"], "source": doc.path,
                      "footnotes": str(foot) if context["footnotes"] else None},
    }
    spans = tuple((p.index, _span(p)) for p in placed if p.index is not None and p.span)
    return CableView(context, json, spans, tuple(found.diagnostics) + tuple(diags))


def check(ctx: Context) -> list[Diagnostic]:
    """Notes whose cable is not in the site."""
    state = ctx.states.get("notes")
    diags: list[Diagnostic] = []
    for cid, notes in (state.files.items() if isinstance(state, NotesState) else ()):
        if cid in ctx.corpus.cables:
            continue
        target = ctx.corpus.resolve(cid)
        hint = f" (the site has it as {target}: rename the file)" if target else ""
        diags.append(warning(notes.document.path, 0, f"notes for {cid}, which is not a cable of "
                             f"this site{hint}; not shown", "notes-orphan"))
    return diags


def fingerprint(cable_id: str, ctx: Context) -> str:
    """The notes file, and whether each cable it cites is in the site (its links change)."""
    notes = notes_of(cable_id, ctx.states)
    if notes is None:
        return ""
    persons = getattr(ctx.states.get("persons"), "digest", "")
    glossary = getattr(ctx.states.get("glossary"), "digest", None)
    return key(notes.document.sha256, persons, repr(glossary),
               tuple(ctx.corpus.resolve(i) for i in notes.cites))


FEATURE = Feature(name="notes", load=load, cable=cable_view, check=check,
                  fingerprint=fingerprint)
