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

from markupsafe import Markup, escape
from pygments.lexer import RegexLexer, bygroups
from pygments.token import (
    Comment,
    Generic,
    Keyword,
    Name,
    Number,
    Punctuation,
    String,
    Text,
    Whitespace,
    _TokenType,
)

_LEVEL = (r"(?:UNCLAS(?:SIFIED)?|C\s?O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L|CONFIDENTIAL|"
          r"S\s?E\s?C\s?R\s?E\s?T|SECRET|TOP SECRET|LIMITED OFFICIAL USE)")
_CAPTION = (r"(?:SIPDIS|NOFORN|NODIS|EXDIS|LIMDIS|STADIS|SENSITIVE(?: BUT UNCLASSIFIED)?|SBU|"
            r"FOUO|FOR OFFICIAL USE ONLY|E F T O|EFTO|ROGER CHANNEL|WNINTEL|ORCON)")


class CableLexer(RegexLexer):
    """Lexer for US diplomatic cables (telegrams) as plain text."""

    name = "Cable"
    aliases = ["cable", "telegram"]
    filenames = []
    mimetypes = ["text/x-cable"]

    tokens = {
        "root": [
            (r"^VZCZC\S*", Keyword.Reserved),
            (r"^(\s*)(FM|TO|INFO|XMT|DE|BT)(\s)", bygroups(Whitespace, Keyword, Whitespace)),
            (r"\b(?:FM|TO|INFO|XMT)\b(?= )", Keyword),
            (r"\bR[A-Z]{3,7}(?=/)", Name.Constant),
            (r"\b\d{6}Z\s+[A-Z]{3}\s+\d{2}\b", Number),
            (r"\b(?:IMMEDIATE|PRIORITY|ROUTINE|FLASH|NIACT)\b", Name.Builtin),
            (r"\bZN[RY]\s+[UCSE]{5}\s+Z[A-Z]{2}\b", Comment.Special),
            (rf"^\s*{_LEVEL}\b.*$", Generic.Strong),
            (rf"^\s*{_CAPTION}(?:[ /]+{_CAPTION})*\s*$", Name.Tag),
            (r"^\s*E\.?\s?O\.?\s*\d{4,5}.*$", Comment.Preproc),
            (r"^(\s*)(TAG[SE]?:?)(.*)$", bygroups(Whitespace, Keyword.Declaration, Name.Label)),
            (r"^(\s*)(SUBJ(?:ECT)?:)(.*)$", bygroups(Whitespace, Keyword.Declaration,
                                                     Generic.Heading)),
            (r"^(\s*)(REFS?:|REFTELS?:)", bygroups(Whitespace, Keyword.Declaration)),
            (r"^(\s*)(Classified By:?|CLASSIFIED BY:?)(.*)$",
             bygroups(Whitespace, Keyword.Declaration, Comment)),
            (r"^\s*[A-Z][A-Z .'-]*\s+\d{5,8}\s+\d{3}\s+OF\s+\d{3}\s*$", Comment.Special),
            (r"^\s*PAGE\s+\d+\s+.*$", Comment.Special),
            (r"(^[\s-]*)(¶?\d{1,3}\.)(?=\s|\()", bygroups(Punctuation, Generic.Subheading)),
            (r"\$\\underline\{\\mbox\{\d+\}\}\\mbox\{\d+\}\.?\$", Generic.Error),
            (r"\((?:U|C|S|SBU|LOU|TS|FOUO|[CS]/{1,2}NF|S/NF)\)", String.Symbol),
            (r"\b(?:END (?:SUMMARY|COMMENT|NOTE|TEXT)|SUMMARY|COMMENT)\b", Generic.Emph),
            (r"[^\S\n]+", Whitespace),
            (r"\n", Whitespace),
            (r"[A-Za-z]+", Text),
            (r".", Text),
        ],
    }


def _css(token: _TokenType) -> str:
    from pygments.token import STANDARD_TYPES

    while token not in STANDARD_TYPES and token.parent is not None:
        token = token.parent
    return str(STANDARD_TYPES.get(token, ""))


def original_view(text: str) -> Markup:
    """The original text as HTML lines with anchors ``L1``... and highlighted tokens."""
    lines: list[list[str]] = [[]]
    for token, value in CableLexer(stripnl=False, ensurenl=False).get_tokens(text):
        css = _css(token)
        parts = value.split("\n")
        for index, part in enumerate(parts):
            if index:
                lines.append([])
            if part:
                esc = str(escape(part))
                lines[-1].append(f'<span class="{css}">{esc}</span>' if css else esc)
    if lines and not lines[-1] and text.endswith("\n"):
        lines.pop()
    out = []
    for no, parts in enumerate(lines, start=1):
        out.append(f'<span class="line" id="L{no}"><a class="ln" href="#L{no}" '
                   f'aria-label="line {no}">{no}</a>{"".join(parts)}</span>')
    return Markup("\n".join(out))
