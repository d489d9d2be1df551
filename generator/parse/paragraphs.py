"""The body: blocks, paragraph numbers recovered as one sequence, headings, signer.

Paragraph numbers damaged by conversion (``16.`` for 6, ``110.`` for 10)
are recovered by choosing, for every numbered block, its number as written
or without a spurious leading ``1``, so that the whole sequence is as
consistent as possible (a small dynamic programme). Numbers are never
invented: a block gets an inferred number only where the text shows a lost
mark and the sequence leaves exactly that number free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model import Correction, Paragraph
from generator.parse.lines import Line
from generator.parse.numbering import gaps, recover

_MARK = re.compile(
    r"^\s*(?P<num>\d{1,3})\.(?=\s|\()\s*(?:\(\s*(?P<m>[A-Z]{1,4}(?:\s*/{1,2}\s*[A-Z]{1,6})*)\s*\)\s*)?"
)
_MARKING = re.compile(r"^\s*\(\s*(?P<m>U|C|S|SBU|LOU|TS|FOUO|[CSU]\s*/{1,2}\s*[A-Z]{2,6}"
                      r"|SBU\s*/{1,2}\s*NF)\s*\)\s*")
_BULLET = re.compile(r"^\s*(?:-{1,3}|\*|•|o|[a-zA-Z]\.|\(?[a-zA-Z0-9]{1,3}\)|\d{1,2}\))\s+\S")
_RULE = re.compile(r"^\s*[-=_*]{3,}\s*$")
_RULED = re.compile(r"^[\s*=_-]*[*=_-]{3,}[\s*=_-]*$")
"""A line of rules, maybe broken by spaces (``***** *****``), as before a signature."""
_SIGNER = re.compile(r"^[A-Z][A-Za-z'.-]+(?:[ /-][A-Z][A-Za-z'.-]*){0,2}$")
_NOT_SIGNERS = {"END COMMENT", "END SUMMARY", "END TEXT", "END NOTE", "END CABLE", "END",
                "COMMENT", "UNQUOTE", "END QUOTE", "BT", "NNNN"}
_TERMINAL = tuple('.:;!?"\')]')


@dataclass(frozen=True, slots=True)
class Body:
    """What the body parser found."""

    paragraphs: tuple[Paragraph, ...]
    gaps: tuple[tuple[int, int], ...]
    signer: str | None
    corrections: tuple[Correction, ...]


@dataclass(slots=True)
class _Block:
    lines: list[Line]
    lost_mark: bool = False


def _blocks(lines: list[Line], lost: set[int], breaks: set[int]) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[Line] = []
    for line in lines:
        if line.blank:
            if current:
                blocks.append(_Block(current))
            current = []
            continue
        starts = bool(_MARK.match(line.text)) or line.no in lost
        if current and starts:
            prev = current[-1].text.rstrip()
            # A mark opens a paragraph after a finished sentence, an unwrapped line, a
            # heading's underline or a short line (a heading); not inside a sentence.
            if (prev.endswith(_TERMINAL) or len(prev) > 150 or line.no in lost
                    or _RULE.match(prev) or len(prev.strip()) < 45):
                blocks.append(_Block(current))
                current = []
        current.append(line)
    if current:
        blocks.append(_Block(current))
    for block in blocks:
        block.lost_mark = block.lines[0].no in lost
    return _join_page_breaks(blocks, breaks)


def _join_page_breaks(blocks: list[_Block], breaks: set[int]) -> list[_Block]:
    """Rejoin a paragraph that a removed page break had split in two."""
    out: list[_Block] = []
    for block in blocks:
        if out and breaks:
            prev = out[-1]
            last, first = prev.lines[-1], block.lines[0]
            between = any(last.no < b < first.no for b in breaks)
            text = first.text.lstrip()
            if (between and text[:1].islower()) or (
                between and not last.text.rstrip().endswith(_TERMINAL)
                and not _MARK.match(first.text) and text[:1].isalpha()
                and not _MARKING.match(first.text)
            ):
                prev.lines.extend(block.lines)
                continue
        out.append(block)
    return out


def reflow(lines: list[str]) -> str:
    """Join hard-wrapped lines; keep breaks before list items and after short lines."""
    width = max((len(t.rstrip()) for t in lines), default=0)
    out: list[str] = []
    for index, raw in enumerate(lines):
        text = " ".join(raw.split())
        if not out:
            out.append(text)
            continue
        prev_raw = lines[index - 1].rstrip()
        # A line well short of a hard-wrapped block's width ends a line on purpose
        # (addresses, lists); unwrapped text (one paragraph a line) has no width.
        short = 50 <= width <= 110 and len(prev_raw) < 0.6 * width
        if _BULLET.match(raw) or short:
            out.append(text)
        elif out[-1].endswith("-") and out[-1][-2:-1].isalpha():
            out[-1] += text
        else:
            out[-1] += " " + text
    return "\n".join(out)


def _signer(block: _Block) -> str | None:
    text = block.lines[-1].text.strip()
    if not _SIGNER.match(text) or text.upper() in _NOT_SIGNERS or len(text) > 40:
        return None
    if "XXXX" in text:
        return None
    if len(block.lines) > 1:
        prev = block.lines[-2].text.rstrip()
        ends = prev.endswith(_TERMINAL) or _RULED.match(prev) is not None
        if not ends or not (text.isupper() or len(text.split()) == 1):
            return None
    return text


def parse_body(lines: list[Line], lost: set[int], breaks: set[int]) -> Body:
    """Split the body into paragraphs with recovered numbers; find the signer."""
    blocks = _blocks(lines, lost, breaks)
    corrections: list[Correction] = []
    signer = None
    if blocks:
        signer = _signer(blocks[-1])
        if signer:
            blocks[-1].lines.pop()
            if not blocks[-1].lines:
                blocks.pop()
    marks = [_MARK.match(b.lines[0].text) for b in blocks]
    numbered = [i for i, m in enumerate(marks) if m]
    chosen = recover([int(marks[i]["num"]) for i in numbered])  # type: ignore[index]
    numbers: dict[int, int] = {}
    for i, (value, stripped) in zip(numbered, chosen, strict=True):
        if value is None:
            continue
        numbers[i] = value
        if stripped:
            m = marks[i]
            assert m is not None
            corrections.append(Correction(
                "paragraph-number", f"{m['num']}.", f"{value}.", blocks[i].lines[0].no,
                "spurious leading 1 left by conversion of the paragraph mark"))
    inferred = _infer(blocks, numbers)
    paragraphs: list[Paragraph] = []
    for i, block in enumerate(blocks):
        paragraphs.append(_paragraph(block, marks[i], numbers.get(i) or inferred.get(i),
                                     i in inferred, blocks, i, corrections))
    paragraphs = [p for p in paragraphs if p.text or p.number is not None]
    used = sorted(p.number for p in paragraphs if p.number is not None)
    return Body(tuple(paragraphs), gaps(used), signer, tuple(corrections))


def _infer(blocks: list[_Block], numbers: dict[int, int]) -> dict[int, int]:
    """Number a block that lost its mark when the sequence leaves exactly one candidate."""
    out: dict[int, int] = {}
    for i, block in enumerate(blocks):
        if not block.lost_mark or i in numbers:
            continue
        before = [numbers[j] for j in range(i) if j in numbers]
        after = [numbers[j] for j in range(i + 1, len(blocks)) if j in numbers]
        if before and (not after or after[0] > before[-1] + 1):
            out[i] = before[-1] + 1
    return out


def _paragraph(block: _Block, mark: re.Match[str] | None, number: int | None, inferred: bool,
               blocks: list[_Block], index: int, corrections: list[Correction]) -> Paragraph:
    texts = [line.text for line in block.lines]
    marking = None
    written = ""
    if mark:
        written = f"{mark['num']}."
        marking = mark["m"]
        texts[0] = texts[0][mark.end():]
        if number is None:
            texts[0] = f"{written} " + (f"({marking}) " if marking else "") + texts[0]
            marking, written = None, written
    else:
        m = _MARKING.match(texts[0])
        if m:
            marking = m["m"]
            texts[0] = texts[0][m.end():]
    kind = "paragraph"
    if len(texts) == 2 and _RULE.match(texts[1]) and len(texts[0].strip()) < 80:
        corrections.append(Correction("rule", texts[1].strip(), "", block.lines[1].no,
                                      "underline of a heading"))
        texts = texts[:1]
        kind = "heading"
    elif (not mark and len(texts) == 1 and len(texts[0].strip()) <= 80 and not marking
          and not texts[0].rstrip().endswith((",", ";", ":"))
          and index + 1 < len(blocks) and _MARK.match(blocks[index + 1].lines[0].text)):
        kind = "heading"
    return Paragraph(
        number=number if mark or inferred else None,
        text=reflow(texts).strip(),
        kind=kind,  # type: ignore[arg-type]
        marking=" ".join(marking.split()).replace(" ", "") if marking else None,
        inferred=inferred,
        line=block.lines[0].no,
        mark=written if number is not None or not mark else "",
    )
