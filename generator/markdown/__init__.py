"""Editorial Markdown: one configured markdown-it, and what each render found.

Notes and pages are written by many hands and are untrusted like cable
text: CommonMark with tables and footnotes, raw HTML off, every link checked
(``safety``: ``javascript:`` and friends are refused with a diagnostic and
rendered inert), text nested beyond markdown-it's limit kept as plain text
instead of dropped, and cable ids, person names and glossary terms linked
(``textlinks``). What a render finds (cited cables, persons, terms,
problems) is collected into that render's markdown-it ``env`` (a
``Collector``), never into globals; the parser itself is built by
``make_markdown`` and passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType
from markupsafe import Markup, escape
from mdit_py_plugins.footnote import footnote_plugin

from generator.diagnostics import Diagnostic
from generator.markdown.textlinks import Finder, install_textlinks

MAX_NESTING = 20
"""markdown-it's CommonMark limit: deeper blocks are shown as plain text (``safety``)."""


@dataclass(slots=True)
class Collector:
    """One render's inputs and findings, kept in ``env["cablegen"]`` (mutable, per render)."""

    path: str
    """Source file, relative to the site folder, for diagnostics."""
    page_path: str
    """Output path of the page the HTML goes into; links are made relative to it."""
    finders: Sequence[Finder] = ()
    """Text annotators in priority order (cable ids, persons, glossary terms)."""
    line_offset: int = 0
    """Line of the source file on which the Markdown text starts, less one."""
    cables: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def found(self, kind: str, key: str) -> None:
        """Record a cable id, person id or term found in the text (once each, in order)."""
        seen = {"cable": self.cables, "person": self.persons, "term": self.terms}.get(kind)
        if seen is not None and key not in seen:
            seen.append(key)


class EditionMarkdown(MarkdownIt):
    """markdown-it whose links are checked after parsing, with a diagnostic, not silently."""

    def validateLink(self, url: str) -> bool:
        """Accept every URL while parsing: ``safety.refuse_links`` decides, and reports."""
        return True


def make_markdown() -> MarkdownIt:
    """Build the parser for notes and pages (a function: each build makes its own)."""
    from generator.markdown.safety import GuardedBlock, install_safety

    md = EditionMarkdown("commonmark", {"html": False, "maxNesting": MAX_NESTING})
    guarded = GuardedBlock()
    guarded.ruler = md.block.ruler
    md.block = guarded
    md.enable("table")
    md.use(footnote_plugin)
    install_safety(md)
    install_textlinks(md)
    _show_fence_info(md)
    return md


def _show_fence_info(md: MarkdownIt) -> None:
    """Show a code fence's info string above it: it is text the editor wrote.

    CommonMark keeps the words after an opening fence (```` ``` words ````) as
    invisible metadata; an unclosed or mistyped fence would then hide them.
    """
    plain = md.renderer.rules["fence"]  # type: ignore[attr-defined]

    def fence(_renderer: Any, tokens: Sequence[Token], idx: int, options: Any,
              env: Any) -> str:
        info = tokens[idx].info.strip()
        html = str(plain(tokens, idx, options, env))
        if not info:
            return html
        return f'<p class="code-info">{escape(info)}</p>\n{html}'

    md.add_render_rule("fence", fence)


def collector(env: EnvType) -> Collector | None:
    """The render's collector, if the caller gave one."""
    found = env.get("cablegen")
    return found if isinstance(found, Collector) else None


def parse(md: MarkdownIt, text: str, found: Collector) -> tuple[list[Token], dict[str, Any]]:
    """Tokens of ``text`` and the env to render them with."""
    env: dict[str, Any] = {"cablegen": found}
    return md.parse(text, env), env


def render_tokens(md: MarkdownIt, tokens: Sequence[Token], env: dict[str, Any]) -> Markup:
    """HTML of a run of tokens (safe: raw HTML is off and every link was checked)."""
    return Markup(md.renderer.render(list(tokens), md.options, env))


def render(md: MarkdownIt, text: str, found: Collector, *, inline: bool = False) -> Markup:
    """Render a Markdown text (one line of inline Markdown when ``inline``) into ``found``."""
    if inline:
        env: dict[str, Any] = {"cablegen": found}
        return render_tokens(md, md.parseInline(text, env), env)
    tokens, env = parse(md, text, found)
    return render_tokens(md, tokens, env)


def plain_text(tokens: Sequence[Token]) -> str:
    """The words of parsed Markdown without its syntax (to spot names before rendering)."""
    out: list[str] = []
    for token in tokens:
        if token.type in ("code_block", "fence", "nesting_overflow"):
            out.append(token.content + "\n")
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append("\n")
        if token.type == "inline":
            out.append("\n\n")
    return "".join(out)


__all__ = ["MAX_NESTING", "Collector", "EditionMarkdown", "collector", "make_markdown",
           "parse", "plain_text", "render", "render_tokens"]
