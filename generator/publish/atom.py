"""Atom feeds (RFC 4287) of cables: the newest of the site, and the newest of each tag.

Entries are cables; a feed's ``updated`` is its newest cable's date, so an
unchanged site writes byte-identical feeds. With ``base_url``, links and ids
are absolute; without it, links are relative to the feed (Atom resolves them
against the feed's own URL) and ids are ``urn:uuid`` names derived from the
site title and the cable id: stable, and unique to the edition.
"""

from __future__ import annotations

import posixpath
import re
import uuid
from collections.abc import Sequence
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from generator.link import Summary
from generator.render.page import cable_path

EPOCH = "1970-01-01T00:00:00Z"


def tag_feed_path(tag: str) -> str:
    """Output path of a tag's feed (characters outside ``A-Za-z0-9_-`` become ``_``)."""
    return f"feeds/tags/{re.sub(r'[^A-Za-z0-9_-]', '_', tag)}.atom"


def _stamp(date: datetime | None) -> str:
    return date.strftime("%Y-%m-%dT%H:%M:%SZ") if date else EPOCH


def _clean(text: str) -> str:
    """Drop the characters XML 1.0 forbids (control characters from damaged cables)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)


def _xml_text(text: str) -> str:
    return escape(_clean(text))


def _href(target: str, feed: str, base_url: str) -> str:
    if base_url:
        return f"{base_url}/{target}"
    return posixpath.relpath(target, posixpath.dirname(feed))


def _id(target: str, title: str, base_url: str) -> str:
    if base_url:
        return f"{base_url}/{target}"
    return uuid.uuid5(uuid.NAMESPACE_URL, f"cablegen:{title}:{target}").urn


def feed(path: str, title: str, cables: Sequence[Summary], site_title: str, base_url: str,
         author: str, home: str = "index.html") -> bytes:
    """The Atom document at ``path`` listing ``cables`` (newest first)."""
    updated = _stamp(cables[0].date) if cables else EPOCH
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"  <id>{_xml_text(_id(path, site_title, base_url))}</id>",
           f"  <title>{_xml_text(title)}</title>",
           f"  <updated>{updated}</updated>",
           f"  <author><name>{_xml_text(author or site_title)}</name></author>",
           f"  <link rel=\"alternate\" type=\"text/html\" "
           f"href={quoteattr(_href(home, path, base_url))}/>",
           "  <generator>cablegen</generator>"]
    if base_url:
        out.append(f"  <link rel=\"self\" type=\"application/atom+xml\" "
                   f"href={quoteattr(_href(path, path, base_url))}/>")
    for s in cables:
        target = cable_path(s.id)
        summary = " · ".join(p for p in (s.id, s.origin, s.date.strftime("%Y-%m-%d")
                                         if s.date else "undated", s.classification) if p)
        out += ["  <entry>",
                f"    <id>{_xml_text(_id(target, site_title, base_url))}</id>",
                f"    <title>{_xml_text(s.id + ': ' + (s.subject or '(no subject)'))}</title>",
                f"    <link rel=\"alternate\" type=\"text/html\" "
                f"href={quoteattr(_href(target, path, base_url))}/>",
                f"    <updated>{_stamp(s.date)}</updated>",
                f"    <published>{_stamp(s.date)}</published>" if s.date else "",
                f"    <author><name>{_xml_text(s.origin or 'Unknown post')}</name></author>"]
        out += [f"    <category term={quoteattr(_clean(t))}/>" for t in s.tags]
        out += [f"    <summary>{_xml_text(summary)}</summary>", "  </entry>"]
    out.append("</feed>")
    return ("\n".join(line for line in out if line) + "\n").encode("utf-8")
