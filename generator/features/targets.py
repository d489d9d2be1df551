"""Where a cited cable lives: a page of this site (to the paragraph, if named) or an archive.

One function decides for the REF list, the links in the text and the JSON,
so they never disagree. A cable of the site links to ``cables/<ID>.html``
(``#pN`` when the mention names a paragraph that the cable has); any other
cable id links to ``references.external_url`` with ``{id}`` filled in, and
is marked as leaving the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from generator.link import Corpus, Summary
from generator.render.page import cable_path


@dataclass(frozen=True, slots=True)
class Target:
    """The destination of a link to a cited cable."""

    id: str
    """The id as cited (canonical)."""
    resolved: str | None
    """The id of the cable of this site it names, or None."""
    href: str
    """Output path (internal, relative to the output root) or absolute URL (external)."""
    summary: Summary | None

    @property
    def external(self) -> bool:
        """Whether the link leaves the site."""
        return self.resolved is None


def target(corpus: Corpus, template: str, cited: str, paragraph: int | None = None) -> Target:
    """The destination of cable ``cited``, to ``paragraph`` where the cited cable has it."""
    resolved = corpus.resolve(cited)
    if resolved is not None:
        summary = corpus.cables[resolved]
        href = cable_path(resolved)
        if paragraph is not None and summary.has_paragraph(paragraph):
            href += f"#p{paragraph}"
        return Target(cited, resolved, href, summary)
    return Target(cited, None, template.replace("{id}", quote(cited, safe="")), None)


def archive_name(template: str) -> str:
    """The host of the external archive, to name it beside its links (``wikileaks.org``)."""
    host = urlsplit(template).hostname or "external archive"
    return host.removeprefix("www.")
