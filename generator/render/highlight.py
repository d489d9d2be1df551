"""A Pygments lexer for cables, and the original view built from its tokens.

The lexer knows the parts of a cable's text (routing header, classification
line, captions, E.O., TAGS, SUBJECT, REF, paragraph marks and portion
markings, page breaks, the signer) so the original text can be read with its
structure visible. It is registered as the Pygments lexer ``cable``.

The view is written by hand rather than by ``HtmlFormatter`` so that every
line gets an ``id="L12"`` anchor and a self-link, valid HTML5 and nothing
else (the formatter's anchors use the obsolete ``name`` attribute).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from markupsafe import Markup
from pygments.lexer import Lexer
from pygments.token import (
    STANDARD_TYPES,
    Comment,
    Generic,
    Keyword,
    Name,
    Number,
    String,
    Text,
    _TokenType,
)

_LEVEL = (r"(?:UNCLAS(?:SIFIED)?|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L|CONFIDENTIAL|"
          r"S\s?E\s?C\s?R\s?E\s?T|SECRET|TOP SECRET|LIMITED OFFICIAL USE)")
_CAPTION = (r"(?:SIPDIS|NOFORN|NODIS|EXDIS|LIMDIS|STADIS|SENSITIVE(?: BUT UNCLASSIFIED)?|SBU|"
            r"FOUO|FOR OFFICIAL USE ONLY|E F T O|EFTO|ROGER CHANNEL|WNINTEL|ORCON)")

# Whole-line rules, tried in order on each line: (pattern, token of the label, token of the rest).
_LINE_RULES: tuple[tuple[re.Pattern[str], _TokenType, _TokenType | None], ...] = (
    (re.compile(r"^(\s*)(VZCZC\S*)(.*)$"), Keyword.Reserved, Text),
    (re.compile(rf"^(\s*)({_LEVEL})(\b.*)$"), Generic.Strong, Generic.Strong),
    (re.compile(rf"^(\s*)({_CAPTION}(?:[ /,]+{_CAPTION})*)(\s*)$"), Name.Tag, Text),
    (re.compile(r"^(\s*)(E\.?\s?O\.?\s*\d{4,5}\b)(.*)$"), Comment.Preproc, Comment.Preproc),
    (re.compile(r"^(\s*)(TAG[SE]?\b:?)(.*)$"), Keyword.Declaration, Name.Label),
    (re.compile(r"^(\s*)(SUBJ(?:ECT)?:)(.*)$"), Keyword.Declaration, Generic.Heading),
    (re.compile(r"^(\s*)(REFS?:|REFTELS?:)(.*)$"), Keyword.Declaration, None),
    (re.compile(r"^(\s*)(Classified By:?|CLASSIFIED BY:?)(.*)$"), Keyword.Declaration, Comment),
    (re.compile(r"^(\s*)([A-Z][A-Z .'-]*\s+\d{5,8}\s+\d{3}\s+OF\s+\d{3})(\s*)$"),
     Comment.Special, Text),
    (re.compile(r"^(\s*)(PAGE\s+\d+\s.*)()$"), Comment.Special, Text),
    (re.compile(r"^(\s*)(FM|TO|INFO|XMT|DE|BT)(\s.*|)$"), Keyword, None),
)
# Inline tokens inside any other text, one combined pattern scanned left to right.
_INLINE = re.compile(
    r"(?P<mark>(?:(?<=^)|(?<=^- )|(?<=^-))¶?\d{1,3}\.(?=\s|\())"
    r"|(?P<latex>\$\\underline\{\\mbox\{\d+\}\}\\mbox\{\d+\}\.?\$)"
    r"|(?P<marking>\((?:U|C|S|SBU|LOU|TS|FOUO|[CS]/{1,2}NF|S/NF)\))"
    r"|(?P<dtg>\b\d{6}Z\s+[A-Z]{3}\s+\d{2}\b)"
    r"|(?P<ri>\bR[A-Z]{3,7}(?=/))"
    r"|(?P<prec>\b(?:IMMEDIATE|PRIORITY|ROUTINE|FLASH|NIACT)\b)"
    r"|(?P<kw>\b(?:FM|TO|INFO|XMT)\b(?= ))"
    r"|(?P<zn>\bZN[RY]\s+[UCSE]{5}\s+Z[A-Z]{2}\b)"
    r"|(?P<emph>\bEND (?:SUMMARY|COMMENT|NOTE|TEXT)\b|\bSUMMARY\b|\bCOMMENT\b)"
)
# Where an inline token can start: a digit, ¶, $ or ( anywhere, or at the start of a
# word one of the capitals that begin the word tokens (RUEHC, IMMEDIATE, FM, ZNR, END...).
# Every match of ``_INLINE`` starts at a match of this; starting with a character class
# lets sre skip other characters fast.
_CANDIDATE = re.compile(r"[\d¶$(RIPFNTXZESC](?<![\w][\dRIPFNTXZESC])"
                        r"(?:(?<=[\d¶$(])|(?=[A-Z]))")
# Whether any whole-line rule applies (the union of ``_LINE_RULES``, anchored like each).
_ANY_RULE = re.compile("|".join(f"(?:{p.pattern})" for p, _, _ in _LINE_RULES))
_INLINE_TOKENS = {
    "mark": Generic.Subheading, "latex": Generic.Error, "marking": String.Symbol,
    "dtg": Number, "ri": Name.Constant, "prec": Name.Builtin, "kw": Keyword,
    "zn": Comment.Special, "emph": Generic.Emph,
}


class CableLexer(Lexer):
    """Lexer for US diplomatic cables (telegrams) as plain text.

    Line-oriented for speed: each line is matched against a few whole-line
    rules (classification, captions, TAGS...), and otherwise scanned once by
    a single combined pattern for inline tokens (paragraph marks, markings,
    date-time groups, routing indicators).
    """

    name = "Cable"
    aliases = ["cable", "telegram"]
    filenames = []
    mimetypes = ["text/x-cable"]

    def get_tokens_unprocessed(self, text: str) -> Iterator[tuple[int, _TokenType, str]]:
        """Yield (offset, token, value) for every line of ``text``, newlines included."""
        pos = 0
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\n")
            yield from self._line(pos, body)
            if len(body) < len(line):
                yield pos + len(body), Text, line[len(body):]
            pos += len(line)

    def _line(self, pos: int, body: str) -> Iterator[tuple[int, _TokenType, str]]:
        if _ANY_RULE.match(body) is None:  # most lines: no rule applies, test them all at once
            yield from self._inline(pos, body)
            return
        for pattern, label, rest in _LINE_RULES:
            m = pattern.match(body)
            if m:
                if m[1]:
                    yield pos, Text, m[1]
                yield pos + m.start(2), label, m[2]
                if m[3]:
                    if rest is None:
                        yield from self._inline(pos + m.start(3), m[3])
                    else:
                        yield pos + m.start(3), rest, m[3]
                return
        yield from self._inline(pos, body)

    def _inline(self, pos: int, body: str) -> Iterator[tuple[int, _TokenType, str]]:
        # Same tokens as ``_INLINE.finditer(body)``: ``_INLINE`` is only tried where a
        # token can start (``_CANDIDATE``), which sre finds without trying every branch.
        last = start = 0
        search, match = _CANDIDATE.search, _INLINE.match
        while (c := search(body, start)) is not None:
            m = match(body, c.start())
            if m is None:
                start = c.start() + 1
                continue
            if m.start() > last:
                yield pos + last, Text, body[last:m.start()]
            kind = m.lastgroup or "emph"
            yield pos + m.start(), _INLINE_TOKENS[kind], m.group(0)
            last = start = m.end()
        if last < len(body):
            yield pos + last, Text, body[last:]


_CSS: dict[_TokenType, str] = {}


def _css(token: _TokenType) -> str:
    """The short Pygments class of a token type (``Keyword.Declaration`` is ``kd``)."""
    css = _CSS.get(token)
    if css is None:
        found = token
        while found not in STANDARD_TYPES and found.parent is not None:
            found = found.parent
        css = _CSS[token] = str(STANDARD_TYPES.get(found, ""))
    return css


def original_view(text: str) -> Markup:
    """The original text as HTML lines with anchors ``L1``... and highlighted tokens.

    Lines are split where Pygments and the parser split them (CR, LF, CRLF),
    so ``#L12`` here is line 12 of the apparatus and of the diagnostics.
    """
    lexer = CableLexer()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out = []
    plain, rule = _CANDIDATE.search, _ANY_RULE.match
    for no, line in enumerate(lines, start=1):
        if plain(line) is None and rule(line) is None:  # one plain text token
            body = html.escape(line, quote=False)
        else:
            parts = []
            for _pos, token, value in lexer._line(0, line):
                css = _css(token)
                esc = html.escape(value, quote=False)
                parts.append(f'<span class="{css}">{esc}</span>' if css else esc)
            body = "".join(parts)
        out.append(f'<span class="line" id="L{no}"><a class="ln" href="#L{no}" '
                   f'aria-label="line {no}">{no}</a>{body}</span>')
    return Markup("\n".join(out))
