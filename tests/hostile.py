"""A generator of hostile inputs: damaged, malicious and pathological cable files.

Each case is a file name and its bytes, built from the seed cable (so most
still parse as a cable, under a serial of their own) or from nothing at all.
The families follow what OCR, PDF conversion, old dumps and careless hands
produce: broken headers, wrong encodings, binary junk, control characters,
huge files, markup and template fragments, odd file names.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from tests.conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
HEADER, _, BODY = SEED_TEXT.partition("\n")


@dataclass(frozen=True)
class Case:
    """One hostile input file."""

    family: str
    name: str
    """File name under content/."""
    data: bytes
    extra: tuple[tuple[str, bytes], ...] = ()
    """Other files under content/ (the cable a notes file annotates)."""

    @property
    def id(self) -> str:
        """A readable test id."""
        return f"{self.family}-{self.name[:40]}"


def cable(serial: int, body: str | None = None, header: str = HEADER) -> str:
    """The seed under its own serial (so every case is its own cable)."""
    text = f"{header}\n{BODY if body is None else body}"
    return text.replace("BRUSSELS 000881", f"BRUSSELS {serial:06d}").replace(
        "#0881/01", f"#{serial % 10000:04d}/01")


MARKUP = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<!-- unclosed comment",
    "{{ 7*7 }}", "{% include 'base.html' %}", "{# comment #}", "javascript:alert(3)",
    "<a href=\"javascript:alert(4)\">x</a>", "<svg onload=alert(5)>", "</pre></code></main>",
    "<iframe src=//evil>", "\\begin{document}\\input{/etc/passwd}", "$\\underline{\\mbox{9}}",
    "<style>body{display:none}</style>", "&lt;script&gt;", "<<>>&&\"'", "]]>", "<?php ?>",
    "<body onload=alert(6)>", "<math><mi xlink:href=javascript:alert(7)>",
]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\u202e",
           "\u202d", "\u2066", "\u2069", "\u200b", "\ufeff", "\u2028", "\u2029", "\x85",
           "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace")]


def _header_cases(rng: random.Random, start: int) -> Iterator[Case]:
    n = start
    for cut in (0, 5, 20, 60, 120, 200, 400, len(HEADER) - 10):
        yield Case("truncated-header", f"trunc{n}.txt", cable(n, header=HEADER[:cut]).encode())
        n += 1
    for _ in range(12):
        chars = list(HEADER)
        for _ in range(rng.randint(5, 60)):
            i = rng.randrange(len(chars))
            chars[i] = rng.choice("XZ0123456789/#  \t")
        yield Case("garbled-header", f"garbled{n}.txt", cable(n, header="".join(chars)).encode())
        n += 1
    for cut in (10, 100, 400, 1500, 3000):
        yield Case("truncated-body", f"cut{n}.txt", cable(n)[:cut].encode())
        n += 1
    yield Case("no-class-line", f"noclass{n}.txt", cable(n).replace("UNCLAS ", "").encode())
    yield Case("bad-dtg", f"baddtg{n + 1}.txt", cable(n + 1).replace("151542Z MAR 07",
                                                                      "991599Z FOO 07").encode())


def _encoding_cases(start: int) -> Iterator[Case]:
    n = start
    latin = cable(n).replace("Charge d'Affaires", "Chargé d'Affaires")
    yield Case("latin-1", f"latin{n}.txt", latin.encode("latin-1"))
    yield Case("cp1252", f"cp1252{n + 1}.txt", cable(n + 1).replace('"', "\u201c").encode("cp1252"))
    for k, enc in enumerate(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig")):
        yield Case("bom", f"bom{n + 2 + k}.txt", cable(n + 2 + k).encode(enc))
    mixed = cable(n + 8).encode() + "é à ü".encode("latin-1") + "é".encode()
    yield Case("mixed", f"mixed{n + 8}.txt", mixed)
    yield Case("invalid-utf8", f"invalid{n + 9}.txt",
               cable(n + 9).encode().replace(b"Summary", b"Sum\xff\xfe\xc3mary"))
    yield Case("overlong", f"overlong{n + 10}.txt", cable(n + 10).encode() + b"\xc0\xaf\xe0\x80")
    yield Case("utf16-nobom", f"utf16nobom{n + 11}.txt", cable(n + 11).encode("utf-16-le"))


def _junk_cases(rng: random.Random, start: int) -> Iterator[Case]:
    n = start
    for size in (1, 16, 1000, 100_000):
        yield Case("binary", f"junk{n}.txt", rng.randbytes(size))
        n += 1
    yield Case("empty", f"empty{n}.txt", b"")
    yield Case("whitespace", f"blank{n + 1}.txt", b" \n\t\n\r\n")
    yield Case("nul-padded", f"nul{n + 2}.txt", cable(n + 2).encode() + b"\x00" * 5000)
    yield Case("png-named-txt", f"image{n + 3}.txt", b"\x89PNG\r\n\x1a\n" + rng.randbytes(500))
    yield Case("binary-csv", f"junk{n + 4}.csv", rng.randbytes(3000))
    yield Case("binary-html", f"junk{n + 5}.html", rng.randbytes(3000))


def _control_cases(start: int) -> Iterator[Case]:
    for k, ch in enumerate(CONTROL):
        n = start + k
        body = cable(n).replace("Summary:", f"Sum{ch}mary:{ch}").replace("IMBRIE", f"IM{ch}BRIE")
        yield Case("control", f"control{n}.txt", body.encode("utf-8", "surrogatepass"))


def _markup_cases(start: int) -> Iterator[Case]:
    for k, frag in enumerate(MARKUP):
        n = start + k
        body = cable(n).replace("Summary:", f"Summary: {frag}").replace(
            "SUBJECT: Joint", f"SUBJECT: {frag} Joint").replace("TAGS: PTER", f"TAGS: {frag} PTER")
        yield Case("markup", f"markup{n}.txt", body.encode())
    n = start + len(MARKUP)
    html = ("<table class='cable'><tr><td><a>99BRUSSELS1</a></td><td>x</td><td>x</td>"
            "<td>SECRET</td><td>x</td></tr></table><code><pre>{h}</pre></code>"
            "<code><pre>{b}</pre></code>")
    for k, frag in enumerate(MARKUP[:8]):
        yield Case("markup-html", f"page{n + k}.html", html.format(
            h="", b=cable(n + k).replace("Summary:", frag.replace("<", "&lt;"))).encode())


def _size_cases(start: int) -> Iterator[Case]:
    n = start
    para = "The delegation discussed the matter at length. " * 40 + "\n\n"
    yield Case("huge", f"huge{n}.txt", cable(n, BODY.replace("IMBRIE", para * 5000 + "IMBRIE"))
               .encode())
    yield Case("long-line", f"longline{n + 1}.txt",
               cable(n + 1, BODY.replace("IMBRIE", "word " * 1_000_000 + "\nIMBRIE")).encode())
    yield Case("many-marks", f"marks{n + 2}.txt", cable(n + 2, BODY + "".join(
        f"{i % 300 + 1}. para\n\n" for i in range(20000))).encode())
    yield Case("many-lines", f"lines{n + 3}.txt", cable(n + 3, BODY + "x\n" * 200_000).encode())
    yield Case("deep-refs", f"refs{n + 4}.txt", cable(n + 4, BODY.replace(
        "REF: (A) STATE 21535", "REF: " + ", ".join(f"({chr(65 + i % 26)}) STATE {i}"
                                                   for i in range(3000)))).encode())


def _name_cases(start: int) -> Iterator[Case]:
    n = start
    nfc = unicodedata.normalize("NFC", "café")
    nfd = unicodedata.normalize("NFD", "café")
    names = [f"with space {n}.txt", f"{nfc}{n + 1}.txt", f"{nfd}{n + 2}.txt",
             "L" * 200 + f"{n + 3}.txt", f"Case{n + 4}.txt", f"CASE{n + 4}.TXT",
             f"-dash{n + 6}.txt", f"quote'\"{n + 7}.txt", f"semi;colon{n + 8}.txt",
             f"emoji\U0001f4dc{n + 9}.txt", f"tab\tname{n + 10}.txt", f"#hash{n + 11}.txt",
             f"percent%20{n + 12}.txt", f"q?mark{n + 13}.txt", f"back\\slash{n + 14}.txt"]
    for k, name in enumerate(names):
        yield Case("file-name", name, cable(n + k).encode())


def _csv_cases(start: int) -> Iterator[Case]:
    n = start
    row = ('"{i}","3/15/2007 15:42","07BRUSSELS{s}","Embassy Brussels","UNCLASSIFIED","",'
           '"","{body}"\n')

    def body(s: int) -> str:
        return cable(s).split("\n", 1)[1].replace("\\", "\\\\").replace('"', '\\"')

    good = row.format(i=1, s=n, body=body(n))
    yield Case("csv-unclosed", f"unclosed{n}.csv", (good + good.replace(str(n), str(n + 1))[:-3]
                                                   ).encode())
    yield Case("csv-fields", f"fields{n + 2}.csv", ('"1","2"\n' + row.format(
        i=2, s=n + 2, body=body(n + 2))).encode())
    yield Case("csv-header-row", f"header{n + 3}.csv", (
        '"id","date","refid","origin","classification","references","header","content"\n'
        + row.format(i=3, s=n + 3, body=body(n + 3))).encode())
    yield Case("csv-bad-date", f"date{n + 4}.csv", row.format(
        i=4, s=n + 4, body=body(n + 4)).replace("3/15/2007", "99/99/9999").encode())
    yield Case("csv-latin1", f"latin{n + 5}.csv", row.format(
        i=5, s=n + 5, body=body(n + 5).replace("Charge", "Chargé")).encode("latin-1"))
    yield Case("csv-crlf", f"crlf{n + 6}.csv", row.format(
        i=6, s=n + 6, body=body(n + 6)).replace("\n", "\r\n").encode())


NOTES = [
    ("deep-quote", "> " * 200 + "deep quoted words\n"),
    ("deep-list", "".join("  " * i + "- level\n" for i in range(300)) + "after the list\n"),
    ("brackets", "[" * 100_000 + " words after brackets\n"),
    ("backticks", "`" * 100_000 + " words after backticks\n"),
    ("emphasis", "*a **b " * 20_000 + "\n"),
    ("js-plain", "[click](javascript:alert(1)) text\n"),
    ("js-upper", "[click](JAVASCRIPT:alert(1)) text\n"),
    ("js-entity", "[click](&#106;avascript:alert(1)) text\n"),
    ("js-entity-hex", "[click](&#x6A;&#x61;vascript:alert(1)) text\n"),
    ("js-percent", "[click](java%73cript:alert(1)) text\n"),
    ("js-tab", "[click](java\tscript:alert(1)) text\n"),
    ("js-autolink", "<javascript:alert(1)> text\n"),
    ("js-reference", "[click][x] text\n\n[x]: javascript:alert(1)\n"),
    ("vbscript", "[click](vbscript:msgbox(1)) text\n"),
    ("data-html", "[click](data:text/html;base64,PHNjcmlwdD4=) text\n"),
    ("data-image-svg", "![pic](data:image/svg+xml;base64,PHN2Zz4=) text\n"),
    ("file", "[click](file:///etc/passwd) text\n"),
    ("raw-html", "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)> text\n"),
    ("template", "{{ 7*7 }} and {% include 'base.html' %} text\n"),
    ("anchor-missing", "## ¶99 \"no such phrase\"\n\nA note on a missing paragraph.\n"),
    ("front-matter", "+++\ntitle = [unclosed\n+++\nBody text.\n"),
    ("binary-notes", "\x00\x01\x02 binary \x03 notes\n"),
]


def _notes_cases(start: int) -> Iterator[Case]:
    for k, (_label, text) in enumerate(NOTES):
        n = start + k
        notes = f"notes/07BRUSSELS{n}.md"
        yield Case("notes", notes, text.encode("utf-8", "surrogatepass"),
                   ((f"c{n}.txt", cable(n).encode()),))


def _mutations(rng: random.Random, start: int, count: int) -> Iterator[Case]:
    """Random byte-level damage: deletions, duplications, bit flips, line shuffles."""
    for k in range(count):
        n = start + k
        data = bytearray(cable(n).encode())
        for _ in range(rng.randint(1, 30)):
            op = rng.randrange(4)
            i = rng.randrange(len(data))
            if op == 0:
                del data[i:i + rng.randint(1, 50)]
            elif op == 1:
                data[i:i] = data[i:i + rng.randint(1, 200)]
            elif op == 2:
                data[i] ^= 1 << rng.randrange(8)
            else:
                data[i:i] = bytes([rng.randrange(256)])
        yield Case("mutation", f"mutation{n}.txt", bytes(data))


def cases(seed: int = 9) -> list[Case]:
    """At least 200 hostile inputs, deterministic for a seed."""
    rng = random.Random(seed)
    out: list[Case] = []
    out.extend(_header_cases(rng, 2000))
    out.extend(_encoding_cases(2100))
    out.extend(_junk_cases(rng, 2200))
    out.extend(_control_cases(2300))
    out.extend(_markup_cases(2400))
    out.extend(_size_cases(2500))
    out.extend(_name_cases(2600))
    out.extend(_csv_cases(2700))
    out.extend(_notes_cases(2800))
    out.extend(_mutations(rng, 3000, 200 - len(out) + 40))
    return out
