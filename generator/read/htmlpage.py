"""Read a WikiLeaks cablegate HTML page: its metadata table and its two ``<pre>`` blocks.

The text is taken as a browser shows it (the ``textContent`` of each
``<pre>``): entities decoded, tags dropped. Each dropped link is recorded,
since the pages wrap paragraph marks (``<a href='#par1'>¶</a>``) and TAGS
in links. File lines are tracked for every text line, although the
cablegate pages put a whole cable on one physical line.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

_HEADINGS = ("Reference ID", "Created", "Released", "Classification", "Origin")


@dataclass(slots=True)
class PageText:
    """What was found in one page."""

    table: dict[str, str] = field(default_factory=dict)
    blocks: list[str] = field(default_factory=list)
    block_lines: list[list[int]] = field(default_factory=list)
    """For each block, the file line of each of its text lines."""
    links: list[tuple[int, int, str]] = field(default_factory=list)
    """(block index, 1-based line in the block, markup) of each link removed from a block."""
    scripts: int = 0


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.page = PageText()
        self._in_table = False
        self._cell: list[str] | None = None
        self._cells: list[str] = []
        self._pre: list[str] | None = None
        self._pre_lines: list[int] = []
        self._link_start: str | None = None
        self._link_text: list[str] = []

    def _emit(self, text: str) -> None:
        if self._pre is not None:
            line = self.getpos()[0]
            for ch in text:
                self._pre.append(ch)
                if ch == "\n":
                    line += 1
                    self._pre_lines.append(line)
            if self._link_start is not None:
                self._link_text.append(text)
        elif self._cell is not None:
            self._cell.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("class", "cable") in attrs:
            self._in_table = True
        elif tag == "td" and self._in_table:
            self._cell = []
        elif tag == "pre":
            self._pre = []
            self._pre_lines = [self.getpos()[0]]
        elif tag == "a" and self._pre is not None:
            self._link_start = self.get_starttag_text() or "<a>"
            self._link_text = []
        elif tag == "script":
            self.page.scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._in_table:
            self._in_table = False
            self.page.table = dict(zip(_HEADINGS, self._cells, strict=False))
        elif tag == "td" and self._cell is not None:
            self._cells.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "pre" and self._pre is not None:
            self.page.blocks.append("".join(self._pre))
            self.page.block_lines.append(self._pre_lines)
            self._pre = None
        elif tag == "a" and self._link_start is not None:
            markup = f"{self._link_start}{''.join(self._link_text)}</a>"
            where = (len(self.page.blocks), len(self._pre_lines), markup)
            if self._pre is not None:
                self.page.links.append(where)
            self._link_start = None

    def handle_data(self, data: str) -> None:
        self._emit(data)

    def handle_entityref(self, name: str) -> None:
        self._emit(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._emit(html.unescape(f"&#{name};"))


def parse_page(text: str) -> PageText:
    """Extract the metadata table and the ``<pre>`` blocks of a cablegate page."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.page
