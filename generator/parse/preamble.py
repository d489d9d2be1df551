"""The opening of the cable text: classification line, captions, E.O., TAGS, SUBJECT, REF.

Scans the cleaned lines from the classification line and stops at the
first line of the body proper. Each field keeps the line it came from so
diagnostics and the original view can point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.model import Tag
from generator.parse.lines import CLASS_LINE, Line, caption_parts, level_name
from generator.parse.refblock import is_ref_line, ref_block

_SECTION = re.compile(r"\bSECTION\s+(\d{1,3})\s+OF\s+(\d{1,3})\b", re.I)
_STATION_SERIAL = re.compile(
    r"(?P<station>[A-Z][A-Z'. -]*?)\s+(?P<serial>\d{1,7})"
    r"(?P<suffix>(?:\s+(?:TOSEC|SECTO)\s+\d{1,7})|[A-Z]*)\b")
_EO = re.compile(r"^\s*E\.?\s*O\.?\s*\d{4,5}\b", re.I)
_TAGS = re.compile(r"^\s*TAG[SE]?\b\s*:?\s*(?P<rest>.*)$", re.I)
_SUBJECT = re.compile(r"^\s*SUBJ(?:ECT)?\s*:\s*(?P<rest>.*)$", re.I)
_CLASSIFIED_BY = re.compile(r"^\s*CLASSIFIED\s+BY\b\s*:?\s*(?P<rest>.*)$", re.I)
_MARKING = re.compile(r"^\(\s*(?P<m>[A-Z]{1,4}(?:\s*/{1,2}\s*[A-Z]{1,6})*)\s*\)\s*")
_PARA_START = re.compile(r"^\s*(?:\d{1,3}\.|\([A-Z]{1,4}(?:/{1,2}[A-Z]{1,6})?\))\s")
_PORTION = re.compile(
    r"^\s*(?:\d{1,3}\.|\((?:U|C|S|TS|SBU|LOU|FOUO|[CSU]\s*/{1,2}\s*[A-Z]{2,6})\))\s")
_TAG_TOKEN = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,11}$")
_REASONS = re.compile(r"(?:REASONS?|E\.?O\.?\s*12958,?)\s*:?\s*(?P<r>.*)$", re.I | re.S)
_INLINE_CAVEATS = ("NOFORN", "SIPDIS", "EXDIS", "NODIS", "LIMDIS", "SENSITIVE", "STADIS",
                   "E F T O", "EFTO", "LIMITED OFFICIAL USE")


@dataclass(slots=True)
class Preamble:
    """Fields found before the body; ``body_start`` indexes the first body line."""

    level: str | None = None
    class_line: int = 0
    station: str | None = None
    serial: str | None = None
    suffix: str = ""
    section: tuple[int, int] | None = None
    caveats: list[str] = field(default_factory=list)
    passing: list[str] = field(default_factory=list)
    eo: str | None = None
    tags: list[Tag] = field(default_factory=list)
    tags_line: int = 0
    subject: str = ""
    subject_marking: str | None = None
    subject_line: int = 0
    ref_lines: list[Line] = field(default_factory=list)
    classified_by: str | None = None
    reasons: list[str] = field(default_factory=list)
    body_start: int = 0


def parse_class_line(text: str, pre: Preamble) -> None:
    """Read level, caveats, section, station and serial from the classification line."""
    m = CLASS_LINE.match(text)
    if not m:
        return
    pre.level = level_name(m["level"])
    rest = m["rest"]
    if m["level"] == "UNCLASSIFIED" and rest.strip().startswith("LIMITED OFFICIAL USE"):
        pre.level = "LIMITED OFFICIAL USE"
        rest = rest.strip()[len("LIMITED OFFICIAL USE"):]
    for caveat in _INLINE_CAVEATS:
        if re.search(rf"(?<![A-Z]){re.escape(caveat)}(?![A-Z])", rest):
            if caveat != "LIMITED OFFICIAL USE":
                pre.caveats.append(caveat.replace(" ", ""))
            rest = re.sub(rf"(?<![A-Z]){re.escape(caveat)}(?![A-Z])", " ", rest)
    sec = _SECTION.search(rest)
    if sec:
        pre.section = (int(sec[1]), int(sec[2]))
        rest = rest[: sec.start()] + " " + rest[sec.end():]
    rest = re.sub(r"[/]+", " ", rest)
    st = _STATION_SERIAL.search(rest.upper())
    if st:
        pre.station = " ".join(st["station"].split())
        pre.serial = st["serial"]
        pre.suffix = st["suffix"].replace(" ", "")


def split_tags(text: str, known: frozenset[str]) -> list[Tag]:
    """Split a TAGS value into codes: commas or spaces, glued codes split where known."""
    tags: list[Tag] = []
    for raw in re.split(r"[,;\s]+", text.strip().strip(".")):
        token = raw.strip(".,;:()")
        if not token:
            continue
        code = token.upper()
        if known and code not in known and len(code) == 8 and code.isalpha():
            head, tail = code[:4], code[4:]
            if head in known and tail in known:
                tags.extend([Tag(head, token), Tag(tail, token)])
                continue
        tags.append(Tag(code, token))
    return tags


def _looks_like_tags(text: str) -> bool:
    tokens = [t.strip(".,;:()") for t in re.split(r"[,;\s]+", text.strip()) if t.strip(".,;:()")]
    return bool(tokens) and all(_TAG_TOKEN.match(t.upper()) for t in tokens) and all(
        t.isupper() or t.islower() for t in tokens)


def parse_preamble(lines: list[Line], known_tags: frozenset[str] = frozenset()) -> Preamble:
    """Scan the opening lines; ``lines[0]`` should be the classification line."""
    pre = Preamble()
    i = 0
    if lines and CLASS_LINE.match(lines[0].text):
        parse_class_line(lines[0].text, pre)
        pre.class_line = lines[0].no
        i = 1
    seen_subject = False
    while i < len(lines):
        line = lines[i]
        text = line.text.strip()
        if not text:
            i += 1
            continue
        if _PARA_START.match(line.text) and (seen_subject or pre.tags):
            break
        captions = caption_parts(text)
        if captions and not seen_subject:
            pre.caveats.extend(c.replace(" ", "") if c == "E F T O" else c for c in captions)
            i += 1
        elif _EO.match(text):
            pre.eo = " ".join(text.split())
            i += 1
        elif (m := _TAGS.match(text)) and not pre.tags and not seen_subject:
            pre.tags_line = line.no
            value = m["rest"]
            i += 1
            while i < len(lines) and lines[i].text.strip() and _looks_like_tags(lines[i].text) \
                    and not _SUBJECT.match(lines[i].text):
                value += " " + lines[i].text
                i += 1
            pre.tags = split_tags(value, known_tags)
        elif (m := _SUBJECT.match(text)) and not seen_subject:
            seen_subject = True
            pre.subject_line = line.no
            parts = [m["rest"].strip()]
            i += 1
            while i < len(lines) and lines[i].text.strip():
                nxt = lines[i].text
                if is_ref_line(nxt) or _CLASSIFIED_BY.match(nxt) or _PORTION.match(nxt):
                    break
                parts.append(nxt.strip())
                i += 1
            subject = " ".join(" ".join(parts).split())
            mark = _MARKING.match(subject)
            if mark:
                pre.subject_marking = mark["m"].replace(" ", "")
                subject = subject[mark.end():]
            pre.subject = subject
        elif not pre.ref_lines and is_ref_line(text):
            pre.ref_lines, i = ref_block(lines, i)
        elif (m := _CLASSIFIED_BY.match(text)) and pre.classified_by is None:
            parts = [m["rest"].strip()]
            i += 1
            while i < len(lines) and lines[i].text.strip() and not _PARA_START.match(lines[i].text):
                parts.append(lines[i].text.strip())
                i += 1
            pre.classified_by = " ".join(" ".join(parts).split())
            reasons = _REASONS.search(pre.classified_by)
            if reasons:
                pre.reasons = [r.strip(" .") for r in re.split(r",|\band\b|&", reasons["r"])
                               if r.strip(" .")]
        elif not seen_subject and not pre.tags and pre.eo is None and len(text) < 100:
            pre.passing.append(text)
            i += 1
        elif seen_subject and not pre.ref_lines and _ref_ahead(lines, i + 1):
            _before_ref(text, captions, pre)
            i += 1
        else:
            break
    pre.body_start = i
    return pre


def _ref_ahead(lines: list[Line], i: int) -> bool:
    """Whether a REF block opens within the next three lines, before any paragraph."""
    seen = 0
    while i < len(lines) and seen < 3:
        text = lines[i].text
        if text.strip():
            if is_ref_line(text):
                return True
            if _PORTION.match(text) or _CLASSIFIED_BY.match(text):
                return False
            seen += 1
        i += 1
    return False


def _before_ref(text: str, captions: list[str] | None, pre: Preamble) -> None:
    """A line between subject and REF block: a caption, the subject's end or a passing line."""
    if captions:
        pre.caveats.extend(captions)
    elif pre.subject.isupper() and text.isupper() and len(text) < 80:
        pre.subject = f"{pre.subject} {' '.join(text.split())}"
    else:
        pre.passing.append(text)
