"""Write a deterministic synthetic corpus: the same N cables for cablegen, Hugo and Pelican.

Usage: python -m bench.synth OUT --count N [--seed S] [--formats csv,txt,hugo,pelican]

Layout of OUT (one folder per site, each buildable as it is):

- ``csv/``: a cablegen site whose ``content/cables.csv`` is in WikiLeaks' format;
- ``txt/``: a cablegen site with one ``content/cables/YYYY/MM/<ID>.txt`` per cable
  (the transmission header above the text, as received);
- ``hugo/``: a Hugo site, one Markdown page per cable with front matter (title,
  date, tags) and minimal layouts (page, paginated home, tag pages);
- ``pelican/``: a Pelican site, one Markdown page per cable with metadata.

The Markdown pages hold the cable's paragraphs and, like cablegen's edition
page, its original text (in a code block). Cables are made one at a time and
written at once (streaming: 251,287 cables never sit in memory).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

from bench.synthtext import Synth, make

FORMATS = ("csv", "txt", "hugo", "pelican")
VERSION = 1
"""Bump when the text model changes, so runners regenerate their corpora."""

HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Synthetic cables"
disableKinds = []
[pagination]
  pagerSize = 200
[taxonomies]
  tag = "tags"
"""
HUGO_LAYOUTS = {
    "baseof.html": "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                   "<title>{{ .Title }}</title></head><body><nav><a href=\"/\">Cables</a>"
                   "</nav><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    "single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><p>{{ .Date.Format \"2006-01-02 "
                   "15:04\" }} {{ .Params.origin }} {{ .Params.classification }}</p><ul>"
                   "{{ range .GetTerms \"tags\" }}<li><a href=\"{{ .RelPermalink }}\">"
                   "{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ .Content }}{{ end }}\n",
    "list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ol>{{ $p := .Paginate "
                 ".RegularPages }}{{ range $p.Pages }}<li><a href=\"{{ .RelPermalink }}\">"
                 "{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ol>"
                 "{{ with $p.Next }}<a href=\"{{ .URL }}\">next</a>{{ end }}{{ end }}\n",
    "home.html": "{{ define \"main\" }}<h1>{{ site.Title }}</h1><ol>{{ $p := .Paginate "
                 "site.RegularPages }}{{ range $p.Pages }}<li><a href=\"{{ .RelPermalink }}\">"
                 "{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ol>"
                 "{{ with $p.Next }}<a href=\"{{ .URL }}\">next</a>{{ end }}{{ end }}\n",
}
PELICAN_CONFIG = """\
AUTHOR = "bench"
SITENAME = "Synthetic cables"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 200
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
RELATIVE_URLS = True
"""
SITE_TOML = 'title = "Synthetic cables"\noutput = "_site"\n'


def csv_field(value: str) -> str:
    """A field of WikiLeaks' cables.csv: double-quoted, quotes and backslashes escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'") + '"'


def csv_row(c: Synth) -> str:
    """One row of cables.csv for a cable."""
    d = c.ident.date
    fields = (str(c.index + 1), f"{d.month}/{d.day}/{d.year} {d.hour:02d}:{d.minute:02d}",
              c.id, c.origin, c.classification, "|".join(c.references), c.header, c.content)
    return ",".join(csv_field(f) for f in fields) + "\n"


def txt(c: Synth) -> str:
    """The cable as a text file: transmission header, blank line, text."""
    return c.txt_header + "\n" + c.content


def markdown_body(c: Synth) -> str:
    """The cable's paragraphs as Markdown, then its original text in a code block."""
    paragraphs = [" ".join(p.split()) for p in c.content.split("\n\n") if p.strip()]
    original = txt(c).rstrip("\n")
    return "\n\n".join(paragraphs) + "\n\n## Original text\n\n```text\n" + original + "\n```\n"


def hugo_page(c: Synth) -> str:
    """A Hugo content file with YAML front matter."""
    title = json.dumps(f"{c.id}: {c.subject}")
    return (f"---\ntitle: {title}\ndate: {c.ident.date.strftime('%Y-%m-%dT%H:%M:%SZ')}\n"
            f"tags: {json.dumps(list(c.tags))}\norigin: {json.dumps(c.origin)}\n"
            f"classification: {json.dumps(c.classification)}\n---\n\n" + markdown_body(c))


def pelican_page(c: Synth) -> str:
    """A Pelican Markdown file with its metadata block."""
    return (f"Title: {c.id}: {c.subject}\nDate: {c.ident.date.strftime('%Y-%m-%d %H:%M')}\n"
            f"Tags: {', '.join(c.tags)}\nSlug: {c.id.lower()}\nCategory: cables\n\n"
            + markdown_body(c))


def cables(seed: int, count: int) -> Iterator[Synth]:
    """The corpus, one cable at a time."""
    for j in range(count):
        yield make(seed, count, j)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def prepare(out: Path, formats: tuple[str, ...]) -> None:
    """Write each site's configuration."""
    if "csv" in formats:
        _write(out / "csv" / "site.toml", SITE_TOML)
    if "txt" in formats:
        _write(out / "txt" / "site.toml", SITE_TOML)
    if "hugo" in formats:
        _write(out / "hugo" / "hugo.toml", HUGO_CONFIG)
        for name, text in HUGO_LAYOUTS.items():
            _write(out / "hugo" / "layouts" / name, text)
    if "pelican" in formats:
        _write(out / "pelican" / "pelicanconf.py", PELICAN_CONFIG)


def generate(out: Path, count: int, seed: int = 1, formats: tuple[str, ...] = FORMATS) -> int:
    """Write the corpus of ``count`` cables in ``formats``; return the bytes of cable text."""
    prepare(out, formats)
    total = 0
    with ExitStack() as stack:
        sheet: BinaryIO | None = None
        if "csv" in formats:
            (out / "csv" / "content").mkdir(parents=True, exist_ok=True)
            sheet = stack.enter_context((out / "csv" / "content" / "cables.csv").open("wb"))
        for c in cables(seed, count):
            total += len(c.content)
            d = c.ident.date
            if sheet is not None:
                sheet.write(csv_row(c).encode("utf-8"))
            if "txt" in formats:
                _write(out / "txt" / "content" / "cables" / f"{d.year}" / f"{d.month:02d}"
                       / f"{c.id}.txt", txt(c))
            if "hugo" in formats:
                _write(out / "hugo" / "content" / "cables" / f"{d.year}" / f"{c.id}.md",
                       hugo_page(c))
            if "pelican" in formats:
                _write(out / "pelican" / "content" / f"{d.year}" / f"{c.id}.md", pelican_page(c))
    stamp = {"generator": VERSION, "count": count, "seed": seed, "formats": sorted(formats)}
    _write(out / "corpus.json", json.dumps(stamp) + "\n")
    return total


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args(argv)
    formats = tuple(f for f in args.formats.split(",") if f)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        parser.error(f"unknown formats: {', '.join(sorted(unknown))}")
    size = generate(args.out, args.count, args.seed, formats)
    print(f"wrote {args.count} cables ({size / 1e6:.1f} MB of text) into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
