"""The data passed between stages: frozen, slotted, complete when built.

Reading yields ``Unit``s (one cable's original text and where it came from);
parsing turns each into a ``Cable``. Later stages (link, render) only read
these objects; they never fill fields in afterwards, so a ``Cable`` can be
cached by content digest and shared across processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from generator.diagnostics import Diagnostic

SourceFormat = Literal["txt", "csv", "html"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a cable came from."""

    path: str
    """Path relative to the site folder, with forward slashes."""
    line: int
    """Line of the file on which the cable starts (1 for a whole-file cable)."""
    format: SourceFormat
    sha256: str
    """Digest of the cable's own bytes (the row, for a CSV file)."""
    encoding: str
    """Encoding the bytes were decoded with (``utf-8``, ``cp1252``, ...)."""


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """Metadata that a container format states beside the text (CSV columns, HTML table).

    Used only to cross-check what the parser finds in the text, and as a
    fallback (recorded as such) when the text lacks a field.
    """

    id: str | None = None
    date: datetime | None = None
    origin: str | None = None
    classification: str | None = None
    references: tuple[str, ...] = ()
    serial: str | None = None
    """WikiLeaks' own numeric id (CSV) or release date (HTML), kept for provenance."""


@dataclass(frozen=True, slots=True)
class Correction:
    """One change made to the text, for the critical apparatus."""

    kind: str
    """Stable kind: ``page-break``, ``paragraph-mark``, ``duplicate-caption``..."""
    original: str
    """The text as it stood in the original."""
    replacement: str
    """What the cleaned text has instead (empty for a removal)."""
    line: int
    """Line in the original text (the original view's line numbers)."""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Unit:
    """One cable's original text, as read and decoded, before parsing."""

    source: Source
    text: str
    """The original text exactly as decoded; the original view shows it."""
    line_map: tuple[tuple[int, int], ...]
    """Pairs (text line, file line): text line t >= a maps to file line b + t - a."""
    meta: SourceMeta | None
    corrections: tuple[Correction, ...] = ()
    """Changes made while reading (HTML markup removed)."""
    diagnostics: tuple[Diagnostic, ...] = ()

    def file_line(self, text_line: int) -> int:
        """Map a line of ``text`` (1-based) to a line of the source file."""
        base_text, base_file = 1, self.source.line
        for start, file_line in self.line_map:
            if start <= text_line:
                base_text, base_file = start, file_line
        return base_file + (text_line - base_text)


@dataclass(frozen=True, slots=True)
class Addressee:
    """One addressee of a transmission header (TO or INFO line)."""

    name: str
    """Station name as written (``SECSTATE WASHDC``, ``AMEMBASSY PARIS``)."""
    routing: str | None
    """Routing indicator (``RUEHC``), when the header gives one."""
    precedence: str | None
    """``IMMEDIATE``, ``PRIORITY``, ``ROUTINE``, ``NIACT IMMEDIATE``, ``FLASH``."""
    number: str | None
    """Message serial number for this addressee (``4719``)."""


@dataclass(frozen=True, slots=True)
class Transmission:
    """The routing header that precedes the cable text."""

    transmission_id: str | None
    """``VZCZCXRO6586``: the start-of-message and channel sequence."""
    precedence: str | None
    """Precedence prosigns on the first line (``RR``, ``PP``, ``O``)."""
    relays: tuple[str, ...]
    """Routing indicators listed after the precedence prosigns."""
    originator: str | None
    """Originating routing indicator (``RUEHBS``, from the ``DE`` line)."""
    message_number: str | None
    """Station serial and section, as written (``#0881/01``)."""
    filing_time: str | None
    """Julian date and time of filing (``0741542``)."""
    security: str | None
    """Security and handling prosigns (``ZNR UUUUU ZZH``)."""
    dtg: str | None
    """Date-time group as written (``R 151542Z MAR 07``)."""
    fm: str | None
    to: tuple[Addressee, ...]
    info: tuple[Addressee, ...]
    xmt: tuple[Addressee, ...]
    """Addressees excluded from a collective (``XMT``)."""
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class Tag:
    """A TAGS code, normalised (``PTER``), with its spelling in the cable."""

    code: str
    original: str


@dataclass(frozen=True, slots=True)
class Reference:
    """One entry of the REF list (or a cable citation found elsewhere in the header)."""

    label: str | None
    """Letter or number of the reference (``A``), if lettered."""
    text: str
    """Its text as written, page breaks removed (``STATE 21535``)."""
    id: str | None
    """Canonical cable id (``07STATE21535``), or None when it is not a cable."""
    line: int


@dataclass(frozen=True, slots=True)
class Mention:
    """A place in the cleaned text that points at a reference, a cited cable or a paragraph.

    Found by the parser (``generator.parse.mentions``) so that links are made
    on the model, never by searching rendered HTML: ``(ref A)``, ``reftel``,
    ``para 3 of ref B``, ``STATE 21535`` written in the text, ``para 5``.
    """

    block: int
    """Index of the paragraph in ``Cable.paragraphs``; -1 is the subject."""
    start: int
    end: int
    """The span in that block's text."""
    kind: Literal["reference", "cable", "paragraph"]
    """``reference``: names entries of the REF list; ``cable``: cites a cable by
    its number in the text; ``paragraph``: names a paragraph of this cable."""
    refs: tuple[int, ...]
    """Indexes in ``Cable.references`` of the entries it names (all of them for
    a bare ``reftels``; for a cited cable, the entries that cite it too)."""
    id: str | None
    """The cable it names, when the text gives its number (kind ``cable``)."""
    paragraph: int | None
    """The paragraph it names: of this cable (kind ``paragraph``) or of the cited one."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of the cleaned body: a numbered paragraph, a heading or an unnumbered block."""

    number: int | None
    """Paragraph number, recovered from the text; None when it has none."""
    text: str
    """Cleaned text; lines of a list or table are separated by newlines."""
    kind: Literal["paragraph", "heading"]
    marking: str | None
    """Portion marking without parentheses (``C``, ``SBU``)."""
    inferred: bool
    """The number was not written but follows from the sequence (shown as such)."""
    line: int
    """First line in the original text."""
    mark: str
    """The paragraph mark as written in the original (``16.``), or empty."""


@dataclass(frozen=True, slots=True)
class Cable:
    """A parsed, cleaned cable: everything the edition shows, and nothing rendered."""

    id: str
    date: datetime | None
    """Date and time of the date-time group, UTC (timezone-aware)."""
    station: str
    """Sending station as in the id (``BRUSSELS``)."""
    origin: str
    """Human name of the sending post (``Embassy Brussels``)."""
    classification: str
    """Classification with its principal control (``CONFIDENTIAL//NOFORN``)."""
    level: str
    """Classification level alone (``UNCLASSIFIED``, ``SECRET``...)."""
    caveats: tuple[str, ...]
    """Captions and handling marks (``SIPDIS``, ``NOFORN``, ``SENSITIVE``), in order."""
    section: tuple[int, int] | None
    """(this section, number of sections) from ``SECTION 01 OF 03``."""
    eo: str | None
    """The declassification line as written (``E.O. 12958: DECL: 03/19/2019``)."""
    passing: tuple[str, ...]
    """Internal distribution lines (``STATE FOR EUR/WE``)."""
    tags: tuple[Tag, ...]
    subject: str
    subject_marking: str | None
    references: tuple[Reference, ...]
    classified_by: str | None
    """The ``Classified By`` line, without its label."""
    reasons: tuple[str, ...]
    """Classification reasons (``1.4 (b)``, ``1.4 (d)``)."""
    signer: str | None
    transmission: Transmission | None
    paragraphs: tuple[Paragraph, ...]
    gaps: tuple[tuple[int, int], ...]
    """Ranges of paragraph numbers missing from the sequence (inclusive)."""
    apparatus: tuple[Correction, ...]
    partial: bool
    """The source states that the header is missing (a partial extract)."""
    provenance: tuple[tuple[str, str], ...]
    """(field, how it was found) for fields not read from the text itself."""
    source: Source
    original: str
    """The original text, as the original view shows it."""
    mentions: tuple[Mention, ...] = ()
    """References, cited cables and paragraphs named in the subject and the text."""
