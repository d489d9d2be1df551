"""Assemble a ``Cable`` from the parts the parse modules find, with cross-checks."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import PurePosixPath

from generator.diagnostics import Diagnostic, info, warning
from generator.model import Cable, Correction, SourceMeta, Unit
from generator.parse.clean import clean
from generator.parse.header_split import embedded_header, split_header
from generator.parse.ids import canonical_station, make_id, normalise_id
from generator.parse.lines import split_lines
from generator.parse.mentions import find_mentions
from generator.parse.origin import origin_name, same_post
from generator.parse.paragraphs import parse_body
from generator.parse.preamble import parse_preamble
from generator.parse.refs import parse_refs
from generator.parse.transmission import PARTIAL_NOTE, parse_header

_FOOTER_ID = re.compile(r"^\s*(?P<year>\d{4})[A-Z]{2,10}\d{3,6}\s+-\s+Classification", re.M)
_DATE_LINE = re.compile(
    r"^\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (?P<d>\d{1,2}) "
    r"(?P<m>[A-Z][a-z]+) (?P<y>\d{4}), (?P<h>\d{2}):(?P<mi>\d{2})\s*$", re.M)


def _date_line(m: re.Match[str]) -> datetime | None:
    """``Tuesday, 20 January 2004, 09:44``: the date line of the Guardian's copies."""
    try:
        return datetime.strptime(f"{m['d']} {m['m']} {m['y']} {m['h']}:{m['mi']}",
                                 "%d %B %Y %H:%M").replace(tzinfo=UTC)
    except ValueError:
        return None


_SBU = {"SENSITIVE", "SBU", "FOUO", "FOR OFFICIAL USE ONLY", "SENSITIVE BUT UNCLASSIFIED"}


def _classification(level: str, caveats: list[str]) -> str:
    """The classification with its principal control, as WikiLeaks writes it."""
    if "NOFORN" in caveats and level != "UNCLASSIFIED":
        return f"{level}//NOFORN"
    if level == "UNCLASSIFIED" and _SBU & set(caveats):
        return "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    return level


def assemble(unit: Unit, known_tags: frozenset[str]) -> tuple[Cable, list[Diagnostic]]:
    """Parse ``unit`` into a ``Cable``; see ``generator.parse`` for the recipe."""
    path = unit.source.path
    diags: list[Diagnostic] = list(unit.diagnostics)

    def at(line: int) -> int:
        return unit.file_line(line) if line else unit.source.line

    lines = split_lines(unit.text)
    header_lines, body_lines = split_header(lines)
    head = parse_header(header_lines) if header_lines else None
    if head is None or head.transmission is None or head.transmission.dtg is None:
        block = embedded_header(body_lines)
        if block:
            head = parse_header(block)
            numbers = {ln.no for ln in block}
            body_lines = [ln for ln in body_lines if ln.no not in numbers]
    transmission = head.transmission if head else None
    partial = PARTIAL_NOTE in unit.text[:400]
    if not body_lines:
        diags.append(warning(path, unit.source.line, "no classification line found; the whole "
                             "text is read as the body", "no-classification"))
        body_lines = [ln for ln in lines if ln not in header_lines]
    cleaned, corrections = clean(body_lines)
    pre = parse_preamble(cleaned, known_tags)
    lost = {c.line for c in corrections if c.kind == "lost-mark"}
    breaks = {c.line for c in corrections if c.kind in ("page-break", "page-banner")}
    body = parse_body(cleaned[pre.body_start:], lost, breaks)
    meta = unit.meta or SourceMeta()
    provenance: list[tuple[str, str]] = []

    date: datetime | None = head.date if head else None
    if head and head.dtg_problem:
        diags.append(warning(path, at(transmission.first_line if transmission else 0),
                             head.dtg_problem, "bad-dtg"))
    if date is None and (dated := _DATE_LINE.search(unit.text[:600])):
        date = _date_line(dated)
        if date:
            provenance.append(("date", "date line above the text"))
    if date is None and meta.date is not None:
        date = meta.date
        provenance.append(("date", f"{unit.source.format} metadata (the text has no date-time "
                                   "group)"))
    elif date is not None and meta.date is not None and abs(date - meta.date).days > 1:
        diags.append(warning(path, at(transmission.first_line if transmission else 0),
                             f"date {date:%Y-%m-%d %H:%M} differs from the metadata's "
                             f"{meta.date:%Y-%m-%d %H:%M}", "meta-mismatch"))
    year = date.year if date else None
    if year is None and (footer := _FOOTER_ID.search(unit.text)):
        year = int(footer["year"])
        provenance.append(("year", "archive footer line"))

    station = pre.station if pre.station and "XXXX" not in pre.station else None
    if station is None and transmission and transmission.fm:
        station = canonical_station(transmission.fm)
    if transmission and transmission.fm and transmission.message_number and pre.serial \
            and station:
        # The header numbers messages modulo 10,000; USEU sends BRUSSELS-numbered cables.
        number = re.match(r"#?0*(\d+)", transmission.message_number)
        sent_by = canonical_station(transmission.fm)
        one_post = {sent_by, canonical_station(station)} <= {"USEUBRUSSELS", "BRUSSELS"} \
            or sent_by == canonical_station(station)
        if number and (int(number[1]) % 10000 != int(pre.serial) % 10000 or not one_post):
            diags.append(warning(path, at(pre.class_line), f"the routing header names "
                                 f"{sent_by} {number[1]} but the text is {station} "
                                 f"{pre.serial}: the text may belong to another cable",
                                 "header-mismatch"))
    cable_id = None
    if station and pre.serial and year:
        cable_id = make_id(year, station, pre.serial, pre.suffix)
    meta_id = normalise_id(meta.id) if meta.id else None
    if cable_id and meta_id and cable_id != meta_id:
        diags.append(warning(path, at(pre.class_line), f"id {cable_id} differs from the "
                             f"metadata's {meta.id}", "meta-mismatch"))
    if cable_id is None:
        stem_id = normalise_id(PurePosixPath(path).stem)
        cable_id = meta_id or stem_id
        if cable_id:
            provenance.append(("id", "metadata" if meta_id else "file name"))
            diags.append(info(path, at(pre.class_line), f"id {cable_id} taken from the "
                              f"{'metadata' if meta_id else 'file name'}: the text lacks "
                              "station, serial or year", "id-fallback"))
        else:
            cable_id = "UNKNOWN-" + hashlib.sha256(unit.text.encode()).hexdigest()[:10].upper()
            diags.append(warning(path, at(pre.class_line), "cannot form a cable id (no "
                                 f"station, serial or date); using {cable_id}", "no-id"))
    if date is None:
        diags.append(warning(path, unit.source.line, "no date-time group and no date metadata",
                             "no-date"))

    level = pre.level or ""
    if not level and meta.classification:
        level = meta.classification.split("//")[0]
        provenance.append(("classification", "metadata"))
    classification = _classification(level, pre.caveats) if level else "UNKNOWN"
    if meta.classification and level and meta.classification != classification:
        diags.append(warning(path, at(pre.class_line), f"classification {classification} "
                             f"differs from the metadata's {meta.classification}",
                             "meta-mismatch"))

    origin = origin_name(transmission.fm) if transmission and transmission.fm else ""
    if origin and meta.origin and not same_post(origin, meta.origin):
        diags.append(warning(path, at(transmission.first_line if transmission else 0),
                             f"origin {origin!r} differs from the metadata's {meta.origin!r}",
                             "meta-mismatch"))
    if not origin:
        if meta.origin and (not station or same_post(station, meta.origin)):
            origin = meta.origin
            provenance.append(("origin", "metadata"))
        else:
            origin = station.title() if station else "Unknown"

    references = parse_refs(pre.ref_lines, year, cable_id)
    mentions = find_mentions(pre.subject, body.paragraphs, references, year, cable_id)
    for gap in body.gaps:
        nums = f"{gap[0]}" if gap[0] == gap[1] else f"{gap[0]}-{gap[1]}"
        diags.append(info(path, unit.source.line, f"paragraph numbers {nums} missing from the "
                          "sequence", "paragraph-gap"))
    apparatus: list[Correction] = sorted(
        [*unit.corrections, *corrections, *body.corrections], key=lambda c: c.line)
    cable = Cable(
        id=cable_id,
        date=date,
        station=canonical_station(station) if station else "",
        origin=origin,
        classification=classification,
        level=level or "UNKNOWN",
        caveats=tuple(dict.fromkeys(pre.caveats)),
        section=pre.section,
        eo=pre.eo,
        passing=tuple(pre.passing),
        tags=tuple(pre.tags),
        subject=pre.subject,
        subject_marking=pre.subject_marking,
        references=tuple(references),
        classified_by=pre.classified_by,
        reasons=tuple(pre.reasons),
        signer=body.signer,
        transmission=transmission,
        paragraphs=body.paragraphs,
        gaps=body.gaps,
        apparatus=tuple(apparatus),
        partial=partial,
        provenance=tuple(provenance),
        source=unit.source,
        original=unit.text,
        mentions=mentions,
    )
    return cable, diags
