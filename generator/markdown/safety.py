"""Safety of editorial Markdown: refused link schemes, and nothing lost to nesting.

Links. markdown-it's own check drops a bad link silently (the text stays,
unlinked), so an editor never learns that a link was refused. Here every
URL is accepted while parsing, then ``refuse_links`` checks each link and
image after parsing: ``javascript:``, ``vbscript:``, ``file:`` and ``data:``
(except raster images) are refused with a diagnostic at the line where they
stand and rendered inert (a ``<span>`` keeping the link text). The check
undoes percent- and entity-encoding and ignores case and the invisible
characters browsers skip inside a scheme. Relative links are read from the
site root (``about.html``, ``cables/07STATE21535.html#p3``) and rewritten
relative to the page that shows them.

Nesting. Beyond ``maxNesting`` markdown-it skips the rest of a block without
a word. ``GuardedBlock`` keeps those lines as a plain-text block instead and
reports the first line affected.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.parser_block import ParserBlock
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from generator.diagnostics import warning
from generator.render.env import relative

REFUSED = re.compile(r"^(javascript|vbscript|file|data):")
IMAGE_DATA = re.compile(r"^data:image/(?:gif|png|jpeg|webp)[;,]")
_SKIPPED = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]+")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def refused_scheme(url: str, *, image: bool = False) -> str | None:
    """The scheme that makes ``url`` unsafe to link (``javascript``...), or None if it is safe."""
    probe = url
    for _ in range(4):  # percent- and entity-encoding, also doubled
        decoded = html.unescape(unquote(probe))
        if decoded == probe:
            break
        probe = decoded
    probe = _SKIPPED.sub("", probe).lower()
    match = REFUSED.match(probe)
    if match is None:
        return None
    if image and match[1] == "data" and IMAGE_DATA.match(probe):
        return None
    return match[1]


def site_href(url: str, page_path: str) -> str:
    """A relative link read from the site root, made relative to ``page_path``."""
    if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
        return url
    return relative(url, page_path)


def _line(block: Token, breaks: int) -> int:
    """1-based line of a child of ``block`` that follows ``breaks`` line breaks."""
    return block.map[0] + 1 + breaks if block.map else 0


def refuse_links(state: StateCore) -> None:
    """Core rule: refuse unsafe links and images with a diagnostic; rebase relative links."""
    from generator.markdown import collector

    found = collector(state.env)
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        breaks = 0
        closing = False
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                breaks += 1
            elif child.type == "link_close" and closing:
                child.type, child.tag, closing = "refused_link_close", "span", False
            elif child.type in ("link_open", "image"):
                attr = "href" if child.type == "link_open" else "src"
                url = str(child.attrGet(attr) or "")
                scheme = refused_scheme(url, image=child.type == "image")
                if scheme is None:
                    if found is not None:
                        child.attrSet(attr, site_href(url, found.page_path))
                    continue
                what = "link to" if child.type == "link_open" else "image from"
                if found is not None:
                    found.diagnostics.append(warning(
                        found.path, _line(block, breaks) + found.line_offset if block.map else 0,
                        f"{what} a {scheme}: URL refused; its text is shown unlinked",
                        "unsafe-link"))
                child.attrs = {"class": "refused-link", "title": f"unsafe link refused ({scheme})"}
                if child.type == "link_open":
                    child.type, child.tag, closing = "refused_link_open", "span", True
                else:
                    child.type = "refused_image"


def render_refused_image(self: RendererProtocol, tokens: Sequence[Token], idx: int,
                         options: OptionsDict, env: EnvType) -> str:
    """An image whose source was refused: its alternative text, inert."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)  # type: ignore[attr-defined]
    return f'<span class="refused-link" title="image refused">{escapeHtml(str(alt))}</span>'


class GuardedBlock(ParserBlock):
    """The block parser, keeping text nested beyond ``maxNesting`` instead of dropping it."""

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:
        """Tokenize as markdown-it does, except where it would skip lines for depth."""
        if state.level >= state.md.options.maxNesting:
            line = state.skipEmptyLines(startLine)
            if line < endLine and state.sCount[line] >= state.blkIndent:
                _keep_as_text(state, line, endLine)
                return
        super().tokenize(state, startLine, endLine)


def _keep_as_text(state: StateBlock, line: int, end: int) -> None:
    from generator.markdown import collector

    token = state.push("nesting_overflow", "pre", 0)
    token.content = state.getLines(line, end, state.blkIndent, True)
    token.map = [line, end]
    token.block = True
    state.line = end
    found = collector(state.env)
    if found is not None and not any(d.code == "markdown-nesting" for d in found.diagnostics):
        found.diagnostics.append(warning(
            found.path, line + 1 + found.line_offset,
            f"Markdown nested deeper than {state.md.options.maxNesting} levels: the text from "
            "here on is shown as plain text", "markdown-nesting"))


def render_overflow(self: RendererProtocol, tokens: Sequence[Token], idx: int,
                    options: OptionsDict, env: EnvType) -> str:
    """Text that was nested too deeply, as preformatted plain text."""
    return f'<pre class="md-overflow">{escapeHtml(tokens[idx].content)}</pre>\n'


def install_safety(md: MarkdownIt) -> None:
    """Add the link check (after footnotes are gathered) and the renderers it needs."""
    md.core.ruler.push("refuse_links", refuse_links)
    md.add_render_rule("refused_image", render_refused_image)
    md.add_render_rule("nesting_overflow", render_overflow)
